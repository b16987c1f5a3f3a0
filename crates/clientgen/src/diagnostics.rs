//! Diagnostics: what the generator has to say about a spec, each tied to
//! the JSON pointer of the node it is about.

use std::fmt;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The generator made a sensible choice the spec did not spell out.
    Warning,
    /// No correct client can be built from this input.
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// JSON pointer (RFC 6901) of the node concerned; `""` is the whole document.
    pub pointer: String,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(f, "{label}: {}", self.located())
    }
}

impl Diagnostic {
    /// `pointer: message`, without the severity.
    pub fn located(&self) -> String {
        let pointer = if self.pointer.is_empty() { "(the document)" } else { &self.pointer };
        format!("{}: {}", printable(pointer), printable(&self.message))
    }
}

/// Spec text as a terminal shows it plainly: control characters (a line
/// break that would forge a diagnostic of its own, an escape sequence) and
/// bidi controls (which reorder what is shown) escaped.
fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    let plain = |c: char| !c.is_control() && !is_bidi_control(c);
    if text.chars().all(plain) {
        return text.into();
    }
    text.chars().map(|c| if plain(c) { c.to_string() } else { c.escape_default().to_string() }).collect()
}

/// A bidi control: rustc refuses one in a comment or literal, and a
/// terminal reorders text around it.
pub(crate) fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// Collects diagnostics in the order they are found.
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn warn(&mut self, pointer: &Pointer, message: impl Into<String>) {
        self.push(Severity::Warning, pointer, message);
    }

    pub fn error(&mut self, pointer: &Pointer, message: impl Into<String>) {
        self.push(Severity::Error, pointer, message);
    }

    fn push(&mut self, severity: Severity, pointer: &Pointer, message: impl Into<String>) {
        self.items.push(Diagnostic { severity, pointer: pointer.to_string(), message: message.into() });
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// The diagnostics in the order found, each said once: a schema lowered
    /// from several places has the same thing said of it each time.
    pub fn into_vec(self) -> Vec<Diagnostic> {
        let mut seen = std::collections::BTreeSet::new();
        let mut items = self.items;
        items.retain(|d| seen.insert((d.severity, d.pointer.clone(), d.message.clone())));
        items
    }
}

/// A JSON pointer being built while walking a document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pointer(String);

impl Pointer {
    pub fn root() -> Self {
        Self(String::new())
    }

    /// The pointer one level down, escaping `~` and `/` as RFC 6901 says.
    pub fn join(&self, token: impl fmt::Display) -> Self {
        // Written straight into the new pointer: lowering joins one per node.
        let mut joined = EscapedToken(String::with_capacity(self.0.len() + 24));
        joined.0.push_str(&self.0);
        joined.0.push('/');
        let _ = fmt::write(&mut joined, format_args!("{token}"));
        Self(joined.0)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A pointer already written out, e.g. one kept in the IR.
    pub fn from_written(text: &str) -> Self {
        Self(text.to_string())
    }
}

/// A string that escapes what is written to it as a pointer's reference token.
struct EscapedToken(String);

impl fmt::Write for EscapedToken {
    fn write_str(&mut self, text: &str) -> fmt::Result {
        for c in text.chars() {
            match c {
                '~' => self.0.push_str("~0"),
                '/' => self.0.push_str("~1"),
                c => self.0.push(c),
            }
        }
        Ok(())
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_thing_said_twice_is_said_once() {
        let mut diags = Diagnostics::default();
        let ptr = Pointer::root().join("components");
        for message in ["a", "b", "a"] {
            diags.warn(&ptr, message);
        }
        diags.error(&ptr, "a");
        let said: Vec<String> = diags.into_vec().iter().map(ToString::to_string).collect();
        assert_eq!(said, ["warning: /components: a", "warning: /components: b", "error: /components: a"]);
    }

    #[test]
    fn spec_text_in_a_diagnostic_cannot_forge_lines_or_reorder_them() {
        let d = Diagnostic {
            severity: Severity::Warning,
            pointer: "/paths/~1a\nb".to_string(),
            message: "name \"x\u{202E}\nerror: forged\u{1b}[31m\"".to_string(),
        };
        assert_eq!(d.to_string(), "warning: /paths/~1a\\nb: name \"x\\u{202e}\\nerror: forged\\u{1b}[31m\"");
    }

    #[test]
    fn pointer_escapes_slash_and_tilde() {
        let p = Pointer::root().join("paths").join("/a/{b}~c").join("get");
        assert_eq!(p.as_str(), "/paths/~1a~1{b}~0c/get");
    }

    #[test]
    fn display_names_the_pointer() {
        let mut d = Diagnostics::default();
        d.warn(&Pointer::root().join("info"), "no title");
        let text = d.into_vec()[0].to_string();
        assert_eq!(text, "warning: /info: no title");
    }
}
