//! Enums that keep values the spec does not list.
//!
//! Servers add enum members before specs catch up (Zoom's 201 answers
//! `app_type: "general"`, which its own response enum lacks), so every enum
//! has a last variant holding any other value as received, and writes it
//! back unchanged.

use std::fmt::Write;

use proc_macro2::{Ident, Literal};
use quote::quote;

use super::rustdoc::{Doc, code};
use super::type_ref::ident;
use super::{ChunkCode, Context};
use crate::ir::{Enum, EnumRepr, EnumValue, TypeDef, Variant};
use crate::lower::UNKNOWN_VARIANT;

pub fn emit_enum(cx: &Context<'_>, def: &TypeDef, e: &Enum) -> ChunkCode {
    let name = ident(&def.name);
    let unknown = ident(UNKNOWN_VARIANT);
    let (raw_type, derive, conversions) = match e.repr {
        EnumRepr::String => {
            (quote!(String), "#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]", "string_enum")
        }
        EnumRepr::Integer => {
            (quote!(i64), "#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]", "integer_enum")
        }
    };
    let doc = Doc::default()
        .spec_text(cx, def.description.as_deref())
        .or(format!("The `{}` values.", def.name))
        .attrs_then(&[derive]);
    let variants = e.variants.iter().map(|v| {
        let doc = Doc::default().line(code(&wire_text(&v.value))).spec_text(cx, v.description.as_deref());
        let doc = doc.attrs();
        let variant = ident(&v.rust_name);
        quote!(#doc #variant,)
    });
    let items = quote! {
        #doc
        pub enum #name {
            #(#variants)*
            /// A value this version of the spec does not list, kept as received.
            #unknown(#raw_type),
        }
    };
    ChunkCode { items, tables: conversions_table(conversions, &name, &e.variants), ..ChunkCode::default() }
}

fn wire_text(value: &EnumValue) -> String {
    match value {
        EnumValue::String(s) => format!("{s:?}"),
        EnumValue::Integer(n) => n.to_string(),
    }
}

/// The runtime macro call that implements the enum's conversions, one
/// `Variant => value` row per line (see `clientgen_runtime::string_enum!`).
/// Identifiers and literals are printed by `proc_macro2`, so raw
/// identifiers and escapes come out as in any other emitted code.
fn conversions_table(conversions: &str, name: &Ident, variants: &[Variant]) -> String {
    let mut table = format!("\nclientgen_runtime::{conversions}! {{\n    {name} {{\n");
    for v in variants {
        let value = match &v.value {
            EnumValue::String(s) => Literal::string(s),
            EnumValue::Integer(n) => Literal::i64_unsuffixed(*n),
        };
        let _ = writeln!(table, "        {} => {value},", ident(&v.rust_name));
    }
    let _ = write!(table, "        _ => {UNKNOWN_VARIANT},\n    }}\n}}\n");
    table
}
