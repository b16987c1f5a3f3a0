//! A cheap bound on how deeply a YAML document nests `[...]` and `{...}`.
//!
//! libyaml, underneath `serde_yaml`, takes time quadratic in the flow
//! nesting depth before `serde_yaml`'s own recursion limit (128 levels)
//! refuses the document: 50 000 brackets take seconds. Counting first
//! refuses such a document at once.

/// Deeper than this is refused before parsing; far above what
/// `serde_yaml` reads, so a document it could read is never refused.
pub const MAX_FLOW_DEPTH: usize = 1000;

/// The line (1-based) where flow nesting first goes deeper than
/// [`MAX_FLOW_DEPTH`], if it does. Quoted scalars and comments are
/// skipped; brackets in block scalars are counted, which only matters for
/// text with a thousand more `[` than `]`.
pub fn too_deep_at(bytes: &[u8]) -> Option<usize> {
    let (mut depth, mut line) = (0usize, 1usize);
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        match byte {
            b'\n' => line += 1,
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_FLOW_DEPTH {
                    return Some(line);
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            b'#' if i == 0 || bytes[i - 1].is_ascii_whitespace() => i = skip_to_line_end(bytes, i),
            b'"' | b'\'' if starts_scalar(bytes, i) => {
                let end = skip_quoted(bytes, i, byte);
                line += bytes[i..end].iter().filter(|&&b| b == b'\n').count();
                i = end;
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// A quote opens a quoted scalar only where a scalar can start (not in
/// the middle of a plain one, as in `it's`).
fn starts_scalar(bytes: &[u8], i: usize) -> bool {
    i == 0 || matches!(bytes[i - 1], b' ' | b'\t' | b'\n' | b'\r' | b'[' | b'{' | b',' | b':' | b'-')
}

fn skip_to_line_end(bytes: &[u8], from: usize) -> usize {
    bytes[from..].iter().position(|&b| b == b'\n').map_or(bytes.len(), |p| from + p - 1)
}

/// The index of the closing quote (or the end): `\` escapes in double
/// quotes, `''` in single ones.
fn skip_quoted(bytes: &[u8], open: usize, quote: u8) -> usize {
    let mut i = open + 1;
    while let Some(&byte) = bytes.get(i) {
        if quote == b'"' && byte == b'\\' {
            i += 2;
            continue;
        }
        if byte == quote {
            if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') {
                i += 2;
                continue;
            }
            return i;
        }
        i += 1;
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_flow_nesting_is_found_on_its_line() {
        let deep = format!("a: 1\nb: {}{}\n", "[".repeat(MAX_FLOW_DEPTH + 1), "]".repeat(MAX_FLOW_DEPTH + 1));
        assert_eq!(too_deep_at(deep.as_bytes()), Some(2));
        let fine = format!("b: {}{}\n", "[".repeat(MAX_FLOW_DEPTH), "]".repeat(MAX_FLOW_DEPTH));
        assert_eq!(too_deep_at(fine.as_bytes()), None);
    }

    #[test]
    fn brackets_in_quotes_and_comments_do_not_count() {
        let many = "[".repeat(MAX_FLOW_DEPTH + 1);
        for text in [
            format!("a: \"{many}\"\n"),
            format!("a: '{many}'\n"),
            format!("a: 'it''s {many}'\n"),
            format!("a: \"say \\\" {many}\"\n"),
            format!("a: 1 # {many}\n"),
        ] {
            assert_eq!(too_deep_at(text.as_bytes()), None, "{text}");
        }
        // An apostrophe inside a plain scalar opens nothing.
        let plain = format!("a: it's\nb: {many}\n");
        assert_eq!(too_deep_at(plain.as_bytes()), Some(2));
    }
}
