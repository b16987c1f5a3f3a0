//! The project's list of generated crates (`specs/codegen.yaml`), turned
//! into generation jobs. `cargo xtask codegen` and the snapshot tests both
//! read it here, so they always generate the same thing.

use std::fs;
use std::path::{Component, Path, PathBuf};

use serde::Deserialize;

use crate::change::changelog;
use crate::emit::EmitOptions;
use crate::profile::{Profile, ProfileError};
use crate::{GenerateError, Generated, Options};

/// Where the list of crates lives, relative to the project's root.
pub const CONFIG_PATH: &str = "specs/codegen.yaml";
/// The runtime crate every generated crate depends on.
pub const RUNTIME_PATH: &str = "crates/clientgen-runtime";
/// Where the configured crates' snapshots are, relative to the project's root.
pub const SNAPSHOTS_PATH: &str = "crates/clientgen/tests/snapshots";
/// Where a generated crate's version lives (see `change::changelog`).
pub const CHANGELOG_FILE: &str = "CHANGELOG.md";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Config {
    crates: Vec<CrateConfig>,
}

/// One generated crate; paths are relative to the project's root.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CrateConfig {
    name: String,
    spec: PathBuf,
    out: PathBuf,
    #[serde(default)]
    profile: Option<PathBuf>,
    /// Emit contract tests, run against a mock server by `cargo xtask contract`.
    #[serde(default)]
    contract_tests: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum ProjectError {
    #[error("cannot read {path}")]
    Read { path: String, source: std::io::Error },
    #[error("{path} is not valid")]
    Config { path: String, source: serde_yaml::Error },
    #[error(transparent)]
    Profile(#[from] ProfileError),
    #[error("`{name}` cannot name a crate: {why}")]
    CrateName { name: String, why: &'static str },
}

/// What a generated crate depends on (`emit/manifest.rs`): no crate may take these names.
const DEPENDENCY_NAMES: &[&str] = &["clientgen-runtime", "serde", "serde_json", "tokio"];

/// Refuses a crate name that cargo would refuse (or that would make the
/// generated `Cargo.toml` invalid, or its library fail the lints):
/// lower-case ASCII letters, digits, `-` and `_`, starting with a letter,
/// at most 64 characters.
pub fn check_crate_name(name: &str) -> Result<(), ProjectError> {
    let why = if name.is_empty() {
        Some("it is empty")
    } else if name.len() > 64 {
        Some("it is longer than 64 characters")
    } else if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        Some("it must start with an ASCII letter")
    } else if !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
        Some("only ASCII letters, digits, `-` and `_` are allowed")
    } else if name.chars().any(|c| c.is_ascii_uppercase()) {
        Some("it must be lower case (rustc's `non_snake_case` lint refuses a library named in upper case)")
    } else if ["--", "__", "-_", "_-"].iter().any(|twice| name.contains(twice)) {
        Some("two separators in a row make a library name rustc's `non_snake_case` lint refuses")
    } else if ["self", "crate", "super", "std"].contains(&name.replace('-', "_").as_str()) {
        Some("a crate that depends on it could not name it (`self`, `crate`, `super` and `std` mean something else)")
    } else if DEPENDENCY_NAMES.iter().any(|dep| dep.replace('-', "_") == name.replace('-', "_")) {
        Some("the generated crate depends on a crate of that name")
    } else {
        None
    };
    why.map_or(Ok(()), |why| Err(ProjectError::CrateName { name: name.to_string(), why }))
}

/// One crate to generate: from which spec, into which folder, how.
#[derive(Debug, Clone)]
pub struct Job {
    pub spec: PathBuf,
    pub out: PathBuf,
    pub options: Options,
    /// The committed IR snapshot of the crate, which the API change report
    /// compares against; `None` for crates outside the project's list.
    pub baseline: Option<PathBuf>,
}

impl Job {
    pub fn generate(&self) -> Result<Generated, JobError> {
        let bytes =
            fs::read(&self.spec).map_err(|source| JobError::Read { path: self.options.source.clone(), source })?;
        Ok(crate::generate(&bytes, &self.options)?)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum JobError {
    #[error("cannot read {path}")]
    Read { path: String, source: std::io::Error },
    #[error(transparent)]
    Generate(#[from] GenerateError),
}

/// The jobs of every crate the project at `root` lists, as workspace members.
pub fn configured_jobs(root: &Path) -> Result<Vec<Job>, ProjectError> {
    let config_path = root.join(CONFIG_PATH);
    let text =
        fs::read_to_string(&config_path).map_err(|source| ProjectError::Read { path: CONFIG_PATH.into(), source })?;
    let config: Config =
        serde_yaml::from_str(&text).map_err(|source| ProjectError::Config { path: CONFIG_PATH.into(), source })?;
    config
        .crates
        .into_iter()
        .map(|krate| {
            check_crate_name(&krate.name)?;
            let profile = match &krate.profile {
                Some(path) => Profile::from_file(&root.join(path))?,
                None => Profile::default(),
            };
            let out = root.join(&krate.out);
            let runtime = relative_path(&out, &root.join(RUNTIME_PATH));
            let source = krate.spec.display().to_string();
            let mut job = job(root.join(&krate.spec), out, source, krate.name, runtime, false, profile);
            job.options.emit.contract_tests = krate.contract_tests;
            job.options.emit.crate_version = crate_version(&job.out)?;
            job.baseline = Some(snapshot_path(root, &job.options.emit.crate_name, "ir"));
            Ok(job)
        })
        .collect()
}

/// The committed snapshot `what` (`ir`, `Cargo_toml`, ...) of configured crate `name`.
pub fn snapshot_path(root: &Path, name: &str, what: &str) -> PathBuf {
    root.join(SNAPSHOTS_PATH).join(format!("configured_crates__{name}__{what}.snap"))
}

/// The version of the crate generated into `out`: the newest in its
/// changelog, else the first version.
fn crate_version(out: &Path) -> Result<String, ProjectError> {
    let path = out.join(CHANGELOG_FILE);
    let text = match fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(source) => return Err(ProjectError::Read { path: path.display().to_string(), source }),
    };
    Ok(changelog::latest_version(&text).unwrap_or(changelog::FIRST_VERSION).to_string())
}

/// Where the fixture specs are: one small spec per OpenAPI construct.
pub const FIXTURES_PATH: &str = "crates/clientgen/tests/fixtures";

/// A job for a fixture spec; `<name>.profile.yaml` beside it, if present,
/// is its profile. The crate is `fixture-<name>`, written under `out_root`.
pub fn fixture_job(spec: &Path, out_root: &Path, runtime_dir: &Path) -> Result<Job, ProjectError> {
    let stem = spec.file_stem().and_then(|s| s.to_str()).unwrap_or("fixture");
    let profile_path = spec.with_file_name(format!("{stem}.profile.yaml"));
    let profile = if profile_path.exists() { Profile::from_file(&profile_path)? } else { Profile::default() };
    let name = format!("fixture-{}", default_crate_name(spec));
    let out = out_root.join(&name);
    let runtime = relative_path(&out, runtime_dir);
    let source = format!("{FIXTURES_PATH}/{}", spec.file_name().and_then(|f| f.to_str()).unwrap_or(stem));
    Ok(job(spec.to_path_buf(), out, source, name, runtime, false, profile))
}

/// The fixture specs, sorted by name (profiles are not specs).
pub fn fixture_specs(root: &Path) -> Result<Vec<PathBuf>, ProjectError> {
    let dir = root.join(FIXTURES_PATH);
    let entries = fs::read_dir(&dir).map_err(|source| ProjectError::Read { path: FIXTURES_PATH.into(), source })?;
    let mut specs: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "json"))
        .filter(|p| !p.to_string_lossy().ends_with(".profile.yaml"))
        .collect();
    specs.sort();
    Ok(specs)
}

/// A job for a crate of its own (with an empty `[workspace]`) from any spec;
/// `runtime_dir` is where the runtime crate is.
pub fn standalone_job(spec: &Path, out: &Path, name: Option<&str>, profile: Profile, runtime_dir: &Path) -> Job {
    let name = name.map_or_else(|| default_crate_name(spec), str::to_string);
    let runtime = relative_path(out, runtime_dir);
    job(spec.to_path_buf(), out.to_path_buf(), spec.display().to_string(), name, runtime, true, profile)
}

fn job(
    spec: PathBuf,
    out: PathBuf,
    source: String,
    name: String,
    runtime: String,
    standalone: bool,
    profile: Profile,
) -> Job {
    let emit = EmitOptions {
        crate_name: name,
        crate_version: changelog::FIRST_VERSION.to_string(),
        runtime_dependency: format!("{{ path = {runtime:?} }}"),
        standalone,
        docs_base_url: profile.docs_base_url.clone(),
        rate_limit_headers: profile.rate_limit_headers.clone(),
        runtime_modules: profile.runtime_modules.clone(),
        contract_tests: false,
    };
    Job { spec, out, options: Options { emit, profile, source }, baseline: None }
}

/// `petstore-expanded.json` → `petstore-expanded`.
pub fn default_crate_name(spec: &Path) -> String {
    let stem = spec.file_stem().and_then(|s| s.to_str()).unwrap_or("api");
    let words: Vec<String> = stem
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    let name = words.join("-");
    // Whatever the file is called, the name passes `check_crate_name`.
    let name = if check_crate_name(&name).is_ok() { name } else { format!("api-{name}") };
    let name: String = name.chars().take(64).collect();
    name.trim_end_matches('-').to_string()
}

/// Resolves `.` and `..` without touching the file system.
pub fn normalize(path: &Path) -> PathBuf {
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
    fn crate_names_cargo_would_refuse_are_refused() {
        for good in ["zoom-users-master", "a", "api_v2", "x1"] {
            assert!(check_crate_name(good).is_ok(), "{good}");
        }
        for (bad, why) in [
            ("", "empty"),
            ("bad name!", "only ASCII"),
            ("1api", "start with"),
            ("-api", "start with"),
            ("caf\u{e9}", "only ASCII"),
            (&"a".repeat(65), "64"),
            ("clientgen_runtime", "depends on a crate of that name"),
            ("serde-json", "depends on a crate of that name"),
            ("MyClient", "lower case"),
            ("a--b", "two separators"),
            ("a_-b", "two separators"),
            ("super", "could not name it"),
            ("std", "could not name it"),
        ] {
            let message = check_crate_name(bad).err().map(|e| e.to_string()).unwrap_or_default();
            assert!(message.contains(why), "{bad:?}: {message}");
        }
    }

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
        assert_eq!(default_crate_name(Path::new("a__b--c.json")), "a-b-c");
        assert_eq!(default_crate_name(Path::new("self.yaml")), "api-self");
        assert_eq!(default_crate_name(Path::new("_.json")), "api");
    }
}
