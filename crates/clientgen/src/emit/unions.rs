//! Enums for `oneOf`/`anyOf`: one variant per alternative, written as the
//! alternative itself, and read by tag or by best fit, with a last variant
//! that keeps a value no alternative reads.

use proc_macro2::TokenStream;
use quote::quote;

use super::Context;
use super::rustdoc::Doc;
use super::type_ref::{ident, rust_type};
use crate::ir::{TypeDef, Union, UnionVariant};
use crate::lower::UNKNOWN_VARIANT;

pub fn emit_union(cx: &Context<'_>, def: &TypeDef, union: &Union) -> TokenStream {
    let name = ident(&def.name);
    let unknown = ident(UNKNOWN_VARIANT);
    let doc = Doc::default()
        .spec_text(cx, def.description.as_deref())
        .or(format!("One of several types: `{}`.", def.name))
        .attrs();
    let variants = union.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let ty = variant_type(v);
        let doc = Doc::default().line(format!("The `{}` alternative.", v.rust_name)).attrs();
        quote!(#doc #variant(#ty),)
    });
    let deserialize = match &union.tag {
        Some(tag) => deserialize_by_tag(def, union, tag),
        None => deserialize_by_fit(def, union),
    };
    quote! {
        #doc
        #[allow(
            clippy::large_enum_variant,
            reason = "variants hold whole bodies; boxing each would cost an allocation per value to save stack space"
        )]
        #[derive(Debug, Clone, PartialEq, serde::Serialize)]
        #[serde(untagged)]
        pub enum #name {
            #(#variants)*
            /// A value none of the alternatives reads, kept as received.
            #unknown(serde_json::Value),
        }
        #deserialize
    }
}

fn variant_type(variant: &UnionVariant) -> TokenStream {
    let ty = rust_type(&variant.ty);
    if variant.boxed { quote!(Box<#ty>) } else { ty }
}

/// Reads the tag property and parses the variant it names.
fn deserialize_by_tag(def: &TypeDef, union: &Union, tag: &str) -> TokenStream {
    let name = ident(&def.name);
    let unknown = ident(UNKNOWN_VARIANT);
    let arms = union.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let values = &v.tag_values;
        quote!(Some(#(#values)|*) => serde_json::from_value(value).map(Self::#variant).map_err(serde::de::Error::custom),)
    });
    quote! {
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = serde_json::Value::deserialize(deserializer)?;
                match value.get(#tag).and_then(serde_json::Value::as_str) {
                    #(#arms)*
                    _ => Ok(Self::#unknown(value)),
                }
            }
        }
    }
}

/// Tries the alternatives whose properties fit the value best first.
fn deserialize_by_fit(def: &TypeDef, union: &Union) -> TokenStream {
    let name = ident(&def.name);
    let unknown = ident(UNKNOWN_VARIANT);
    let outlines = union.variants.iter().map(|v| {
        let names = &v.properties;
        let enums = v.enum_properties.iter().map(|e| {
            let (name, values) = (&e.name, &e.values);
            quote!((#name, &[#(#values),*]))
        });
        quote!(clientgen_runtime::union::Outline { properties: &[#(#names),*], enums: &[#(#enums),*] })
    });
    let arms = union.variants.iter().enumerate().map(|(i, v)| {
        let variant = ident(&v.rust_name);
        let i = proc_macro2::Literal::usize_unsuffixed(i);
        quote!(#i => serde_json::from_value(value.clone()).map(Self::#variant).ok(),)
    });
    quote! {
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = serde_json::Value::deserialize(deserializer)?;
                for candidate in clientgen_runtime::union::by_fit(&value, &[#(#outlines),*]) {
                    let parsed = match candidate {
                        #(#arms)*
                        _ => None,
                    };
                    if let Some(parsed) = parsed {
                        return Ok(parsed);
                    }
                }
                Ok(Self::#unknown(value))
            }
        }
    }
}
