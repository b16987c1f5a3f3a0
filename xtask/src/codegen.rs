//! `cargo xtask codegen`: runs the generator's jobs and reports.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use clientgen::Timings;
use clientgen::profile::Profile;
use clientgen::project::{self, Job};
use clientgen::write::{self, Mode};

use crate::stamp::{self, Stamp};
use crate::{Flags, project_root, report};

pub fn run(args: &[String]) -> anyhow::Result<()> {
    let flags =
        Flags::parse(args, &["--spec", "--out", "--name", "--profile"], &["--check", "--timings", "--heap", "--bump"])?;
    if flags.has("--heap") {
        crate::heap::start_counting();
    }
    let mode = if flags.has("--check") { Mode::Check } else { Mode::Write };
    let bump = flags.has("--bump");
    if bump && mode == Mode::Check {
        bail!("--bump writes the version and changelog; it does not go with --check");
    }
    let jobs = match (flags.value("--spec"), flags.value("--out")) {
        (Some(spec), Some(out)) => vec![standalone(Path::new(spec), Path::new(out), &flags)?],
        (None, None) => project::configured_jobs(&project_root())?,
        _ => bail!("--spec and --out go together"),
    };
    // Timings and heap measure the generator, so they always run it.
    let use_stamps = mode == Mode::Write && !bump && !flags.has("--timings") && !flags.has("--heap");
    let mut stale = Vec::new();
    for job in &jobs {
        // Taken before generating: a spec edited meanwhile makes the next run generate again.
        let fingerprint = if use_stamps { stamp::fingerprint(job) } else { None };
        if let Some(fingerprint) = fingerprint
            && replay_if_fresh(job, fingerprint)
        {
            continue;
        }
        let outcome = run_job(job, mode, bump, fingerprint)?;
        if flags.has("--timings") {
            eprintln!("{}", outcome.timings_line());
        }
        if let Some(stamp) = &outcome.stamp {
            stamp.record(job);
        }
        stale.extend(outcome.changed);
    }
    if flags.has("--timings") {
        eprintln!("peak_rss_kib={}", peak_rss_kib().map_or("unknown".to_string(), |kib| kib.to_string()));
    }
    if flags.has("--heap") {
        eprintln!("peak_heap_kib={}", crate::heap::peak_bytes() / 1024);
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
    if let Some(name) = flags.value("--name") {
        project::check_crate_name(name)?;
    }
    let out = project::normalize(&std::env::current_dir()?.join(out));
    let runtime = project_root().join(project::RUNTIME_PATH);
    Ok(project::standalone_job(spec, &out, flags.value("--name"), profile, &runtime))
}

/// What one job did.
pub struct JobOutcome {
    /// The files that were (or would be) changed or removed.
    pub changed: Vec<PathBuf>,
    pub timings: Timings,
    pub write: Duration,
    /// What a later run with the same inputs and files can print instead
    /// (when asked for, by a fingerprint).
    pub stamp: Option<Stamp>,
}

/// Prints what the last run of `job` printed, when nothing it depends on
/// has changed since; `false` when the job has to run.
fn replay_if_fresh(job: &Job, fingerprint: u64) -> bool {
    let Some((stdout, stderr)) = Stamp::replay_if_fresh(job, fingerprint) else { return false };
    print!("{stdout}");
    eprint!("{stderr}");
    eprintln!(
        "{}: up to date (spec, options and generated files as the last run left them) -> {}",
        job.options.emit.crate_name,
        job.out.display()
    );
    true
}

impl JobOutcome {
    /// One line that `cargo xtask bench` reads: each stage in microseconds.
    fn timings_line(&self) -> String {
        let t = &self.timings;
        let stages =
            [("load", t.load), ("lower", t.lower), ("emit", t.emit), ("format", t.format), ("write", self.write)];
        let fields: Vec<String> = stages.iter().map(|(name, d)| format!("{name}_us={}", d.as_micros())).collect();
        format!("timings: {}", fields.join(" "))
    }
}

/// The process's peak resident memory so far (Linux: `VmHWM`).
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Generates one crate, printing its warnings, its API change report and
/// what it changed; with `bump`, the report also sets the crate's version.
/// With the inputs' `fingerprint`, the outcome has a stamp to record.
pub fn run_job(job: &Job, mode: Mode, bump: bool, fingerprint: Option<u64>) -> anyhow::Result<JobOutcome> {
    let source = &job.options.source;
    let mut generated = job.generate().with_context(|| format!("cannot generate a client from {source}"))?;
    let (report, report_text) = report::report_against_baseline(job, &generated.api)?;
    print!("{report_text}");
    let bumped = match &report {
        Some(report) if bump => report::bump(job, report)?,
        _ => None,
    };
    let job = bumped.as_ref().unwrap_or(job);
    if bumped.is_some() {
        generated = job.generate().with_context(|| format!("cannot generate a client from {source}"))?;
    }
    let warnings: String = generated.diagnostics.iter().map(|d| format!("{source}: {d}\n")).collect();
    eprint!("{warnings}");
    let started = Instant::now();
    let report = write::sync(&job.out, &generated.files, mode)?;
    let write = started.elapsed();
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
    let changed = report.changed.into_iter().chain(report.removed).collect();
    let stamp = fingerprint.map(|fingerprint| Stamp::new(fingerprint, &generated.files, report_text, warnings));
    Ok(JobOutcome { changed, timings: generated.timings, write, stamp })
}
