//! Spec prose (CommonMark with stray HTML, as real OpenAPI documents write it)
//! to rustdoc lines that read like hand-written Markdown.
//!
//! `split_blocks` takes fenced code and tables out of the prose; `decode` and
//! `Inline::render` rewrite inline text (entities, HTML, links, brackets, bare
//! URLs); `layout` re-indents lines so that nothing becomes an indented code
//! block; `finish` tidies whitespace. The text is untrusted: scanning reads
//! `char` slices through `at`, which yields `'\0'` past the end (`normalize`
//! turns real NULs into spaces), closer searches stop after `MAX_SCAN` chars
//! and recursion after `MAX_DEPTH` levels. Where rustdoc's parser might read
//! something differently from us we escape it: a stray backslash beats a
//! rustdoc warning, and by far beats a doctest.

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

/// rustc rejects these in comments (`text_direction_codepoint_in_comment`).
fn is_bidi(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
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

// ----------------------------------------------------------------- inline

/// Named entities, each a name followed by its character (the space-like
/// ones are in `entity_at`). The Markdown metacharacters are here so that
/// `&ast;` keeps meaning a literal `*`.
const ENTITIES: &str = "amp& lt< gt> quot\" apos' mdash— ndash– minus− hellip… lsquo‘ rsquo’ sbquo‚ ldquo“ rdquo” bdquo„ \
    laquo« raquo» lsaquo‹ rsaquo› bull• middot· copy© reg® trade™ deg° plusmn± times× divide÷ microµ \
    para¶ sect§ cent¢ pound£ euro€ yen¥ larr← rarr→ uarr↑ darr↓ harr↔ lArr⇐ rArr⇒ le≤ ge≥ ne≠ asymp≈ \
    infin∞ frac12½ frac14¼ frac34¾ sup2² sup3³ dagger† Dagger‡ prime′ Prime″ iexcl¡ iquest¿ aacuteá \
    eacuteé iacuteí oacuteó uacuteú agraveà egraveè ecircê aumlä oumlö uumlü AumlÄ OumlÖ UumlÜ szligß \
    ccedilç ntildeñ aringå oslashø ast* lowbar_ lsqb[ rsqb] lbrack[ rbrack] grave` bsol\\ num# excl! \
    verbar| vert| lpar( rpar) colon: semi; comma, period. sol/ equals= plus+ quest? commat@ percnt% \
    dollar$";

/// The entity at `cs[i] == '&'`: its character and length.
fn entity_at(cs: &[char], i: usize) -> Option<(char, usize)> {
    let semi = (i + 1..cs.len().min(i + 34)).find(|&j| at(cs, j) == ';')?;
    let name = slice(cs, i + 1, semi);
    let c = if let Some(num) = name.strip_prefix('#') {
        let (digits, radix) = num.strip_prefix(['x', 'X']).map_or((num, 10), |hex| (hex, 16));
        if digits.is_empty() || digits.len() > 7 || !digits.chars().all(|c| c.is_digit(radix)) {
            return None;
        }
        char::from_u32(u32::from_str_radix(digits, radix).ok()?).filter(|&c| c != '\0').unwrap_or('\u{FFFD}')
    } else if matches!(name.as_str(), "nbsp" | "ensp" | "emsp" | "thinsp") {
        ' '
    } else {
        ENTITIES.split_whitespace().find_map(|w| {
            let mut rest = w.strip_prefix(name.as_str())?.chars();
            let c = rest.next().filter(|c| !c.is_ascii_alphanumeric())?;
            rest.next().is_none().then_some(c)
        })?
    };
    Some((c, semi + 1 - i))
}

/// Decodes entities. Outside code spans a decoded Markdown metacharacter is
/// escaped (whoever wrote `&#42;` meant a literal `*`), except `<` and `>`:
/// double-escaped HTML such as `&lt;br&gt;` is meant as HTML and gets the same
/// tag handling (unknown tags are escaped there). Code spans are literal, so
/// there only a backtick stays encoded.
fn decode(cs: &[char], in_code: bool) -> String {
    let (mut out, mut i, mut line_start) = (String::with_capacity(cs.len()), 0, true);
    while i < cs.len() {
        let c = at(cs, i);
        let mut step = 1;
        if !in_code && c == '\\' && at(cs, i + 1).is_ascii_punctuation() {
            out.extend([c, at(cs, i + 1)]);
            step = 2;
        } else if let (false, '`', Some(end)) = (in_code, c, code_span_end(cs, i)) {
            out.push_str(&decode(cs.get(i..end).unwrap_or_default(), true));
            step = end - i;
        } else if let Some((d, len)) = entity_at(cs, i).filter(|_| c == '&') {
            step = len;
            match d {
                '`' if in_code => out.push_str(&slice(cs, i, i + len)),
                '\n' if !in_code => out.push('\n'),
                d if d.is_control() || is_bidi(d) => out.push(' '),
                _ if in_code => out.push(d),
                '&' if looks_like_entity(cs, i + len) => out.push_str("\\&"),
                '>' if line_start => out.push_str("\\>"),
                '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '!' | '|' | '~' => out.extend(['\\', d]),
                d => out.push(d),
            }
        } else {
            out.push(c);
        }
        line_start = out.ends_with('\n') || (line_start && out.ends_with(' '));
        i += step;
    }
    out
}

fn looks_like_entity(cs: &[char], i: usize) -> bool {
    let n = cs.iter().skip(i).take_while(|c| c.is_ascii_alphanumeric() || **c == '#').count();
    n > 0 && at(cs, i + n) == ';'
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

struct Inline<'a> {
    base: Option<&'a str>,
    /// Link reference definitions: label key and offset of the `[`.
    labels: &'a [(String, usize)],
    depth: usize,
}

struct Tag {
    name: String,
    close: bool,
    attrs: String,
    end: usize,
}

impl Inline<'_> {
    fn nested(&self) -> Option<Inline<'_>> {
        (self.depth < MAX_DEPTH).then(|| Inline { depth: self.depth + 1, ..*self })
    }

    /// Renders inline Markdown with HTML. In link text (`in_link`) there are
    /// no nested links, autolinks or wrapped URLs.
    fn render(&self, cs: &[char], in_link: bool) -> String {
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

    fn angle(&self, cs: &[char], i: usize, out: &mut String, lists: &mut Vec<bool>, in_link: bool) -> usize {
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

    /// `[` or `![`: a link, a reference or its definition, or a stray bracket.
    fn bracket(&self, cs: &[char], i: usize, out: &mut String, in_link: bool) -> usize {
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

    /// GFM splits a row into cells before any inline parsing (even in code
    /// spans), so each cell is rendered on its own, and on one line.
    fn table_row(&self, row: &str) -> String {
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
fn wrap_trimmed(out: &mut String, inner: &str, open: &str, close: &str) {
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

/// Appends a code span; right after another one, the backtick runs must not merge.
fn push_code(out: &mut String, span: &str) {
    if out.strip_suffix('`').is_some_and(|before| !ends_escaping(before)) {
        out.push(' ');
    }
    out.push_str(span);
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

/// A CommonMark autolink `<scheme:...>` or `<user@host>`, kept as it is. Only
/// well-known schemes: `<userId:123>` is a placeholder, not a link.
fn autolink_end(cs: &[char], i: usize) -> Option<usize> {
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
fn fix_dest(dest: &str, base: Option<&str>) -> Option<String> {
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

fn url_escape(url: &str) -> String {
    url.replace(' ', "%20").replace('(', "%28").replace(')', "%29").replace('<', "%3C").replace('>', "%3E")
}

/// A bare `http(s)://` URL at `i` becomes `<url>` (rustdoc's `bare_urls`);
/// trailing punctuation and an unbalanced `)` stay outside.
fn bare_url(cs: &[char], i: usize, out: &mut String) -> usize {
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
fn ref_labels(cs: &[char]) -> Vec<(String, usize)> {
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
    let ok = !label.trim().is_empty() && !label.starts_with('^') && !label.contains(['[', ']', '\\']) && balanced;
    let ok = ok && (title.is_empty() || quoted) && fix_dest(dest, None).is_some();
    ok.then(|| (label.to_string(), dest.to_string(), title.to_string()))
}

// ----------------------------------------------------------------- blocks

enum Block {
    Prose(String),
    Fence(Fence),
    Table(Vec<String>),
}

/// A fenced code block, kept verbatim except for its info string.
struct Fence {
    indent: usize,
    run: String,
    info: String,
    body: Vec<String>,
}

enum Item {
    Text(String),
    Fence(Fence),
}

/// Takes fenced code (never touched inline) and GFM tables (rendered cell by
/// cell) out of the prose. Fences are found leniently, at any indentation and
/// after a list marker (`* ```json`), so that none can hide in the prose.
fn split_blocks(text: &str) -> Vec<Block> {
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

fn is_delimiter_row(line: &str) -> bool {
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
fn list_item(s: &str) -> Option<(&str, &str)> {
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
fn fence_info(info: &str) -> String {
    let first = info.split([' ', ',']).next().unwrap_or_default();
    let lower = first.to_ascii_lowercase();
    let plain = !first.is_empty() && first.chars().all(|c| c.is_ascii_alphanumeric() || "+#.".contains(c));
    let error_code = lower.len() == 5 && lower.starts_with('e') && lower.chars().skip(1).all(|c| c.is_ascii_digit());
    let rusty = ["rust", "ignore", "compilefail", "shouldpanic", "norun", "testharness", "allowfail"];
    let rust = error_code || lower.starts_with("edition") || rusty.contains(&lower.as_str());
    if plain && !rust { first.to_string() } else { "text".to_string() }
}

// ----------------------------------------------------------------- layout

#[derive(Clone, Copy, PartialEq)]
enum Kind {
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

struct Out {
    text: String,
    kind: Kind,
    hard: bool,
}

/// Re-indents lines so that no indented code block can form. The stack holds
/// each open list item's content column in the input and in the output; a
/// line sits at most 3 columns right of the innermost one (4 would be code),
/// and a line left of an item's column closes it. Closing an item too eagerly
/// only means more clamping, never code.
fn layout(items: &[Item]) -> Vec<Out> {
    let (mut stack, mut outs) = (Vec::new(), Vec::<Out>::new());
    for item in items {
        match item {
            Item::Text(line) => {
                let prev = outs.last().map_or(Kind::Blank, |o| o.kind);
                outs.push(place_line(line, &mut stack, prev));
            }
            Item::Fence(f) => {
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
    let (indent, popped) = clamp(in_indent, stack);
    let hashes = run_len(&rest.chars().take(7).collect::<Vec<_>>(), 0, '#');
    let heading = (1..=6).contains(&hashes) && rest.get(hashes..).is_some_and(|r| r.is_empty() || r.starts_with(' '));
    let rule = rest.len() >= 3 && ['*', '-', '_'].iter().any(|&m| rest.chars().all(|c| c == m || c == ' '));
    let mut kind = match rest.chars().next() {
        _ if heading || rule => Kind::Closed,
        Some('>' | '|' | '=' | '-') => Kind::Other,
        _ => Kind::Para,
    };
    if let (None, Some((marker, first))) = (rest.strip_prefix('>'), list_item(rest)) {
        // Only `*`, `-`, `+` or `1.` with text may interrupt a paragraph (and
        // any line that may be paragraph text counts as one, to be safe).
        let interrupts = matches!(prev, Kind::Para | Kind::Item | Kind::Other) && !popped;
        let may = !first.is_empty() && (marker.len() == 1 || marker.trim_end_matches(['.', ')']).parse() == Ok(1u32));
        if !interrupts || may {
            let gap = rest.len() - marker.len() - rest.get(marker.len()..).unwrap_or_default().trim_start().len();
            let gap = if (1..=4).contains(&gap) { gap } else { 1 }; // 5+: the text was code; no longer
            stack.push((in_indent + marker.len() + gap, indent + marker.len() + 1));
            kind = if first.is_empty() { Kind::Marker } else { Kind::Item };
        }
    }
    // One space after every `>` and list marker: more could make code there.
    let (prefix, content) = containers(rest);
    let text = format!("{}{prefix}{content}", " ".repeat(indent));
    Out { text: neutralize_fence(text.trim_end()), kind, hard: line.ends_with("  ") }
}

/// Splits leading blockquote and list markers off, normalized to `"> * "`.
fn containers(s: &str) -> (String, &str) {
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
fn finish(mut outs: Vec<Out>) -> Vec<String> {
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

#[cfg(test)]
mod tests {
    use super::rustdoc_lines;

    const BASE: Option<&str> = Some("https://developers.zoom.us");

    /// Each case: spec text, then the expected lines joined with `\n`.
    fn check(cases: &[(&str, &str)]) {
        for (text, want) in cases {
            assert_eq!(rustdoc_lines(text, BASE).join("\n"), *want, "input: {text:?}");
        }
    }

    #[test]
    fn zoom_operation_description_reads_as_written() {
        check(&[(
            "Create `General` apps. \n\n**[Scopes](https://developers.zoom.us/docs/s/):** `app:master`\n\n\n\
             **[Rate Limit Label](https://marketplace.zoom.us/docs/rate-limits#rate-limits):** `HEAVY`\n",
            "Create `General` apps.\n\n**[Scopes](https://developers.zoom.us/docs/s/):** `app:master`\n\n\
             **[Rate Limit Label](https://marketplace.zoom.us/docs/rate-limits#rate-limits):** `HEAVY`",
        )]);
    }

    #[test]
    fn entities_are_decoded() {
        check(&[
            (
                "* `1` &mdash; Host &amp; panelists&#39; &#x263A; &hellip;&nbsp;&copy;",
                "* `1` — Host & panelists' ☺ … ©",
            ),
            ("&ldquo;a&rdquo; &rsquo; &trade; &bogus; &#;", "“a” ’ ™ &bogus; &#;"),
            // A decoded metacharacter stays literal; a decoded `<` is HTML again.
            ("&#42;x&#42; &#91;0&#93; &amp;lt;", "\\*x\\* \\[0\\] \\&lt;"),
            ("&lt;b&gt;bold&lt;/b&gt; &lt;userId&gt;", "**bold** \\<userId>"),
            ("`a &amp; &lt;b&gt;`", "`a & <b>`"),
        ]);
    }

    #[test]
    fn html_becomes_markdown() {
        check(&[
            ("**Code:** `400` <br>\n Bad Request <BR/>x<br />y", "**Code:** `400`\\\nBad Request\\\nx\\\ny"),
            ("a <b> bold</b>, <strong>s</strong> <i>i</i> <em>e</em>", "a **bold**, **s** *i* *e*"),
            ("<code>c`d</code> <del>old</del> <tt>t</tt>", "``c`d`` ~~old~~ `t`"),
            (
                "One.<p>Two.</p>Three <a href=\"/docs/x\">link</a>",
                "One.\n\nTwo.\n\nThree [link](https://developers.zoom.us/docs/x)",
            ),
            (
                "Pick:<ul><li>one</li><li>two<ol><li>deep</li></ol></li></ul>Done.",
                "Pick:\n\n* one\n* two\n  1. deep\n\nDone.",
            ),
            (
                "Use <userId> or <email>, not <T>; <span>x</span> a < b",
                "Use \\<userId> or \\<email>, not \\<T>; x a < b",
            ),
            ("&lt;aside class='notice'&gt;Max one month.&lt;/aside&gt;<!-- hidden -->", "Max one month."),
        ]);
    }

    #[test]
    fn links_are_kept_based_and_bare_urls_wrapped() {
        check(&[
            ("See [limits](/docs/api/limits/).", "See [limits](https://developers.zoom.us/docs/api/limits/)."),
            ("Manifest: https://x.zoom.us/docs/m/. Or", "Manifest: <https://x.zoom.us/docs/m/>. Or"),
            ("(https://a.b/c_(d)), `https://in.code`", "(<https://a.b/c_(d)>), `https://in.code`"),
            (
                "[https://a.b](https://a.b) <https://c.d> http:// alone",
                "[https://a.b](https://a.b) <https://c.d> http:// alone",
            ),
            // rustdoc would resolve these as item paths, and warn: text only.
            ("[x](user:email) [y](Foo)", "x y"),
        ]);
        assert_eq!(rustdoc_lines("[a](/docs/x)", None), ["[a](/docs/x)"]);
    }

    #[test]
    fn stray_brackets_are_escaped() {
        check(&[
            (
                "[Deprecated] scopes[] [0] `a[0]` [User:Edit].",
                "\\[Deprecated\\] scopes\\[\\] \\[0\\] `a[0]` \\[User:Edit\\].",
            ),
            ("@\\[name](user:e)", "@\\[name\\](user:e)"),
            (
                "[docs][d] or [d].\n\n[d]: /docs/d \"D\"",
                "[docs][d] or [d].\n\n[d]: https://developers.zoom.us/docs/d \"D\"",
            ),
            ("[x][nope]", "\\[x\\]\\[nope\\]"),
        ]);
    }

    #[test]
    fn code_blocks_never_become_doctests() {
        check(&[
            ("```\nfn main() {}\n```", "```text\nfn main() {}\n```"),
            ("~~~rust,ignore\nx\n~~~", "~~~text\nx\n~~~"),
            ("```json title\n{\"a\": [1]}", "```json\n{\"a\": [1]}\n```"),
            ("List:\n\n    `a`: first\n\n        `b`: second", "List:\n\n`a`: first\n\n`b`: second"),
            (
                "* a\n\n        not code\n  * b\n\n          ```\n          x",
                "* a\n\n     not code\n  * b\n\n       ```text\n       x\n       ```",
            ),
            ("*\n\n    after an empty item\n-      five spaces", "*\n\nafter an empty item\n- five spaces"),
            ("Note<br>```\nx", "Note\\\n\\`\\`\\`\nx"),
            (">     quoted code\n> ```\n> y", "> quoted code\n> \\`\\`\\`\n> y"),
        ]);
    }

    #[test]
    fn tables_are_rendered_cell_by_cell() {
        check(&[("| a | b |\n|---|---|\n| `x | y` | 1<br>2 |", "| a | b |\n| --- | --- |\n| \\`x | y\\` | 1<br>2 |")]);
    }

    #[test]
    fn whitespace_is_tidied() {
        assert!(rustdoc_lines("", None).is_empty());
        assert!(rustdoc_lines(" \n\t\r\n  ", None).is_empty());
        assert_eq!(rustdoc_lines("\r\n\r\na  \r\n\r\n\r\n\r\nb\t\r\n\n", None), ["a", "", "b"]);
        check(&[("x\u{202E}y\u{7}z", "xy z")]);
    }

    #[test]
    fn output_is_stable_when_fed_back() {
        for text in ["a <b>b</b> [c] https://d.e <br> `f` &amp;lt;", "* a\n\n        b\n```\nc", "x<br>y\n\n[l](/docs)"]
        {
            let once = rustdoc_lines(text, BASE);
            assert_eq!(rustdoc_lines(&once.join("\n"), BASE), once, "input: {text:?}");
        }
    }

    /// Deterministic junk made of spec-like fragments: no panic, no trailing
    /// space, no fence without a (non-Rust) info string.
    #[test]
    fn survives_junk() {
        let parts = [
            "<b>",
            "</i>",
            "<a href='/x'>",
            "</a>",
            "<br>",
            "<ul><li>",
            "<code>",
            "&lt;",
            "&#x0;",
            "&#99999999;",
            "[",
            "](",
            ")",
            "`",
            "```",
            "~~~",
            "\n",
            "\n    ",
            "\n* ",
            "\n> ",
            "\n1. ",
            "|",
            "\n|-|\n",
            "https://a.b",
            "\\",
            "é",
            "🦀",
            "\t",
            "\r",
            "<!--",
            "[r]: /x",
            "&",
        ];
        let mut seed = 7u64;
        for _ in 0..3000 {
            let mut text = String::new();
            for _ in 0..seed % 24 {
                seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                text.push_str(parts[(seed >> 33) as usize % parts.len()]);
            }
            let mut in_fence = false;
            for line in rustdoc_lines(&text, BASE) {
                assert_eq!(line.trim_end(), line, "input: {text:?}");
                let t = line.trim_start();
                if t.starts_with("```") || t.starts_with("~~~") {
                    assert!(in_fence || t.len() > 3, "untyped fence from {text:?}");
                    in_fence = !in_fence;
                }
            }
        }
    }
}
