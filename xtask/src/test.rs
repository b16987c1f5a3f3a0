//! `cargo xtask test`: everything CI checks, in one command.

use std::process::Command;

use anyhow::{Context, bail};
use clientgen::project;

use crate::project_root;

pub fn run(args: &[String]) -> anyhow::Result<()> {
    if let Some(arg) = args.first() {
        bail!("unexpected argument `{arg}`");
    }
    cargo(&["test", "--workspace", "--all-targets"], &[])?;
    cargo(&["test", "--workspace", "--doc"], &[])?;
    // The fuzz tests again, for a minute each instead of the suite's seconds.
    cargo(&["xtask", "fuzz", "--seconds", "60"], &[])?;
    cargo(&["xtask", "codegen", "--check"], &[])?;
    // The benchmarks only as a smoke run: timings are not tests.
    cargo(&["xtask", "bench", "--quick"], &[])?;
    cargo(&["xtask", "corpus"], &[])?;
    cargo(&["xtask", "contract"], &[])?;
    cargo(&["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"], &[])?;
    // The emitted crates' docs must render without a single rustdoc warning.
    for job in project::configured_jobs(&project_root())? {
        let name = &job.options.emit.crate_name;
        cargo(&["doc", "--no-deps", "--package", name], &[("RUSTDOCFLAGS", "-D warnings")])?;
    }
    eprintln!("all checks passed");
    Ok(())
}

pub(crate) fn cargo(args: &[&str], env: &[(&str, &str)]) -> anyhow::Result<()> {
    eprintln!("$ cargo {}", args.join(" "));
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let status = Command::new(cargo)
        .args(args)
        .envs(env.iter().copied())
        .current_dir(project_root())
        .status()
        .with_context(|| format!("running cargo {}", args.join(" ")))?;
    if !status.success() {
        bail!("`cargo {}` failed", args.join(" "));
    }
    Ok(())
}
