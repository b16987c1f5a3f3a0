//! `src/client.rs`: the `Client` and one async method per operation.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::{ToTokens, quote};

use super::rustdoc::{Doc, code};
use super::type_ref::{ident, rust_type};
use super::{Chunk, ChunkCode, ClientChunk, Context};
use crate::ir::{
    AuthRequirement, BodyEncoding, Operation, Parameter, PathSegment, RequestBody, ResponseBody, Scalar, Success,
    TypeKind, TypeRef,
};

/// The items before `impl Client`, its constructors, then one chunk per
/// operation's methods.
pub fn client_chunks(cx: &Context<'_>) -> Vec<Chunk> {
    let methods = (0..cx.api.operations.len()).map(ClientChunk::Method);
    let chunks = [ClientChunk::Items, ClientChunk::Constructors].into_iter().chain(methods);
    chunks.map(Chunk::Client).collect()
}

pub fn emit_client_chunk(cx: &Context<'_>, chunk: ClientChunk) -> ChunkCode {
    let members = match chunk {
        ClientChunk::Items => return emit_client_items(cx).into(),
        ClientChunk::Constructors => emit_constructors(cx),
        ClientChunk::Method(index) => cx.api.operations.get(index).map_or_else(TokenStream::new, |op| {
            let method = emit_method(cx, op);
            let streams = super::pagination::emit_pagination_methods(cx, op);
            quote!(#method #streams)
        }),
    };
    ChunkCode { items: members, members_of: Some(quote!(impl Client)), ..ChunkCode::default() }
}

fn emit_client_items(cx: &Context<'_>) -> TokenStream {
    let title = super::docs::plain_text(&cx.api.title);
    let module_doc = Doc::default().line(format!("The client of the {title} API.")).inner_attrs();
    let struct_doc = Doc::default()
        .line(format!("The {title} API: one async method per operation."))
        .line("Cheap to clone; clones share one connection pool.")
        .attrs();
    let imports = type_imports(cx);
    quote! {
        #module_doc
        #imports

        #struct_doc
        #[derive(Debug, Clone)]
        pub struct Client {
            runtime: clientgen_runtime::Client,
        }

        /// Builds a [`Client`]: base URL, HTTP client, timeout and credentials.
        pub type ClientBuilder = clientgen_runtime::ClientBuilder<Client>;

        impl From<clientgen_runtime::Client> for Client {
            fn from(runtime: clientgen_runtime::Client) -> Self {
                Self { runtime }
            }
        }
    }
}

/// One `use crate::types::X;` per type the methods use: a grouped import
/// is refilled by the formatter, so one new type would move its neighbours.
fn type_imports(cx: &Context<'_>) -> TokenStream {
    let mut names = BTreeSet::new();
    for op in &cx.api.operations {
        // Query and header parameters are fields of the parameter struct;
        // path parameters that are not displayable are taken as `&str`.
        let path_types = path_params(op).into_iter().map(|p| &p.ty).filter(|ty| is_displayable(cx, ty));
        let types = path_types.chain(op.body.iter().map(|b| &b.ty));
        for ty in types.chain(op.error_type.iter()) {
            collect_named(ty, &mut names);
        }
        match &op.success {
            Success::Body(body) if is_json(body) => collect_named(&body.ty, &mut names),
            Success::PerStatus { type_name, .. } => {
                names.insert(type_name);
            }
            Success::Body(_) | Success::Empty => {}
        }
        names.extend(op.params_type.iter().map(String::as_str));
        if let Some(items) = op.pagination.as_ref().and_then(|p| p.items.as_ref()) {
            collect_named(&items.item, &mut names);
        }
    }
    let names = names.into_iter().map(ident);
    quote!(#(use crate::types::#names;)*)
}

fn collect_named<'a>(ty: &'a TypeRef, names: &mut BTreeSet<&'a str>) {
    match ty {
        TypeRef::Named(name) => {
            names.insert(name);
        }
        TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => collect_named(inner, names),
        _ => {}
    }
}

fn emit_constructors(cx: &Context<'_>) -> TokenStream {
    let user_agent = format!("{}/{}", cx.options.crate_name, cx.options.crate_version);
    let (base_url_const, default_base_url) = match &cx.api.base_url {
        Some(url) => {
            // Lowering keeps only URLs of printable ASCII fit for an autolink.
            let doc = Doc::default().line(format!("The server the spec names: <{url}>.")).attrs();
            (quote!(#doc pub const DEFAULT_BASE_URL: &str = #url;), quote!(Some(Self::DEFAULT_BASE_URL)))
        }
        None => (TokenStream::new(), quote!(None)),
    };
    let new = emit_new(cx);
    let rate_limit_headers = cx.options.rate_limit_headers.as_ref().map(|names| {
        let name = |n: &Option<String>| match n {
            Some(n) => {
                let n = n.to_ascii_lowercase();
                quote!(Some(#n))
            }
            None => quote!(None),
        };
        let (limit, remaining, reset) = (name(&names.limit), name(&names.remaining), name(&names.reset));
        let (category, kind) = (name(&names.category), name(&names.kind));
        quote!(.rate_limit_headers(clientgen_runtime::RateLimitHeaders {
            limit: #limit, remaining: #remaining, reset: #reset, category: #category, kind: #kind,
        }))
    });
    quote! {
        #base_url_const

        #new

        /// A builder, to change the base URL, HTTP client, timeout, retries or credentials.
        pub fn builder() -> ClientBuilder {
            clientgen_runtime::ClientBuilder::new(#default_base_url, #user_agent) #rate_limit_headers
        }

        /// The runtime client underneath, shared by all generated clients.
        pub fn runtime(&self) -> &clientgen_runtime::Client {
            &self.runtime
        }
    }
}

/// `new(token)` when calls take credentials, `new()` when none does; both
/// take the base URL first when the spec names no absolute one.
fn emit_new(cx: &Context<'_>) -> TokenStream {
    let takes_credentials = cx.api.operations.iter().any(|op| op.auth != AuthRequirement::None);
    let (base_url_arg, base_url_set, server) = match cx.api.base_url {
        Some(_) => (None, None, "the spec's server"),
        None => (
            Some(quote!(base_url: impl Into<String>,)),
            Some(quote!(.base_url(base_url))),
            "the server at `base_url` (e.g. `https://api.example.com/v1`; the spec names no absolute URL)",
        ),
    };
    if takes_credentials {
        let doc = format!(" A client for {server} that sends `Authorization: Bearer <token>`.");
        quote! {
            #[doc = #doc]
            pub fn new(#base_url_arg token: impl Into<String>) -> Result<Self, clientgen_runtime::BuildError> {
                Self::builder() #base_url_set .bearer_token(token).build()
            }
        }
    } else {
        let doc = format!(" A client for {server}.");
        quote! {
            #[doc = #doc]
            pub fn new(#base_url_arg) -> Result<Self, clientgen_runtime::BuildError> {
                Self::builder() #base_url_set .build()
            }
        }
    }
}

/// More arguments than this (`self` counted) make clippy ask for a builder.
const CLIPPY_MAX_ARGUMENTS: usize = 7;

/// `#[allow(clippy::too_many_arguments)]`, with `reason`, for a function of
/// `count` arguments when clippy would ask for it.
pub(super) fn allow_many_arguments(count: usize, reason: &str) -> Option<TokenStream> {
    (count > CLIPPY_MAX_ARGUMENTS).then(|| quote!(#[allow(clippy::too_many_arguments, reason = #reason)]))
}

/// What every method made for an operation carries besides its docs:
/// `#[deprecated]` as the operation is (and, on one that `calls` another
/// made for it, leave not to warn for that), and clippy's allowance for
/// its `args`.
pub(super) fn operation_method_attrs(op: &Operation, args: &[TokenStream], calls: bool) -> TokenStream {
    let deprecated = match (op.deprecated, calls) {
        (false, _) => None,
        (true, false) => Some(quote!(#[deprecated])),
        (true, true) => Some(quote!(#[deprecated] #[allow(deprecated)])),
    };
    let reason = "one argument per path parameter of the spec, then the parameters and the body";
    let many = allow_many_arguments(args.len() + 1, reason);
    quote!(#deprecated #many)
}

fn emit_method(cx: &Context<'_>, op: &Operation) -> TokenStream {
    let doc = method_doc(cx, op).attrs();
    let name = ident(&op.fn_name);
    let args = method_args(cx, op, None);
    let attrs = operation_method_attrs(op, &args, false);
    let success = success_type(op);
    let error = error_type(op);
    let body = super::request::method_body(cx, op);
    quote! {
        #doc
        #attrs
        pub async fn #name(&self, #(#args),*) -> Result<clientgen_runtime::Response<#success>, clientgen_runtime::Error<#error>> {
            #body
        }
    }
}

fn method_doc(cx: &Context<'_>, op: &Operation) -> Doc {
    let const_name = op.fn_name.to_uppercase();
    // A description that repeats the summary is said once.
    let description = op.description.as_deref().filter(|d| op.summary.as_deref() != Some(*d));
    let mut doc = Doc::default().spec_text(cx, op.summary.as_deref()).spec_text(cx, description);
    for param in path_params(op) {
        doc = doc.labelled(cx, &format!("Path parameter {}:", code(&param.name)), param.description.as_deref());
    }
    if let Some(body) = op.body.as_ref().filter(|b| !described_by_its_type(cx, b)) {
        doc = doc.labelled(cx, "Request body:", body.description.as_deref());
    }
    doc = doc.line(format!(
        "{} (operation {}; see [`operations::{const_name}`](crate::operations::{const_name})).",
        code(&format!("{} {}", op.method.as_str(), op.path)),
        code(&op.id)
    ));
    // What the spec's own prose already states is not repeated.
    let prose = format!("{} {}", op.summary.as_deref().unwrap_or(""), op.description.as_deref().unwrap_or(""));
    let stated = |items: &[String]| items.iter().all(|item| prose.contains(item.as_str()));
    let meta = &op.metadata;
    for set in meta.scope_sets.iter().filter(|s| !s.scopes.is_empty() && !stated(&s.scopes)) {
        doc = doc.line(format!("Scopes ({}): {}.", set.name, code_list(&set.scopes)));
    }
    if meta.scope_sets.is_empty() && !meta.scopes.is_empty() && !stated(&meta.scopes) {
        doc = doc.line(format!("Scopes: {}.", code_list(&meta.scopes)));
    }
    if let Some(label) = &meta.rate_limit_label {
        let mentioned = prose.to_lowercase().contains("rate limit") && prose.contains(&format!("`{label}`"));
        if !mentioned {
            doc = doc.line(format!("Rate-limit label: {}.", code(label)));
        }
    }
    doc
}

/// Does the body's type carry the body's description already (an inline
/// schema without one of its own takes it)?
fn described_by_its_type(cx: &Context<'_>, body: &RequestBody) -> bool {
    let TypeRef::Named(name) = &body.ty else { return false };
    cx.type_def(name).is_some_and(|def| def.description.is_some() && def.description == body.description)
}

fn code_list(items: &[String]) -> String {
    items.iter().map(|s| code(s)).collect::<Vec<_>>().join(", ")
}

/// Path parameters in template order, then the parameter struct, then the
/// body. With a `lifetime`, references carry it (for methods that return
/// streams borrowing their arguments).
pub(super) fn method_args(cx: &Context<'_>, op: &Operation, lifetime: Option<&TokenStream>) -> Vec<TokenStream> {
    let reference = match lifetime {
        Some(lifetime) => quote!(&#lifetime),
        None => quote!(&),
    };
    let mut args: Vec<TokenStream> = path_params(op)
        .into_iter()
        .map(|p| {
            let name = ident(&p.rust_name);
            let ty = path_arg_type(cx, &p.ty, &reference);
            quote!(#name: #ty)
        })
        .collect();
    if let Some(params_type) = &op.params_type {
        let params_type = ident(params_type);
        args.push(quote!(params: &#params_type));
    }
    if let Some(body) = &op.body {
        let ty = match body.encoding {
            BodyEncoding::Binary => quote!(impl Into<clientgen_runtime::reqwest::Body>),
            BodyEncoding::Text => quote!(impl Into<String>),
            _ => {
                let ty = rust_type(&body.ty);
                quote!(#reference #ty)
            }
        };
        args.push(quote!(body: #ty));
    }
    args
}

/// The names the arguments of [`method_args`] are passed on by; `params`
/// borrowed when the caller owns it.
pub(super) fn call_args(op: &Operation, borrow_params: bool) -> Vec<TokenStream> {
    let mut args: Vec<TokenStream> =
        path_params(op).into_iter().map(|p| ident(&p.rust_name).into_token_stream()).collect();
    if op.params_type.is_some() {
        args.push(if borrow_params { quote!(&params) } else { quote!(params) });
    }
    if op.body.is_some() {
        args.push(quote!(body));
    }
    args
}

/// The path parameters, in template order, each once.
fn path_params(op: &Operation) -> Vec<&Parameter> {
    let mut found: Vec<&Parameter> = Vec::new();
    for segment in &op.path_segments {
        if let PathSegment::Param(name) = segment
            && let Some(param) = op.params.iter().find(|p| p.rust_name == *name)
            && !found.iter().any(|p| p.rust_name == param.rust_name)
        {
            found.push(param);
        }
    }
    found
}

/// Numbers and booleans by value, enums by reference, anything else as text.
fn path_arg_type(cx: &Context<'_>, ty: &TypeRef, reference: &TokenStream) -> TokenStream {
    match ty {
        TypeRef::Scalar(Scalar::String) => quote!(#reference str),
        TypeRef::Scalar(_) => rust_type(ty),
        TypeRef::Named(_) if is_displayable(cx, ty) => {
            let ty = rust_type(ty);
            quote!(#reference #ty)
        }
        _ => quote!(#reference str),
    }
}

/// Whether a value's `Display` is its wire form: scalars, enums and
/// aliases of scalars.
pub(super) fn is_displayable(cx: &Context<'_>, ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Scalar(_) => true,
        TypeRef::Named(name) => match cx.type_def(name).map(|d| &d.kind) {
            Some(TypeKind::Enum(_)) => true,
            Some(TypeKind::Alias { target }) => matches!(target, TypeRef::Scalar(_)),
            _ => false,
        },
        _ => false,
    }
}

pub(super) fn success_type(op: &Operation) -> TokenStream {
    match &op.success {
        Success::Empty => quote!(()),
        Success::Body(body) => body_type(body),
        Success::PerStatus { type_name, .. } => {
            let name = ident(type_name);
            quote!(#name)
        }
    }
}

/// The Rust type a response body is read into.
pub fn body_type(body: &ResponseBody) -> TokenStream {
    match body.encoding {
        BodyEncoding::Binary => quote!(clientgen_runtime::Bytes),
        BodyEncoding::Text => quote!(String),
        _ => rust_type(&body.ty),
    }
}

fn is_json(body: &ResponseBody) -> bool {
    !matches!(body.encoding, BodyEncoding::Binary | BodyEncoding::Text)
}

/// The type an operation's error bodies are read as: the documented one,
/// else the runtime's `UndocumentedError`, which never prints its content.
pub(super) fn error_type(op: &Operation) -> TokenStream {
    op.error_type.as_ref().map_or_else(|| quote!(clientgen_runtime::UndocumentedError), rust_type)
}
