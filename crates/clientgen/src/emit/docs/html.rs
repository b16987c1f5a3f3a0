//! HTML tags: those with a Markdown equivalent are converted, block tags
//! restructure lines, others vanish or are escaped.

use super::inline::{Inline, push_code, wrap_trimmed};
use super::links::{autolink_end, fix_dest, url_escape};
use super::{MAX_SCAN, at, block_break_at, code_span_end, current_line, run_len, skip_ws, slice, starts_ci};

struct Tag {
    name: String,
    close: bool,
    attrs: String,
    end: usize,
}

impl Inline<'_> {
    pub(super) fn angle(&self, cs: &[char], i: usize, out: &mut String, lists: &mut Vec<bool>, in_link: bool) -> usize {
        let comment =
            starts_ci(cs, i, "<!--").then(|| (i + 4..cs.len().min(i + MAX_SCAN)).find(|&j| starts_ci(cs, j, "-->")));
        if let Some(Some(e)) = comment {
            let word = current_line(out).rsplit(' ').next().unwrap_or_default();
            out.push_str(if word.contains("://") { " " } else { "" }); // as for tags below
            return e + 3; // invisible in HTML too
        }
        if let Some(end) = autolink_end(cs, i) {
            // In link text an autolink would nest links (and confuse `bare_urls`).
            let skip = usize::from(in_link);
            out.push_str(&slice(cs, i + skip, end - skip));
            return end;
        }
        let (tag, before) = (parse_tag(cs, i), out.len());
        if let Some(next) =
            tag.and_then(|t| self.inline_tag(cs, &t, out, in_link).or_else(|| block_tag(cs, &t, out, lists)))
        {
            // A vanished tag must not join an unwrapped `http://` to the text after it.
            let word = current_line(out).rsplit(' ').next().unwrap_or_default();
            if out.len() == before && word.contains("://") && !at(cs, next).is_whitespace() {
                out.push(' ');
            }
            return next;
        }
        // Escaped unless no tag can follow (`a < b`, `<= 5`), whatever we
        // emit next: `<[p](Foo)` renders to `<p`.
        let n = at(cs, i + 1);
        out.push_str(if n.is_whitespace() || n.is_ascii_digit() || matches!(n, '=' | '\0') { "<" } else { "\\<" });
        i + 1
    }

    /// Inline HTML with a Markdown equivalent; `None` if `t` is not such.
    fn inline_tag(&self, cs: &[char], t: &Tag, out: &mut String, in_link: bool) -> Option<usize> {
        let level = ["h1", "h2", "h3", "h4", "h5", "h6"].iter().position(|h| *h == t.name);
        let (open, close) = match t.name.as_str() {
            "b" | "strong" => ("**".to_string(), "**"),
            "i" | "em" => ("*".to_string(), "*"),
            "del" | "s" | "strike" => ("~~".to_string(), "~~"),
            // Paired, so that the heading's text stays on its one line.
            _ if level.is_some() => (format!("\n\n{} ", "#".repeat(level.unwrap_or(0) + 1)), "\n\n"),
            "code" | "tt" | "kbd" | "samp" => return Some(code_tag(cs, t, out)),
            "a" => return Some(self.anchor(cs, t, out, in_link)),
            "img" => {
                let alt: String =
                    attr(&t.attrs, "alt").unwrap_or_default().chars().filter(|c| !"[]\\".contains(*c)).collect();
                if let Some(src) = attr(&t.attrs, "src").and_then(|s| fix_dest(&url_escape(&s), self.base)) {
                    out.push_str(&format!("![{alt}]({src})"));
                }
                return Some(t.end);
            }
            _ => return None,
        };
        let (Some(ctx), Some((inner_end, end)), false) = (self.nested(), find_close(cs, t), t.close) else {
            // Stray or unclosed: drop the tag, keep the text; a heading still
            // separates blocks.
            return if level.is_some() { None } else { Some(t.end) };
        };
        let inner = ctx.render(cs.get(t.end..inner_end).unwrap_or_default(), in_link).replace('\n', " ");
        wrap_trimmed(out, &inner, &open, close);
        Some(end)
    }

    fn anchor(&self, cs: &[char], t: &Tag, out: &mut String, in_link: bool) -> usize {
        let href = attr(&t.attrs, "href").filter(|h| !h.trim().is_empty());
        let (Some(href), Some(ctx), Some((inner_end, end)), false) =
            (href, self.nested(), find_close(cs, t), in_link || t.close)
        else {
            return t.end; // no target: keep just the text
        };
        let text = ctx.render(cs.get(t.end..inner_end).unwrap_or_default(), true).replace('\n', " ");
        match fix_dest(&url_escape(href.trim()), self.base) {
            Some(dest) if text.trim().is_empty() && dest.contains("://") => out.push_str(&format!("<{dest}>")),
            Some(_) if text.trim().is_empty() => {}
            Some(dest) => wrap_trimmed(out, &text, "[", &format!("]({dest})")),
            None => out.push_str(&text),
        }
        end
    }
}

fn code_tag(cs: &[char], t: &Tag, out: &mut String) -> usize {
    let Some((inner_end, end)) = find_close(cs, t).filter(|_| !t.close) else {
        return t.end;
    };
    let code = slice(cs, t.end, inner_end).split_whitespace().collect::<Vec<_>>().join(" ");
    if !code.is_empty() {
        // The delimiter must be longer than any backtick run inside.
        let ticks = "`".repeat(code.split(|c| c != '`').map(str::len).max().unwrap_or(0) + 1);
        let pad = if code.starts_with('`') || code.ends_with('`') { " " } else { "" };
        push_code(out, &format!("{ticks}{pad}{code}{pad}{ticks}"));
    }
    end
}

/// HTML that structures blocks: line breaks, paragraphs, lists.
fn block_tag(cs: &[char], t: &Tag, out: &mut String, lists: &mut Vec<bool>) -> Option<usize> {
    match t.name.as_str() {
        "br" => {
            out.truncate(out.trim_end_matches(' ').len());
            out.push_str("  \n"); // a hard break; `finish` makes it a `\`
            return Some(skip_ws(cs, t.end, 1));
        }
        "ul" | "ol" if !t.close => {
            // A nested list starts on its first `<li>`'s line.
            out.push_str(if lists.is_empty() { "\n\n" } else { "" });
            lists.push(t.name == "ol");
        }
        "ul" | "ol" => {
            lists.pop();
            out.push_str(if lists.is_empty() { "\n\n" } else { "\n" });
        }
        "li" if !t.close => {
            // Only the innermost levels indent: deeper nesting is junk, and
            // unbounded indentation would make the output quadratic.
            let indent: usize = lists.iter().rev().skip(1).take(8).map(|&ordered| if ordered { 3 } else { 2 }).sum();
            let marker = if lists.last() == Some(&true) { "1." } else { "*" };
            out.truncate(out.trim_end_matches(' ').len());
            out.push_str(&format!("\n{}{marker} ", " ".repeat(indent)));
        }
        "li" => {}
        "hr" => out.push_str("\n\n---\n\n"),
        "td" | "th" => {
            out.push(' ');
            return Some(t.end);
        }
        "span" | "font" | "u" | "small" | "big" | "sup" | "sub" | "abbr" | "mark" | "ins" | "cite" | "label"
        | "wbr" | "nobr" | "q" => return Some(t.end),
        "p" | "div" | "pre" | "blockquote" | "section" | "article" | "aside" | "header" | "footer" | "nav" | "main"
        | "table" | "thead" | "tbody" | "tfoot" | "tr" | "center" | "dl" | "dt" | "dd" | "figure" | "figcaption"
        | "details" | "summary" | "caption" | "address" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
            out.push_str("\n\n")
        }
        _ => return None,
    }
    Some(skip_ws(cs, t.end, usize::MAX))
}

/// An HTML open or close tag at `cs[i] == '<'`, name lowercased.
fn parse_tag(cs: &[char], i: usize) -> Option<Tag> {
    let close = at(cs, i + 1) == '/';
    let start = i + 1 + usize::from(close);
    let len = cs.iter().skip(start).take_while(|c| c.is_ascii_alphanumeric() || **c == '-').count();
    if !at(cs, start).is_ascii_alphabetic() || !matches!(at(cs, start + len), '>' | '/' | ' ' | '\n') {
        return None;
    }
    let mut quote = None;
    for j in start + len..cs.len().min(start + MAX_SCAN) {
        match (quote, at(cs, j)) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, c @ ('"' | '\'')) => quote = Some(c),
            (None, '>') => {
                let name = slice(cs, start, start + len).to_ascii_lowercase();
                return Some(Tag { name, close, attrs: slice(cs, start + len, j), end: j + 1 });
            }
            (None, '<') => return None,
            _ => {}
        }
    }
    None
}

/// The close tag matching `t` (nesting counted) within the paragraph:
/// (start, end) of it.
fn find_close(cs: &[char], t: &Tag) -> Option<(usize, usize)> {
    let (mut depth, mut j) = (0usize, t.end);
    // Deep nesting is junk; giving up just drops the tag.
    while j < cs.len().min(t.end + MAX_SCAN) && depth < 32 && !block_break_at(cs, j) {
        match at(cs, j) {
            '`' => j = code_span_end(cs, j).unwrap_or(j + run_len(cs, j, '`')) - 1,
            '\\' => j += 1, // `\<` is no tag
            '<' if starts_ci(cs, j + 1 + usize::from(at(cs, j + 1) == '/'), &t.name) => {
                match parse_tag(cs, j).filter(|o| o.name == t.name) {
                    Some(o) if o.close && depth == 0 => return Some((j, o.end)),
                    Some(o) if o.close => depth -= 1,
                    Some(_) => depth += 1,
                    None => {}
                }
            }
            _ => {}
        }
        j += 1;
    }
    None
}

/// The value of attribute `name` in a tag's attribute text.
fn attr(attrs: &str, name: &str) -> Option<String> {
    let lower = attrs.to_ascii_lowercase();
    let mut from = 0;
    while let Some(pos) = lower.get(from..)?.find(name).map(|p| p + from) {
        from = pos + name.len();
        let value = attrs.get(from..)?.trim_start().strip_prefix('=').map(str::trim_start);
        if let (true, Some(v)) = (lower.get(..pos)?.ends_with(char::is_whitespace), value) {
            return Some(match v.chars().next() {
                Some(q @ ('"' | '\'')) => v.get(1..)?.split(q).next()?.to_string(),
                _ => v.split(char::is_whitespace).next()?.trim_end_matches('/').to_string(),
            });
        }
    }
    None
}
