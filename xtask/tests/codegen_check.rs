//! `cargo xtask codegen --check` on a copy of the project: it passes on
//! fresh output and fails, naming the file, once a generated file is edited
//! by hand.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap_or_else(|e| panic!("{}: {e}", to.display()));
    for entry in fs::read_dir(from).unwrap_or_else(|e| panic!("{}: {e}", from.display())).flatten() {
        let (source, target) = (entry.path(), to.join(entry.file_name()));
        if source.is_dir() {
            if entry.file_name() != "target" {
                copy_dir(&source, &target);
            }
        } else {
            fs::copy(&source, &target).unwrap_or_else(|e| panic!("{}: {e}", source.display()));
        }
    }
}

/// A scratch project with the real specs and generated crates.
fn scratch_project(name: &str) -> PathBuf {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let scratch = std::env::temp_dir().join(format!("xtask-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&scratch);
    copy_dir(&repo.join("specs"), &scratch.join("specs"));
    copy_dir(&repo.join("generated"), &scratch.join("generated"));
    scratch
}

fn xtask(root: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .env("XTASK_PROJECT_ROOT", root)
        .output()
        .unwrap_or_else(|e| panic!("running xtask: {e}"))
}

#[test]
fn check_fails_after_a_hand_edit_and_codegen_repairs_it() {
    let root = scratch_project("check");
    assert!(xtask(&root, &["codegen", "--check"]).status.success(), "fresh output must pass --check");

    let edited = root.join("generated/zoom-marketplace-master/src/types.rs");
    let text = fs::read_to_string(&edited).unwrap_or_default();
    fs::write(&edited, text.replace("pub app_name: String", "pub app_name: std::string::String")).ok();
    let check = xtask(&root, &["codegen", "--check"]);
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert!(!check.status.success(), "--check must fail after a hand edit");
    assert!(stderr.contains("stale: ") && stderr.contains("src/types.rs"), "{stderr}");

    assert!(xtask(&root, &["codegen"]).status.success());
    assert!(xtask(&root, &["codegen", "--check"]).status.success(), "codegen must repair the edit");
    let _ = fs::remove_dir_all(&root);
}

#[test]
fn a_broken_spec_is_a_clear_error_not_a_panic() {
    let root = scratch_project("broken");
    fs::write(root.join("specs/master.json"), r#"{"swagger": "2.0"}"#).ok();
    let output = xtask(&root, &["codegen"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("/swagger") && stderr.contains("Swagger 2.0"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let _ = fs::remove_dir_all(&root);
}

/// The crates `codegen` reported as up to date (not generated again).
fn up_to_date(output: &Output) -> Vec<String> {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    let names = stderr.lines().filter_map(|l| l.split_once(": up to date").map(|(name, _)| name.to_string()));
    names.collect()
}

#[test]
fn a_second_run_generates_only_what_changed_since_the_first() {
    let root = scratch_project("stamps");
    let crates = fs::read_dir(root.join("generated")).map_or(0, |d| d.count());
    let first = xtask(&root, &["codegen"]);
    assert_eq!(up_to_date(&first), Vec::<String>::new(), "a first run generates every crate");
    let second = xtask(&root, &["codegen"]);
    assert_eq!(up_to_date(&second).len(), crates, "nothing changed: nothing is generated again");
    assert_eq!(second.stdout, first.stdout, "the change reports are printed again, as they were");

    // A hand edit of a generated file: that crate runs again and is repaired.
    let edited = root.join("generated/zoom-qss-master/src/lib.rs");
    let original = fs::read_to_string(&edited).unwrap_or_default();
    fs::write(&edited, format!("{original}// edited\n")).ok();
    let repaired = xtask(&root, &["codegen"]);
    assert!(!up_to_date(&repaired).contains(&"zoom-qss-master".to_string()));
    assert_eq!(up_to_date(&repaired).len(), crates - 1);
    assert_eq!(fs::read_to_string(&edited).unwrap_or_default(), original);

    // An edit of a spec: that crate runs again, with its new report.
    let spec = root.join("specs/master.json");
    let text = fs::read_to_string(&spec).unwrap_or_default();
    let probe = r#""stamp_probe": {"type": "string"}, "app_name": {"#;
    fs::write(&spec, text.replacen(r#""app_name": {"#, probe, 1)).ok();
    let respec = xtask(&root, &["codegen"]);
    assert!(!up_to_date(&respec).contains(&"zoom-marketplace-master".to_string()));
    let types = fs::read_to_string(root.join("generated/zoom-marketplace-master/src/types.rs")).unwrap_or_default();
    assert!(types.contains("pub stamp_probe: Option<String>,"), "the new property is generated");
    let _ = fs::remove_dir_all(&root);
}
