//! `cargo xtask codegen --spec <file> --out <dir>` on a spec from the shared
//! corpus: a standalone crate that `cargo check`s, and warnings printed.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("xtask-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    dir
}

#[test]
fn petstore_becomes_a_standalone_crate_that_checks() {
    let spec = repo().join("../shared/corpus/other/petstore-expanded.json");
    let out = scratch("petstore");
    let generate = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["codegen", "--spec"])
        .arg(&spec)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap_or_else(|e| panic!("running xtask: {e}"));
    assert!(generate.status.success(), "{}", String::from_utf8_lossy(&generate.stderr));
    let manifest = fs::read_to_string(out.join("Cargo.toml")).unwrap_or_default();
    assert!(manifest.contains("name = \"petstore-expanded\"") && manifest.contains("[workspace]"), "{manifest}");

    // Share the workspace's target folder so dependencies are built once.
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let check = Command::new(cargo)
        .args(["check", "--quiet", "--manifest-path"])
        .arg(out.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", repo().join("target"))
        .env("RUSTFLAGS", "-D warnings")
        .output()
        .unwrap_or_else(|e| panic!("running cargo check: {e}"));
    assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stderr));
    let _ = fs::remove_dir_all(&out);
}

#[test]
fn warnings_are_printed_with_their_pointer() {
    let dir = scratch("warn");
    fs::create_dir_all(&dir).ok();
    let spec = dir.join("sloppy.json");
    let text = r#"{"openapi":"3.0.0","info":{"title":"t","version":"1"},"paths":{"/a/{id}":{"get":{"responses":{"200":{"description":"ok"}}}}}}"#;
    fs::write(&spec, text).ok();
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["codegen", "--spec"])
        .arg(&spec)
        .arg("--out")
        .arg(dir.join("out"))
        .output()
        .unwrap_or_else(|e| panic!("running xtask: {e}"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains("warning: /paths/~1a~1{id}/get: path parameter `id` is used in the path but not declared"),
        "{stderr}"
    );
    assert!(stderr.contains("warning: /paths/~1a~1{id}/get: no `operationId`"), "{stderr}");
    let _ = fs::remove_dir_all(&dir);
}
