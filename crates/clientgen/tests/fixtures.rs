//! One small spec per OpenAPI construct (`tests/fixtures/*.yaml`), each
//! pinned by a snapshot of its diagnostics, IR and generated code: a
//! change in how a construct is handled shows up as a snapshot diff. The
//! generated crates are compiled by `cargo xtask corpus`.

use std::path::Path;

use clientgen::project::fixture_job;

#[test]
fn every_fixture_matches_its_snapshot() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let runtime = root.join(clientgen::project::RUNTIME_PATH);
    insta::glob!("fixtures/*.yaml", |path| {
        if path.to_string_lossy().ends_with(".profile.yaml") {
            return;
        }
        let job = fixture_job(path, &root.join("target/fixtures"), &runtime).unwrap_or_else(|e| panic!("{e}"));
        insta::assert_snapshot!(describe(&job));
    });
}

/// Everything generation says about a fixture, as one reviewable text.
fn describe(job: &clientgen::project::Job) -> String {
    let generated = match job.generate() {
        Ok(generated) => generated,
        Err(error) => return format!("refused:\n{error}\n"),
    };
    let mut text = String::from("# diagnostics\n");
    for diagnostic in &generated.diagnostics {
        text.push_str(&format!("{diagnostic}\n"));
    }
    let ir = ir_yaml(&generated.api);
    text.push_str(&format!("\n# IR\n{ir}"));
    for file in generated.files.iter().filter(|f| f.path.extension().is_some_and(|e| e == "rs")) {
        text.push_str(&format!("\n# {}\n{}", file.path.display(), file.contents));
    }
    text
}

/// The IR as YAML. serde_yaml cannot write an enum nested in an enum (an
/// array of named types, say) with its tags, so such an IR is written
/// through JSON's data model, where an enum is a one-key map.
fn ir_yaml(api: &clientgen::ir::Api) -> String {
    serde_yaml::to_string(api)
        .or_else(|_| {
            serde_json::to_value(api)
                .map_err(|e| e.to_string())
                .and_then(|v| serde_yaml::to_string(&v).map_err(|e| e.to_string()))
        })
        .unwrap_or_else(|e| format!("cannot show the IR: {e}"))
}
