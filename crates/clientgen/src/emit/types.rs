//! `src/types.rs`: every named type, in IR order, then the parameter
//! structs of the operations.

use proc_macro2::TokenStream;
use quote::quote;

use super::rustdoc::Doc;
use super::type_ref::{ident, rust_type};
use super::{Context, enums, params, responses, structs, unions, validate};
use crate::ir::{TypeDef, TypeKind};

/// The module's docs, then one chunk per type, parameter struct and
/// status enum.
pub fn emit_types(cx: &Context<'_>) -> Vec<TokenStream> {
    let module_doc = Doc::default().line("The types of the API's requests and responses.").inner_attrs();
    let types = cx.api.types.iter().map(|def| emit_type(cx, def));
    let params = cx.api.operations.iter().filter_map(|op| params::emit_params_struct(cx, op));
    let responses = cx.api.operations.iter().filter_map(|op| responses::emit_status_enum(cx, op));
    std::iter::once(module_doc).chain(types).chain(params).chain(responses).collect()
}

fn emit_type(cx: &Context<'_>, def: &TypeDef) -> TokenStream {
    match &def.kind {
        TypeKind::Struct(s) => {
            let item = structs::emit_struct(cx, def, s);
            let validation = validate::emit_validate_impl(cx, def);
            quote!(#item #validation)
        }
        TypeKind::Enum(e) => enums::emit_enum(cx, def, e),
        TypeKind::Union(u) => {
            let item = unions::emit_union(cx, def, u);
            let validation = validate::emit_validate_impl(cx, def);
            quote!(#item #validation)
        }
        TypeKind::Alias { target } => emit_alias(cx, def, &rust_type(target)),
    }
}

fn emit_alias(cx: &Context<'_>, def: &TypeDef, target: &TokenStream) -> TokenStream {
    let name = ident(&def.name);
    let doc = Doc::default().spec_text(cx, def.description.as_deref()).or(format!("The `{}` type.", def.name)).attrs();
    quote! {
        #doc
        pub type #name = #target;
    }
}
