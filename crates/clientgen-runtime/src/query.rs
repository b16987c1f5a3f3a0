//! Query parameters, in the order the spec lists them.

use std::fmt::Display;

/// The query string of one request.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct QueryPairs(Vec<(&'static str, String)>);

impl QueryPairs {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, name: &'static str, value: impl Display) {
        self.0.push((name, value.to_string()));
    }

    /// An array: `name=a&name=b` when exploded (OpenAPI's default for
    /// queries), `name=a,b` otherwise.
    pub fn push_all<T: Display>(&mut self, name: &'static str, values: &[T], explode: bool) {
        if explode {
            for value in values {
                self.push(name, value);
            }
        } else {
            let joined: Vec<String> = values.iter().map(ToString::to_string).collect();
            self.push(name, joined.join(","));
        }
    }

    pub(crate) fn pairs(&self) -> &[(&'static str, String)] {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}
