//! clientgen: generates async Rust API clients from OpenAPI 3.0 documents.
//!
//! The pipeline is the architecture (see `ARCHITECTURE.md`):
//! [`load`] (bytes → `openapiv3`) → [`lower`] (spec → [`ir`]) →
//! [`emit`] (IR → tokens) → [`write`] (format, write if changed).

pub mod change;
pub mod diagnostics;
pub mod emit;
pub mod ir;
pub mod load;
pub mod lower;
pub mod profile;
pub mod project;
pub mod write;

use std::time::{Duration, Instant};

use diagnostics::{Diagnostic, Severity};
use emit::EmitOptions;
use profile::Profile;
use write::RenderedFile;

/// Everything one generation needs besides the spec.
#[derive(Debug, Clone)]
pub struct Options {
    pub emit: EmitOptions,
    pub profile: Profile,
    /// Where the spec came from, for the header of each file (e.g. `specs/master.json`).
    pub source: String,
}

/// A generated crate, not yet written anywhere.
#[derive(Debug)]
pub struct Generated {
    pub api: ir::Api,
    pub files: Vec<RenderedFile>,
    /// Warnings: what the generator had to guess.
    pub diagnostics: Vec<Diagnostic>,
    /// How long each stage took (for `cargo xtask bench`).
    pub timings: Timings,
}

/// Time spent in each stage of one generation; writing is timed by whoever
/// writes. Emitting and formatting run chunk by chunk on all cores, so
/// theirs is CPU time summed over the threads, more than the wall time.
#[derive(Debug, Clone, Copy, Default)]
pub struct Timings {
    pub load: Duration,
    pub lower: Duration,
    pub emit: Duration,
    /// Parsing with `syn` and formatting with `prettyplease`.
    pub format: Duration,
}

#[derive(Debug, thiserror::Error)]
pub enum GenerateError {
    /// The spec cannot yield a correct client; every diagnostic is listed.
    #[error("{}", list(.0))]
    Spec(Vec<Diagnostic>),
    #[error(transparent)]
    Write(#[from] write::WriteError),
}

/// The errors unlabelled (the whole is an error already, and is printed as
/// one), warnings among them labelled.
fn list(diagnostics: &[Diagnostic]) -> String {
    let line = |d: &Diagnostic| if d.severity == Severity::Error { d.located() } else { d.to_string() };
    diagnostics.iter().map(line).collect::<Vec<_>>().join("\n")
}

/// Runs the whole pipeline on the bytes of a spec (JSON or YAML).
pub fn generate(spec: &[u8], options: &Options) -> Result<Generated, GenerateError> {
    let mut timings = Timings::default();
    let loaded = timed(&mut timings.load, || load::load(spec)).map_err(|d| GenerateError::Spec(vec![d]))?;
    let (api, mut diagnostics) = timed(&mut timings.lower, || lower::lower(&loaded.spec, &options.profile));
    diagnostics.splice(0..0, loaded.warnings);
    let spec = loaded.spec;
    // Only the IR is needed from here on.
    drop(spec);
    if diagnostics.iter().any(|d| d.severity == Severity::Error) {
        return Err(GenerateError::Spec(diagnostics));
    }
    let emitter = timed(&mut timings.emit, || emit::Emitter::new(&api, &options.emit));
    let (files, times) = write::render(&emitter, &options.source)?;
    drop(emitter);
    timings.emit += times.emit;
    timings.format += times.format;
    Ok(Generated { api, files, diagnostics, timings })
}

/// Loads and lowers a spec, without emitting anything: its IR and warnings.
pub fn lower_bytes(spec: &[u8], profile: &Profile) -> Result<(ir::Api, Vec<Diagnostic>), GenerateError> {
    let loaded = load::load(spec).map_err(|d| GenerateError::Spec(vec![d]))?;
    let (api, mut diagnostics) = lower::lower(&loaded.spec, profile);
    diagnostics.splice(0..0, loaded.warnings);
    if diagnostics.iter().any(|d| d.severity == Severity::Error) {
        return Err(GenerateError::Spec(diagnostics));
    }
    Ok((api, diagnostics))
}

/// Runs `stage`, adding the time it took to `total`.
fn timed<T>(total: &mut Duration, stage: impl FnOnce() -> T) -> T {
    let started = Instant::now();
    let output = stage();
    *total += started.elapsed();
    output
}
