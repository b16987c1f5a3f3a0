//! `Validate` impls: the checks a request must pass before it is sent.
//!
//! Only what is unambiguous is checked: lengths, bounds, item counts and the
//! `email` format. `pattern` is not, since ECMA-262 and Rust regexes differ.

use std::collections::BTreeSet;

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::Context;
use super::type_ref::{ident, is_optional};
use crate::ir::{Constraints, Field, Scalar, TypeDef, TypeKind, TypeRef};

/// Request types that have something to check, in themselves or in a part.
pub fn types_needing_validation(cx: &Context<'_>) -> BTreeSet<String> {
    let structs: Vec<&TypeDef> = cx.api.types.iter().filter(|t| cx.is_request_type(&t.name)).collect();
    let mut found: BTreeSet<String> = structs.iter().filter(|t| has_own_checks(t)).map(|t| t.name.clone()).collect();
    // Grow to a fixed point: a type needs validation if a part does.
    loop {
        let before = found.len();
        for def in &structs {
            if super::type_parts(def).into_iter().any(|ty| refers_to_any(ty, &found)) {
                found.insert(def.name.clone());
            }
        }
        if found.len() == before {
            return found;
        }
    }
}

fn has_own_checks(def: &TypeDef) -> bool {
    match &def.kind {
        TypeKind::Struct(s) => s.fields.iter().any(|f| !field_checks(f, quote!(value)).is_empty()),
        _ => false,
    }
}

fn refers_to_any(ty: &TypeRef, names: &BTreeSet<String>) -> bool {
    match ty {
        TypeRef::Named(name) => names.contains(name),
        TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => refers_to_any(inner, names),
        _ => false,
    }
}

/// `impl Validate` for a struct or alias that needs one.
pub fn emit_validate_impl(cx: &Context<'_>, def: &TypeDef) -> Option<TokenStream> {
    if !cx.needs_validation(&TypeRef::Named(def.name.clone())) {
        return None;
    }
    let name = ident(&def.name);
    let body = match &def.kind {
        TypeKind::Struct(s) => {
            let checks = s.fields.iter().map(|f| emit_field_validation(cx, f));
            quote!(#(#checks)* Ok(()))
        }
        TypeKind::Union(u) => {
            let arms = u.variants.iter().filter(|v| cx.needs_validation(&v.ty)).map(|v| {
                let variant = ident(&v.rust_name);
                quote!(Self::#variant(value) => clientgen_runtime::Validate::validate(value),)
            });
            quote!(match self { #(#arms)* _ => Ok(()) })
        }
        // An alias has the impl of what it names.
        TypeKind::Alias { .. } | TypeKind::Enum(_) => return None,
    };
    Some(quote! {
        impl clientgen_runtime::Validate for #name {
            fn validate(&self) -> Result<(), clientgen_runtime::ValidationError> {
                #body
            }
        }
    })
}

fn emit_field_validation(cx: &Context<'_>, field: &Field) -> TokenStream {
    let mut checks = field_checks(field, quote!(value));
    if cx.needs_validation(&field.ty) {
        let wire = &field.name;
        checks.push(quote!(clientgen_runtime::validate::nested(#wire, value)?;));
    }
    if checks.is_empty() {
        return TokenStream::new();
    }
    let name = ident(&field.rust_name);
    if is_optional(field) {
        quote!(if let Some(value) = &self.#name { #(#checks)* })
    } else {
        quote!({ let value = &self.#name; #(#checks)* })
    }
}

/// The checks of one field's own constraints, on `value` (a reference).
fn field_checks(field: &Field, value: TokenStream) -> Vec<TokenStream> {
    let wire = &field.name;
    let c = &field.constraints;
    let text = match &field.ty {
        TypeRef::Scalar(Scalar::String) => Some(quote!(#value.as_str())),
        TypeRef::Secret => Some(quote!(#value.expose())),
        _ => None,
    };
    let mut checks = Vec::new();
    if let Some(text) = text {
        checks.extend(text_checks(wire, c, &text));
    }
    if let TypeRef::Scalar(scalar) = &field.ty
        && let Some(number) = as_f64(*scalar, &value)
    {
        checks.extend(number_checks(wire, c, &number));
    }
    if matches!(field.ty, TypeRef::Array(_)) {
        checks.extend(count_checks(wire, c, &value));
    }
    checks
}

fn text_checks(wire: &str, c: &Constraints, text: &TokenStream) -> Vec<TokenStream> {
    let mut checks = Vec::new();
    let (max_length, min_length) =
        (c.max_length.map(Literal::u64_unsuffixed), c.min_length.map(Literal::u64_unsuffixed));
    if let Some(max) = max_length {
        checks.push(quote!(clientgen_runtime::validate::max_length(#wire, #text, #max)?;));
    }
    if let Some(min) = min_length {
        checks.push(quote!(clientgen_runtime::validate::min_length(#wire, #text, #min)?;));
    }
    if c.format.as_deref() == Some("email") {
        checks.push(quote!(clientgen_runtime::validate::email(#wire, #text)?;));
    }
    checks
}

/// A number as `f64`, written the way clippy accepts for its type.
fn as_f64(scalar: Scalar, value: &TokenStream) -> Option<TokenStream> {
    match scalar {
        Scalar::F64 => Some(quote!(*#value)),
        Scalar::F32 | Scalar::I32 | Scalar::U32 => Some(quote!(f64::from(*#value))),
        Scalar::I64 | Scalar::U64 => Some(quote!(*#value as f64)),
        Scalar::String | Scalar::Bool => None,
    }
}

fn number_checks(wire: &str, c: &Constraints, number: &TokenStream) -> Vec<TokenStream> {
    let mut checks = Vec::new();
    if let Some(min) = c.minimum.filter(|n| n.is_finite()) {
        let (allow, min) = (allow_approx_constant(min), Literal::f64_unsuffixed(min));
        checks.push(quote!(#allow clientgen_runtime::validate::minimum(#wire, #number, #min)?;));
    }
    if let Some(max) = c.maximum.filter(|n| n.is_finite()) {
        let (allow, max) = (allow_approx_constant(max), Literal::f64_unsuffixed(max));
        checks.push(quote!(#allow clientgen_runtime::validate::maximum(#wire, #number, #max)?;));
    }
    checks
}

/// Clippy takes a literal with a fraction near π, e or the like for a
/// constant written by hand; a spec's bound is the spec's number.
fn allow_approx_constant(bound: f64) -> Option<TokenStream> {
    (bound.fract() != 0.0).then(|| quote!(#[allow(clippy::approx_constant, reason = "the spec's bound, as written")]))
}

fn count_checks(wire: &str, c: &Constraints, value: &TokenStream) -> Vec<TokenStream> {
    let mut checks = Vec::new();
    if let Some(max) = c.max_items.map(Literal::u64_unsuffixed) {
        checks.push(quote!(clientgen_runtime::validate::max_items(#wire, #value.len(), #max)?;));
    }
    if let Some(min) = c.min_items.map(Literal::u64_unsuffixed) {
        checks.push(quote!(clientgen_runtime::validate::min_items(#wire, #value.len(), #min)?;));
    }
    checks
}
