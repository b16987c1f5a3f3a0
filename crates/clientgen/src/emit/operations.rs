//! `src/operations.rs`: what the spec says about each operation, as
//! constants a program can read at run time (e.g. to list the scopes the
//! calls it makes need).

use proc_macro2::TokenStream;
use quote::quote;

use super::rustdoc::{Doc, code};
use super::type_ref::ident;
use super::{Chunk, Context, OperationsChunk};
use crate::ir::{AuthRequirement, Operation};

/// The module's docs, a constant per operation, then `ALL_OPERATIONS`.
pub fn operations_chunks(cx: &Context<'_>) -> Vec<Chunk> {
    let infos = (0..cx.api.operations.len()).map(OperationsChunk::Info);
    let chunks = std::iter::once(OperationsChunk::ModuleDoc).chain(infos).chain([OperationsChunk::All]);
    chunks.map(Chunk::Operations).collect()
}

pub fn emit_operations_chunk(cx: &Context<'_>, chunk: OperationsChunk) -> TokenStream {
    match chunk {
        OperationsChunk::ModuleDoc => emit_module_doc(cx),
        OperationsChunk::Info(index) => cx.api.operations.get(index).map(emit_operation_info).unwrap_or_default(),
        OperationsChunk::All => {
            let names = cx.api.operations.iter().map(|op| ident(&op.fn_name.to_uppercase()));
            quote! {
                /// Every operation, in the spec's order.
                pub const ALL_OPERATIONS: &[OperationInfo] = &[#(#names),*];
            }
        }
    }
}

fn emit_module_doc(cx: &Context<'_>) -> TokenStream {
    let module_doc = Doc::default()
        .line("What the spec says about each operation: method, path, scopes and rate-limit label.")
        .inner_attrs();
    let imports = if cx.api.operations.iter().any(|op| !op.metadata.scope_sets.is_empty()) {
        quote!(
            use clientgen_runtime::{OperationInfo, ScopeSet};
        )
    } else {
        quote!(
            use clientgen_runtime::OperationInfo;
        )
    };
    quote! {
        #module_doc
        #imports
    }
}

fn emit_operation_info(op: &Operation) -> TokenStream {
    let method_and_path = code(&format!("{} {}", op.method.as_str(), op.path));
    let doc = Doc::default().line(format!("{method_and_path}: operation {}.", code(&op.id))).attrs();
    let name = ident(&op.fn_name.to_uppercase());
    let (id, method, path) = (&op.id, op.method.as_str(), &op.path);
    let requires_auth = matches!(op.auth, AuthRequirement::Required { .. });
    let meta = &op.metadata;
    let scopes = &meta.scopes;
    let scope_sets = meta.scope_sets.iter().map(|set| {
        let (set_name, scopes) = (&set.name, &set.scopes);
        quote!(ScopeSet { name: #set_name, scopes: &[#(#scopes),*] })
    });
    let rate_limit_label = match &meta.rate_limit_label {
        Some(label) => quote!(Some(#label)),
        None => quote!(None),
    };
    quote! {
        #doc
        pub const #name: OperationInfo = OperationInfo {
            id: #id,
            method: #method,
            path: #path,
            requires_auth: #requires_auth,
            scopes: &[#(#scopes),*],
            scope_sets: &[#(#scope_sets),*],
            rate_limit_label: #rate_limit_label,
        };
    }
}
