//! `cargo xtask codegen`: runs the generator's jobs and reports.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use clientgen::profile::Profile;
use clientgen::project::{self, Job};
use clientgen::write::{self, Mode};

use crate::{Flags, project_root};

pub fn run(args: &[String]) -> anyhow::Result<()> {
    let flags = Flags::parse(args, &["--spec", "--out", "--name", "--profile"], &["--check"])?;
    let mode = if flags.has("--check") { Mode::Check } else { Mode::Write };
    let jobs = match (flags.value("--spec"), flags.value("--out")) {
        (Some(spec), Some(out)) => vec![standalone(Path::new(spec), Path::new(out), &flags)?],
        (None, None) => project::configured_jobs(&project_root())?,
        _ => bail!("--spec and --out go together"),
    };
    let mut stale = Vec::new();
    for job in &jobs {
        stale.extend(run_job(job, mode)?);
    }
    if mode == Mode::Check && !stale.is_empty() {
        bail!("{} generated file(s) are stale; run `cargo xtask codegen`", stale.len());
    }
    Ok(())
}

fn standalone(spec: &Path, out: &Path, flags: &Flags) -> anyhow::Result<Job> {
    let profile = match flags.value("--profile") {
        Some(path) => Profile::from_file(Path::new(path))?,
        None => Profile::default(),
    };
    let out = project::normalize(&std::env::current_dir()?.join(out));
    let runtime = project_root().join(project::RUNTIME_PATH);
    Ok(project::standalone_job(spec, &out, flags.value("--name"), profile, &runtime))
}

/// Generates one crate; returns the files that were (or would be) changed.
pub fn run_job(job: &Job, mode: Mode) -> anyhow::Result<Vec<PathBuf>> {
    let source = &job.options.source;
    let generated = job.generate().with_context(|| format!("cannot generate a client from {source}"))?;
    for diagnostic in &generated.diagnostics {
        eprintln!("{source}: {diagnostic}");
    }
    let report = write::sync(&job.out, &generated.files, mode)?;
    let (changed, removed) = match mode {
        Mode::Check => ("stale", "no longer generated"),
        Mode::Write => ("wrote", "removed"),
    };
    report.changed.iter().for_each(|p| eprintln!("{changed}: {}", p.display()));
    report.removed.iter().for_each(|p| eprintln!("{removed}: {}", p.display()));
    eprintln!(
        "{}: {} operations, {} types, {} warnings -> {}",
        job.options.emit.crate_name,
        generated.api.operations.len(),
        generated.api.types.len(),
        generated.diagnostics.len(),
        job.out.display()
    );
    Ok(report.changed.into_iter().chain(report.removed).collect())
}
