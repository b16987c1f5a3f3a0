//! The report as text: stable (no times, no paths that vary), one line
//! per change, so snapshot tests can pin it and a reviewer can read it.

use super::Report;

/// The report of crate `name`, e.g.
///
/// ```text
/// zoom-users-master: additive, minor (1 change)
///   additive  field added  UsersResponse.nickname  (optional String)
/// ```
pub fn render(name: &str, report: &Report) -> String {
    let count = match report.changes.len() {
        0 => String::new(),
        1 => " (1 change)".to_string(),
        n => format!(" ({n} changes)"),
    };
    let mut text = format!("{name}: {}{count}\n", report.verdict());
    for change in &report.changes {
        let detail = if change.detail.is_empty() { String::new() } else { format!("  ({})", change.detail) };
        text.push_str(&format!("  {:<9} {}  {}{detail}\n", change.impact.as_str(), change.what, change.subject));
    }
    text
}

/// The report as the body of a changelog section: one list item per change.
pub fn changelog_entries(report: &Report) -> String {
    if report.changes.is_empty() {
        return "- No change to the Rust API (documentation or metadata only).\n".to_string();
    }
    let mut text = String::new();
    for change in &report.changes {
        let detail = if change.detail.is_empty() { String::new() } else { format!(" ({})", change.detail) };
        text.push_str(&format!("- {}: {} `{}`{detail}\n", change.impact.as_str(), change.what, change.subject));
    }
    text
}
