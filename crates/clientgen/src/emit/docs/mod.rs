//! Spec prose (CommonMark with stray HTML, as real OpenAPI documents write it)
//! to rustdoc lines that read like hand-written Markdown.
//!
//! `split_blocks` (`blocks`) takes fenced code and tables out of the prose;
//! `decode` (`entities`) and `Inline::render` (`inline`, with `html` and
//! `links`) rewrite inline text (entities, HTML, links, brackets, bare URLs);
//! `layout` re-indents lines so that nothing becomes an indented code block
//! and, with `lazy`, so that no line continues a list item lazily; `finish`
//! tidies whitespace. This file holds the pipeline and the char-scanning
//! helpers all the steps share. The text is untrusted: scanning reads
//! `char` slices through `at`, which yields `'\0'` past the end (`normalize`
//! turns real NULs into spaces), closer searches stop after `MAX_SCAN` chars
//! and recursion after `MAX_DEPTH` levels. Where rustdoc's parser might read
//! something differently from us we escape it: a stray backslash beats a
//! rustdoc warning, and by far beats a doctest.

mod blocks;
mod entities;
mod html;
mod inline;
mod layout;
mod lazy;
mod links;
#[cfg(test)]
mod tests;

use blocks::{Block, Item, containers, split_blocks};
use entities::decode;
use inline::Inline;
use layout::{finish, layout};

/// rustc rejects these in comments (`text_direction_codepoint_in_comment`).
use crate::diagnostics::is_bidi_control as is_bidi;
use links::ref_labels;

/// Bounds closer searches, so thousands of unclosed tags cannot go quadratic.
const MAX_SCAN: usize = 4000;

/// Bounds recursion (tags within links within tags ...).
const MAX_DEPTH: usize = 8;

/// Turns a spec description (CommonMark with stray HTML, as real specs write it) into rustdoc lines.
///
/// Each line is returned *without* a leading space; the caller writes
/// `#[doc = " <line>"]` (and `#[doc = ""]` for an empty line). Entities are
/// decoded; `<br>`, `<b>`, `<i>`, `<code>`, `<p>`, `<a>`, lists and the like
/// become Markdown; unknown tags, stray brackets and unmatched backticks are
/// escaped; bare URLs are wrapped in `<...>`; root-relative links get
/// `link_base`. No doctest can come out: fences get a non-Rust info string
/// (`text` unless a plain language such as `json` was given) and indentation
/// that would make an indented code block is reduced. Trailing spaces are
/// trimmed (a hard break becomes a trailing `\`), blank runs collapse and
/// blank input gives an empty vec.
pub fn rustdoc_lines(text: &str, link_base: Option<&str>) -> Vec<String> {
    let mut items = Vec::new();
    for block in split_blocks(&normalize(text)) {
        match block {
            Block::Prose(prose) => {
                let decoded: Vec<char> = decode(&prose.chars().collect::<Vec<_>>(), false).chars().collect();
                let labels = ref_labels(&decoded);
                let rendered = Inline { base: link_base, labels: &labels, depth: 0 }.render(&decoded, false);
                items.extend(rendered.split('\n').map(|l| Item::Text(l.to_string())));
            }
            Block::Table(rows) => {
                let ctx = Inline { base: link_base, labels: &[], depth: 0 };
                items.extend(rows.iter().map(|row| Item::Text(ctx.table_row(row))));
            }
            Block::Fence(fence) => items.push(Item::Fence(fence)),
        }
    }
    finish(layout(&items))
}

/// `text` fit for one line of a doc comment: line breaks, tabs and other
/// control characters become spaces, and bidi controls and byte-order
/// marks go (rustc refuses a bare CR or a bidi control in a comment).
pub fn single_line(text: &str) -> String {
    text.chars()
        .filter(|&c| !is_bidi(c) && c != '\u{FEFF}')
        .map(|c| if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') { ' ' } else { c })
        .collect()
}

/// `text` as plain words on one line: whitespace runs become one space
/// and every character Markdown or HTML could read as markup is escaped,
/// so a title renders as it is written, whatever it holds.
pub fn plain_text(text: &str) -> String {
    let words = single_words(text);
    let mut out = String::with_capacity(words.len() + 8);
    for c in words.chars() {
        if c.is_ascii_punctuation() && !matches!(c, '.' | ',' | '\'' | '"' | '(' | ')' | '/' | '-' | '?' | ';') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// [`single_line`], with each run of whitespace one space and none at
/// either end.
pub fn single_words(text: &str) -> String {
    single_line(text).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `text` as a Markdown code span, whatever it holds: fenced by one more
/// backtick than its longest run of them, and padded where it starts or
/// ends with one, so no name can end the span early and be read as a link
/// or a tag.
pub fn code_span(text: &str) -> String {
    let text = single_line(text);
    if text.is_empty() {
        // "``" would open a span that a later backtick pair closes.
        return "`\"\"`".to_string();
    }
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') { " " } else { "" };
    format!("{fence}{pad}{text}{pad}{fence}")
}

fn at(cs: &[char], i: usize) -> char {
    cs.get(i).copied().unwrap_or('\0')
}

fn slice(cs: &[char], from: usize, to: usize) -> String {
    cs.get(from..to).map(|s| s.iter().collect()).unwrap_or_default()
}

fn starts_ci(cs: &[char], i: usize, pat: &str) -> bool {
    pat.chars().enumerate().all(|(k, p)| at(cs, i + k).eq_ignore_ascii_case(&p))
}

fn run_len(cs: &[char], i: usize, c: char) -> usize {
    cs.iter().skip(i).take_while(|&&x| x == c).count()
}

/// Skips spaces and at most `newlines` line breaks.
fn skip_ws(cs: &[char], mut i: usize, mut newlines: usize) -> usize {
    while at(cs, i) == ' ' || (at(cs, i) == '\n' && newlines > 0) {
        newlines -= usize::from(at(cs, i) == '\n');
        i += 1;
    }
    i
}

fn current_line(out: &str) -> &str {
    out.rsplit('\n').next().unwrap_or_default()
}

/// Does `s` end in a backslash that escapes what follows?
fn ends_escaping(s: &str) -> bool {
    (s.len() - s.trim_end_matches('\\').len()) % 2 == 1
}

/// Unifies line ends and expands leading tabs (they are indentation); other
/// tabs and control characters become spaces, as a bare CR or a bidi control
/// in a doc comment is a compile error.
fn normalize(text: &str) -> String {
    let (mut out, mut col, mut leading) = (String::with_capacity(text.len()), 0, true);
    for c in text.replace("\r\n", "\n").chars() {
        if matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}') {
            out.push('\n');
            (col, leading) = (0, true);
        } else if c == '\t' && leading {
            out.extend(std::iter::repeat_n(' ', 4 - col % 4));
            col += 4 - col % 4;
        } else if !is_bidi(c) && c != '\u{FEFF}' {
            out.push(if c.is_control() { ' ' } else { c });
            (col, leading) = (col + 1, leading && c == ' ');
        }
    }
    out
}

/// End (exclusive) of the code span opened by the backtick run at `i`.
fn code_span_end(cs: &[char], i: usize) -> Option<usize> {
    let n = run_len(cs, i, '`');
    let mut j = i + n;
    while j < cs.len().min(i + MAX_SCAN) && !block_break_at(cs, j) {
        let m = run_len(cs, j, '`');
        if m == n {
            return Some(j + m);
        }
        j += m.max(1);
    }
    None
}

/// Does the paragraph end at the newline at `i`? Code spans, links and tags
/// cannot cross this. Over-eager is safe: the opener is escaped or dropped.
fn block_break_at(cs: &[char], i: usize) -> bool {
    if at(cs, i) != '\n' {
        return false;
    }
    let start = cs.get(..i).unwrap_or_default().iter().rposition(|c| *c == '\n').map_or(0, |p| p + 1);
    let next: String = cs.iter().skip(i + 1).take_while(|c| **c != '\n').collect();
    // Headings and table rows end with their line.
    containers(&slice(cs, start, i)).1.starts_with(['#', '|']) || starts_block(&next) || next.trim().starts_with('|')
}

/// Could this line start a block, so that it never continues a paragraph?
fn starts_block(line: &str) -> bool {
    let t = line.trim();
    let fence = t.starts_with("```") || t.starts_with("~~~");
    let rule = t.chars().all(|c| "=-*_ ".contains(c));
    rule || fence || t.starts_with(['#', '<']) || containers(t).1.len() < t.len()
}
