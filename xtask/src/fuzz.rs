//! `cargo xtask fuzz [--seconds N] [--seed S]`: the fuzz tests, each for
//! `N` seconds (60 by default): mutated corpus specs through the generator
//! (`crates/clientgen/tests/fuzz.rs`), and adversarial answers from a local
//! server through the generated clients
//! (`crates/generated-tests/tests/response_fuzz.rs`). Both are deterministic
//! from the first seed (1 by default); a failure prints the seed that
//! replays it.

use anyhow::bail;

use crate::Flags;
use crate::test::cargo;

const DEFAULT_SECONDS: &str = "60";

/// The fuzz tests: package and test target.
const TARGETS: &[(&str, &str)] = &[("clientgen", "fuzz"), ("generated-tests", "response_fuzz")];

pub fn run(args: &[String]) -> anyhow::Result<()> {
    let flags = Flags::parse(args, &["--seconds", "--seed"], &[])?;
    let seconds = flags.value("--seconds").unwrap_or(DEFAULT_SECONDS);
    let seed = flags.value("--seed").unwrap_or("1");
    if !seconds.parse::<f64>().is_ok_and(|s| s > 0.0) {
        bail!("--seconds needs a positive number, not `{seconds}`");
    }
    if seed.parse::<u64>().is_err() {
        bail!("--seed needs a whole number, not `{seed}`");
    }
    let env = [("CLIENTGEN_FUZZ_SECONDS", seconds), ("CLIENTGEN_FUZZ_SEED", seed)];
    for (package, test) in TARGETS {
        cargo(&["test", "--package", package, "--test", test, "--", "--nocapture"], &env)?;
    }
    Ok(())
}
