//! Enums that keep values the spec does not list.
//!
//! Servers add enum members before specs catch up (Zoom's 201 answers
//! `app_type: "general"`, which its own response enum lacks), so every enum
//! has a last variant holding any other value as received, and writes it
//! back unchanged.

use proc_macro2::TokenStream;
use quote::quote;

use super::Context;
use super::rustdoc::Doc;
use super::type_ref::ident;
use crate::ir::{Enum, EnumRepr, EnumValue, TypeDef, Variant};
use crate::lower::UNKNOWN_VARIANT;

pub fn emit_enum(cx: &Context<'_>, def: &TypeDef, e: &Enum) -> TokenStream {
    let name = ident(&def.name);
    let unknown = ident(UNKNOWN_VARIANT);
    let doc =
        Doc::default().spec_text(cx, def.description.as_deref()).or(format!("The `{}` values.", def.name)).attrs();
    let variants = e.variants.iter().map(|v| {
        let doc = Doc::default().line(format!("`{}`", wire_text(&v.value))).spec_text(cx, v.description.as_deref());
        let doc = doc.attrs();
        let variant = ident(&v.rust_name);
        quote!(#doc #variant,)
    });
    let (raw_type, derives) = match e.repr {
        EnumRepr::String => (quote!(String), quote!(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)),
        EnumRepr::Integer => (quote!(i64), quote!(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)),
    };
    let conversions = match e.repr {
        EnumRepr::String => string_conversions(def, e),
        EnumRepr::Integer => integer_conversions(def, e),
    };
    quote! {
        #doc
        #[derive(#derives)]
        pub enum #name {
            #(#variants)*
            /// A value this version of the spec does not list, kept as received.
            #unknown(#raw_type),
        }
        #conversions
    }
}

fn wire_text(value: &EnumValue) -> String {
    match value {
        EnumValue::String(s) => format!("{s:?}"),
        EnumValue::Integer(n) => n.to_string(),
    }
}

fn string_conversions(def: &TypeDef, e: &Enum) -> TokenStream {
    let name = ident(&def.name);
    let unknown = ident(UNKNOWN_VARIANT);
    let (variants, values) = variants_and_values(&e.variants);
    quote! {
        impl #name {
            /// The value as it travels on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#variants => #values,)*
                    Self::#unknown(value) => value,
                }
            }
        }

        impl From<String> for #name {
            fn from(value: String) -> Self {
                match value.as_str() {
                    #(#values => Self::#variants,)*
                    _ => Self::#unknown(value),
                }
            }
        }

        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                Self::from(value.to_string())
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                String::deserialize(deserializer).map(Self::from)
            }
        }
    }
}

fn integer_conversions(def: &TypeDef, e: &Enum) -> TokenStream {
    let name = ident(&def.name);
    let unknown = ident(UNKNOWN_VARIANT);
    let (variants, values) = variants_and_values(&e.variants);
    quote! {
        impl #name {
            /// The value as it travels on the wire.
            pub fn value(&self) -> i64 {
                match self {
                    #(Self::#variants => #values,)*
                    Self::#unknown(value) => *value,
                }
            }
        }

        impl From<i64> for #name {
            fn from(value: i64) -> Self {
                match value {
                    #(#values => Self::#variants,)*
                    _ => Self::#unknown(value),
                }
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{}", self.value())
            }
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.value())
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                i64::deserialize(deserializer).map(Self::from)
            }
        }
    }
}

/// Variant identifiers and their wire values as literals, in order.
fn variants_and_values(variants: &[Variant]) -> (Vec<proc_macro2::Ident>, Vec<TokenStream>) {
    variants
        .iter()
        .map(|v| {
            let value = match &v.value {
                EnumValue::String(s) => quote!(#s),
                EnumValue::Integer(n) => {
                    let literal = proc_macro2::Literal::i64_unsuffixed(*n);
                    quote!(#literal)
                }
            };
            (ident(&v.rust_name), value)
        })
        .unzip()
}
