//! How long an emitted crate takes to compile.
//!
//! The crates are generated into one scratch workspace (`target/bench/compile`)
//! as a user's own workspace would hold them: no profile overrides, the
//! project's lock file, a target folder of its own. "On built dependencies"
//! means: everything the crate depends on (the runtime included) is already
//! compiled, and only the crate itself is compiled again, from scratch
//! (`cargo clean -p` removes its artifacts and incremental cache; nothing
//! else is rebuilt). The cold build is the same crate in a fresh target
//! folder, dependencies and all.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use clientgen::write::Mode;

use super::{Settings, median};
use crate::codegen::run_job;
use crate::corpus::{workspace_job, write_workspace};

/// One crate's compile times (medians over the runs).
pub struct CompileRun {
    pub spec: String,
    pub crate_name: String,
    /// `cargo check -p <crate>` on checked dependencies.
    pub check: Duration,
    /// `cargo build -p <crate>` on built dependencies.
    pub build: Duration,
}

/// The scratch workspace holding the crates whose compile times are measured.
fn workspace(scratch: &Path) -> PathBuf {
    scratch.join("compile")
}

/// Generates a crate for each spec into the scratch workspace; returns their names.
pub fn generate(root: &Path, scratch: &Path, specs: &[PathBuf]) -> anyhow::Result<Vec<String>> {
    let workspace = workspace(scratch);
    let mut names = Vec::new();
    for spec in specs {
        let job = workspace_job(root, spec, &workspace)?;
        run_job(&job, Mode::Write, false, None)?;
        names.push(job.options.emit.crate_name.clone());
    }
    let members: Vec<&str> = names.iter().map(String::as_str).collect();
    write_workspace(root, &workspace, &members)?;
    Ok(names)
}

/// `cargo check` and `cargo build` of each crate on already-built dependencies.
pub fn measure(
    scratch: &Path,
    specs: &[PathBuf],
    names: &[String],
    settings: &Settings,
) -> anyhow::Result<Vec<CompileRun>> {
    let workspace = workspace(scratch);
    let target = workspace.join("target");
    // Dependencies first (the runtime pulls in all of them), for both commands; not timed.
    cargo(&workspace, &target, &["check", "-p", "clientgen-runtime"])?;
    cargo(&workspace, &target, &["build", "-p", "clientgen-runtime"])?;
    let mut runs = Vec::new();
    for (spec, name) in specs.iter().zip(names) {
        let check = crate_only(&workspace, &target, "check", name, settings.compile_runs)?;
        let build = crate_only(&workspace, &target, "build", name, settings.compile_runs)?;
        eprintln!("{name}: check {:.1} s, build {:.1} s", check.as_secs_f64(), build.as_secs_f64());
        let spec = spec.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        runs.push(CompileRun { spec, crate_name: name.clone(), check, build });
    }
    Ok(runs)
}

/// The median time of `cargo <command> -p <name>` after removing just that
/// crate's artifacts.
fn crate_only(workspace: &Path, target: &Path, command: &str, name: &str, runs: usize) -> anyhow::Result<Duration> {
    let mut samples = Vec::new();
    for _ in 0..runs {
        cargo(workspace, target, &["clean", "-p", name])?;
        samples.push(cargo(workspace, target, &[command, "-p", name])?);
    }
    Ok(median(samples))
}

/// `cargo build -p <name>` in a fresh target folder (removed afterwards:
/// it holds every dependency).
pub fn cold_build(scratch: &Path, name: &str) -> anyhow::Result<Duration> {
    let workspace = workspace(scratch);
    let target = scratch.join("cold-target");
    if target.exists() {
        fs::remove_dir_all(&target)?;
    }
    let elapsed = cargo(&workspace, &target, &["build", "-p", name])?;
    eprintln!("{name}: cold build {:.1} s", elapsed.as_secs_f64());
    fs::remove_dir_all(&target)?;
    Ok(elapsed)
}

/// Runs cargo in `workspace` with `target` as its target folder; returns
/// its wall time.
fn cargo(workspace: &Path, target: &Path, args: &[&str]) -> anyhow::Result<Duration> {
    eprintln!("$ cargo {}   (in {})", args.join(" "), workspace.display());
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let started = Instant::now();
    let output = Command::new(cargo)
        .args(args)
        .current_dir(workspace)
        .env("CARGO_TARGET_DIR", target)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .with_context(|| format!("running cargo {}", args.join(" ")))?;
    let elapsed = started.elapsed();
    if !output.status.success() {
        bail!("`cargo {}` failed:\n{}", args.join(" "), String::from_utf8_lossy(&output.stderr));
    }
    Ok(elapsed)
}
