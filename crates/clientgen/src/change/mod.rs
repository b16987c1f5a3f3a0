//! What changed in a generated crate's Rust API between two IRs, and what
//! that means for a downstream crate.
//!
//! The comparison reads IR values only (plain data), never the spec:
//! `compare` pairs operations, parameters, types, fields, enum members and
//! response statuses by what the Rust API calls them, classifies each
//! difference as breaking or additive, and `render` prints the report as
//! stable text.

mod baseline;
pub mod changelog;
mod operations;
mod render;
mod semver;
mod types;

use crate::ir::Api;

pub use baseline::{BaselineError, read_snapshot};
pub use render::{changelog_entries, render};
pub use semver::{Bump, bump_version};

/// What a difference means for a crate that depends on the generated one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Impact {
    /// Code that compiled against the old crate may not compile (or may
    /// behave differently) against the new one.
    Breaking,
    /// Only adds to the API; existing code keeps compiling.
    Additive,
}

impl Impact {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Breaking => "breaking",
            Self::Additive => "additive",
        }
    }
}

/// One difference in the Rust API.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Change {
    pub impact: Impact,
    /// What changed, e.g. `field added`.
    pub what: String,
    /// Where, in Rust terms, e.g. `CreateAppsRequest.app_name`.
    pub subject: String,
    /// Facts that help a reviewer, e.g. `optional String`.
    pub detail: String,
}

impl Change {
    fn new(impact: Impact, what: &str, subject: impl Into<String>, detail: impl Into<String>) -> Self {
        Self { impact, what: what.to_string(), subject: subject.into(), detail: detail.into() }
    }
}

/// Every API difference between two IRs of one crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// Breaking changes first, then additive ones, each in the new spec's order.
    pub changes: Vec<Change>,
    /// Whether anything at all differs (docs, examples, metadata included).
    pub ir_differs: bool,
}

impl Report {
    /// The version bump the changes call for.
    pub fn bump(&self) -> Bump {
        if self.changes.iter().any(|c| c.impact == Impact::Breaking) {
            Bump::Major
        } else if !self.changes.is_empty() {
            Bump::Minor
        } else if self.ir_differs {
            Bump::Patch
        } else {
            Bump::None
        }
    }

    /// The report's headline: e.g. `additive, minor`.
    pub fn verdict(&self) -> &'static str {
        match self.bump() {
            Bump::Major => "breaking, major",
            Bump::Minor => "additive, minor",
            Bump::Patch => "no API change, patch",
            Bump::None => "no change",
        }
    }
}

/// Compares the IR a crate was generated from (`old`) with the new one.
pub fn compare(old: &Api, new: &Api) -> Report {
    let renames = types::renamed_types(old, new);
    let mut changes = operations::compare(old, new, &renames);
    changes.extend(types::compare(old, new, &renames));
    // A stable sort: breaking first, spec order kept within each impact.
    changes.sort_by_key(|c| c.impact);
    Report { changes, ir_differs: old != new }
}
