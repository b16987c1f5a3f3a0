//! `cargo xtask`: the project's commands.
//!
//! - `cargo xtask codegen [--check | --bump]`: regenerate every crate listed in
//!   `specs/codegen.yaml` (or, with `--check`, fail if any is stale);
//! - `cargo xtask codegen --spec <file> --out <dir> [--name <crate>] [--profile <file>]`:
//!   generate a standalone crate from any spec. Both print each crate's API change report against its committed IR
//!   snapshot; `--bump` also sets the crate's version and changelog from it;
//! - `cargo xtask diff <old-spec> <new-spec>`: the same report for any two specs;
//! - `cargo xtask corpus`: generate and clippy-check every corpus and
//!   fixture spec, printing a table;
//! - `cargo xtask contract`: the generated clients' contract tests against
//!   Prism mock servers of their specs, with coverage per spec;
//! - `cargo xtask bench [--quick]`: the generator's speed and memory and
//!   the emitted crates' compile times, each beside its target, written to
//!   `docs/benchmarks.md` (`--quick`: a cheap smoke run);
//! - `cargo xtask fuzz [--seconds N] [--seed S]`: the fuzz tests of the
//!   generator and of the generated clients, N seconds each (60 by default);
//! - `cargo xtask test`: the whole test suite, as CI runs it.

mod bench;
mod codegen;
mod contract;
mod corpus;
mod fuzz;
mod heap;
mod report;
mod stamp;
mod test;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().is_some_and(|a| a == "help") || args.iter().any(|a| a == "--help" || a == "-h") {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    let result = match args.first().map(String::as_str) {
        Some("codegen") => codegen::run(&args[1..]),
        Some("diff") => report::diff(&args[1..]),
        Some("corpus") => corpus::run(&args[1..]),
        Some("contract") => contract::run(&args[1..]),
        Some("bench") => bench::run(&args[1..]),
        Some("fuzz") => fuzz::run(&args[1..]),
        Some("test") => test::run(&args[1..]),
        _ => Err(anyhow::anyhow!("{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

const USAGE: &str = "usage:
  cargo xtask codegen [--check | --bump]
  cargo xtask diff <old-spec> <new-spec> [--profile <file>] [--name <crate-name>]
  cargo xtask codegen --spec <file> --out <dir> [--name <crate-name>] [--profile <file>]
  cargo xtask corpus
  cargo xtask contract
  cargo xtask bench [--quick]
  cargo xtask fuzz [--seconds <n>] [--seed <n>]
  cargo xtask test";

/// The repository's root; `XTASK_PROJECT_ROOT` points elsewhere (the
/// xtask's own tests run it on scratch copies of the project).
fn project_root() -> PathBuf {
    match std::env::var_os("XTASK_PROJECT_ROOT") {
        Some(root) => PathBuf::from(root),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default(),
    }
}

/// A small flag parser: `--flag` and `--key value`, nothing positional.
struct Flags {
    pairs: Vec<(String, Option<String>)>,
}

impl Flags {
    fn parse(args: &[String], valued: &[&str], switches: &[&str]) -> anyhow::Result<Self> {
        let mut pairs = Vec::new();
        let mut iter = args.iter();
        while let Some(arg) = iter.next() {
            if switches.contains(&arg.as_str()) {
                pairs.push((arg.clone(), None));
            } else if valued.contains(&arg.as_str()) {
                let value = iter.next().ok_or_else(|| anyhow::anyhow!("{arg} needs a value\n{USAGE}"))?;
                pairs.push((arg.clone(), Some(value.clone())));
            } else {
                anyhow::bail!("unexpected argument `{arg}`\n{USAGE}");
            }
        }
        Ok(Self { pairs })
    }

    fn has(&self, flag: &str) -> bool {
        self.pairs.iter().any(|(name, _)| name == flag)
    }

    fn value(&self, flag: &str) -> Option<&str> {
        self.pairs.iter().rev().find(|(name, _)| name == flag).and_then(|(_, v)| v.as_deref())
    }
}
