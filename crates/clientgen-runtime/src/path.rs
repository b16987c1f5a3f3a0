//! Path parameters.

use std::fmt::Display;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use crate::error::ValidationError;

/// Everything but RFC 3986's unreserved characters: a value stays inside its
/// path segment whatever it holds (`/`, `?`, `#`, `%`, spaces, ...).
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// Percent-encodes the value of path parameter `name` as one path segment.
///
/// `.`, `..` and the empty string are refused: URLs drop or merge such
/// segments (even percent-encoded), which would send the call elsewhere.
pub fn segment(name: &str, value: impl Display) -> Result<String, ValidationError> {
    let text = value.to_string();
    match text.as_str() {
        "" => Err(ValidationError::new(name, "is empty; a path parameter needs a value")),
        "." | ".." => Err(ValidationError::new(name, "cannot be `.` or `..`, which URLs treat as relative paths")),
        _ => Ok(utf8_percent_encode(&text, SEGMENT).to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encoded(value: impl Display) -> String {
        segment("id", value).unwrap_or_else(|e| e.to_string())
    }

    #[test]
    fn reserved_characters_stay_inside_the_segment() {
        assert_eq!(encoded("a/b?c#d"), "a%2Fb%3Fc%23d");
        assert_eq!(encoded("me@x.com"), "me%40x.com");
        assert_eq!(encoded("50%"), "50%25");
        assert_eq!(encoded("Tq_-.~1"), "Tq_-.~1");
        assert_eq!(encoded(42), "42");
        assert_eq!(encoded("é"), "%C3%A9");
        assert_eq!(encoded("..."), "...");
    }

    #[test]
    fn values_that_would_leave_their_segment_are_refused() {
        for value in ["", ".", ".."] {
            let error = segment("accountId", value).map(|_| ()).unwrap_err();
            assert_eq!(error.field, "accountId", "{value:?}");
        }
    }
}
