//! Path parameters.

use std::fmt::Display;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// Everything but RFC 3986's unreserved characters: a value stays inside its
/// path segment whatever it holds (`/`, `?`, `#`, `%`, spaces, ...).
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// Percent-encodes a value for use as one path segment.
pub fn segment(value: impl Display) -> String {
    utf8_percent_encode(&value.to_string(), SEGMENT).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reserved_characters_stay_inside_the_segment() {
        assert_eq!(segment("a/b?c#d"), "a%2Fb%3Fc%23d");
        assert_eq!(segment("me@x.com"), "me%40x.com");
        assert_eq!(segment("50%"), "50%25");
        assert_eq!(segment("Tq_-.~1"), "Tq_-.~1");
        assert_eq!(segment(42), "42");
        assert_eq!(segment("é"), "%C3%A9");
    }
}
