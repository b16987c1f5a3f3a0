//! `docs/benchmarks.md`: the machine, every number beside its target with
//! a plain "met" or "not met" and why, and the hand-written notes kept
//! from the previous file (what each optimisation gained).

use std::fmt::Write as _;
use std::process::Command;
use std::time::Duration;

use super::generator::{STAGES, SpecRun};
use super::{Results, Settings, millis};

/// Everything from this line on is written by hand and kept across runs.
pub const NOTES_MARKER: &str = "<!-- Notes below are kept by `cargo xtask bench`. -->";

/// Reference points from the issue: the peers' numbers on this kind of machine.
const MASTER_PROCESS_TARGET_MS: f64 = 10.0;
const PROGENITOR_CLI_MS: f64 = 100.0;
const CODEGEN_AS_TYPED_TARGET_MS: f64 = 500.0;
const SHARED_SPEC_TARGET_MS: f64 = 300.0;
const SERDE_RATIO_TARGET: f64 = 5.0;
const MEMORY_RATIO_TARGET: f64 = 20.0;
const VIDEO_SDK_SPEC: &str = "zoom-video-sdk-ma-master-2026-02.json";
const PROGENITOR_VIDEO_SDK_BUILD_S: f64 = 6.0;
const PEERS_COLD_BUILD_S: (f64, f64) = (26.0, 33.0);

/// What the numbers were measured on.
pub struct Machine {
    pub cpu: String,
    pub cores: usize,
    pub memory_gib: f64,
    pub os: String,
    pub rustc: String,
    /// `/proc/loadavg` when the run started: a loaded machine inflates every time.
    pub load: String,
    pub date: String,
}

impl Machine {
    pub fn describe() -> Self {
        let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
        let cpu =
            cpuinfo.lines().find_map(|l| l.strip_prefix("model name")).map(|v| v.trim_start_matches([' ', '\t', ':']));
        let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
        let mem_kib: f64 = meminfo
            .lines()
            .find_map(|l| l.strip_prefix("MemTotal:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or(0.0);
        let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
        Machine {
            cpu: cpu.unwrap_or("unknown").to_string(),
            cores: std::thread::available_parallelism().map_or(0, usize::from),
            memory_gib: mem_kib / (1024.0 * 1024.0),
            os: command_line("uname", &["-sr"]),
            rustc: command_line("rustc", &["-V"]),
            load: load.split_whitespace().take(3).collect::<Vec<_>>().join(" "),
            date: command_line("date", &["-u", "+%Y-%m-%d %H:%M UTC"]),
        }
    }
}

/// The first line a command prints, or "unknown".
fn command_line(program: &str, args: &[&str]) -> String {
    let output = Command::new(program).args(args).output().ok();
    let text = output.map(|o| String::from_utf8_lossy(&o.stdout).lines().next().unwrap_or_default().to_string());
    text.filter(|t| !t.is_empty()).unwrap_or_else(|| "unknown".to_string())
}

/// The generated part of the report.
pub fn render(results: &Results, machine: &Machine, settings: &Settings) -> String {
    let mut out = String::from("# Benchmarks\n\n");
    out += "Written by `cargo xtask bench`, which measures everything below again on the machine it runs on. ";
    out += "Each number is a median; they are measurements, not tests.\n\n";
    if settings.quick {
        out += "**Smoke run (`--quick`)**: one run per measurement and no compile timings; not a measurement.\n\n";
    }
    render_machine(&mut out, machine);
    render_targets(&mut out, results);
    render_specs(&mut out, results, settings);
    render_compile(&mut out, results);
    render_method(&mut out, settings);
    out
}

/// The whole file: the generated `body`, then [`NOTES_MARKER`] and the
/// notes that followed it in the `previous` file.
pub fn document(body: &str, previous: &str) -> String {
    let notes = previous.split_once(NOTES_MARKER).map_or("\n", |(_, notes)| notes);
    format!("{body}{NOTES_MARKER}{notes}")
}

fn render_machine(out: &mut String, m: &Machine) {
    let _ = writeln!(out, "## Machine\n");
    let _ = writeln!(out, "- CPU: {} ({} cores available)", m.cpu, m.cores);
    let _ = writeln!(out, "- memory: {:.1} GiB", m.memory_gib);
    let _ = writeln!(out, "- OS: {}", m.os);
    let _ = writeln!(out, "- {}", m.rustc);
    let _ = writeln!(out, "- run started {}, load average {} (other builds inflate every time)\n", m.date, m.load);
}

/// One row of the summary: what, target, measured, verdict.
struct Target {
    what: String,
    target: String,
    measured: String,
    /// `None`: not measured in this run.
    met: Option<bool>,
    why: String,
}

fn render_targets(out: &mut String, results: &Results) {
    let _ = writeln!(out, "## Targets\n");
    let _ = writeln!(out, "| what | target | measured | result |");
    let _ = writeln!(out, "|---|---|---|---|");
    for t in targets(results) {
        let verdict = match t.met {
            Some(true) => "met".to_string(),
            Some(false) => format!("**not met**: {}", t.why),
            None => "not measured in this run".to_string(),
        };
        let _ = writeln!(out, "| {} | {} | {} | {verdict} |", t.what, t.target, t.measured);
    }
    out.push('\n');
}

fn targets(results: &Results) -> Vec<Target> {
    let mut list = Vec::new();
    if let Some(master) = results.generator.first() {
        let ms = millis(master.process);
        list.push(Target {
            what: format!("generator process, {}", master.spec),
            target: format!("≤ {MASTER_PROCESS_TARGET_MS} ms (≥ 10× faster than progenitor's {PROGENITOR_CLI_MS} ms)"),
            measured: format!("{ms:.1} ms ({:.0}× faster)", PROGENITOR_CLI_MS / ms.max(0.001)),
            met: Some(ms <= MASTER_PROCESS_TARGET_MS),
            why: format!("slowest stage: {}", slowest_stage(master)),
        });
    }
    let typed = millis(results.codegen_as_typed.up_to_date);
    let regenerating = millis(results.codegen_as_typed.regenerating);
    list.push(Target {
        what: "`cargo xtask codegen`, nothing to rebuild".into(),
        target: format!("well under 1 s (≤ {CODEGEN_AS_TYPED_TARGET_MS} ms)"),
        measured: format!(
            "{typed:.0} ms (every crate generated again, without the up-to-date stamps: {regenerating:.0} ms)"
        ),
        met: Some(typed <= CODEGEN_AS_TYPED_TARGET_MS),
        why: "cargo's start-up and freshness check, then reading every spec and generated file".into(),
    });
    list.extend(shared_spec_targets(results));
    list.extend(compile_targets(results));
    list
}

/// The shared corpus's specs (all but `specs/master.json`, listed first).
fn shared(results: &Results) -> &[SpecRun] {
    results.generator.get(1..).unwrap_or_default()
}

fn shared_spec_targets(results: &Results) -> Vec<Target> {
    let specs = shared(results);
    let slow: Vec<&SpecRun> = specs.iter().filter(|s| millis(s.process) >= SHARED_SPEC_TARGET_MS).collect();
    let slowest = specs.iter().max_by_key(|s| s.process);
    let far: Vec<&SpecRun> = specs.iter().filter(|s| serde_ratio(s) > SERDE_RATIO_TARGET).collect();
    let worst_ratio = specs.iter().map(serde_ratio).fold(0.0, f64::max);
    let heavy_heap: Vec<&SpecRun> =
        specs.iter().filter(|s| heap_ratio(s).is_some_and(|r| r >= MEMORY_RATIO_TARGET)).collect();
    let worst_heap = specs.iter().filter_map(heap_ratio).fold(0.0, f64::max);
    let heavy_rss: Vec<&SpecRun> =
        specs.iter().filter(|s| rss_ratio(s).is_some_and(|r| r >= MEMORY_RATIO_TARGET)).collect();
    let worst_rss = specs.iter().filter_map(rss_ratio).fold(0.0, f64::max);
    let baseline = results.baseline_rss_kib.unwrap_or(0);
    let names = |list: &[&SpecRun]| spec_names(list);
    vec![
        Target {
            what: format!("generator process, each of the {} shared specs", specs.len()),
            target: format!("< {SHARED_SPEC_TARGET_MS} ms"),
            measured: slowest.map_or("-".into(), |s| format!("slowest {:.1} ms ({})", millis(s.process), s.spec)),
            met: Some(slow.is_empty()),
            why: format!("{} over: {}", slow.len(), names(&slow)),
        },
        Target {
            what: "generator process ÷ `serde_json` parse process, each shared spec".into(),
            target: format!("≤ {SERDE_RATIO_TARGET}×"),
            measured: format!("worst {worst_ratio:.1}×"),
            met: Some(far.is_empty()),
            why: format!("{} over: {}", far.len(), names(&far)),
        },
        Target {
            what: "peak heap ÷ spec size (what the generator holds allocated), each shared spec".into(),
            target: format!("< {MEMORY_RATIO_TARGET}×"),
            measured: format!("worst {worst_heap:.1}×"),
            met: Some(heavy_heap.is_empty()),
            why: format!("{} over: {}", heavy_heap.len(), names(&heavy_heap)),
        },
        Target {
            what: "peak resident memory ÷ spec size, each shared spec".into(),
            target: format!("< {MEMORY_RATIO_TARGET}×"),
            measured: format!("worst {worst_rss:.0}×"),
            met: Some(heavy_rss.is_empty()),
            why: format!(
                "{} over. The resident set starts at {} on an empty spec (the pages of the generator's code and \
                 the C library mapped in, stacks), which alone is 20× a spec of {} KB: no process can meet this \
                 for a small spec, so the heap row above is the measure of the generator's own memory",
                heavy_rss.len(),
                mib(baseline),
                baseline * 1024 / 20 / 1000,
            ),
        },
    ]
}

/// The first few of `list`'s spec names, so that a table cell stays readable.
fn spec_names(list: &[&SpecRun]) -> String {
    const SHOWN: usize = 4;
    let mut names: Vec<&str> = list.iter().take(SHOWN).map(|s| s.spec.as_str()).collect();
    let more = list.len().saturating_sub(SHOWN);
    let more = format!("and {more} more");
    if list.len() > SHOWN {
        names.push(&more);
    }
    names.join(", ")
}

fn compile_targets(results: &Results) -> Vec<Target> {
    let mut list = Vec::new();
    match results.compile.iter().find(|c| c.spec == VIDEO_SDK_SPEC) {
        Some(video) => {
            let build = video.build.as_secs_f64();
            list.push(Target {
                what: video_sdk_build(),
                target: video_sdk_target(),
                measured: format!("{build:.1} s (check {:.1} s)", video.check.as_secs_f64()),
                met: Some(build <= PROGENITOR_VIDEO_SDK_BUILD_S),
                why: "rustc's time in the crate itself (the dependencies are built); see the notes".into(),
            });
        }
        None => list.push(missing(video_sdk_build(), video_sdk_target())),
    }
    match results.cold_build {
        Some(cold) => list.push(Target {
            what: COLD_BUILD.into(),
            target: cold_build_target(),
            measured: format!("{:.1} s", cold.as_secs_f64()),
            met: Some(cold.as_secs_f64() <= PEERS_COLD_BUILD_S.1),
            why: "dominated by the dependencies (reqwest, rustls, tokio); see the notes".into(),
        }),
        None => list.push(missing(COLD_BUILD.into(), cold_build_target())),
    }
    list
}

const COLD_BUILD: &str = "cold `cargo build` of the master.json crate";

fn video_sdk_build() -> String {
    format!("`cargo build` of the {VIDEO_SDK_SPEC} crate on built dependencies")
}

fn video_sdk_target() -> String {
    format!("≤ {PROGENITOR_VIDEO_SDK_BUILD_S} s (progenitor's), aim {} s", PROGENITOR_VIDEO_SDK_BUILD_S / 2.0)
}

fn cold_build_target() -> String {
    let (low, high) = PEERS_COLD_BUILD_S;
    format!("≤ {high} s (peers: {low}–{high} s)")
}

/// A target this run did not measure (a `--quick` run times no builds).
fn missing(what: String, target: String) -> Target {
    Target { what, target, measured: "-".into(), met: None, why: String::new() }
}

/// "Median of 7 runs", or "One run".
fn runs(n: usize) -> String {
    if n == 1 { "One run".to_string() } else { format!("Median of {n} runs") }
}

fn slowest_stage(run: &SpecRun) -> String {
    let (stage, time) = STAGES.iter().zip(run.stages).max_by_key(|(_, t)| *t).unwrap_or((&"none", Duration::ZERO));
    format!("{stage} ({:.1} ms)", millis(time))
}

/// The generator process's time over the bare parse process's.
fn serde_ratio(run: &SpecRun) -> f64 {
    millis(run.process) / millis(run.serde_process).max(0.001)
}

fn rss_ratio(run: &SpecRun) -> Option<f64> {
    run.peak_rss_kib.map(|kib| (kib * 1024) as f64 / run.bytes.max(1) as f64)
}

/// Peak heap over the spec's size.
fn heap_ratio(run: &SpecRun) -> Option<f64> {
    run.peak_heap_kib.map(|kib| (kib * 1024) as f64 / run.bytes.max(1) as f64)
}

fn mib(kib: u64) -> String {
    format!("{:.1} MiB", kib as f64 / 1024.0)
}

fn render_specs(out: &mut String, results: &Results, settings: &Settings) {
    let _ = writeln!(out, "## The generator, per spec\n");
    let _ = writeln!(
        out,
        "{} of the generator process (`xtask codegen --timings --spec <file> --out <dir>`, writing the whole crate), \
         beside a process that only reads and parses the file with `serde_json` (`xtask bench --serde-parse <file>`) and the parse alone. \
         Stages in ms; peak is the peak resident set (`VmHWM`; {} on an empty spec), heap the most the generator held allocated at once.\n",
        runs(settings.runs),
        results.baseline_rss_kib.map_or("unknown".into(), mib),
    );
    let _ = writeln!(
        out,
        "| spec | KB | process ms | parse process ms | ratio | parse ms | {} | peak | ÷ size | heap | heap ÷ size |",
        STAGES.join(" | ")
    );
    let _ = writeln!(out, "|---|--:|--:|--:|--:|--:|{}--:|--:|--:|--:|", "--:|".repeat(STAGES.len()));
    for run in &results.generator {
        let stages: Vec<String> = run.stages.iter().map(|t| format!("{:.1}", millis(*t))).collect();
        let stages = if run.refused { vec!["refused".to_string(); STAGES.len()] } else { stages };
        let _ = writeln!(
            out,
            "| {} | {:.0} | {:.1} | {:.1} | {:.1}× | {:.2} | {} | {} | {} | {} | {} |",
            run.spec,
            run.bytes as f64 / 1000.0,
            millis(run.process),
            millis(run.serde_process),
            serde_ratio(run),
            millis(run.serde_parse),
            stages.join(" | "),
            run.peak_rss_kib.map_or("-".into(), mib),
            rss_ratio(run).map_or("-".into(), |r| format!("{r:.0}×")),
            run.peak_heap_kib.map_or("-".into(), mib),
            heap_ratio(run).map_or("-".into(), |r| format!("{r:.1}×")),
        );
    }
    out.push('\n');
}

fn render_compile(out: &mut String, results: &Results) {
    let _ = writeln!(out, "## Compiling the emitted crates\n");
    if results.compile.is_empty() {
        let _ = writeln!(out, "Not measured in this run (`--quick`).\n");
        return;
    }
    let _ = writeln!(
        out,
        "On built dependencies: only the crate itself is compiled, from scratch (`cargo clean -p <crate>` first).\n"
    );
    let _ = writeln!(out, "| spec | crate | `cargo check` s | `cargo build` s |");
    let _ = writeln!(out, "|---|---|--:|--:|");
    for run in &results.compile {
        let _ = writeln!(
            out,
            "| {} | {} | {:.1} | {:.1} |",
            run.spec,
            run.crate_name,
            run.check.as_secs_f64(),
            run.build.as_secs_f64()
        );
    }
    if let Some(cold) = results.cold_build {
        let _ = writeln!(
            out,
            "\nCold build of the master.json crate (fresh target folder, sources already downloaded): {:.1} s.",
            cold.as_secs_f64()
        );
    }
    out.push('\n');
}

fn render_method(out: &mut String, settings: &Settings) {
    let _ = writeln!(out, "## How\n");
    let _ = writeln!(
        out,
        "- The generator is the xtask binary that `cargo xtask codegen` runs, in the dev profile the workspace optimises it in."
    );
    let _ = writeln!(
        out,
        "- A spec in `../shared/corpus/<vendor>/` gets `specs/<vendor>.profile.yaml` when there is one, as `cargo xtask corpus` does."
    );
    let _ = writeln!(
        out,
        "- `cargo xtask codegen` as typed: {} after one untimed run, all configured specs, nothing to rewrite.",
        runs(settings.runs).to_lowercase()
    );
    let _ = writeln!(
        out,
        "- Compile times: the crates are generated into a scratch workspace (`target/bench/compile`) with its own target folder, \
         the project's lock file (which picks `idna_adapter` 1.1, as the README suggests) and no profile overrides, \
         as in a user's workspace; {}.\n",
        runs(settings.compile_runs).to_lowercase()
    );
}
