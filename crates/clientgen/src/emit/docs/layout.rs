//! Line layout: indentation so that no indented code block forms, then
//! whitespace tidying.

use super::blocks::{Item, containers, fence_info, list_item};
use super::lazy::{Spans, unlazy, unlazy_quote};
use super::{is_bidi, run_len};

#[derive(Clone, Copy, PartialEq)]
pub(super) enum Kind {
    Blank,
    /// Paragraph text.
    Para,
    /// A list item with text.
    Item,
    /// A list item without text.
    Marker,
    /// A heading or rule: no paragraph continues after it.
    Closed,
    /// A quote, table row or setext underline: may be paragraph text.
    Other,
    Code,
}

pub(super) struct Out {
    pub(super) text: String,
    pub(super) kind: Kind,
    pub(super) hard: bool,
}

/// Re-indents lines so that no indented code block can form. The stack holds
/// each open list item's content column in the input and in the output; a
/// line sits at most 3 columns right of the innermost one (4 would be code),
/// and a line left of an item's column closes it. Closing an item too eagerly
/// only means more clamping, never code.
pub(super) fn layout(items: &[Item]) -> Vec<Out> {
    let (mut stack, mut outs, mut spans) = (Vec::new(), Vec::<Out>::new(), Spans::default());
    for (n, item) in items.iter().enumerate() {
        match item {
            Item::Text(line) => {
                let line = unlazy_quote(line, &mut outs);
                let line = unlazy(&line, items.get(n + 1..).unwrap_or_default(), &stack, &mut outs, &spans);
                let prev = outs.last().map_or(Kind::Blank, |o| o.kind);
                let out = place_line(&line, &mut stack, prev);
                spans.follow(&out);
                outs.push(out);
            }
            Item::Fence(f) => {
                spans = Spans::default();
                let pad = " ".repeat(clamp(f.indent, &mut stack).0);
                let code = |text: String| Out { text: text.trim_end().to_string(), kind: Kind::Code, hard: false };
                outs.push(code(format!("{pad}{}{}", f.run, fence_info(&f.info))));
                // All content at the fence's indentation, or the list item
                // (and so the fence) would end early.
                outs.extend(f.body.iter().map(|l| code(format!("{pad}{l}"))));
                outs.push(code(format!("{pad}{}", f.run)));
            }
        }
    }
    outs
}

/// Pops the list items `indent` leaves; returns (output indent, popped any).
fn clamp(indent: usize, stack: &mut Vec<(usize, usize)>) -> (usize, bool) {
    let before = stack.len();
    while stack.last().is_some_and(|&(col, _)| indent < col) {
        stack.pop();
    }
    (stack.last().map_or(0, |&(col, out)| out + (indent - col).min(3)), stack.len() < before)
}

fn place_line(line: &str, stack: &mut Vec<(usize, usize)>, prev: Kind) -> Out {
    let rest = line.trim();
    if rest.is_empty() {
        if prev == Kind::Marker {
            stack.pop(); // an item may start with at most one blank line
        }
        return Out { text: String::new(), kind: Kind::Blank, hard: false };
    }
    let in_indent = line.chars().take_while(|c| c.is_whitespace()).count();
    let (mut indent, popped) = clamp(in_indent, stack);
    let mut kind = line_kind(rest);
    if let (None, Some((marker, first))) = (rest.strip_prefix('>'), list_item(rest)) {
        // Only `*`, `-`, `+` or `1.` with text may interrupt a paragraph (and
        // any line that may be paragraph text counts as one, to be safe).
        let interrupts = matches!(prev, Kind::Para | Kind::Item | Kind::Other) && !popped;
        let may = !first.is_empty() && (marker.len() == 1 || marker.trim_end_matches(['.', ')']).parse() == Ok(1u32));
        if !interrupts || may {
            push_items(rest, (in_indent, indent), stack);
            kind = if first.is_empty() { Kind::Marker } else { Kind::Item };
        }
    }
    if matches!(kind, Kind::Para | Kind::Other) && matches!(prev, Kind::Para | Kind::Item) {
        // A paragraph (or a line that may go on one) going on in an item sits
        // at its column: more changes nothing but draws clippy's
        // `doc_overindented_list_items`.
        indent = stack.last().map_or(indent, |&(_, out)| out);
    }
    // One space after every `>` and list marker: more could make code there.
    let (prefix, content) = containers(rest);
    let text = format!("{}{prefix}{content}", " ".repeat(indent));
    Out { text: neutralize_fence(text.trim_end()), kind, hard: line.ends_with("  ") }
}

/// Pushes the list items that open on a line (`* 1. x` opens two): the
/// content column of each in the input and in the output.
fn push_items(rest: &str, (mut col, mut out): (usize, usize), stack: &mut Vec<(usize, usize)>) {
    let mut line = rest;
    while let Some((marker, first)) = list_item(line) {
        let gap = line.len() - marker.len() - line.get(marker.len()..).unwrap_or_default().trim_start().len();
        let gap = if (1..=4).contains(&gap) { gap } else { 1 }; // 5+: the text was code; no longer
        (col, out) = (col + marker.len() + gap, out + marker.len() + 1);
        stack.push((col, out));
        match list_item(first) {
            Some((_, inner)) if !inner.is_empty() => line = first,
            _ => break,
        }
    }
}

/// The kind of a trimmed line, list items aside.
pub(super) fn line_kind(rest: &str) -> Kind {
    let hashes = run_len(&rest.chars().take(7).collect::<Vec<_>>(), 0, '#');
    let heading = (1..=6).contains(&hashes) && rest.get(hashes..).is_some_and(|r| r.is_empty() || r.starts_with(' '));
    let rule = rest.len() >= 3 && ['*', '-', '_'].iter().any(|&m| rest.chars().all(|c| c == m || c == ' '));
    match rest.chars().next() {
        _ if heading || rule => Kind::Closed,
        Some('>' | '|' | '=' | '-') => Kind::Other,
        _ => Kind::Para,
    }
}

/// Escapes a fence opener that appears only after inline rendering (after a
/// quote marker, say): it would start an untyped code block, a doctest.
fn neutralize_fence(text: &str) -> String {
    let rest = containers(text).1;
    let fence = rest.starts_with("~~~") || (rest.starts_with("```") && !rest.trim_start_matches('`').contains('`'));
    match (fence, text.get(..text.len() - rest.len())) {
        (true, Some(head)) => format!("{head}\\{rest}"),
        _ => text.to_string(),
    }
}

/// Trailing spaces go; a hard break becomes a trailing `\`, where a paragraph
/// goes on; blank runs collapse; leading and trailing blank lines go.
pub(super) fn finish(mut outs: Vec<Out>) -> Vec<String> {
    let next_para: Vec<bool> = outs.iter().skip(1).map(|o| o.kind == Kind::Para).chain([false]).collect();
    for (o, next_para) in outs.iter_mut().zip(next_para) {
        if o.hard && next_para && matches!(o.kind, Kind::Para | Kind::Item) && !o.text.ends_with('\\') {
            o.text.push('\\');
        }
    }
    let mut lines: Vec<String> = Vec::new();
    for o in outs {
        if o.kind == Kind::Blank && lines.last().is_none_or(|l| l.is_empty()) {
            continue;
        }
        lines.push(o.text.chars().filter(|c| !is_bidi(*c)).map(|c| if c.is_control() { ' ' } else { c }).collect());
    }
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    lines
}
