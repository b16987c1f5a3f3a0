//! The generated crate's `CHANGELOG.md`: where its version lives. The
//! newest `## <version>` heading is the crate's version; `codegen --bump`
//! writes a section per version from the report.

/// The version a crate has before its changelog says otherwise.
pub const FIRST_VERSION: &str = "0.1.0";

/// The changelog's title, written when there is no changelog yet.
const TITLE: &str = "# Changelog\n\nWritten by `cargo xtask codegen --bump` from the API change report.\n";

/// The newest version the changelog names, if any.
pub fn latest_version(changelog: &str) -> Option<&str> {
    changelog
        .lines()
        .find_map(|line| line.strip_prefix("## "))
        .map(|rest| rest.split_whitespace().next().unwrap_or(rest))
}

/// `changelog` with a section for `version` holding `body` at the top; a
/// section for the same version already at the top is replaced, so
/// bumping again for the same baseline gives the same file.
pub fn with_section(changelog: &str, version: &str, body: &str) -> String {
    let changelog = if changelog.trim().is_empty() { TITLE } else { changelog };
    let mut sections: Vec<&str> = changelog.split("\n## ").collect();
    let head = sections.remove(0);
    if sections.first().and_then(|s| s.split_whitespace().next()) == Some(version) {
        sections.remove(0);
    }
    let mut text = format!("{}\n\n## {version}\n\n{}\n", head.trim_end(), body.trim_end());
    for section in sections {
        text.push_str(&format!("\n## {}\n", section.trim_end()));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_newest_heading_is_the_version() {
        assert_eq!(latest_version("# Changelog\n\n## 0.2.0\n\nx\n\n## 0.1.0\n"), Some("0.2.0"));
        assert_eq!(latest_version("# Changelog\n"), None);
    }

    #[test]
    fn a_section_goes_on_top_and_replaces_its_own_version() {
        let first = with_section("", "0.1.1", "- additive field added X.y");
        assert!(first.starts_with("# Changelog\n"), "{first}");
        assert!(first.ends_with("\n## 0.1.1\n\n- additive field added X.y\n"), "{first}");
        let second = with_section(&first, "0.2.0", "- breaking field removed X.z");
        assert_eq!(latest_version(&second), Some("0.2.0"));
        assert!(second.contains("## 0.2.0\n\n- breaking field removed X.z\n\n## 0.1.1\n\n- additive"), "{second}");
        let again = with_section(&second, "0.2.0", "- breaking field removed X.w");
        assert!(again.contains("## 0.2.0\n\n- breaking field removed X.w\n\n## 0.1.1\n"), "{again}");
        assert!(!again.contains("X.z"), "{again}");
    }
}
