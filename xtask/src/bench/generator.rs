//! The generator as a process: wall time, time per stage and peak memory
//! for each spec, beside a bare `serde_json` parse of the same file (in
//! this process, and as a process of its own: the floor of any generator
//! that must start and read the file); and `cargo xtask codegen` as a user
//! types it.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};

use super::{Settings, median};

/// The stages `cargo xtask codegen --timings` reports, in order.
pub const STAGES: [&str; 5] = ["load", "lower", "emit", "format", "write"];

/// The smallest document the generator accepts: its peak memory is the
/// process's baseline (binary, allocator, buffers), whatever the spec.
const EMPTY_SPEC: &str = r#"{"openapi":"3.0.3","info":{"title":"empty","version":"1"},"paths":{}}"#;

/// One spec's measurements (medians over the runs).
pub struct SpecRun {
    pub spec: String,
    pub bytes: u64,
    /// The generator refused the spec (e.g. not OpenAPI 3.0): its time is
    /// the time to refuse it.
    pub refused: bool,
    pub process: Duration,
    /// Time of each of [`STAGES`].
    pub stages: [Duration; 5],
    pub peak_rss_kib: Option<u64>,
    /// The most the generator held allocated at once (see `crate::heap`).
    pub peak_heap_kib: Option<u64>,
    /// `serde_json::from_slice::<Value>` inside this process.
    pub serde_parse: Duration,
    /// The same parse as a process of its own (start, read, parse, exit).
    pub serde_process: Duration,
}

/// The generator's peak memory on [`EMPTY_SPEC`].
pub fn baseline_rss_kib(scratch: &Path) -> anyhow::Result<Option<u64>> {
    let spec = scratch.join("empty.json");
    fs::write(&spec, EMPTY_SPEC)?;
    let (_, output) = run_generator(&self_exe()?, &spec, &scratch.join("generated/empty"))?;
    Ok(parse_timings(&output).peak_rss_kib)
}

pub fn measure_specs(
    root: &Path,
    specs: &[PathBuf],
    scratch: &Path,
    settings: &Settings,
) -> anyhow::Result<Vec<SpecRun>> {
    let generator = self_exe()?;
    let mut runs = Vec::new();
    for spec in specs {
        let run = measure_spec(root, &generator, spec, &scratch.join("generated"), settings)?;
        eprintln!("{}: {:.1} ms", run.spec, super::millis(run.process));
        runs.push(run);
    }
    Ok(runs)
}

/// The xtask binary: the very generator `cargo xtask codegen` runs.
fn self_exe() -> anyhow::Result<PathBuf> {
    std::env::current_exe().context("finding the xtask binary")
}

fn measure_spec(
    root: &Path,
    generator: &Path,
    spec: &Path,
    out_root: &Path,
    settings: &Settings,
) -> anyhow::Result<SpecRun> {
    let name = spec.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let out = out_root.join(clientgen::project::default_crate_name(spec));
    let bytes = fs::read(spec).with_context(|| format!("reading {}", spec.display()))?;
    let profile = vendor_profile(root, spec);
    let mut process = Vec::new();
    let mut stages: [Vec<Duration>; 5] = Default::default();
    let (mut peak, mut refused) = (None, false);
    let fresh_output = || -> std::io::Result<()> {
        // Every run writes the whole crate, as a first generation does.
        if out.exists() { fs::remove_dir_all(&out) } else { Ok(()) }
    };
    for _ in 0..settings.runs {
        fresh_output()?;
        let (elapsed, output) = run_generator_with(generator, spec, &out, profile.as_deref(), "--timings")?;
        process.push(elapsed);
        let reported = parse_timings(&output);
        refused = reported.stages.is_none();
        let times = reported.stages.unwrap_or_default();
        stages.iter_mut().zip(times).for_each(|(all, t)| all.push(t));
        peak = peak.max(reported.peak_rss_kib);
    }
    // Counting allocations slows the generator down: a run of its own.
    fresh_output()?;
    let (_, output) = run_generator_with(generator, spec, &out, profile.as_deref(), "--heap")?;
    Ok(SpecRun {
        spec: name,
        bytes: bytes.len() as u64,
        refused,
        process: median(process),
        stages: stages.map(median),
        peak_rss_kib: peak,
        peak_heap_kib: parse_timings(&output).peak_heap_kib,
        serde_parse: serde_parse_time(&bytes, settings.runs),
        serde_process: serde_process_time(generator, spec, settings.runs)?,
    })
}

/// `specs/<vendor>.profile.yaml` for a spec in a folder `<vendor>/`, as
/// `cargo xtask corpus` uses it.
fn vendor_profile(root: &Path, spec: &Path) -> Option<PathBuf> {
    let vendor = spec.parent()?.file_name()?.to_str()?;
    let path = root.join(format!("specs/{vendor}.profile.yaml"));
    path.exists().then_some(path)
}

fn run_generator(generator: &Path, spec: &Path, out: &Path) -> anyhow::Result<(Duration, String)> {
    run_generator_with(generator, spec, out, None, "--timings")
}

/// Runs `xtask codegen <measure> --spec <spec> --out <out> [--profile ..]`
/// (`measure` is `--timings` or `--heap`); returns its wall time and what
/// it printed on stderr.
fn run_generator_with(
    generator: &Path,
    spec: &Path,
    out: &Path,
    profile: Option<&Path>,
    measure: &str,
) -> anyhow::Result<(Duration, String)> {
    let mut command = Command::new(generator);
    command.args(["codegen", measure, "--spec"]).arg(spec).arg("--out").arg(out);
    if let Some(profile) = profile {
        command.arg("--profile").arg(profile);
    }
    let started = Instant::now();
    let output = command.stdout(Stdio::null()).output().context("running the generator")?;
    let elapsed = started.elapsed();
    Ok((elapsed, String::from_utf8_lossy(&output.stderr).into_owned()))
}

/// What the generator printed about itself.
#[derive(Debug, PartialEq)]
pub struct Reported {
    /// `None` when it printed no timings (it refused the spec).
    pub stages: Option<[Duration; 5]>,
    pub peak_rss_kib: Option<u64>,
    pub peak_heap_kib: Option<u64>,
}

/// Reads the `timings: load_us=.. ...`, `peak_rss_kib=..` and `peak_heap_kib=..` lines.
pub fn parse_timings(stderr: &str) -> Reported {
    let stages = stderr.lines().find_map(|line| line.strip_prefix("timings: ")).and_then(|fields| {
        let micros = |stage: &str| {
            let key = format!("{stage}_us=");
            fields.split(' ').find_map(|f| f.strip_prefix(key.as_str())).and_then(|v| v.parse::<u64>().ok())
        };
        let mut times = [Duration::ZERO; 5];
        for (time, stage) in times.iter_mut().zip(STAGES) {
            *time = Duration::from_micros(micros(stage)?);
        }
        Some(times)
    });
    let number = |key: &str| stderr.lines().find_map(|line| line.strip_prefix(key)).and_then(|v| v.trim().parse().ok());
    Reported { stages, peak_rss_kib: number("peak_rss_kib="), peak_heap_kib: number("peak_heap_kib=") }
}

/// The floor: parsing the same bytes into a `serde_json::Value` in this
/// process (every benchmarked spec is JSON).
fn serde_parse_time(bytes: &[u8], runs: usize) -> Duration {
    let samples = (0..runs.max(3))
        .map(|_| {
            let started = Instant::now();
            std::hint::black_box(serde_json::from_slice::<serde_json::Value>(bytes).ok());
            started.elapsed()
        })
        .collect();
    median(samples)
}

/// The floor as a process: `xtask bench --serde-parse <spec>` (see [`parse_only`]).
fn serde_process_time(generator: &Path, spec: &Path, runs: usize) -> anyhow::Result<Duration> {
    let mut samples = Vec::new();
    for _ in 0..runs {
        let started = Instant::now();
        let status = Command::new(generator).args(["bench", "--serde-parse"]).arg(spec).status()?;
        samples.push(started.elapsed());
        if !status.success() {
            bail!("cannot parse {} with serde_json", spec.display());
        }
    }
    Ok(median(samples))
}

/// What `xtask bench --serde-parse <spec>` does: read and parse, nothing else.
pub fn parse_only(spec: &Path) -> anyhow::Result<()> {
    let bytes = fs::read(spec).with_context(|| format!("reading {}", spec.display()))?;
    let value: serde_json::Value = serde_json::from_slice(&bytes).context("parsing")?;
    std::hint::black_box(value);
    Ok(())
}

/// `cargo xtask codegen` as a user types it, cargo's start-up and
/// freshness check included.
pub struct TypedRuns {
    /// Nothing changed since the last run: every crate is up to date.
    pub up_to_date: Duration,
    /// Without the up-to-date stamps: every crate is generated again (and,
    /// being the same, not rewritten).
    pub regenerating: Duration,
}

pub fn measure_codegen_as_typed(root: &Path, settings: &Settings) -> anyhow::Result<TypedRuns> {
    let up_to_date = median_codegen_run(root, settings, false)?;
    let regenerating = median_codegen_run(root, settings, true)?;
    Ok(TypedRuns { up_to_date, regenerating })
}

/// The median `cargo xtask codegen`, after one untimed run (it may
/// rebuild or rewrite); `without_stamps` removes the stamps before each.
fn median_codegen_run(root: &Path, settings: &Settings, without_stamps: bool) -> anyhow::Result<Duration> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let mut samples = Vec::new();
    for run in 0..=settings.runs {
        if without_stamps {
            crate::stamp::remove_all();
        }
        let started = Instant::now();
        let status = Command::new(&cargo)
            .args(["xtask", "codegen"])
            .current_dir(root)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .context("running cargo xtask codegen")?;
        if !status.success() {
            bail!("`cargo xtask codegen` failed");
        }
        if run > 0 {
            samples.push(started.elapsed());
        }
    }
    Ok(median(samples))
}
