//! `cargo xtask codegen`.

use std::fs;
use std::path::{Component, Path, PathBuf};

use anyhow::{Context, bail};
use clientgen::emit::EmitOptions;
use clientgen::profile::Profile;
use clientgen::write::{self, Mode};
use serde::Deserialize;

use crate::{Flags, project_root};

/// `specs/codegen.yaml`: the crates `cargo xtask codegen` keeps up to date.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Config {
    crates: Vec<CrateConfig>,
}

/// One generated crate; paths are relative to the repository's root.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CrateConfig {
    name: String,
    spec: PathBuf,
    out: PathBuf,
    #[serde(default)]
    profile: Option<PathBuf>,
}

const CONFIG: &str = "specs/codegen.yaml";
const RUNTIME: &str = "crates/clientgen-runtime";
const CRATE_VERSION: &str = "0.1.0";

pub fn run(args: &[String]) -> anyhow::Result<()> {
    let flags = Flags::parse(args, &["--spec", "--out", "--name", "--profile"], &["--check"])?;
    let mode = if flags.has("--check") { Mode::Check } else { Mode::Write };
    match (flags.value("--spec"), flags.value("--out")) {
        (Some(spec), Some(out)) => generate_standalone(Path::new(spec), Path::new(out), &flags, mode),
        (None, None) => generate_configured(mode),
        _ => bail!("--spec and --out go together"),
    }
}

/// Every crate of `specs/codegen.yaml`, as workspace members.
fn generate_configured(mode: Mode) -> anyhow::Result<()> {
    let root = project_root();
    let text = fs::read_to_string(root.join(CONFIG)).with_context(|| format!("reading {CONFIG}"))?;
    let config: Config = serde_yaml::from_str(&text).with_context(|| format!("{CONFIG} is not valid"))?;
    let mut stale = Vec::new();
    for krate in &config.crates {
        let profile = match &krate.profile {
            Some(path) => Profile::from_file(&root.join(path))?,
            None => Profile::default(),
        };
        let out = root.join(&krate.out);
        let job = Job {
            spec: root.join(&krate.spec),
            source: krate.spec.display().to_string(),
            out: out.clone(),
            name: krate.name.clone(),
            runtime_path: relative_path(&out, &root.join(RUNTIME)),
            standalone: false,
            profile,
        };
        stale.extend(job.run(mode)?);
    }
    finish(mode, &stale)
}

/// A crate of its own (with an empty `[workspace]`) from any spec.
fn generate_standalone(spec: &Path, out: &Path, flags: &Flags, mode: Mode) -> anyhow::Result<()> {
    let profile = match flags.value("--profile") {
        Some(path) => Profile::from_file(Path::new(path))?,
        None => Profile::default(),
    };
    let name = match flags.value("--name") {
        Some(name) => name.to_string(),
        None => default_crate_name(spec),
    };
    let out = absolute(out)?;
    let job = Job {
        spec: spec.to_path_buf(),
        source: spec.display().to_string(),
        runtime_path: relative_path(&out, &project_root().join(RUNTIME)),
        out,
        name,
        standalone: true,
        profile,
    };
    let stale = job.run(mode)?;
    finish(mode, &stale)
}

struct Job {
    spec: PathBuf,
    source: String,
    out: PathBuf,
    name: String,
    runtime_path: String,
    standalone: bool,
    profile: Profile,
}

impl Job {
    /// Generates one crate; returns the files that were (or would be) changed.
    fn run(self, mode: Mode) -> anyhow::Result<Vec<PathBuf>> {
        let bytes = fs::read(&self.spec).with_context(|| format!("reading {}", self.spec.display()))?;
        let options = clientgen::Options {
            emit: EmitOptions {
                crate_name: self.name.clone(),
                crate_version: CRATE_VERSION.to_string(),
                runtime_dependency: format!("{{ path = {:?} }}", self.runtime_path),
                standalone: self.standalone,
                docs_base_url: self.profile.docs_base_url.clone(),
            },
            profile: self.profile,
            source: self.source.clone(),
        };
        let generated = clientgen::generate(&bytes, &options).with_context(|| format!("cannot generate a client from {}", self.source))?;
        for diagnostic in &generated.diagnostics {
            eprintln!("{}: {diagnostic}", self.source);
        }
        let report = write::sync(&self.out, &generated.files, mode)?;
        let verb = if mode == Mode::Check { "stale" } else { "wrote" };
        for path in &report.changed {
            eprintln!("{verb}: {}", path.display());
        }
        let verb = if mode == Mode::Check { "no longer generated" } else { "removed" };
        for path in &report.removed {
            eprintln!("{verb}: {}", path.display());
        }
        eprintln!(
            "{}: {} operations, {} types, {} warnings -> {}",
            self.name,
            generated.api.operations.len(),
            generated.api.types.len(),
            generated.diagnostics.len(),
            self.out.display()
        );
        Ok(report.changed.into_iter().chain(report.removed).collect())
    }
}

fn finish(mode: Mode, stale: &[PathBuf]) -> anyhow::Result<()> {
    if mode == Mode::Check && !stale.is_empty() {
        bail!("{} generated file(s) are stale; run `cargo xtask codegen`", stale.len());
    }
    Ok(())
}

/// `petstore-expanded.json` → `petstore-expanded`.
fn default_crate_name(spec: &Path) -> String {
    let stem = spec.file_stem().and_then(|s| s.to_str()).unwrap_or("api");
    let name: String = stem.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect();
    let name = name.trim_matches('-');
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) { format!("api-{name}") } else { name.to_string() }
}

fn absolute(path: &Path) -> anyhow::Result<PathBuf> {
    let path = if path.is_absolute() { path.to_path_buf() } else { std::env::current_dir()?.join(path) };
    Ok(normalize(&path))
}

/// Resolves `.` and `..` without touching the file system.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// The path from directory `from` to `to`, both absolute, with `/` separators.
fn relative_path(from: &Path, to: &Path) -> String {
    let (from, to) = (normalize(from), normalize(to));
    let from: Vec<Component> = from.components().collect();
    let to: Vec<Component> = to.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let ups = std::iter::repeat_n("..".to_string(), from.len() - common);
    let downs = to[common..].iter().map(|c| c.as_os_str().to_string_lossy().into_owned());
    ups.chain(downs).collect::<Vec<_>>().join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_walk_up_then_down() {
        let path = relative_path(Path::new("/w/main/generated/x"), Path::new("/w/main/crates/rt"));
        assert_eq!(path, "../../crates/rt");
        assert_eq!(relative_path(Path::new("/tmp/p"), Path::new("/w/main/crates/rt")), "../../w/main/crates/rt");
    }

    #[test]
    fn crate_names_come_from_file_names() {
        assert_eq!(default_crate_name(Path::new("a/petstore-expanded.json")), "petstore-expanded");
        assert_eq!(default_crate_name(Path::new("Zoom API.v2.yaml")), "zoom-api-v2");
        assert_eq!(default_crate_name(Path::new("3d.json")), "api-3d");
    }
}
