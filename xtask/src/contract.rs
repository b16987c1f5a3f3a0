//! `cargo xtask contract`: the contract tests of every configured crate
//! that has them, each against a Prism mock server of its own spec on
//! 127.0.0.1. Prism (pinned in `tools/prism/package-lock.json`) is
//! installed with npm when missing. Prints coverage per spec and fails
//! below 90 % of all operations, listing each failure with its reason.

use std::collections::BTreeMap;
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use clientgen::project::{self, Job};

use crate::project_root;

const PRISM_DIR: &str = "tools/prism";
const FIRST_PORT: u16 = 4110;
const REQUIRED_COVERAGE: f64 = 0.90;

pub fn run(args: &[String]) -> anyhow::Result<()> {
    if let Some(arg) = args.first() {
        bail!("unexpected argument `{arg}`");
    }
    let root = project_root();
    let prism = install_prism(&root)?;
    let jobs: Vec<Job> =
        project::configured_jobs(&root)?.into_iter().filter(|j| j.options.emit.contract_tests).collect();
    let logs = root.join("target/contract");
    std::fs::create_dir_all(&logs)?;
    let mut servers = Servers::default();
    for (i, job) in jobs.iter().enumerate() {
        let log = logs.join(format!("{}.prism.log", job.options.emit.crate_name));
        servers.start(&prism, &job.spec, FIRST_PORT + i as u16, &log)?;
    }
    let mut results = Vec::new();
    for (job, port) in jobs.iter().zip(FIRST_PORT..) {
        servers.wait_until_ready(port)?;
        results.push(run_tests(&root, &job.options.emit.crate_name, port)?);
    }
    drop(servers);
    report(&results)
}

/// `tools/prism/node_modules/.bin/prism`, installed from the lock file if missing.
fn install_prism(root: &Path) -> anyhow::Result<PathBuf> {
    let dir = root.join(PRISM_DIR);
    let prism = dir.join("node_modules/.bin/prism");
    if !prism.exists() {
        eprintln!("$ npm ci --prefix {PRISM_DIR}");
        let status = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--ignore-scripts", "--prefix"])
            .arg(&dir)
            .status()
            .context("running npm (Node.js and npm are needed for the contract tests)")?;
        if !status.success() {
            bail!("npm ci failed in {PRISM_DIR}");
        }
    }
    Ok(prism)
}

/// The running mock servers; stopped when dropped, whatever happened.
#[derive(Default)]
struct Servers {
    children: Vec<Child>,
}

impl Servers {
    /// Starts Prism on `port`, logging (its account of each request's
    /// violations included) to `log`.
    fn start(&mut self, prism: &Path, spec: &Path, port: u16, log: &Path) -> anyhow::Result<()> {
        let log = std::fs::File::create(log).with_context(|| format!("creating {}", log.display()))?;
        let child = Command::new(prism)
            .args(["mock", "--host", "127.0.0.1", "--port", &port.to_string()])
            .arg(spec)
            .stdout(log.try_clone()?)
            .stderr(log)
            .spawn()
            .with_context(|| format!("starting Prism for {}", spec.display()))?;
        self.children.push(child);
        Ok(())
    }

    fn wait_until_ready(&mut self, port: u16) -> anyhow::Result<()> {
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            if TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        bail!("Prism did not listen on 127.0.0.1:{port} within 60 s")
    }
}

impl Drop for Servers {
    fn drop(&mut self) {
        for child in &mut self.children {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// One crate's contract tests: which passed, and why the others failed.
struct CrateResult {
    crate_name: String,
    passed: Vec<String>,
    failed: BTreeMap<String, String>,
}

fn run_tests(root: &Path, crate_name: &str, port: u16) -> anyhow::Result<CrateResult> {
    eprintln!("$ cargo test -p {crate_name} --test contract -- --include-ignored   (mock on :{port})");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let output = Command::new(cargo)
        .args(["test", "-p", crate_name, "--test", "contract", "--", "--include-ignored", "--test-threads=4"])
        .env("CONTRACT_BASE_URL", format!("http://127.0.0.1:{port}"))
        .current_dir(root)
        .output()
        .context("running cargo test")?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let (passed, failed) = parse_libtest(&stdout);
    if passed.is_empty() && failed.is_empty() {
        bail!("no contract test of {crate_name} ran:\n{}", String::from_utf8_lossy(&output.stderr));
    }
    Ok(CrateResult { crate_name: crate_name.to_string(), passed, failed })
}

/// Test names that passed, and failed ones with the first line of their
/// panic message, from libtest's output.
fn parse_libtest(stdout: &str) -> (Vec<String>, BTreeMap<String, String>) {
    let mut passed = Vec::new();
    let mut failed = BTreeMap::new();
    for line in stdout.lines() {
        if let Some(name) = line.strip_prefix("test ").and_then(|l| l.strip_suffix(" ... ok")) {
            passed.push(name.to_string());
        } else if let Some(name) = line.strip_prefix("test ").and_then(|l| l.strip_suffix(" ... FAILED")) {
            failed.insert(name.to_string(), String::from("(no message)"));
        }
    }
    // A failure reads `---- name stdout ----`, `thread '...' panicked at ...:`,
    // then the message.
    let mut current: Option<String> = None;
    let mut after_panic = false;
    for line in stdout.lines() {
        if let Some(name) = line.strip_prefix("---- ").and_then(|l| l.strip_suffix(" stdout ----")) {
            current = Some(name.to_string());
            after_panic = false;
        } else if current.is_some() && line.contains("panicked at") {
            after_panic = true;
        } else if after_panic && !line.trim().is_empty() {
            if let Some(name) = current.take() {
                failed.insert(name, line.trim().to_string());
            }
            after_panic = false;
        }
    }
    (passed, failed)
}

fn report(results: &[CrateResult]) -> anyhow::Result<()> {
    println!("{:<36} {:>6} {:>6} {:>8}", "crate", "ops", "passed", "coverage");
    let (mut total, mut passed) = (0, 0);
    for result in results {
        let count = result.passed.len() + result.failed.len();
        total += count;
        passed += result.passed.len();
        println!(
            "{:<36} {:>6} {:>6} {:>7.1}%",
            result.crate_name,
            count,
            result.passed.len(),
            percent(result.passed.len(), count)
        );
    }
    let coverage = percent(passed, total);
    println!("{:<36} {:>6} {:>6} {:>7.1}%", "all", total, passed, coverage);
    for result in results {
        for (test, reason) in &result.failed {
            println!("not passing: {}::{test}: {reason}", result.crate_name);
        }
    }
    println!("(Prism's account of each request is in target/contract/<crate>.prism.log)");
    if coverage < REQUIRED_COVERAGE * 100.0 {
        bail!("contract coverage {coverage:.1}% is below {:.0}%", REQUIRED_COVERAGE * 100.0);
    }
    Ok(())
}

fn percent(part: usize, whole: usize) -> f64 {
    if whole == 0 { 100.0 } else { part as f64 * 100.0 / whole as f64 }
}
