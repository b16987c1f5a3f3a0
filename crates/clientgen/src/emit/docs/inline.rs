//! The inline renderer: one pass over a paragraph's chars, handing tags, links
//! and code spans to their own code.

use super::blocks::containers;
use super::entities::decode;
use super::links::bare_url;
use super::{MAX_DEPTH, at, code_span_end, current_line, ends_escaping, run_len, slice};

pub(super) struct Inline<'a> {
    pub(super) base: Option<&'a str>,
    /// Link reference definitions: label key and offset of the `[`.
    pub(super) labels: &'a [(String, usize)],
    pub(super) depth: usize,
}

impl Inline<'_> {
    pub(super) fn nested(&self) -> Option<Inline<'_>> {
        (self.depth < MAX_DEPTH).then(|| Inline { depth: self.depth + 1, ..*self })
    }

    /// Renders inline Markdown with HTML. In link text (`in_link`) there are
    /// no nested links, autolinks or wrapped URLs.
    pub(super) fn render(&self, cs: &[char], in_link: bool) -> String {
        let (mut out, mut lists, mut i) = (String::with_capacity(cs.len() + 16), Vec::new(), 0);
        while i < cs.len() {
            let c = at(cs, i);
            let fence_pos = |out: &str| containers(current_line(out)).1.is_empty();
            let next = match c {
                '\\' if at(cs, i + 1).is_ascii_punctuation() => {
                    out.extend([c, at(cs, i + 1)]);
                    i + 2
                }
                '~' if run_len(cs, i, '~') >= 3 && fence_pos(&out) => {
                    out.push_str("\\~");
                    i + 1
                }
                '`' => match code_span_end(cs, i).filter(|_| run_len(cs, i, '`') < 3 || !fence_pos(&out)) {
                    Some(end) => {
                        push_code(&mut out, &slice(cs, i, end));
                        end
                    }
                    // Unmatched: it could pair with a span we add, or open a fence.
                    None => {
                        out.push_str(&"\\`".repeat(run_len(cs, i, '`')));
                        i + run_len(cs, i, '`')
                    }
                },
                '<' => self.angle(cs, i, &mut out, &mut lists, in_link),
                '!' | '[' => self.bracket(cs, i, &mut out, in_link),
                ']' => {
                    out.push_str("\\]");
                    i + 1
                }
                'h' | 'H' if !in_link => bare_url(cs, i, &mut out),
                _ => {
                    out.push(c);
                    i + 1
                }
            };
            i = next.max(i + 1);
        }
        out
    }

    /// GFM splits a row into cells before any inline parsing (even in code
    /// spans), so each cell is rendered on its own, and on one line.
    pub(super) fn table_row(&self, row: &str) -> String {
        let cs: Vec<char> = row.trim().chars().collect();
        let (mut cells, mut start, mut i) = (Vec::new(), 0, 0);
        while i <= cs.len() {
            match at(&cs, i) {
                '\\' => i += 1,
                '|' | '\0' => {
                    let cell: Vec<char> = decode(cs.get(start..i).unwrap_or_default(), false).chars().collect();
                    // Only inner breaks: a line starting with `<br>` is an HTML block.
                    cells.push(self.render(&cell, false).trim().replace("  \n", "<br>").replace('\n', " "));
                    start = i + 1;
                }
                _ => {}
            }
            i += 1;
        }
        cells.join(" | ").trim().to_string()
    }
}

/// `<b> x </b>` becomes ` **x** `: emphasis may not start or end with a space.
pub(super) fn wrap_trimmed(out: &mut String, inner: &str, open: &str, close: &str) {
    let trimmed = inner.trim();
    if trimmed.is_empty() {
        out.push_str(if inner.is_empty() { "" } else { " " });
        return;
    }
    if inner.starts_with(char::is_whitespace) && !out.ends_with(char::is_whitespace) {
        out.push(' ');
    }
    // A lone trailing `\` would escape our closing delimiter.
    let guard = if ends_escaping(trimmed) { "\\" } else { "" };
    out.push_str(&format!("{open}{trimmed}{guard}{close}"));
    out.push_str(if inner.ends_with(char::is_whitespace) { " " } else { "" });
}

/// Appends a code span; right after another one, the backtick runs must not merge.
pub(super) fn push_code(out: &mut String, span: &str) {
    if out.strip_suffix('`').is_some_and(|before| !ends_escaping(before)) {
        out.push(' ');
    }
    out.push_str(span);
}
