//! Links: inline, reference and autolinks, their definitions and destinations,
//! bare URLs and stray brackets.

use super::inline::Inline;
use super::{MAX_SCAN, at, block_break_at, code_span_end, ends_escaping, run_len, skip_ws, slice, starts_ci};

impl Inline<'_> {
    /// `[` or `![`: a link, a reference or its definition, or a stray bracket.
    pub(super) fn bracket(&self, cs: &[char], i: usize, out: &mut String, in_link: bool) -> usize {
        let image = at(cs, i) == '!';
        if image && at(cs, i + 1) != '[' {
            out.push('!');
            return i + 1;
        }
        let open = i + usize::from(image);
        let line_start = cs.get(..open).unwrap_or_default().iter().rev().take_while(|c| **c != '\n').all(|c| *c == ' ');
        let def = if line_start && !image { self.ref_def(cs, open) } else { None };
        if def.is_some() && !out.trim().is_empty() {
            // It followed a blank line in the input, which a replaced tag may
            // have eaten; without one it is no definition.
            out.truncate(out.trim_end().len());
            out.push_str("\n\n");
        }
        match def.or_else(|| self.link(cs, open, in_link)) {
            Some((text, end)) => {
                out.push_str(if image { "!" } else { "" });
                out.push_str(&text);
                end
            }
            None => {
                out.push_str(if image { "!" } else { "\\[" });
                open + usize::from(!image)
            }
        }
    }

    fn link(&self, cs: &[char], i: usize, in_link: bool) -> Option<(String, usize)> {
        let close = match_bracket(cs, i)?;
        let ctx = self.nested().filter(|_| !in_link)?;
        let inner = cs.get(i + 1..close).unwrap_or_default();
        let text = || ctx.render(inner, true).replace('\n', " ");
        if at(cs, close + 1) == '(' {
            let (dest, title, end) = parse_dest(cs, close + 2)?;
            return Some(match fix_dest(&dest, self.base) {
                Some(dest) => (format!("[{}]({dest}{title})", text()), end),
                None => (ctx.render(inner, false), end), // an item path to rustdoc: keep the text
            });
        }
        let raw = slice(cs, i + 1, close);
        if at(cs, close + 1) == '[' {
            let close2 = match_bracket(cs, close + 1)?;
            let label = slice(cs, close + 2, close2);
            let key = if label.trim().is_empty() { &raw } else { &label };
            return self.defined(key).then(|| (format!("[{}][{label}]", text()), close2 + 1));
        }
        self.defined(&raw).then(|| (format!("[{raw}]"), close + 1))
    }

    fn defined(&self, label: &str) -> bool {
        self.labels.iter().any(|(key, _)| *key == label_key(label))
    }

    /// A definition line `[label]: dest "title"` that `ref_labels` accepted.
    fn ref_def(&self, cs: &[char], i: usize) -> Option<(String, usize)> {
        // Offsets are into the whole prose, which only depth 0 renders.
        self.labels.iter().find(|(_, start)| *start == i && self.depth == 0)?;
        let eol = (i..cs.len()).find(|&j| at(cs, j) == '\n').unwrap_or(cs.len());
        let (label, dest, title) = parse_def(&slice(cs, i, eol))?;
        let dest = fix_dest(&dest, self.base)?;
        Some((format!("[{label}]: {dest} {title}").trim_end().to_string(), eol))
    }
}

/// A CommonMark autolink `<scheme:...>` or `<user@host>`, kept as it is. Only
/// well-known schemes: `<userId:123>` is a placeholder, not a link.
pub(super) fn autolink_end(cs: &[char], i: usize) -> Option<usize> {
    let len = cs.iter().skip(i + 1).take_while(|c| !matches!(c, '<' | '>' | ' ' | '\n')).count();
    let body = slice(cs, i + 1, i + 1 + len);
    let scheme = body.split(':').next().unwrap_or_default().to_ascii_lowercase();
    let url =
        body.contains(':') && ["http", "https", "ftp", "mailto", "tel", "file", "ws", "wss"].contains(&scheme.as_str());
    let email = body.split_once('@').is_some_and(|(u, h)| !u.is_empty() && h.contains('.') && !body.contains(':'));
    (at(cs, i + 1 + len) == '>' && (url || email)).then_some(i + len + 2)
}

/// The `]` matching the `[` at `i`, skipping escapes and code spans.
fn match_bracket(cs: &[char], i: usize) -> Option<usize> {
    let (mut depth, mut j) = (0usize, i);
    while j < cs.len().min(i + MAX_SCAN) && !block_break_at(cs, j) {
        match at(cs, j) {
            '\\' => j += 1,
            '`' => j = code_span_end(cs, j).unwrap_or(j + run_len(cs, j, '`')) - 1,
            '[' if depth >= 32 => return None, // junk; the `[` gets escaped
            '[' => depth += 1,
            ']' if depth <= 1 => return Some(j),
            ']' => depth -= 1,
            _ => {}
        }
        j += 1;
    }
    None
}

/// Parses `dest "title")` after `](`: (dest, " title" or "", end).
fn parse_dest(cs: &[char], start: usize) -> Option<(String, String, usize)> {
    let mut j = skip_ws(cs, start, 1);
    let dest_start = j;
    if at(cs, j) == '<' {
        j += cs.iter().skip(j).take_while(|c| !matches!(c, '>' | '\n' | '<')).count();
        if at(cs, j) != '>' {
            return None;
        }
        j += 1;
    } else {
        let mut depth = 0usize;
        loop {
            match at(cs, j) {
                '\\' if at(cs, j + 1).is_ascii_punctuation() => j += 1,
                '(' if depth < 32 => depth += 1,
                ')' if depth > 0 => depth -= 1,
                c if c.is_whitespace() || matches!(c, '\0' | '(' | ')') => break,
                _ => {}
            }
            j += 1;
        }
        if depth != 0 {
            return None; // parentheses in a destination must balance
        }
    }
    let (dest, mut k, mut title) = (slice(cs, dest_start, j), skip_ws(cs, j, 1), String::new());
    if let (true, q @ ('"' | '\'' | '(')) = (k > j, at(cs, k)) {
        let q = if q == '(' { ')' } else { q };
        let len = cs.iter().skip(k + 1).take_while(|c| **c != q).count();
        title = format!(" {}", slice(cs, k, k + len + 2));
        k = skip_ws(cs, k + len + 2, 1);
    }
    (at(cs, k) == ')').then_some((dest, title, k + 1))
}

/// Prefixes root-relative destinations with `base`. `None` where rustdoc
/// would take the destination for an item path (`[x](Foo)`, `[x](user:id)`):
/// that cannot resolve in generated code and would warn.
pub(super) fn fix_dest(dest: &str, base: Option<&str>) -> Option<String> {
    let (inner, angled) = dest.strip_prefix('<').and_then(|d| d.strip_suffix('>')).map_or((dest, false), |d| (d, true));
    let path = inner.split('#').next().unwrap_or_default().replace('`', "");
    let path_like = !path.trim().is_empty() && path.chars().all(|c| c.is_alphanumeric() || ":_<>, !*&;@()".contains(c));
    if !inner.contains('/') && (path_like || inner.matches('#').count() > 1) {
        return None;
    }
    let full = match base {
        Some(b) if inner.starts_with('/') && !inner.starts_with("//") => format!("{}{inner}", b.trim_end_matches('/')),
        _ => inner.to_string(),
    };
    Some(if angled { format!("<{full}>") } else { full })
}

pub(super) fn url_escape(url: &str) -> String {
    url.replace(' ', "%20").replace('(', "%28").replace(')', "%29").replace('<', "%3C").replace('>', "%3E")
}

/// A bare `http(s)://` URL at `i` becomes `<url>` (rustdoc's `bare_urls`);
/// trailing punctuation and an unbalanced `)` stay outside.
pub(super) fn bare_url(cs: &[char], i: usize, out: &mut String) -> usize {
    let scheme = if starts_ci(cs, i, "https://") {
        8
    } else if starts_ci(cs, i, "http://") {
        7
    } else {
        0
    };
    if scheme == 0 {
        out.push(at(cs, i));
        return i + 1;
    }
    let mut end = i + cs.iter().skip(i).take_while(|c| !c.is_whitespace() && !"<>\"`[]\0".contains(**c)).count();
    while end > i + scheme {
        let url = cs.get(i..end).unwrap_or_default();
        let unbalanced = url.iter().filter(|c| **c == ')').count() > url.iter().filter(|c| **c == '(').count();
        match at(cs, end - 1) {
            c if ".,:;!?'*_~\\".contains(c) || (c == ')' && unbalanced) => end -= 1,
            _ => break,
        }
    }
    if !cs.get(i + scheme..end).unwrap_or_default().iter().any(|c| c.is_alphanumeric()) {
        out.push(at(cs, i));
        return i + 1;
    }
    if ends_escaping(out) {
        out.push('\\'); // a literal `\` before us would escape the `<`
    }
    out.push_str(&format!("<{}>", slice(cs, i, end)));
    end
}

fn label_key(label: &str) -> String {
    label.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// Usable link reference definitions: (label key, offset of the `[`). One
/// counts only after a blank line (it cannot interrupt a paragraph) or after
/// another definition.
pub(super) fn ref_labels(cs: &[char]) -> Vec<(String, usize)> {
    let (mut defs, mut after_break, mut offset) = (Vec::new(), true, 0);
    for line in cs.iter().collect::<String>().split('\n') {
        let indent = line.chars().take_while(|c| *c == ' ').count();
        let def = parse_def(line).filter(|_| after_break && indent < 4);
        after_break = line.trim().is_empty() || def.is_some();
        defs.extend(def.map(|(label, _, _)| (label_key(&label), offset + indent)));
        offset += line.chars().count() + 1;
    }
    defs
}

/// `[label]: dest "title"` and nothing else on the line: (label, dest, title).
fn parse_def(line: &str) -> Option<(String, String, String)> {
    let (label, rest) = line.trim_start().strip_prefix('[')?.split_once("]:")?;
    let (dest, title) = rest.trim().split_once(char::is_whitespace).unwrap_or((rest.trim(), ""));
    let title = title.trim();
    let inner = title.get(1..title.len().saturating_sub(1)).unwrap_or_default();
    let quoted = [('"', '"'), ('\'', '\''), ('(', ')')]
        .iter()
        .any(|&(o, c)| title.len() >= 2 && title.starts_with(o) && title.ends_with(c) && !inner.contains([o, c, '\\']));
    let balanced = dest.matches('(').count() == dest.matches(')').count() && !dest.contains(['<', '>', '\\']);
    // A reference is written out as its label, raw: markup in it (a tag, an
    // entity, a code span) would reach rustdoc unrendered.
    let plain_label = !label.contains(['[', ']', '\\', '<', '>', '&', '`']);
    let ok = !label.trim().is_empty() && !label.starts_with('^') && plain_label && balanced;
    let ok = ok && (title.is_empty() || quoted) && fix_dest(dest, None).is_some();
    ok.then(|| (label.to_string(), dest.to_string(), title.to_string()))
}
