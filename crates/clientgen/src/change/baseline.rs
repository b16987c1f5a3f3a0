//! The baseline of a report: the IR a crate's committed output was made
//! from, read back from its committed insta snapshot.

use std::fs;
use std::path::Path;

use crate::ir::Api;

#[derive(Debug, thiserror::Error)]
pub enum BaselineError {
    #[error("cannot read {path}")]
    Read { path: String, source: std::io::Error },
    #[error("{path} is not YAML")]
    Yaml { path: String, source: serde_yaml::Error },
    #[error("{path} does not hold an IR snapshot")]
    Ir { path: String, source: serde_json::Error },
}

/// Reads an IR snapshot (`*__ir.snap`): an insta header between `---`
/// lines, then the IR as YAML.
pub fn read_snapshot(path: &Path) -> Result<Api, BaselineError> {
    let shown = path.display().to_string();
    let text = fs::read_to_string(path).map_err(|source| BaselineError::Read { path: shown.clone(), source })?;
    // Through a JSON value: the snapshot writes enum variants as one-key
    // maps, which serde_yaml reads only as YAML tags.
    let value: serde_json::Value = serde_yaml::from_str(snapshot_body(&text))
        .map_err(|source| BaselineError::Yaml { path: shown.clone(), source })?;
    serde_json::from_value(value).map_err(|source| BaselineError::Ir { path: shown, source })
}

/// The snapshot without its header (a snapshot may also have none).
fn snapshot_body(text: &str) -> &str {
    let Some(rest) = text.strip_prefix("---\n") else { return text };
    rest.split_once("\n---\n").map_or(rest, |(_, body)| body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_is_skipped() {
        assert_eq!(snapshot_body("---\nsource: x\n---\ntitle: T\n"), "title: T\n");
        assert_eq!(snapshot_body("title: T\n"), "title: T\n");
    }
}
