//! The API change report end to end, on a copy of the project: a hand
//! edit of `specs/master.json` that adds one optional property changes at
//! most 10 generated lines and is reported as additive and minor;
//! `--bump` turns that into a version and a changelog section (once);
//! removing a required property is reported as breaking and major; and
//! `cargo xtask diff` prints the same report for the two spec files.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn copy_dir(from: &Path, to: &Path, keep: &dyn Fn(&Path) -> bool) {
    fs::create_dir_all(to).unwrap_or_else(|e| panic!("{}: {e}", to.display()));
    for entry in fs::read_dir(from).unwrap_or_else(|e| panic!("{}: {e}", from.display())).flatten() {
        let (source, target) = (entry.path(), to.join(entry.file_name()));
        if source.is_dir() {
            copy_dir(&source, &target, keep);
        } else if keep(&source) {
            fs::copy(&source, &target).unwrap_or_else(|e| panic!("{}: {e}", source.display()));
        }
    }
}

/// A scratch project: specs, generated crates and their committed IR and
/// Cargo.toml snapshots (the report's baseline).
fn scratch_project() -> PathBuf {
    let scratch = std::env::temp_dir().join(format!("xtask-report-{}", std::process::id()));
    let _ = fs::remove_dir_all(&scratch);
    copy_dir(&repo().join("specs"), &scratch.join("specs"), &|_| true);
    copy_dir(&repo().join("generated"), &scratch.join("generated"), &|_| true);
    let baseline =
        |p: &Path| p.to_string_lossy().ends_with("__ir.snap") || p.to_string_lossy().ends_with("__Cargo_toml.snap");
    let snapshots = "crates/clientgen/tests/snapshots";
    copy_dir(&repo().join(snapshots), &scratch.join(snapshots), &baseline);
    scratch
}

/// Runs the xtask on the scratch project; its stdout, or a panic with stderr.
fn xtask(root: &Path, args: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .env("XTASK_PROJECT_ROOT", root)
        .output()
        .unwrap_or_else(|e| panic!("running xtask: {e}"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "xtask {args:?} failed:\n{stderr}");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The marketplace crate's report: its lines of stdout.
fn marketplace_report(stdout: &str) -> String {
    let start = stdout.find("zoom-marketplace-master:").unwrap_or_else(|| panic!("no report:\n{stdout}"));
    let rest = &stdout[start..];
    let end = rest[1..].find("\nzoom-").map_or(rest.len(), |i| i + 2);
    rest[..end].to_string()
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Lines that differ between two texts.
fn changed_lines(old: &str, new: &str) -> usize {
    let diff = similar::TextDiff::from_lines(old, new);
    diff.iter_all_changes().filter(|c| c.tag() != similar::ChangeTag::Equal).count()
}

const COMPANY_NAME: &str = r#"                  "company_name": {
                    "maxLength": 150,
                    "type": "string",
                    "description": "The company's name.",
                    "example": "ZOOM"
                  },
"#;

#[test]
fn a_hand_edit_is_reported_bumped_and_diffed() {
    let root = scratch_project();
    let report = marketplace_report(&xtask(&root, &["codegen", "--check"]));
    assert_eq!(report, "zoom-marketplace-master: no change\n");

    let spec_path = root.join("specs/master.json");
    let original = read(&spec_path);
    let website = "                  \"company_website\": {\n                    \"type\": \"string\",\n                    \"description\": \"The company's website.\"\n                  },\n";
    assert!(original.contains(COMPANY_NAME), "the spec changed; update this test");
    fs::write(&spec_path, original.replace(COMPANY_NAME, &format!("{COMPANY_NAME}{website}"))).ok();
    let crate_dir = root.join("generated/zoom-marketplace-master");
    let rust_files = ["src/types.rs", "src/client.rs", "src/operations.rs", "src/lib.rs", "tests/contract.rs"];
    let before: Vec<String> = rust_files.iter().map(|f| read(&crate_dir.join(f))).collect();

    let report = marketplace_report(&xtask(&root, &["codegen"]));
    let expected = "zoom-marketplace-master: additive, minor (1 change)\n  additive  field added  CreateAppsRequest.company_website  (optional String)\n";
    assert_eq!(report, expected);
    let changed: usize =
        rust_files.iter().zip(&before).map(|(f, old)| changed_lines(old, &read(&crate_dir.join(f)))).sum();
    assert!((1..=10).contains(&changed), "{changed} generated lines changed");

    xtask(&root, &["codegen", "--bump"]);
    let changelog = read(&crate_dir.join("CHANGELOG.md"));
    assert!(
        changelog
            .contains("## 0.1.1\n\n- additive: field added `CreateAppsRequest.company_website` (optional String)\n"),
        "{changelog}"
    );
    assert!(read(&crate_dir.join("Cargo.toml")).contains("\nversion = \"0.1.1\"\n"));
    xtask(&root, &["codegen", "--bump"]);
    assert_eq!(read(&crate_dir.join("CHANGELOG.md")), changelog, "bumping twice must not bump twice");
    assert!(read(&crate_dir.join("Cargo.toml")).contains("\nversion = \"0.1.1\"\n"));

    let old_spec = root.join("old-master.json");
    fs::write(&old_spec, &original).ok();
    let diffed = xtask(
        &root,
        &["diff", &old_spec.to_string_lossy(), &spec_path.to_string_lossy(), "--name", "zoom-marketplace-master"],
    );
    assert_eq!(diffed, expected);

    let removed = original.replace(COMPANY_NAME, "").replace("                  \"company_name\",\n", "");
    fs::write(&spec_path, removed).ok();
    let report = marketplace_report(&xtask(&root, &["codegen"]));
    assert!(report.starts_with("zoom-marketplace-master: breaking, major (1 change)\n"), "{report}");
    assert!(report.contains("breaking  field removed  CreateAppsRequest.company_name  (required String)"), "{report}");
    let _ = fs::remove_dir_all(&root);
}
