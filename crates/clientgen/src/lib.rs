//! clientgen: generates async Rust API clients from OpenAPI 3.0 documents.
//!
//! The pipeline is the architecture (see `ARCHITECTURE.md`):
//! [`load`] (bytes → `openapiv3`) → [`lower`] (spec → [`ir`]) →
//! [`emit`] (IR → tokens) → [`write`] (format, write if changed).

pub mod diagnostics;
pub mod emit;
pub mod ir;
pub mod load;
pub mod lower;
pub mod profile;
pub mod project;
pub mod write;

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
}

#[derive(Debug, thiserror::Error)]
pub enum GenerateError {
    /// The spec cannot yield a correct client; every diagnostic is listed.
    #[error("{}", list(.0))]
    Spec(Vec<Diagnostic>),
    #[error(transparent)]
    Write(#[from] write::WriteError),
}

fn list(diagnostics: &[Diagnostic]) -> String {
    diagnostics.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n")
}

/// Runs the whole pipeline on the bytes of a spec (JSON or YAML).
pub fn generate(spec: &[u8], options: &Options) -> Result<Generated, GenerateError> {
    let spec = load::load(spec).map_err(|d| GenerateError::Spec(vec![d]))?;
    let (api, diagnostics) = lower::lower(&spec, &options.profile);
    if diagnostics.iter().any(|d| d.severity == Severity::Error) {
        return Err(GenerateError::Spec(diagnostics));
    }
    let files = write::render(emit::emit_crate(&api, &options.emit), &options.source)?;
    Ok(Generated { api, files, diagnostics })
}
