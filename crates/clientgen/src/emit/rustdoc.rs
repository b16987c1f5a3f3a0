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

/// Starts the text of a marker attribute: a private-use character, which no
/// doc comment the generator writes begins with.
pub const DOC_BLOCK_MARKER: char = '\u{E000}';

thread_local! {
    /// The doc comments set aside for the chunk this thread is emitting.
    static DOC_BLOCKS: RefCell<Option<Vec<Vec<String>>>> = const { RefCell::new(None) };
}

/// Runs `emit`, setting aside the doc comments it makes: they are returned
/// beside its result, each as the lines prettyplease would print for it,
/// and block `i` appears in the tokens as `#[doc = "\u{E000}i"]`.
pub fn collect_doc_blocks<T>(emit: impl FnOnce() -> T) -> (T, Vec<Vec<String>>) {
    let outer = DOC_BLOCKS.with(|blocks| blocks.replace(Some(Vec::new())));
    let result = emit();
    let blocks = DOC_BLOCKS.with(|blocks| blocks.replace(outer)).unwrap_or_default();
    (result, blocks)
}

/// Sets `lines` aside when a chunk collects doc blocks; returns the marker
/// that stands in for them.
fn set_aside(lines: Vec<String>) -> Result<TokenStream, Vec<String>> {
    DOC_BLOCKS.with(|blocks| match blocks.borrow_mut().as_mut() {
        Some(blocks) => {
            let marker = format!("{DOC_BLOCK_MARKER}{}", blocks.len());
            blocks.push(lines);
            Ok(quote!(#[doc = #marker]))
        }
        None => Err(lines),
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

    /// A paragraph the generator writes itself (already valid rustdoc).
    pub fn line(mut self, text: impl Into<String>) -> Self {
        self.paragraphs.push(vec![text.into()]);
        self
    }

    /// Adds `fallback` when nothing else was said, so no public item goes
    /// undocumented.
    pub fn or(self, fallback: impl Into<String>) -> Self {
        if self.paragraphs.is_empty() { self.line(fallback) } else { self }
    }

    /// `#[doc = " ..."]` attributes, one per line, paragraphs apart (or,
    /// while doc blocks are collected, the marker of one).
    pub fn attrs(&self) -> TokenStream {
        // A line break inside a line would make prettyplease write a block comment.
        if self.paragraphs.iter().flatten().any(|line| line.contains(['\n', '\r'])) {
            return self.lines(|line| quote!(#[doc = #line]));
        }
        match set_aside(self.printed_lines()) {
            Ok(marker) => marker,
            Err(_) => self.lines(|line| quote!(#[doc = #line])),
        }
    }

    /// The comment lines prettyplease prints for [`Doc::attrs`]: `///`
    /// and the line, without trailing spaces.
    fn printed_lines(&self) -> Vec<String> {
        let mut printed = Vec::new();
        for (i, paragraph) in self.paragraphs.iter().enumerate() {
            if i > 0 {
                printed.push("///".to_string());
            }
            for line in paragraph {
                let line = line.trim_end_matches(' ');
                printed.push(if line.is_empty() { "///".to_string() } else { format!("/// {line}") });
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
