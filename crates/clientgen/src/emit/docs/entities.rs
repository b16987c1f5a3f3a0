//! HTML entities: decoding them, with Markdown metacharacters kept literal.

use super::{at, code_span_end, is_bidi, slice};

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
pub(super) fn decode(cs: &[char], in_code: bool) -> String {
    let (mut out, mut i, mut line_start) = (String::with_capacity(cs.len()), 0, true);
    while i < cs.len() {
        let c = at(cs, i);
        let mut step = 1;
        if !in_code && c == '\\' && at(cs, i + 1).is_ascii_punctuation() {
            out.extend([c, at(cs, i + 1)]);
            step = 2;
        } else if let Some(end) = (!in_code && c == '`').then(|| code_span_end(cs, i)).flatten() {
            out.push_str(&decode(cs.get(i..end).unwrap_or_default(), true));
            step = end - i;
        } else if let Some((d, len)) = (c == '&').then(|| entity_at(cs, i)).flatten() {
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
