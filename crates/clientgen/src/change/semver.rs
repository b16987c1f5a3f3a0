//! The version a report calls for.
//!
//! Pre-1.0 convention (Cargo's): in `0.x.y` the minor number is the
//! breaking one, so a breaking change bumps `x` and anything else bumps `y`.

/// How much a version must move.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Bump {
    None,
    Patch,
    Minor,
    Major,
}

impl Bump {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Patch => "patch",
            Self::Minor => "minor",
            Self::Major => "major",
        }
    }
}

/// `version` bumped by `bump`; `None` when `version` is not `x.y.z`.
pub fn bump_version(version: &str, bump: Bump) -> Option<String> {
    let numbers: Vec<u64> = version.split('.').map(|n| n.parse().ok()).collect::<Option<_>>()?;
    let [major, minor, patch] = numbers[..] else { return None };
    let next = match (bump, major) {
        (Bump::None, _) => (major, minor, patch),
        (Bump::Major, 0) => (0, minor + 1, 0),
        (Bump::Major, _) => (major + 1, 0, 0),
        (Bump::Minor | Bump::Patch, 0) => (0, minor, patch + 1),
        (Bump::Minor, _) => (major, minor + 1, 0),
        (Bump::Patch, _) => (major, minor, patch + 1),
    };
    Some(format!("{}.{}.{}", next.0, next.1, next.2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pre_1_0_breaking_bumps_the_minor_number() {
        assert_eq!(bump_version("0.1.0", Bump::Major).as_deref(), Some("0.2.0"));
        assert_eq!(bump_version("0.1.3", Bump::Minor).as_deref(), Some("0.1.4"));
        assert_eq!(bump_version("0.1.3", Bump::Patch).as_deref(), Some("0.1.4"));
        assert_eq!(bump_version("0.1.3", Bump::None).as_deref(), Some("0.1.3"));
    }

    #[test]
    fn post_1_0_follows_semver() {
        assert_eq!(bump_version("1.2.3", Bump::Major).as_deref(), Some("2.0.0"));
        assert_eq!(bump_version("1.2.3", Bump::Minor).as_deref(), Some("1.3.0"));
        assert_eq!(bump_version("1.2.3", Bump::Patch).as_deref(), Some("1.2.4"));
        assert_eq!(bump_version("1.2", Bump::Patch), None);
    }
}
