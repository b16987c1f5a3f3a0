//! The specs the fuzzer starts from, and the mutated inputs made from them.

use std::fs;
use std::path::{Path, PathBuf};

use clientgen::Options;
use clientgen::profile::Profile;
use clientgen::project;
use fastrand::Rng;
use serde_json::Value;

use crate::mutate;

/// A real spec, parsed once, with the options it is generated with.
pub struct Seed {
    name: String,
    document: Value,
    size: usize,
    options: Options,
}

/// Specs smaller than this are picked three times in four: they generate
/// fast, so the fuzzer tries more inputs.
const SMALL: usize = 120_000;

/// The corpus specs (`../shared/corpus/<vendor>/`, with the vendor's
/// profile) and the fixtures, which between them hold every construct the
/// generator reads.
pub fn load(root: &Path) -> Vec<Seed> {
    let runtime = root.join(project::RUNTIME_PATH);
    let mut seeds = Vec::new();
    for spec in corpus_specs(&root.join("../shared/corpus")) {
        let vendor = spec.parent().and_then(|p| p.file_name()).and_then(|n| n.to_str()).unwrap_or_default();
        let profile_path = root.join(format!("specs/{vendor}.profile.yaml"));
        let profile = match profile_path.exists() {
            true => Profile::from_file(&profile_path).unwrap_or_else(|e| panic!("{e}")),
            false => Profile::default(),
        };
        let job = project::standalone_job(&spec, &root.join("target/fuzz/out"), None, profile, &runtime);
        seeds.extend(seed(&spec, job.options));
    }
    for spec in project::fixture_specs(root).unwrap_or_else(|e| panic!("{e}")) {
        let job =
            project::fixture_job(&spec, &root.join("target/fuzz/out"), &runtime).unwrap_or_else(|e| panic!("{e}"));
        seeds.extend(seed(&spec, job.options));
    }
    assert!(seeds.len() > 10, "too few seed specs: is ../shared/corpus there?");
    seeds
}

fn corpus_specs(dir: &Path) -> Vec<PathBuf> {
    let mut specs: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .flatten()
        .filter_map(|vendor| fs::read_dir(vendor.path()).ok())
        .flat_map(|entries| entries.flatten().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json" || e == "yaml"))
        .collect();
    specs.sort();
    specs
}

/// A spec that does not parse (some fixtures are broken on purpose) is
/// still a seed for byte-level mutations, as a string.
fn seed(path: &Path, options: Options) -> Option<Seed> {
    let bytes = fs::read(path).ok()?;
    let document = serde_json::from_slice(&bytes)
        .or_else(|_| serde_yaml::from_slice(&bytes))
        .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()));
    let name = path.file_name()?.to_string_lossy().into_owned();
    Some(Seed { name, document, size: bytes.len(), options })
}

/// One input: a seed spec after a few mutations.
pub struct Input {
    pub bytes: Vec<u8>,
    pub options: Options,
    source: String,
    steps: Vec<String>,
}

impl Input {
    pub fn describe(&self) -> String {
        format!("{} after: {}", self.source, self.steps.join("; "))
    }

    /// Writes the input where it can be looked at; returns where.
    pub fn save(&self, dir: &Path, seed: u64) -> String {
        let path = dir.join(format!("generator-seed-{seed}.spec"));
        let written = fs::create_dir_all(dir).and_then(|()| fs::write(&path, &self.bytes));
        match written {
            Ok(()) => path.display().to_string(),
            Err(e) => format!("(not saved: {e})"),
        }
    }
}

/// The input of `seed`: always the same for the same seed and seed specs.
pub fn mutated(seeds: &[Seed], seed: u64) -> Input {
    let mut rng = Rng::with_seed(seed);
    let small: Vec<&Seed> = seeds.iter().filter(|s| s.size < SMALL).collect();
    let base = match rng.u8(0..4) {
        0 => &seeds[rng.usize(0..seeds.len())],
        _ => small[rng.usize(0..small.len())],
    };
    let mut document = base.document.clone();
    let mut steps: Vec<String> = (0..rng.usize(1..=4)).map(|_| mutate::mutate_tree(&mut rng, &mut document)).collect();
    let yaml = rng.u8(0..4) == 0;
    let text = match yaml {
        true => serde_yaml::to_string(&document).unwrap_or_default().into_bytes(),
        false => serde_json::to_vec_pretty(&document).unwrap_or_default(),
    };
    steps.push(format!("written as {}", if yaml { "YAML" } else { "JSON" }));
    let mut bytes = text;
    if rng.u8(0..3) == 0 {
        steps.push(mutate::mutate_bytes(&mut rng, &mut bytes));
    }
    Input { bytes, options: base.options.clone(), source: base.name.clone(), steps }
}
