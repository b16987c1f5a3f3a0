//! The report and the parsing it relies on, on fixed inputs (no timing).

use std::time::Duration;

use super::compile::CompileRun;
use super::generator::{Reported, SpecRun, TypedRuns, parse_timings};
use super::report::{Machine, NOTES_MARKER, document, render};
use super::{Results, Settings, median};

fn ms(millis: u64) -> Duration {
    Duration::from_millis(millis)
}

fn spec(name: &str, bytes: u64, process_ms: u64, serde_ms: u64, peak_kib: u64) -> SpecRun {
    SpecRun {
        spec: name.into(),
        bytes,
        refused: false,
        process: ms(process_ms),
        stages: [ms(1), ms(2), ms(3), ms(4), ms(5)],
        peak_rss_kib: Some(peak_kib),
        peak_heap_kib: Some(peak_kib / 2),
        serde_parse: ms(serde_ms / 2),
        serde_process: ms(serde_ms),
    }
}

fn machine() -> Machine {
    Machine {
        cpu: "Test CPU".into(),
        cores: 2,
        memory_gib: 8.0,
        os: "Linux 6".into(),
        rustc: "rustc 1.95.0".into(),
        load: "0.10 0.20 0.30".into(),
        date: "2026-01-01 00:00 UTC".into(),
    }
}

fn results() -> Results {
    Results {
        generator: vec![
            spec("master.json", 10_000, 4, 2, 4_000),
            spec("small.json", 100_000, 50, 20, 1_000),
            spec("slow.json", 1_000_000, 400, 40, 10_000),
        ],
        baseline_rss_kib: Some(3_000),
        codegen_as_typed: TypedRuns { up_to_date: ms(200), regenerating: ms(700) },
        compile: vec![CompileRun {
            spec: "zoom-video-sdk-ma-master-2026-02.json".into(),
            crate_name: "zoom-video-sdk".into(),
            check: ms(1_500),
            build: ms(7_000),
        }],
        cold_build: Some(Duration::from_secs(20)),
    }
}

fn full() -> Settings {
    Settings { quick: false, runs: 7, compile_runs: 3 }
}

fn row<'a>(report: &'a str, starts: &str) -> &'a str {
    report.lines().find(|l| l.starts_with(starts)).unwrap_or_else(|| panic!("no line `{starts}` in\n{report}"))
}

#[test]
fn timings_lines_are_read_and_their_absence_noticed() {
    let stderr = "wrote: x\ntimings: load_us=10 lower_us=20 emit_us=30 format_us=40 write_us=50\npeak_rss_kib=1234\npeak_heap_kib=567\n";
    let expected = [10, 20, 30, 40, 50].map(Duration::from_micros);
    let reported = Reported { stages: Some(expected), peak_rss_kib: Some(1234), peak_heap_kib: Some(567) };
    assert_eq!(parse_timings(stderr), reported);
    let refused = Reported { stages: None, peak_rss_kib: Some(99), peak_heap_kib: None };
    assert_eq!(parse_timings("error: refused\npeak_rss_kib=99"), refused);
    assert_eq!(parse_timings("timings: load_us=1 lower_us=x").stages, None);
}

#[test]
fn each_target_is_met_or_not_met_with_why() {
    let report = render(&results(), &machine(), &full());
    assert!(row(&report, "| generator process, master.json").ends_with("| 4.0 ms (25× faster) | met |"), "{report}");
    let typed = row(&report, "| `cargo xtask codegen`");
    assert!(
        typed.ends_with("| 200 ms (every crate generated again, without the up-to-date stamps: 700 ms) | met |"),
        "{typed}"
    );
    let shared = row(&report, "| generator process, each of the 2 shared specs");
    assert!(
        shared.contains("slowest 400.0 ms (slow.json)") && shared.contains("**not met**: 1 over: slow.json"),
        "{shared}"
    );
    let ratio = row(&report, "| generator process ÷ `serde_json`");
    assert!(ratio.contains("worst 10.0×") && ratio.contains("**not met**: 1 over: slow.json"), "{ratio}");
    // 10 MB of 1 MB is 10×, 1 MB of 100 kB is 10×: both under 20×.
    assert!(row(&report, "| peak heap ÷ spec size").ends_with("| worst 5.1× | met |"));
    assert!(row(&report, "| peak resident memory ÷ spec size").ends_with("| worst 10× | met |"));
    let video = row(&report, "| `cargo build` of the zoom-video-sdk-ma-master-2026-02.json crate");
    assert!(video.contains("7.0 s (check 1.5 s)") && video.contains("**not met**"), "{video}");
    assert!(row(&report, "| cold `cargo build`").ends_with("| 20.0 s | met |"));
}

#[test]
fn the_report_describes_the_machine_and_every_spec() {
    let report = render(&results(), &machine(), &full());
    assert!(report.contains("- CPU: Test CPU (2 cores available)") && report.contains("load average 0.10 0.20 0.30"));
    assert!(report.contains("- rustc 1.95.0"));
    assert!(
        row(&report, "| slow.json |").starts_with("| slow.json | 1000 | 400.0 | 40.0 | 10.0× | 20.00 | 1.0 | 2.0 |")
    );
    assert!(row(&report, "| slow.json |").ends_with("| 9.8 MiB | 10× | 4.9 MiB | 5.1× |"));
    assert!(row(&report, "| zoom-video-sdk-ma-master-2026-02.json |").ends_with("| 1.5 | 7.0 |"));
    assert!(
        report
            .contains("Cold build of the master.json crate (fresh target folder, sources already downloaded): 20.0 s.")
    );
}

#[test]
fn a_quick_run_says_so_and_reports_compile_targets_as_unmeasured() {
    let quick = Results { compile: Vec::new(), cold_build: None, ..results() };
    let report = render(&quick, &machine(), &Settings { quick: true, runs: 1, compile_runs: 0 });
    assert!(report.contains("**Smoke run (`--quick`)**"));
    let cold = row(&report, "| cold `cargo build`");
    assert!(cold.ends_with("| ≤ 33 s (peers: 26–33 s) | - | not measured in this run |"), "{cold}");
    let video = row(&report, "| `cargo build` of the zoom-video-sdk-ma-master-2026-02.json crate");
    assert!(video.ends_with("| ≤ 6 s (progenitor's), aim 3 s | - | not measured in this run |"), "{video}");
    assert!(report.contains("One run of the generator process"), "{report}");
}

#[test]
fn hand_written_notes_survive_a_new_report() {
    let previous = format!("# old numbers\n{NOTES_MARKER}\n## Optimisations\nkept\n");
    assert_eq!(document("# new\n", &previous), format!("# new\n{NOTES_MARKER}\n## Optimisations\nkept\n"));
    assert_eq!(document("# new\n", ""), format!("# new\n{NOTES_MARKER}\n"));
}

#[test]
fn long_lists_of_specs_are_cut_short() {
    let mut generator = vec![spec("master.json", 1, 1, 1, 1)];
    generator.extend((0..7).map(|i| spec(&format!("s{i}.json"), 1_000, 500, 10, 100_000)));
    let results = Results { generator, ..results() };
    let report = render(&results, &machine(), &full());
    let shared = row(&report, "| generator process, each of the 7 shared specs");
    assert!(shared.ends_with("**not met**: 7 over: s0.json, s1.json, s2.json, s3.json, and 3 more |"), "{shared}");
    let heap = row(&report, "| peak heap ÷ spec size");
    assert!(heap.ends_with("**not met**: 7 over: s0.json, s1.json, s2.json, s3.json, and 3 more |"), "{heap}");
    let resident = row(&report, "| peak resident memory ÷ spec size");
    assert!(
        resident.contains("**not met**: 7 over. The resident set starts at 2.9 MiB on an empty spec"),
        "{resident}"
    );
    assert!(resident.contains("alone is 20× a spec of 153 KB"), "{resident}");
}

#[test]
fn the_median_is_the_middle_sample() {
    assert_eq!(median(vec![ms(9), ms(1), ms(5)]), ms(5));
    assert_eq!(median(Vec::new()), Duration::ZERO);
}
