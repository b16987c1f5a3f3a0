//! `src/types.rs`: every named type, in IR order, then the parameter
//! structs of the operations.

use proc_macro2::TokenStream;
use quote::quote;

use super::rustdoc::Doc;
use super::type_ref::{ident, rust_type};
use super::{Chunk, ChunkCode, Context, TypesChunk, enums, params, responses, structs, unions, validate};
use crate::ir::{TypeDef, TypeKind};

/// The module's docs, then one chunk per type, parameter struct and
/// status enum.
pub fn types_chunks(cx: &Context<'_>) -> Vec<Chunk> {
    let types = (0..cx.api.types.len()).map(TypesChunk::Type);
    let params = (0..cx.api.operations.len()).map(TypesChunk::Params);
    let responses = (0..cx.api.operations.len()).map(TypesChunk::StatusEnum);
    let chunks = std::iter::once(TypesChunk::ModuleDoc).chain(types).chain(params).chain(responses);
    chunks.map(Chunk::Types).collect()
}

/// One chunk of [`types_chunks`]; nothing for an operation without a
/// parameter struct or status enum.
pub fn emit_types_chunk(cx: &Context<'_>, chunk: TypesChunk) -> ChunkCode {
    let emitted = match chunk {
        TypesChunk::ModuleDoc => {
            Some(Doc::default().line("The types of the API's requests and responses.").inner_attrs().into())
        }
        TypesChunk::Type(index) => cx.api.types.get(index).map(|def| emit_type(cx, def)),
        TypesChunk::Params(index) => {
            cx.api.operations.get(index).and_then(|op| params::emit_params_struct(cx, op)).map(ChunkCode::from)
        }
        TypesChunk::StatusEnum(index) => {
            cx.api.operations.get(index).and_then(|op| responses::emit_status_enum(cx, op)).map(ChunkCode::from)
        }
    };
    emitted.unwrap_or_default()
}

fn emit_type(cx: &Context<'_>, def: &TypeDef) -> ChunkCode {
    match &def.kind {
        TypeKind::Struct(s) => {
            let item = structs::emit_struct(cx, def, s);
            let validation = validate::emit_validate_impl(cx, def);
            quote!(#item #validation).into()
        }
        TypeKind::Enum(e) => enums::emit_enum(cx, def, e),
        TypeKind::Union(u) => {
            let item = unions::emit_union(cx, def, u);
            let validation = validate::emit_validate_impl(cx, def);
            quote!(#item #validation).into()
        }
        TypeKind::Alias { target } => emit_alias(cx, def, &rust_type(target)).into(),
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
