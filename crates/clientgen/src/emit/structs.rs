//! Structs for object schemas.

use proc_macro2::TokenStream;
use quote::quote;

use super::Context;
use super::rustdoc::{Doc, code};
use super::type_ref::{field_type, ident, is_optional, rust_type};
use crate::ir::{Constraints, Field, Struct, TypeDef};

const DERIVE: &str = "#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]";
/// For structs whose every field is optional.
const DERIVE_WITH_DEFAULT: &str = "#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]";

pub fn emit_struct(cx: &Context<'_>, def: &TypeDef, s: &Struct) -> TokenStream {
    let name = ident(&def.name);
    let default = s.fields.iter().all(is_optional);
    let derive = if default { DERIVE_WITH_DEFAULT } else { DERIVE };
    let doc = Doc::default()
        .spec_text(cx, def.description.as_deref())
        .or(format!("The `{}` object.", def.name))
        .attrs_then(&[derive]);
    let fields = s.fields.iter().map(|f| emit_field(cx, f));
    let additional = s.additional_properties.as_ref().map(|ty| {
        let ty = rust_type(ty);
        quote! {
            /// Properties besides the ones listed above.
            #[serde(flatten)]
            pub additional_properties: std::collections::BTreeMap<String, #ty>,
        }
    });
    let constructor = (cx.is_request_type(&def.name) && !default).then(|| emit_constructor(def, s));
    quote! {
        #doc
        pub struct #name {
            #(#fields)*
            #additional
        }
        #constructor
    }
}

/// Leaves an absent optional property out of the JSON, rather than `null`.
const SKIP_IF_NONE: &str = "#[serde(skip_serializing_if = \"Option::is_none\")]";

fn emit_field(cx: &Context<'_>, field: &Field) -> TokenStream {
    let name = ident(&field.rust_name);
    let ty = field_type(field);
    let skip: &[&str] = if field.required { &[] } else { &[SKIP_IF_NONE] };
    // In the order docs, rename, skip; the rename's width varies, so it goes through the formatter.
    let attrs = if field.rust_name == field.name {
        field_doc(cx, field).attrs_then(skip)
    } else {
        let doc = field_doc(cx, field).attrs();
        let wire = &field.name;
        let skip = Doc::default().attrs_then(skip);
        quote!(#doc #[serde(rename = #wire)] #skip)
    };
    quote! {
        #attrs
        pub #name: #ty,
    }
}

fn field_doc(cx: &Context<'_>, field: &Field) -> Doc {
    let mut doc = Doc::default().spec_text(cx, field.description.as_deref());
    let facts = field_facts(field);
    if !facts.is_empty() {
        doc = doc.line(facts.join(" "));
    }
    doc.or(format!("The {} property.", code(&field.name)))
}

/// Constraints, default and deprecation, as short sentences.
fn field_facts(field: &Field) -> Vec<String> {
    let mut facts = Vec::new();
    if field.deprecated {
        facts.push("Deprecated.".to_string());
    }
    facts.extend(constraint_facts(&field.constraints));
    if let Some(default) = &field.default {
        facts.push(format!("Default: {}.", code(&default.to_string())));
    }
    facts
}

fn constraint_facts(c: &Constraints) -> Vec<String> {
    let mut facts = Vec::new();
    if let Some(format) = &c.format {
        facts.push(format!("Format: {}.", code(format)));
    }
    let bounds = [
        (c.min_length.map(|n| n.to_string()), "At least {} characters."),
        (c.max_length.map(|n| n.to_string()), "At most {} characters."),
        (c.minimum.map(|n| n.to_string()), "Minimum: {}."),
        (c.maximum.map(|n| n.to_string()), "Maximum: {}."),
        (c.min_items.map(|n| n.to_string()), "At least {} items."),
        (c.max_items.map(|n| n.to_string()), "At most {} items."),
    ];
    facts.extend(bounds.into_iter().filter_map(|(value, text)| value.map(|v| text.replace("{}", &v))));
    if let Some(pattern) = &c.pattern {
        facts.push(format!("Pattern: {}.", code(&pattern.replace('`', "'"))));
    }
    facts
}

/// `new(required fields)`, for request types that cannot derive `Default`.
fn emit_constructor(def: &TypeDef, s: &Struct) -> TokenStream {
    let name = ident(&def.name);
    let required: Vec<&Field> = s.fields.iter().filter(|f| !is_optional(f)).collect();
    let args = required.iter().map(|f| {
        let name = ident(&f.rust_name);
        let ty = field_type(f);
        quote!(#name: #ty)
    });
    let inits = s.fields.iter().map(|f| {
        let name = ident(&f.rust_name);
        if is_optional(f) { quote!(#name: None,) } else { quote!(#name,) }
    });
    let additional = s.additional_properties.as_ref().map(|_| quote!(additional_properties: Default::default(),));
    let reason = "one argument per required property of the spec; a builder would not make that clearer";
    let allow = super::client::allow_many_arguments(required.len(), reason);
    quote! {
        impl #name {
            /// A value with the required properties set and the optional ones absent.
            #allow
            pub fn new(#(#args),*) -> Self {
                Self { #(#inits)* #additional }
            }
        }
    }
}
