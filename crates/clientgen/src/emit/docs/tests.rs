//! Unit tests of `rustdoc_lines`, case by case, plus stability and junk input.

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
        ("* `1` &mdash; Host &amp; panelists&#39; &#x263A; &hellip;&nbsp;&copy;", "* `1` — Host & panelists' ☺ … ©"),
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
        ("Use <userId> or <email>, not <T>; <span>x</span> a < b", "Use \\<userId> or \\<email>, not \\<T>; x a < b"),
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
        // rustdoc reads these info strings as attributes (`.class`, `#id`, `+attr`).
        ("```.net\nx\n```", "```text\nx\n```"),
        ("```#id\nx\n```", "```text\nx\n```"),
        ("```+json\nx\n```", "```text\nx\n```"),
        ("```c++\nx\n```", "```c++\nx\n```"),
    ]);
}

#[test]
fn no_line_continues_a_list_item_lazily() {
    check(&[
        // A note after the list, or a label, starts a paragraph; the item's
        // hard break goes, as nothing follows in its paragraph.
        (
            "* `1` - Admit all.\n If the `admit_type` equal `1`, this can not be `2`.",
            "* `1` - Admit all.\n\nIf the `admit_type` equal `1`, this can not be `2`.",
        ),
        ("* a.<br>\n**Error Code:** `1107`<br>\nBlocked.", "* a.\n\n**Error Code:** `1107`\\\nBlocked."),
        ("* a\n| x | y |\n|---|---|\n| 1 | 2 |", "* a\n\n| x | y |\n| --- | --- |\n| 1 | 2 |"),
        // Between items, going on the item's sentence, or within a code span,
        // it goes under the item.
        ("* a. <br> More on a.\n* b", "* a.\\\n  More on a.\n* b"),
        ("1. first line\nwraps here.", "1. first line\n   wraps here."),
        ("* a\n  * b\n  lazy text", "* a\n  * b\n    lazy text"),
        ("* `a\nB.` c", "* `a\n  B.` c"),
        // Paragraph text in an item sits at its column, not further.
        ("* a\n     b", "* a\n  b"),
        ("* 1. a\nb", "* 1. a\n     b"),
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
    for text in [
        "a <b>b</b> [c] https://d.e <br> `f` &amp;lt;",
        "* a\n\n        b\n```\nc",
        "x<br>y\n\n[l](/docs)",
        "* a.<br>\nB\n* c<br>\n**D**",
    ] {
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

#[test]
fn text_right_after_a_quote_goes_on_in_the_quote() {
    check(&[
        (
            "> **Note:** this endpoint is deprecated\nand will be removed.",
            "> **Note:** this endpoint is deprecated\n> and will be removed.",
        ),
        ("> > nested\nlazy", "> > nested\n> > lazy"),
        ("- > in list\n  lazy", "- > in list\n  > lazy"),
        ("> a\n>\n> b\nlazy", "> a\n>\n> b\n> lazy"),
        (">no space\nlazy", "> no space\n> lazy"),
        ("text\n> quote\nlazy", "text\n> quote\n> lazy"),
        // A blank line ends the quote; a list item or heading is no continuation.
        ("> a\n\nafter", "> a\n\nafter"),
        ("> a\n- item", "> a\n- item"),
        // What may be a table row or an underline ends the quote for every reader.
        ("> quote\n===", "> quote\n\n==="),
        ("> quote\n-x", "> quote\n\n-x"),
        ("> quote\n| a |\n|---|", "> quote\n\n| a |\n| --- |"),
    ]);
}

#[test]
fn lines_going_on_in_a_list_item_sit_at_its_column() {
    check(&[("- a\n     -x", "- a\n  -x"), ("- a\n     =b", "- a\n  =b"), ("- a\n     more", "- a\n  more")]);
}

#[test]
fn a_reference_label_with_markup_is_no_reference() {
    check(&[("[<b>]: http://x.example\n\nsee [<b>] here", "\\[\\]: <http://x.example>\n\nsee \\[\\] here")]);
}

#[test]
fn code_spans_hold_any_name() {
    use super::code_span;
    assert_eq!(code_span("a`b"), "``a`b``");
    assert_eq!(code_span("`a"), "`` `a ``");
    assert_eq!(code_span("a\nb"), "`a b`");
    // An empty span would pair with the next backtick in the line.
    assert_eq!(code_span(""), "`\"\"`");
}

#[test]
fn plain_text_is_read_as_written() {
    use super::plain_text;
    assert_eq!(plain_text("Pets & Co"), "Pets \\& Co");
    assert_eq!(plain_text("*[v2]* <b>x</b>\0 `y`"), "\\*\\[v2\\]\\* \\<b\\>x\\</b\\> \\`y\\`");
    assert_eq!(plain_text("A\n\n[ref]: http://a\t#1"), "A \\[ref\\]\\: http\\://a \\#1");
    assert_eq!(plain_text("Zoom Meeting API (v2.0), users' data"), "Zoom Meeting API (v2.0), users' data");
}
