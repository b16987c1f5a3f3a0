//! `cargo xtask bench [--quick]`: how fast the generator is, how much
//! memory it takes, and how fast its output compiles, each number beside
//! its target; written with the machine's description to
//! `docs/benchmarks.md`.
//!
//! These are measurements, not tests: nothing fails when a target is
//! missed (the report says so). `--quick` is the smoke mode CI runs: a
//! single run of each generator measurement, no compile timings, and the
//! report goes to `target/bench/benchmarks.md` instead of `docs/`.

mod compile;
mod generator;
mod report;
#[cfg(test)]
mod tests;

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context;

use crate::{Flags, project_root};

/// Where the benchmarks generate and build, under the project's root.
const SCRATCH: &str = "target/bench";

/// What one run measures, and how often.
pub struct Settings {
    pub quick: bool,
    /// Runs per generator measurement; the median is kept.
    pub runs: usize,
    /// Runs per compile measurement (each takes seconds).
    pub compile_runs: usize,
}

/// Everything measured, for the report.
pub struct Results {
    pub generator: Vec<generator::SpecRun>,
    /// The generator's peak memory on an empty spec.
    pub baseline_rss_kib: Option<u64>,
    pub codegen_as_typed: generator::TypedRuns,
    pub compile: Vec<compile::CompileRun>,
    pub cold_build: Option<Duration>,
}

pub fn run(args: &[String]) -> anyhow::Result<()> {
    let flags = Flags::parse(args, &["--serde-parse"], &["--quick"])?;
    if let Some(spec) = flags.value("--serde-parse") {
        return generator::parse_only(Path::new(spec));
    }
    let quick = flags.has("--quick");
    let settings = Settings { quick, runs: if quick { 1 } else { 7 }, compile_runs: 3 };
    let root = project_root();
    let scratch = root.join(SCRATCH);
    fs::create_dir_all(&scratch)?;
    let machine = report::Machine::describe();

    let specs = benchmark_specs(&root)?;
    let generator = generator::measure_specs(&root, &specs, &scratch, &settings)?;
    let baseline_rss_kib = generator::baseline_rss_kib(&scratch)?;
    let codegen_as_typed = generator::measure_codegen_as_typed(&root, &settings)?;
    let (compile, cold_build) =
        if quick { (Vec::new(), None) } else { measure_compile(&root, &scratch, &specs, &settings)? };
    let results = Results { generator, baseline_rss_kib, codegen_as_typed, compile, cold_build };

    let markdown = report::render(&results, &machine, &settings);
    let out = if quick { scratch.join("benchmarks.md") } else { root.join("docs/benchmarks.md") };
    let text = report::document(&markdown, &fs::read_to_string(&out).unwrap_or_default());
    fs::create_dir_all(out.parent().unwrap_or(&root))?;
    fs::write(&out, &text).with_context(|| format!("writing {}", out.display()))?;
    println!("{markdown}");
    eprintln!("wrote {}", out.display());
    Ok(())
}

/// Compile times of the crates of [`compile_specs`], and the cold build of the first.
fn measure_compile(
    root: &Path,
    scratch: &Path,
    specs: &[PathBuf],
    settings: &Settings,
) -> anyhow::Result<(Vec<compile::CompileRun>, Option<Duration>)> {
    let chosen = compile_specs(root, specs);
    let names = compile::generate(root, scratch, &chosen)?;
    let runs = compile::measure(scratch, &chosen, &names, settings)?;
    let cold = match names.first() {
        Some(name) => Some(compile::cold_build(scratch, name)?),
        None => None,
    };
    Ok((runs, cold))
}

/// `specs/master.json` first, then every JSON spec of the shared corpus.
fn benchmark_specs(root: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut specs = vec![root.join("specs/master.json")];
    let corpus = crate::corpus::corpus_specs(&root.join(crate::corpus::CORPUS))?;
    // The floor is a JSON parse, so only JSON documents are compared with it.
    specs.extend(corpus.into_iter().filter(|p| p.extension().is_some_and(|e| e == "json")));
    Ok(specs)
}

/// The specs whose crates' compile times are measured: master.json, the
/// two largest shared specs, and the Video SDK master spec (the peers'
/// reference point), without repeats.
fn compile_specs(root: &Path, specs: &[PathBuf]) -> Vec<PathBuf> {
    let mut by_size: Vec<&PathBuf> = specs[1..].iter().collect();
    by_size.sort_by_key(|p| std::cmp::Reverse(fs::metadata(p).map(|m| m.len()).unwrap_or(0)));
    let mut chosen = vec![root.join("specs/master.json")];
    chosen.extend(by_size.iter().take(2).map(|p| p.to_path_buf()));
    let video_sdk = specs.iter().find(|p| p.to_string_lossy().contains("video-sdk-ma-master"));
    if let Some(spec) = video_sdk.filter(|s| !chosen.contains(s)) {
        chosen.push(spec.clone());
    }
    chosen
}

/// The median of `samples` (zero when there are none).
pub fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples.get(samples.len() / 2).copied().unwrap_or_default()
}

pub fn millis(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}
