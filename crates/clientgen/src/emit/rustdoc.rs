//! Doc comments for emitted items, made of paragraphs of spec text and
//! facts the generator adds.
//!
//! Spec prose is most of a generated crate's text. Sending it through the
//! formatter as `#[doc = "..."]` literals (escaped by `quote`, unescaped by
//! `syn`, printed by prettyplease) took a fifth of the generator's time,
//! and its lines come out exactly as they went in. So while a chunk is
//! emitted under [`collect_doc_blocks`], each doc comment is set aside and
//! one marker attribute stands in for it; the writer puts the comment's
//! lines in place of the marker's line after formatting (`write.rs`).

use std::cell::RefCell;

use proc_macro2::TokenStream;
use quote::quote;

use super::Context;

/// Starts the text of a marker attribute. Every doc line the generator
/// writes starts with a space (`/// text`) and holds no line break (so
/// prettyplease never prints a block comment), so no comment reads as a
/// marker; ASCII, so the literal needs no escaping.
pub const DOC_BLOCK_MARKER: &str = "@doc-block:";

/// A name or value from the spec as a code span (see [`super::docs::code_span`]).
pub fn code(text: &str) -> String {
    super::docs::code_span(text)
}

thread_local! {
    /// The doc comments set aside for the chunk this thread is emitting.
    static DOC_BLOCKS: RefCell<Option<Vec<String>>> = const { RefCell::new(None) };
}

/// Runs `emit`, setting aside the doc comments it makes: they are returned
/// beside its result, each as the lines prettyplease would print for it
/// (each ended by `\n`, not indented), and block `i` appears in the tokens
/// as `#[doc = "@doc-block:i"]`.
pub fn collect_doc_blocks<T>(emit: impl FnOnce() -> T) -> (T, Vec<String>) {
    let outer = DOC_BLOCKS.with(|blocks| blocks.replace(Some(Vec::new())));
    let result = emit();
    let blocks = DOC_BLOCKS.with(|blocks| blocks.replace(outer)).unwrap_or_default();
    (result, blocks)
}

fn is_collecting() -> bool {
    DOC_BLOCKS.with(|blocks| blocks.borrow().is_some())
}

/// Sets `lines` aside for the chunk being emitted; returns the marker that
/// stands in for them.
fn set_aside(lines: String) -> TokenStream {
    DOC_BLOCKS.with(|blocks| {
        let mut blocks = blocks.borrow_mut();
        let blocks = blocks.get_or_insert_with(Vec::new);
        let marker = format!("{DOC_BLOCK_MARKER}{}", blocks.len());
        blocks.push(lines);
        quote!(#[doc = #marker])
    })
}

/// A doc comment being put together, paragraph by paragraph.
#[derive(Default)]
pub struct Doc {
    paragraphs: Vec<Vec<String>>,
}

impl Doc {
    /// Spec text (Markdown with stray HTML), cleaned into rustdoc.
    pub fn spec_text(mut self, cx: &Context<'_>, text: Option<&str>) -> Self {
        if let Some(text) = text {
            let lines = cx.rustdoc_lines(text);
            if lines.iter().any(|l| !l.trim().is_empty()) {
                self.paragraphs.push(lines);
            }
        }
        self
    }

    /// A paragraph the generator writes itself (valid rustdoc, with any
    /// name from the spec in a [`code`] span), kept on one line.
    pub fn line(mut self, text: impl Into<String>) -> Self {
        self.paragraphs.push(vec![super::docs::single_line(&text.into())]);
        self
    }

    /// `label` and spec text in one paragraph when the text is one plain
    /// line (`label The user's ID.`); otherwise the label, then the text's
    /// own paragraphs (so a list or code block in it stays one).
    pub fn labelled(self, cx: &Context<'_>, label: &str, text: Option<&str>) -> Self {
        let Some(text) = text else { return self };
        let lines = cx.rustdoc_lines(text);
        match lines.as_slice() {
            [] => self,
            [line] if starts_as_text(line) => self.line(format!("{label} {line}")),
            _ => self.line(label).spec_text(cx, Some(text)),
        }
    }

    /// Adds `fallback` when nothing else was said, so no public item goes
    /// undocumented.
    pub fn or(self, fallback: impl Into<String>) -> Self {
        if self.paragraphs.is_empty() { self.line(fallback) } else { self }
    }

    /// `#[doc = " ..."]` attributes, one per line, paragraphs apart (or,
    /// while doc blocks are collected, the marker of one).
    pub fn attrs(&self) -> TokenStream {
        self.attrs_then(&[])
    }

    /// [`Doc::attrs`], then `attributes`, each written out as prettyplease
    /// prints it (so short enough for one line): while doc blocks are
    /// collected they travel in the comment's block, past the formatter.
    pub fn attrs_then(&self, attributes: &[&str]) -> TokenStream {
        if is_collecting() {
            let mut lines = self.printed_lines();
            for attribute in attributes {
                lines.push_str(attribute);
                lines.push('\n');
            }
            return if lines.is_empty() { TokenStream::new() } else { set_aside(lines) };
        }
        let mut tokens = self.lines(|line| quote!(#[doc = #line]));
        // Attributes the generator writes itself: they always parse.
        tokens.extend(attributes.iter().filter_map(|a| a.parse::<TokenStream>().ok()));
        tokens
    }

    /// The comment lines prettyplease prints for [`Doc::attrs`]: `///`
    /// and the line, without trailing spaces, each ended by `\n`.
    fn printed_lines(&self) -> String {
        let mut printed = String::new();
        for (i, paragraph) in self.paragraphs.iter().enumerate() {
            if i > 0 {
                printed.push_str("///\n");
            }
            for line in paragraph {
                let line = line.trim_end_matches(' ');
                printed.push_str(if line.is_empty() { "///" } else { "/// " });
                printed.push_str(line);
                printed.push('\n');
            }
        }
        printed
    }

    /// `#![doc = " ..."]`: the same for a module's own docs.
    pub fn inner_attrs(&self) -> TokenStream {
        self.lines(|line| quote!(#![doc = #line]))
    }

    fn lines(&self, attr: impl Fn(String) -> TokenStream) -> TokenStream {
        let mut out = TokenStream::new();
        for (i, paragraph) in self.paragraphs.iter().enumerate() {
            if i > 0 {
                out.extend(attr(String::new()));
            }
            for line in paragraph {
                let line = if line.is_empty() { String::new() } else { format!(" {line}") };
                out.extend(attr(line));
            }
        }
        out
    }
}

/// Does a rendered line start with words (or a code span), not a block's
/// marker (a list item, heading, quote, table or fence)?
fn starts_as_text(line: &str) -> bool {
    let first = line.chars().next();
    first.is_some_and(char::is_alphabetic) || (first == Some('`') && !line.starts_with("```"))
}
