//! Rust types for IR type references.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::{Field, Scalar, TypeRef};

/// An identifier the lowering stage already made valid.
pub fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// The Rust type of a value inside JSON.
pub fn rust_type(ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::Named(name) => {
            let name = ident(name);
            quote!(#name)
        }
        TypeRef::Scalar(scalar) => scalar_type(*scalar),
        TypeRef::Array(inner) => {
            let inner = rust_type(inner);
            quote!(Vec<#inner>)
        }
        TypeRef::Map(inner) => {
            let inner = rust_type(inner);
            quote!(std::collections::BTreeMap<String, #inner>)
        }
        TypeRef::Nullable(inner) => {
            let inner = rust_type(inner);
            quote!(Option<#inner>)
        }
        TypeRef::Any => quote!(serde_json::Value),
        TypeRef::Object => quote!(serde_json::Map<String, serde_json::Value>),
        TypeRef::Secret => quote!(clientgen_runtime::Secret),
        // A file part of a multipart body (inside JSON it travels as text).
        TypeRef::Bytes => quote!(clientgen_runtime::File),
    }
}

fn scalar_type(scalar: Scalar) -> TokenStream {
    match scalar {
        Scalar::String => quote!(String),
        Scalar::Bool => quote!(bool),
        Scalar::I32 => quote!(i32),
        Scalar::I64 => quote!(i64),
        Scalar::U32 => quote!(u32),
        Scalar::U64 => quote!(u64),
        Scalar::F32 => quote!(f32),
        Scalar::F64 => quote!(f64),
    }
}

/// Whether a field holds an `Option`: when it may be absent or null.
pub fn is_optional(field: &Field) -> bool {
    !field.required || field.nullable
}

/// A struct field's type: boxed when recursive, optional when it may be
/// missing or null.
pub fn field_type(field: &Field) -> TokenStream {
    let mut ty = rust_type(&field.ty);
    if field.boxed {
        ty = quote!(Box<#ty>);
    }
    if is_optional(field) { quote!(Option<#ty>) } else { ty }
}
