//! `cargo xtask corpus`: every spec of `../shared/corpus` and every fixture
//! spec, generated into one scratch workspace under `target/corpus` and
//! checked there with one `cargo clippy -D warnings` and one `cargo doc`
//! with rustdoc's warnings denied (dependencies are built once, in the
//! shared target folder). Prints a table; fails when a crate does not pass
//! clippy or rustdoc, generation panics, or an OpenAPI 3.0 document is
//! refused (but for fixtures named `*_refused`).

use std::collections::BTreeMap;
use std::fs;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{Context, bail};
use clientgen::profile::Profile;
use clientgen::project::{self, Job};
use clientgen::write::{self, Mode};

use crate::project_root;

const SCRATCH: &str = "target/corpus";

/// The shared corpus, relative to the project's root.
pub(crate) const CORPUS: &str = "../shared/corpus";

/// One spec's line in the table.
struct Row {
    spec: String,
    crate_name: String,
    operations: usize,
    types: usize,
    diagnostics: usize,
    millis: u128,
    outcome: Outcome,
}

enum Outcome {
    Generated,
    /// Refused with a diagnostic; acceptable only for documents that are not OpenAPI 3.0.
    Refused {
        message: String,
        acceptable: bool,
    },
    Panicked(String),
}

pub fn run(args: &[String]) -> anyhow::Result<()> {
    if let Some(arg) = args.first() {
        bail!("unexpected argument `{arg}`");
    }
    let root = project_root();
    let scratch = root.join(SCRATCH);
    let mut rows = Vec::new();
    for job in jobs(&root, &scratch)? {
        rows.push(generate(&job)?);
    }
    let members: Vec<&str> =
        rows.iter().filter(|r| matches!(r.outcome, Outcome::Generated)).map(|r| r.crate_name.as_str()).collect();
    write_workspace(&root, &scratch, &members)?;
    let mut checked = check(&root, &scratch, Tool::Clippy)?;
    checked.add(check(&root, &scratch, Tool::Rustdoc)?);
    let failures = print_table(&rows, &checked);
    if failures > 0 {
        bail!("{failures} spec(s) failed");
    }
    Ok(())
}

/// Jobs for the shared corpus (a spec in `corpus/<vendor>/` gets
/// `specs/<vendor>.profile.yaml` when there is one) and the fixtures.
fn jobs(root: &Path, scratch: &Path) -> anyhow::Result<Vec<Job>> {
    let runtime = root.join(project::RUNTIME_PATH);
    let mut jobs = Vec::new();
    for spec in corpus_specs(&root.join(CORPUS))? {
        jobs.push(workspace_job(root, &spec, scratch)?);
    }
    for spec in project::fixture_specs(root)? {
        jobs.push(project::fixture_job(&spec, scratch, &runtime)?);
    }
    Ok(jobs)
}

/// A job generating `spec` into a member of the scratch workspace
/// `scratch`, with the vendor's profile (`specs/<vendor>.profile.yaml` for a
/// spec in a folder `<vendor>/`) when there is one.
pub(crate) fn workspace_job(root: &Path, spec: &Path, scratch: &Path) -> anyhow::Result<Job> {
    let vendor = spec.parent().and_then(|p| p.file_name()).and_then(|n| n.to_str()).unwrap_or_default();
    let profile_path = root.join(format!("specs/{vendor}.profile.yaml"));
    let profile = if profile_path.exists() { Profile::from_file(&profile_path)? } else { Profile::default() };
    let name = project::default_crate_name(spec);
    let runtime = root.join(project::RUNTIME_PATH);
    let mut job = project::standalone_job(spec, &scratch.join(&name), Some(&name), profile, &runtime);
    job.options.emit.standalone = false;
    Ok(job)
}

/// Every spec of the shared corpus (`<dir>/<vendor>/*.{json,yaml}`), sorted.
pub(crate) fn corpus_specs(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut specs = Vec::new();
    for vendor in fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))?.flatten() {
        if vendor.path().is_dir() {
            for entry in fs::read_dir(vendor.path())?.flatten() {
                let path = entry.path();
                if path.extension().is_some_and(|e| e == "json" || e == "yaml" || e == "yml") {
                    specs.push(path);
                }
            }
        }
    }
    specs.sort();
    Ok(specs)
}

/// Generates one crate into the scratch workspace, timing it; a panic is
/// caught and reported as a failure of its own.
fn generate(job: &Job) -> anyhow::Result<Row> {
    let spec = job.spec.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
    let crate_name = job.options.emit.crate_name.clone();
    let bytes = fs::read(&job.spec).with_context(|| format!("reading {}", job.spec.display()))?;
    let started = Instant::now();
    let result = catch_unwind(AssertUnwindSafe(|| clientgen::generate(&bytes, &job.options)));
    let millis = started.elapsed().as_millis();
    let mut row =
        Row { spec, crate_name, operations: 0, types: 0, diagnostics: 0, millis, outcome: Outcome::Generated };
    match result {
        Ok(Ok(generated)) => {
            write::sync(&job.out, &generated.files, Mode::Write)?;
            row.operations = generated.api.operations.len();
            row.types = generated.api.types.len();
            row.diagnostics = generated.diagnostics.len();
        }
        Ok(Err(error)) => {
            let _ = fs::remove_dir_all(&job.out);
            let acceptable = !is_openapi_3_0(&bytes) || row.spec.contains("_refused.");
            row.outcome = Outcome::Refused { message: error.to_string(), acceptable };
        }
        Err(panic) => {
            let message =
                panic.downcast_ref::<String>().cloned().or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()));
            row.outcome = Outcome::Panicked(message.unwrap_or_default());
        }
    }
    Ok(row)
}

/// Only a document that is not OpenAPI 3.0 may be refused (and fixtures
/// named `*_refused`, which show refusals).
fn is_openapi_3_0(bytes: &[u8]) -> bool {
    let text = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]);
    text.contains("\"openapi\": \"3.0") || text.contains("\"openapi\":\"3.0") || text.contains("openapi: 3.0")
}

/// The scratch workspace: the generated crates, the project's lock file.
pub(crate) fn write_workspace(root: &Path, scratch: &Path, members: &[&str]) -> anyhow::Result<()> {
    fs::create_dir_all(scratch)?;
    for entry in fs::read_dir(scratch)?.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.path().is_dir() && !members.contains(&name.as_str()) {
            fs::remove_dir_all(entry.path())?;
        }
    }
    let list: Vec<String> = members.iter().map(|m| format!("    {m:?},")).collect();
    let manifest =
        format!("# Written by `cargo xtask`.\n[workspace]\nresolver = \"3\"\nmembers = [\n{}\n]\n", list.join("\n"));
    fs::write(scratch.join("Cargo.toml"), manifest)?;
    fs::copy(root.join("Cargo.lock"), scratch.join("Cargo.lock")).context("copying Cargo.lock")?;
    Ok(())
}

/// What clippy and rustdoc said of each crate of the scratch workspace.
#[derive(Default)]
struct Checked {
    /// Errors and warnings, by crate.
    problems: BTreeMap<String, Vec<String>>,
    /// Crates whose check finished (with or without problems) with every tool.
    finished: Vec<String>,
}

impl Checked {
    /// Both tools' findings: a crate is finished when both finished it.
    fn add(&mut self, other: Checked) {
        for (krate, problems) in other.problems {
            self.problems.entry(krate).or_default().extend(problems);
        }
        self.finished.retain(|krate| other.finished.contains(krate));
    }
}

#[derive(Clone, Copy)]
enum Tool {
    Clippy,
    Rustdoc,
}

/// Runs clippy (all targets) or rustdoc (the libraries) on the whole
/// scratch workspace, warnings denied, going on past failures so every
/// crate is checked.
fn check(root: &Path, scratch: &Path, tool: Tool) -> anyhow::Result<Checked> {
    let (args, rustdocflags): (&[&str], &str) = match tool {
        Tool::Clippy => (&["clippy", "--workspace", "--all-targets"], ""),
        Tool::Rustdoc => (&["doc", "--workspace", "--no-deps"], "-D warnings"),
    };
    let common = ["--keep-going", "--message-format=json"];
    let deny = if matches!(tool, Tool::Clippy) { &["--", "-D", "warnings"][..] } else { &[] };
    eprintln!(
        "$ cargo {} {} {}   (in {SCRATCH}, RUSTDOCFLAGS={rustdocflags:?})",
        args.join(" "),
        common[0],
        deny.join(" ")
    );
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let output = Command::new(cargo)
        .args(args)
        .args(common)
        .args(deny)
        .current_dir(scratch)
        .env("CARGO_TARGET_DIR", root.join("target"))
        .env("RUSTDOCFLAGS", rustdocflags)
        .output()
        .with_context(|| format!("running cargo {}", args[0]))?;
    let mut checked = Checked::default();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Ok(message) = serde_json::from_str::<serde_json::Value>(line) else { continue };
        let target = message["target"]["name"].as_str().unwrap_or_default().replace('_', "-");
        match message["reason"].as_str() {
            Some("compiler-artifact") => checked.finished.push(target),
            Some("compiler-message") if matches!(message["message"]["level"].as_str(), Some("error" | "warning")) => {
                let rendered = message["message"]["rendered"].as_str().unwrap_or_default().to_string();
                checked.problems.entry(target).or_default().push(rendered);
            }
            _ => {}
        }
    }
    if !output.status.success() && checked.problems.is_empty() {
        bail!("cargo {} failed: {}", args[0], String::from_utf8_lossy(&output.stderr));
    }
    Ok(checked)
}

/// Prints the table; returns how many specs failed.
fn print_table(rows: &[Row], checked: &Checked) -> usize {
    let mut failures = 0;
    println!("{:<52} {:>5} {:>6} {:>6} {:>8}  result", "spec", "ops", "types", "diags", "gen ms");
    for row in rows {
        let result = match &row.outcome {
            Outcome::Generated => match checked.problems.get(&row.crate_name) {
                None if checked.finished.contains(&row.crate_name) => "ok".to_string(),
                None => {
                    failures += 1;
                    "FAILED: not checked".to_string()
                }
                Some(found) => {
                    failures += 1;
                    found.iter().for_each(|p| eprintln!("{}: {p}", row.crate_name));
                    format!("FAILED: {} clippy or rustdoc problem(s)", found.len())
                }
            },
            Outcome::Refused { message, acceptable } => {
                let first = message.lines().next().unwrap_or_default();
                if *acceptable {
                    format!("refused: {first}")
                } else {
                    failures += 1;
                    format!("FAILED: refused an OpenAPI 3.0 document: {first}")
                }
            }
            Outcome::Panicked(message) => {
                failures += 1;
                format!("FAILED: the generator panicked: {message}")
            }
        };
        println!(
            "{:<52} {:>5} {:>6} {:>6} {:>8}  {result}",
            row.spec, row.operations, row.types, row.diagnostics, row.millis
        );
    }
    failures
}
