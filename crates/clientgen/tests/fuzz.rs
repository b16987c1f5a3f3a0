//! Fuzzing the generator: real specs (the shared corpus and the fixtures),
//! mutated at random, must each give a crate or diagnostics: never a
//! panic, never a hang, never memory out of proportion to the input.
//!
//! The run is bounded by time and fully determined by its first seed; input
//! `n` uses seed `first + n`, so any failure is reproduced from the seed it
//! prints:
//!
//! - `CLIENTGEN_FUZZ_SECONDS` (default 2): how long to run;
//! - `CLIENTGEN_FUZZ_SEED` (default 1): the first seed;
//! - `CLIENTGEN_FUZZ_INPUTS`: stop after this many inputs (`1` replays one seed).
//!
//! `cargo xtask fuzz --seconds 60` is the long run CI does. A failing input
//! is also written to `target/fuzz/`; once fixed it becomes a fixture spec.

#[path = "fuzz/mutate.rs"]
mod mutate;
#[path = "fuzz/seeds.rs"]
mod seeds;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use cap::Cap;
use clientgen::GenerateError;
use clientgen::diagnostics::Severity;

use seeds::Seed;

/// Every allocation is counted, and each input gets a limit (see [`memory_bound`]).
#[global_allocator]
static ALLOCATOR: Cap<std::alloc::System> = Cap::new(std::alloc::System, usize::MAX);

/// The longest one input may take. Generous (the largest corpus spec takes
/// well under a second): it is there to catch loops, not slowness.
const DEADLINE: Duration = Duration::from_secs(30);

/// The stack of a program's main thread, which is where the command line
/// runs the generator.
const STACK: usize = 8 << 20;

/// Memory one generation may use on top of what is already allocated.
/// Generating a real spec takes a few dozen times its size; a limit well
/// above that still stops a blow-up long before it hurts the machine.
fn memory_bound(input_len: usize) -> usize {
    (256 << 20) + input_len.saturating_mul(200)
}

#[test]
fn mutated_specs_give_crates_or_diagnostics() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let seeds = seeds::load(&root);
    let budget = Duration::from_secs_f64(env_number("CLIENTGEN_FUZZ_SECONDS").unwrap_or(2.0));
    let first = env_number("CLIENTGEN_FUZZ_SEED").map_or(1, |s| s as u64);
    let max_inputs = env_number("CLIENTGEN_FUZZ_INPUTS").map_or(u64::MAX, |n| n as u64);
    // Written straight to stderr: an input that exceeds its memory bound
    // aborts the process, and captured output would be lost with it.
    eprintln_uncaptured(&format!(
        "fuzzing the generator for {budget:?} from seed {first} ({} seed specs); an abort with \
         \"memory allocation failed\" is an input over its memory bound: set CLIENTGEN_FUZZ_TRACE=1 to see its seed",
        seeds.len()
    ));
    let started = Instant::now();
    let mut count = 0;
    while count < max_inputs && (count == 0 || started.elapsed() < budget) {
        run_one(&root, &seeds, first + count);
        count += 1;
    }
    eprintln_uncaptured(&format!("{count} inputs in {:?}, all gave a crate or diagnostics", started.elapsed()));
}

/// One mutated input, generated on a worker thread with a deadline and a memory bound.
fn run_one(root: &Path, seeds: &[Seed], seed: u64) {
    let input = seeds::mutated(seeds, seed);
    if std::env::var_os("CLIENTGEN_FUZZ_TRACE").is_some() {
        eprintln_uncaptured(&format!("seed {seed}: {}", input.describe()));
    }
    let options = input.options.clone();
    let bytes = input.bytes.clone();
    let (send, receive) = mpsc::channel();
    let limit = ALLOCATOR.allocated().saturating_add(memory_bound(bytes.len()));
    let worker = std::thread::Builder::new().stack_size(STACK).spawn(move || {
        let _ = ALLOCATOR.set_limit(limit);
        let outcome = catch_unwind(AssertUnwindSafe(|| judge(clientgen::generate(&bytes, &options))));
        let _ = ALLOCATOR.set_limit(usize::MAX);
        let _ = send.send(outcome.unwrap_or_else(|panic| Err(format!("panicked: {}", panic_text(&panic)))));
    });
    let verdict = match worker {
        Ok(_) => receive.recv_timeout(DEADLINE).unwrap_or_else(|_| Err(format!("took longer than {DEADLINE:?}"))),
        Err(e) => Err(format!("could not start a worker thread: {e}")),
    };
    if let Err(problem) = verdict {
        let saved = input.save(&root.join("target/fuzz"), seed);
        panic!(
            "seed {seed}: the generator {problem}\n  {}\n  input saved as {saved}\n  replay with \
             CLIENTGEN_FUZZ_SEED={seed} CLIENTGEN_FUZZ_INPUTS=1 cargo test -p clientgen --test fuzz",
            input.describe()
        );
    }
}

/// A crate, or diagnostics that say what is wrong and where.
fn judge(result: Result<clientgen::Generated, GenerateError>) -> Result<(), String> {
    match result {
        Ok(generated) if generated.files.is_empty() => Err("gave a crate without files".into()),
        Ok(generated) => pointers_are_valid(generated.diagnostics.iter()),
        Err(GenerateError::Spec(diagnostics)) => {
            if !diagnostics.iter().any(|d| d.severity == Severity::Error) {
                return Err("refused the spec without an error diagnostic".into());
            }
            pointers_are_valid(diagnostics.iter())
        }
        Err(GenerateError::Write(e)) => Err(format!("emitted code that does not parse: {e:?}")),
    }
}

fn pointers_are_valid<'d>(
    mut diagnostics: impl Iterator<Item = &'d clientgen::diagnostics::Diagnostic>,
) -> Result<(), String> {
    match diagnostics.find(|d| !(d.pointer.is_empty() || d.pointer.starts_with('/')) || d.message.is_empty()) {
        Some(d) => Err(format!("gave a diagnostic without a JSON pointer or message: {d}")),
        None => Ok(()),
    }
}

fn panic_text(panic: &Box<dyn std::any::Any + Send>) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(no message)".into())
}

fn env_number(name: &str) -> Option<f64> {
    let text = std::env::var(name).ok()?;
    match text.trim().parse() {
        Ok(number) => Some(number),
        Err(_) => panic!("{name}={text:?} is not a number"),
    }
}

/// Writes past the test harness's capture, straight to stderr.
fn eprintln_uncaptured(line: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "{line}");
}
