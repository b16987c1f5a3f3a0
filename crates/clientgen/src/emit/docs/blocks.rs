//! Block structure: fences and tables taken out of the prose, and the list
//! markers and containers that open a line.

use super::run_len;

pub(super) enum Block {
    Prose(String),
    Fence(Fence),
    Table(Vec<String>),
}

/// A fenced code block, kept verbatim except for its info string.
pub(super) struct Fence {
    pub(super) indent: usize,
    pub(super) run: String,
    pub(super) info: String,
    pub(super) body: Vec<String>,
}

pub(super) enum Item {
    Text(String),
    Fence(Fence),
}

/// Takes fenced code (never touched inline) and GFM tables (rendered cell by
/// cell) out of the prose. Fences are found leniently, at any indentation and
/// after a list marker (`* ```json`), so that none can hide in the prose.
pub(super) fn split_blocks(text: &str) -> Vec<Block> {
    let (mut blocks, mut prose) = (Vec::new(), Vec::<String>::new());
    let mut lines = text.split('\n').peekable();
    while let Some(line) = lines.next() {
        let header = prose.last().filter(|h| h.contains('|') && is_delimiter_row(line)).cloned();
        let fence = fence_open(line);
        if fence.is_none() && header.is_none() {
            prose.push(line.to_string());
            continue;
        }
        prose.truncate(prose.len() - usize::from(header.is_some()));
        prose.extend(fence.as_ref().and_then(|f| f.0.clone()));
        if !prose.is_empty() {
            blocks.push(Block::Prose(std::mem::take(&mut prose).join("\n")));
        }
        if let Some(header) = header {
            let mut rows = vec![header, line.to_string()];
            // Rows run to a blank line; rendering a non-row cell by cell is harmless.
            rows.extend(std::iter::from_fn(|| lines.next_if(|l| !l.trim().is_empty())).map(str::to_string));
            blocks.push(Block::Table(rows));
        } else if let Some((_, indent, run, info)) = fence {
            let mut body = Vec::new();
            for l in lines.by_ref() {
                let rest = l.trim_start();
                if rest.starts_with(run.as_str()) && rest.trim_start_matches(['`', '~']).trim().is_empty() {
                    break;
                }
                // CommonMark strips the opener's indentation from the content.
                body.push(l.get((l.len() - rest.len()).min(indent)..).unwrap_or(l).to_string());
            }
            blocks.push(Block::Fence(Fence { indent, run, info, body }));
        }
    }
    if !prose.is_empty() {
        blocks.push(Block::Prose(prose.join("\n")));
    }
    blocks
}

pub(super) fn is_delimiter_row(line: &str) -> bool {
    let t = line.trim();
    t.contains('|') && t.contains('-') && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '))
}

/// A fence opener: (list marker line to keep, fence column, run, info).
fn fence_open(line: &str) -> Option<(Option<String>, usize, String, String)> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    let mut rest = line.trim_start_matches(' ');
    let mut marker = None;
    if let Some((m, content)) = list_item(rest).filter(|(_, c)| c.starts_with("```") || c.starts_with("~~~")) {
        marker = Some(format!("{}{m}", " ".repeat(indent)));
        rest = content;
    }
    let ch = rest.chars().next().filter(|c| matches!(c, '`' | '~'))?;
    let n = run_len(&rest.chars().collect::<Vec<_>>(), 0, ch);
    let info = rest.get(n..)?.trim();
    (n >= 3 && !(ch == '`' && info.contains('`')))
        .then(|| (marker, line.len() - rest.len(), ch.to_string().repeat(n), info.to_string()))
}

/// A list item line: (marker, content with leading spaces removed).
pub(super) fn list_item(s: &str) -> Option<(&str, &str)> {
    let digits = s.chars().take_while(char::is_ascii_digit).count();
    let len = match s.chars().next() {
        Some('*' | '-' | '+') => 1,
        _ if (1..=9).contains(&digits) && s.get(digits..).is_some_and(|r| r.starts_with(['.', ')'])) => digits + 1,
        _ => return None,
    };
    let (marker, after) = (s.get(..len)?, s.get(len..)?);
    let rule = s.chars().filter(|c| *c != ' ').count() >= 3 && s.chars().all(|c| c == ' ' || s.starts_with(c));
    (!rule && (after.is_empty() || after.starts_with(' '))).then(|| (marker, after.trim_start()))
}

/// An info string rustdoc will not compile: a plain language word is kept
/// (`json`); empty, Rust-ish (`rust`, `ignore`, `edition2021`, `E0277`, or
/// near misses like `compilefail` that draw a lint) or odd ones become `text`.
pub(super) fn fence_info(info: &str) -> String {
    let first = info.split([' ', ',']).next().unwrap_or_default();
    let lower = first.to_ascii_lowercase();
    // rustdoc reads `.class`, `#id` and a leading `+` or `-` as attributes.
    let plain = first.starts_with(|c: char| c.is_ascii_alphanumeric())
        && first.chars().all(|c| c.is_ascii_alphanumeric() || "+#.".contains(c));
    let error_code = lower.len() == 5 && lower.starts_with('e') && lower.chars().skip(1).all(|c| c.is_ascii_digit());
    let rusty = ["rust", "ignore", "compilefail", "shouldpanic", "norun", "testharness", "allowfail"];
    let rust = error_code || lower.starts_with("edition") || rusty.contains(&lower.as_str());
    if plain && !rust { first.to_string() } else { "text".to_string() }
}

/// Splits leading blockquote and list markers off, normalized to `"> * "`.
pub(super) fn containers(s: &str) -> (String, &str) {
    let (mut prefix, mut rest) = (String::new(), s.trim_start());
    loop {
        if let Some(r) = rest.strip_prefix('>') {
            prefix.push_str("> ");
            rest = r.trim_start();
        } else if let Some((marker, content)) = list_item(rest).filter(|(_, c)| c.len() < rest.len()) {
            prefix.push_str(&format!("{marker} "));
            rest = content;
        } else {
            return (prefix, rest);
        }
    }
}
