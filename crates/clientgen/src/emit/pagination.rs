//! Streaming methods of paginated operations: `{method}_pages` follows the
//! pagination lazily; `{method}_items` yields the items of every page.

use proc_macro2::TokenStream;
use quote::quote;

use super::Context;
use super::client::{call_args, method_args, operation_method_attrs, success_type};
use super::rustdoc::{Doc, code};
use super::type_ref::{ident, rust_type};
use crate::ir::{Operation, Pagination, PaginationStyle, Scalar};

pub fn emit_pagination_methods(cx: &Context<'_>, op: &Operation) -> Option<TokenStream> {
    let pagination = op.pagination.as_ref()?;
    let params_type = ident(op.params_type.as_deref()?);
    let lifetime = quote!('a);
    let args = method_args(cx, op, Some(&lifetime));
    let (method, pages_fn) = (ident(&op.fn_name), ident(&pagination.pages_fn));
    let page = success_type(op);
    let error = super::client::error_type(op);
    // The fetch closure owns its copy of the parameters; the method borrows it.
    let fetch_args = call_args(op, true);
    let fetch = quote!(move |params| async move { self.#method(#(#fetch_args),*).await });
    let follow = follow_pages(pagination, &fetch, &page, &params_type);
    let doc = Doc::default()
        .line(format!(
            "Every page of [`Self::{}`], fetched one at a time as the stream is read ({}).",
            op.fn_name,
            how(&pagination.style)
        ))
        .attrs();
    let items = emit_items_method(op, pagination, &args, &page, &error);
    let attrs = operation_method_attrs(op, &args, true);
    Some(quote! {
        #doc
        #attrs
        pub fn #pages_fn<'a>(&'a self, #(#args),*) -> impl clientgen_runtime::Stream<
            Item = Result<clientgen_runtime::Response<#page>, clientgen_runtime::Error<#error>>,
        > + 'a {
            clientgen_runtime::paginate::#follow
        }

        #items
    })
}

fn how(style: &PaginationStyle) -> String {
    match style {
        PaginationStyle::Token { param, field, .. } => {
            format!("each page's {} is sent as {}", code(field), code(param))
        }
        PaginationStyle::PageNumber { param, count_field, .. } => {
            format!("{} counts from 1 up to the {} of the answers", code(param), code(count_field))
        }
    }
}

/// The runtime call that walks the pages, with the accessors it needs.
fn follow_pages(
    pagination: &Pagination,
    fetch: &TokenStream,
    page: &TokenStream,
    params_type: &proc_macro2::Ident,
) -> TokenStream {
    match &pagination.style {
        PaginationStyle::Token { param, field, field_optional } => {
            let (param, field) = (ident(param), ident(field));
            let read = if *field_optional { quote!(page.#field.clone()) } else { quote!(Some(page.#field.clone())) };
            quote!(token_pages(
                params.clone(),
                #fetch,
                |page: &#page| #read,
                |params: &mut #params_type, token| params.#param = Some(token),
            ))
        }
        PaginationStyle::PageNumber { param, param_type, count_field, count_type, count_optional } => {
            let (param, count) = (ident(param), ident(count_field));
            // The runtime counts in i64; an i64 count is read as it is (clippy
            // refuses a conversion to the same type).
            let read = match (count_type, count_optional) {
                (Scalar::I64, true) => quote!(page.#count),
                (Scalar::I64, false) => quote!(Some(page.#count)),
                (_, true) => quote!(page.#count.map(i64::from)),
                (_, false) => quote!(Some(i64::from(page.#count))),
            };
            let set = match param_type {
                Scalar::I32 => quote!(i32::try_from(number).ok()),
                _ => quote!(Some(number)),
            };
            quote!(numbered_pages(
                params.clone(),
                #fetch,
                |page: &#page| #read,
                |params: &mut #params_type, number| params.#param = #set,
            ))
        }
    }
}

/// `{method}_items`: the pages' item field, flattened.
fn emit_items_method(
    op: &Operation,
    pagination: &Pagination,
    args: &[TokenStream],
    page: &TokenStream,
    error: &TokenStream,
) -> Option<TokenStream> {
    let (items, items_fn) = (pagination.items.as_ref()?, ident(pagination.items_fn.as_deref()?));
    let (pages_fn, field) = (ident(&pagination.pages_fn), ident(&items.field));
    let item = rust_type(&items.item);
    let take = if items.optional { quote!(page.#field.unwrap_or_default()) } else { quote!(page.#field) };
    let calls = call_args(op, false);
    let doc = Doc::default()
        .line(format!(
            "Every item of every page of [`Self::{}`]: the {} of each page, in order.",
            op.fn_name,
            code(&items.field)
        ))
        .attrs();
    let attrs = operation_method_attrs(op, args, true);
    Some(quote! {
        #doc
        #attrs
        pub fn #items_fn<'a>(&'a self, #(#args),*) -> impl clientgen_runtime::Stream<
            Item = Result<#item, clientgen_runtime::Error<#error>>,
        > + 'a {
            clientgen_runtime::paginate::items(self.#pages_fn(#(#calls),*), |page: #page| #take)
        }
    })
}
