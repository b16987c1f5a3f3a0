//! Doc comments for emitted items, made of paragraphs of spec text and
//! facts the generator adds.

use proc_macro2::TokenStream;
use quote::quote;

use super::Context;

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

    /// `#[doc = " ..."]` attributes, one per line, paragraphs apart.
    pub fn attrs(&self) -> TokenStream {
        self.lines(|line| quote!(#[doc = #line]))
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
