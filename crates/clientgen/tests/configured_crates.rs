//! The crates listed in `specs/codegen.yaml`, pinned by insta snapshots of
//! their IR and of every generated file: a spec or generator change shows
//! up as a reviewable snapshot diff.

use std::path::{Path, PathBuf};

use clientgen::project::{Job, configured_jobs};

fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn jobs() -> Vec<Job> {
    configured_jobs(&project_root()).unwrap_or_else(|e| panic!("{e}"))
}

fn generate(job: &Job) -> clientgen::Generated {
    job.generate().unwrap_or_else(|e| panic!("{}: {e}", job.options.source))
}

#[test]
fn ir_and_every_file_match_their_snapshots() {
    for job in jobs() {
        let generated = generate(&job);
        let name = &job.options.emit.crate_name;
        insta::assert_yaml_snapshot!(format!("{name}__ir"), generated.api);
        for file in &generated.files {
            let file_name = file.path.display().to_string().replace(['/', '.'], "_");
            insta::assert_snapshot!(format!("{name}__{file_name}"), file.contents);
        }
    }
}

#[test]
fn generating_twice_gives_identical_bytes() {
    for job in jobs() {
        let (first, second) = (generate(&job), generate(&job));
        assert_eq!(first.files, second.files, "{}", job.options.source);
    }
}

#[test]
fn master_json_generates_without_warnings() {
    let job = jobs().into_iter().find(|j| j.options.source == "specs/master.json");
    let generated = generate(&job.unwrap_or_else(|| panic!("specs/master.json is not configured")));
    assert_eq!(generated.diagnostics, Vec::new());
}

#[test]
fn committed_generated_crates_are_current() {
    for job in jobs() {
        let generated = generate(&job);
        let report = clientgen::write::sync(&job.out, &generated.files, clientgen::write::Mode::Check);
        let report = report.unwrap_or_else(|e| panic!("{e}"));
        assert!(report.is_clean(), "stale: {report:?}; run `cargo xtask codegen`");
    }
}

#[test]
fn vendored_master_json_is_byte_identical_to_the_shared_corpus_copy() {
    let root = project_root();
    let vendored = std::fs::read(root.join("specs/master.json")).unwrap_or_default();
    let corpus = std::fs::read(root.join("../shared/corpus/zoom/zoom-marketplace-ma-master-2026-02.json"));
    let corpus = corpus.unwrap_or_else(|e| panic!("../shared must sit beside the project: {e}"));
    assert!(!vendored.is_empty() && vendored == corpus, "specs/master.json differs from the corpus copy");
}
