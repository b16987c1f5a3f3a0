//! Lazy continuation lines (text left of an open list item's column, right
//! after the item's text; text without `>` right after a quote's text): each
//! goes under the item or into the quote, or starts a paragraph, so that
//! clippy's `doc_lazy_continuation` has nothing to say.

use std::borrow::Cow;

use super::blocks::{Item, containers, is_delimiter_row, list_item};
use super::layout::{Kind, Out, line_kind};
use super::{at, run_len};

/// How far `list_goes_on` looks ahead, in lines.
const LOOKAHEAD: usize = 40;

/// A text line left of the innermost list item's content column, right after
/// text of that item, would continue the item's paragraph lazily. It is
/// indented under the item where it reads as part of it (it goes on the item's
/// sentence, or the list goes on after it) or where a blank line would break a
/// code span or link apart; otherwise (a `**Label:**`, a note after the list)
/// it starts a paragraph: a blank line goes before it.
pub(super) fn unlazy<'a>(
    line: &'a str,
    next: &[Item],
    stack: &[(usize, usize)],
    outs: &mut Vec<Out>,
    spans: &Spans,
) -> Cow<'a, str> {
    let (rest, in_indent) = (line.trim(), line.chars().take_while(|c| c.is_whitespace()).count());
    let (Some(prev), Some(&(col, _))) = (outs.last(), stack.last()) else {
        return Cow::Borrowed(line);
    };
    let text_open = matches!(prev.kind, Kind::Para | Kind::Item | Kind::Other);
    let kind = line_kind(rest);
    let block = rest.is_empty() || rest.starts_with('>') || list_item(rest).is_some() || kind == Kind::Closed;
    if !text_open || in_indent >= col || block {
        return Cow::Borrowed(line);
    }
    let indented = || Cow::Owned(format!("{}{}", " ".repeat(col), line.trim_start()));
    if spans.open() {
        // A span never goes on into a table row (see `block_break_at`): this
        // one is a false alarm, and stays put rather than join the item.
        return if rest.starts_with('|') { Cow::Borrowed(line) } else { indented() };
    }
    let ended = prev.hard || prev.text.ends_with(['.', '!', '?', ':', '\\']);
    let goes_on = !ended && rest.starts_with(char::is_lowercase);
    let table = matches!(next.first(), Some(Item::Text(l)) if is_delimiter_row(l));
    if kind == Kind::Para && !rest.starts_with("**") && !table && (goes_on || list_goes_on(next)) {
        return indented();
    }
    outs.push(Out { text: String::new(), kind: Kind::Blank, hard: false });
    Cow::Borrowed(line)
}

/// A text line right after a quote's text goes on the quote's paragraph, as
/// CommonMark reads it: it gets the quote's `>` markers (list markers before
/// them become spaces), so that it says so. A line that may be something
/// else (a table row, `===`, `-x`) is read differently by different parsers:
/// a blank line goes before it, so that the quote ends there for all of them.
pub(super) fn unlazy_quote<'a>(line: &'a str, outs: &mut Vec<Out>) -> Cow<'a, str> {
    let rest = line.trim();
    let Some(prev) = outs.last() else {
        return Cow::Borrowed(line);
    };
    let after_text = !matches!(prev.kind, Kind::Blank | Kind::Code | Kind::Closed);
    let body = prev.text.trim_start();
    let (prefix, content) = containers(body);
    let after_quote_text = after_text && prefix.contains('>') && line_kind(content) == Kind::Para;
    if !after_quote_text || content.is_empty() || rest.is_empty() || rest.starts_with('>') || list_item(rest).is_some()
    {
        return Cow::Borrowed(line);
    }
    match line_kind(rest) {
        Kind::Para => {
            let markers: String = prefix.chars().map(|c| if c == '>' { '>' } else { ' ' }).collect();
            Cow::Owned(format!("{}{markers}{rest}", &prev.text[..prev.text.len() - body.len()]))
        }
        Kind::Other => {
            outs.push(Out { text: String::new(), kind: Kind::Blank, hard: false });
            Cow::Borrowed(line)
        }
        _ => Cow::Borrowed(line),
    }
}

/// Does a list item come after the paragraph text that follows, and blank
/// lines? Looks `LOOKAHEAD` lines ahead at most.
fn list_goes_on(next: &[Item]) -> bool {
    let mut blank = false;
    for item in next.iter().take(LOOKAHEAD) {
        let Item::Text(line) = item else {
            return false;
        };
        let rest = line.trim();
        if rest.is_empty() {
            blank = true;
        } else if list_item(rest).is_some() {
            return true;
        } else if blank || line_kind(rest) != Kind::Para {
            return false;
        }
    }
    false
}

/// Inline constructs still open at the end of the paragraph so far, as
/// rendered: a code span or a link may go on over lines, and a blank line
/// would break it apart (a half link can become a broken intra-doc link).
/// Errs on the side of open, which only means indenting.
#[derive(Default)]
pub(super) struct Spans {
    /// The backtick run that opened a code span.
    code: Option<usize>,
    /// Unescaped `[` not yet closed.
    brackets: usize,
    /// In a link destination after `](`: parenthesis depth and open title quote.
    dest: Option<(usize, Option<char>)>,
}

impl Spans {
    pub(super) fn open(&self) -> bool {
        self.code.is_some() || self.brackets > 0 || self.dest.is_some()
    }

    /// Takes in the next line: a paragraph's text, or something that ends one.
    pub(super) fn follow(&mut self, out: &Out) {
        if !matches!(out.kind, Kind::Para | Kind::Other) {
            *self = Spans::default(); // a list item starts a paragraph
        }
        if !matches!(out.kind, Kind::Para | Kind::Other | Kind::Item) {
            return;
        }
        let cs: Vec<char> = out.text.chars().collect();
        let mut i = 0;
        while i < cs.len() {
            i = self.step(&cs, i);
        }
    }

    /// Reads what starts at `cs[i]`; returns where to go on.
    fn step(&mut self, cs: &[char], i: usize) -> usize {
        let c = at(cs, i);
        if let Some(n) = self.code {
            // In code a backslash is literal; only the same run closes.
            let m = run_len(cs, i, '`');
            self.code = self.code.filter(|_| m != n);
            return i + m.max(1);
        }
        if c == '\\' {
            return i + 2;
        }
        match (&mut self.dest, c) {
            (Some((_, quote)), c) if *quote == Some(c) => *quote = None,
            (Some((_, Some(_))), _) => {}
            (Some((_, quote)), '"' | '\'') => *quote = Some(c),
            (Some((depth, _)), '(') => *depth += 1,
            (Some((0, _)), ')') => self.dest = None,
            (Some((depth, _)), ')') => *depth -= 1,
            (Some(_), _) => {}
            (None, '`') => {
                let m = run_len(cs, i, '`');
                self.code = Some(m);
                return i + m;
            }
            (None, '[') => self.brackets += 1,
            (None, ']') => {
                self.brackets = self.brackets.saturating_sub(1);
                if at(cs, i + 1) == '(' {
                    self.dest = Some((0, None));
                    return i + 2;
                }
            }
            _ => {}
        }
        i + 1
    }
}
