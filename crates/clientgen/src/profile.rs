//! A vendor profile: conventions an API follows that its specs do not state,
//! kept as data beside the spec (e.g. `specs/zoom.profile.yaml`).
//!
//! The generator has no vendor-specific code; everything a vendor needs
//! beyond plain OpenAPI is one of these settings.

use std::path::Path;

use indexmap::IndexMap;
use serde::Deserialize;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// The body of error responses that the spec documents without a schema.
    #[serde(default)]
    pub error_body: Option<ErrorBody>,
    /// Named scope lists, each read from a JSON pointer into the operation
    /// object, e.g. `macro: /x-extensions/x-macro-scopes`.
    #[serde(default)]
    pub scope_sets: IndexMap<String, String>,
    /// The text that precedes an operation's rate-limit label in its
    /// description; the label is the first `code span` after it.
    #[serde(default)]
    pub rate_limit_label_marker: Option<String>,
    /// Makes root-relative links in descriptions (`](/docs/...)`) absolute.
    #[serde(default)]
    pub docs_base_url: Option<String>,
    /// Property names (besides the built-in ones such as `client_secret` or
    /// `password`) whose string values are credentials.
    #[serde(default)]
    pub secret_properties: Vec<String>,
    /// How the API paginates, besides the common conventions the generator
    /// knows (see `lower::pagination`).
    #[serde(default)]
    pub pagination: PaginationConventions,
    /// The headers the API reports rate limits in.
    #[serde(default)]
    pub rate_limit_headers: Option<RateLimitHeaderNames>,
    /// Runtime modules (e.g. `zoom`, for Server-to-Server OAuth) that the
    /// generated crate re-exports for its users.
    #[serde(default)]
    pub runtime_modules: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PaginationConventions {
    /// Query parameter and response field pairs of token pagination.
    #[serde(default)]
    pub tokens: Vec<TokenPagination>,
    /// Query parameter and response field of page-number pagination.
    #[serde(default)]
    pub page_numbers: Vec<PageNumberPagination>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TokenPagination {
    pub param: String,
    pub field: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageNumberPagination {
    pub param: String,
    pub count_field: String,
}

/// Header names, case-insensitive; any may be left out.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct RateLimitHeaderNames {
    pub limit: Option<String>,
    pub remaining: Option<String>,
    pub reset: Option<String>,
    pub category: Option<String>,
    pub kind: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErrorBody {
    /// The Rust name of the type, e.g. `ApiErrorBody`.
    pub name: String,
    /// An OpenAPI 3.0 schema object.
    pub schema: serde_json::Value,
}

#[derive(Debug, thiserror::Error)]
pub enum ProfileError {
    #[error("cannot read profile {path}")]
    Read { path: String, source: std::io::Error },
    #[error("profile {path} is not valid")]
    Parse { path: String, source: serde_yaml::Error },
}

impl Profile {
    /// Reads a profile from a YAML (or JSON) file.
    pub fn from_file(path: &Path) -> Result<Self, ProfileError> {
        let shown = path.display().to_string();
        let text =
            std::fs::read_to_string(path).map_err(|source| ProfileError::Read { path: shown.clone(), source })?;
        serde_yaml::from_str(&text).map_err(|source| ProfileError::Parse { path: shown, source })
    }
}
