//! The API change report at the xtask edge: printed by `codegen` (against
//! the committed IR snapshot) and by `diff` (between two specs), and turned
//! into a version bump and changelog section by `codegen --bump`.

use std::fs;
use std::path::Path;

use anyhow::{Context, bail};
use clientgen::change::{self, Bump, Report, changelog};
use clientgen::ir::Api;
use clientgen::profile::Profile;
use clientgen::project::{self, CHANGELOG_FILE, Job};

use crate::project_root;

/// The report of `job`'s new IR against its committed baseline, and its
/// text; `None` when the job has no baseline (a new or standalone crate).
pub fn report_against_baseline(job: &Job, api: &Api) -> anyhow::Result<(Option<Report>, String)> {
    let name = &job.options.emit.crate_name;
    let Some(path) = job.baseline.as_deref().filter(|p| p.exists()) else {
        let text = match job.baseline {
            Some(_) => format!("{name}: new crate (no committed IR snapshot to compare with)\n"),
            None => String::new(),
        };
        return Ok((None, text));
    };
    let baseline = change::read_snapshot(path)?;
    let report = change::compare(&baseline, api);
    let text = change::render(name, &report);
    Ok((Some(report), text))
}

/// Applies the report's bump: writes the changelog section and returns the
/// job with its new version, or `None` when nothing changed. The version
/// is bumped from the committed one (the crate's Cargo.toml snapshot), so
/// bumping again before the snapshots are accepted rewrites the same
/// section instead of bumping twice.
pub fn bump(job: &Job, report: &Report) -> anyhow::Result<Option<Job>> {
    if report.bump() == Bump::None {
        return Ok(None);
    }
    let name = &job.options.emit.crate_name;
    let committed = committed_version(name).unwrap_or_else(|| job.options.emit.crate_version.clone());
    let Some(version) = change::bump_version(&committed, report.bump()) else {
        bail!("{name}: version {committed} is not x.y.z; cannot bump it");
    };
    let path = job.out.join(CHANGELOG_FILE);
    let old = if path.exists() { fs::read_to_string(&path)? } else { String::new() };
    let new = changelog::with_section(&old, &version, &change::changelog_entries(report));
    fs::create_dir_all(&job.out)?;
    fs::write(&path, new).with_context(|| format!("writing {}", path.display()))?;
    eprintln!("{name}: {committed} -> {version} ({}); wrote {}", report.bump().as_str(), path.display());
    let mut bumped = job.clone();
    bumped.options.emit.crate_version = version;
    Ok(Some(bumped))
}

/// The version in the committed snapshot of the crate's Cargo.toml.
fn committed_version(name: &str) -> Option<String> {
    let text = fs::read_to_string(project::snapshot_path(&project_root(), name, "Cargo_toml")).ok()?;
    let line = text.lines().find(|l| l.starts_with("version = "))?;
    Some(line.trim_start_matches("version = ").trim_matches('"').to_string())
}

/// `cargo xtask diff <old-spec> <new-spec> [--profile <file>] [--name <crate>]`.
pub fn diff(args: &[String]) -> anyhow::Result<()> {
    let [old, new, rest @ ..] = args else { bail!("usage: cargo xtask diff <old-spec> <new-spec> [--profile <file>]") };
    let flags = crate::Flags::parse(rest, &["--profile", "--name"], &[])?;
    let profile = match flags.value("--profile") {
        Some(path) => Profile::from_file(Path::new(path))?,
        None => Profile::default(),
    };
    let (old_api, new_api) = (lower(Path::new(old), &profile)?, lower(Path::new(new), &profile)?);
    let name = flags.value("--name").map_or_else(|| project::default_crate_name(Path::new(new)), str::to_string);
    print!("{}", change::render(&name, &change::compare(&old_api, &new_api)));
    Ok(())
}

/// The IR of a spec file.
fn lower(spec: &Path, profile: &Profile) -> anyhow::Result<Api> {
    let bytes = fs::read(spec).with_context(|| format!("cannot read {}", spec.display()))?;
    let (api, _diagnostics) = clientgen::lower_bytes(&bytes, profile)
        .with_context(|| format!("cannot read an API from {}", spec.display()))?;
    Ok(api)
}
