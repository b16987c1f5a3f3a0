//! `src/client.rs`: the `Client` and one async method per operation.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use super::Context;
use super::rustdoc::Doc;
use super::type_ref::{ident, rust_type};
use crate::ir::{
    AuthRequirement, BodyEncoding, Operation, ParamLocation, Parameter, PathSegment, ResponseBody, Scalar, StatusMatch,
    StatusVariant, Success, TypeKind, TypeRef,
};
use crate::lower::UNKNOWN_STATUS_VARIANT;

pub fn emit_client(cx: &Context<'_>) -> TokenStream {
    let title = &cx.api.title;
    let module_doc = Doc::default().line(format!("The client of the {title} API.")).inner_attrs();
    let struct_doc = Doc::default()
        .line(format!("The {title} API: one async method per operation."))
        .line("Cheap to clone; clones share one connection pool.")
        .attrs();
    let constructors = emit_constructors(cx);
    let methods = cx.api.operations.iter().map(|op| emit_method(cx, op));
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

        impl Client {
            #constructors
            #(#methods)*
        }
    }
}

/// `use crate::types::{...}` naming exactly the types the methods use.
fn type_imports(cx: &Context<'_>) -> TokenStream {
    let mut names = BTreeSet::new();
    for op in &cx.api.operations {
        // Query and header parameters are fields of the parameter struct;
        // path parameters that are not displayable are taken as `&str`.
        let path_types = path_params(op).map(|p| &p.ty).filter(|ty| is_displayable(cx, ty));
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
    }
    if names.is_empty() {
        return TokenStream::new();
    }
    let names = names.into_iter().map(ident);
    quote!(use crate::types::{#(#names),*};)
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
            let doc = format!(" The server the spec names: <{url}>.");
            (quote!(#[doc = #doc] pub const DEFAULT_BASE_URL: &str = #url;), quote!(Some(Self::DEFAULT_BASE_URL)))
        }
        None => (TokenStream::new(), quote!(None)),
    };
    let new = emit_new(cx);
    quote! {
        #base_url_const

        #new

        /// A builder, to change the base URL, HTTP client, timeout or credentials.
        pub fn builder() -> ClientBuilder {
            clientgen_runtime::ClientBuilder::new(#default_base_url, #user_agent)
        }

        /// The runtime client underneath, shared by all generated clients.
        pub fn runtime(&self) -> &clientgen_runtime::Client {
            &self.runtime
        }
    }
}

/// `new(token)` when calls take credentials, `new()` when none does.
fn emit_new(cx: &Context<'_>) -> TokenStream {
    let takes_credentials = cx.api.operations.iter().any(|op| op.auth != AuthRequirement::None);
    if takes_credentials {
        quote! {
            /// A client for the spec's server that sends `Authorization: Bearer <token>`.
            pub fn new(token: impl Into<String>) -> Result<Self, clientgen_runtime::BuildError> {
                Self::builder().bearer_token(token).build()
            }
        }
    } else {
        quote! {
            /// A client for the spec's server.
            pub fn new() -> Result<Self, clientgen_runtime::BuildError> {
                Self::builder().build()
            }
        }
    }
}

fn emit_method(cx: &Context<'_>, op: &Operation) -> TokenStream {
    let doc = method_doc(cx, op).attrs();
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
    let name = ident(&op.fn_name);
    let args = method_args(cx, op);
    let success = success_type(op);
    let error = op.error_type.as_ref().map_or_else(|| quote!(serde_json::Value), rust_type);
    let body = method_body(cx, op);
    quote! {
        #doc
        #deprecated
        pub async fn #name(&self, #(#args),*) -> Result<clientgen_runtime::Response<#success>, clientgen_runtime::Error<#error>> {
            #body
        }
    }
}

fn method_doc(cx: &Context<'_>, op: &Operation) -> Doc {
    let const_name = op.fn_name.to_uppercase();
    let mut doc =
        Doc::default().spec_text(cx, op.summary.as_deref()).spec_text(cx, op.description.as_deref()).line(format!(
            "`{} {}` (operation `{}`; see [`operations::{const_name}`](crate::operations::{const_name})).",
            op.method.as_str(),
            op.path,
            op.id
        ));
    let meta = &op.metadata;
    for set in meta.scope_sets.iter().filter(|s| !s.scopes.is_empty()) {
        doc = doc.line(format!("Scopes ({}): {}.", set.name, code_list(&set.scopes)));
    }
    if meta.scope_sets.is_empty() && !meta.scopes.is_empty() {
        doc = doc.line(format!("Scopes: {}.", code_list(&meta.scopes)));
    }
    if let Some(label) = &meta.rate_limit_label {
        doc = doc.line(format!("Rate-limit label: `{label}`."));
    }
    doc
}

fn code_list(items: &[String]) -> String {
    items.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", ")
}

/// Path parameters in template order, then the parameter struct, then the body.
fn method_args(cx: &Context<'_>, op: &Operation) -> Vec<TokenStream> {
    let mut args: Vec<TokenStream> = path_params(op)
        .map(|p| {
            let name = ident(&p.rust_name);
            let ty = path_arg_type(cx, &p.ty);
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
                quote!(&#ty)
            }
        };
        args.push(quote!(body: #ty));
    }
    args
}

fn path_params(op: &Operation) -> impl Iterator<Item = &Parameter> {
    op.path_segments.iter().filter_map(|segment| match segment {
        PathSegment::Param(name) => op.params.iter().find(|p| p.rust_name == *name),
        PathSegment::Literal(_) => None,
    })
}

/// Numbers and booleans by value, enums by reference, anything else as text.
fn path_arg_type(cx: &Context<'_>, ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::Scalar(Scalar::String) => quote!(&str),
        TypeRef::Scalar(_) => rust_type(ty),
        TypeRef::Named(_) if is_displayable(cx, ty) => {
            let ty = rust_type(ty);
            quote!(&#ty)
        }
        _ => quote!(&str),
    }
}

/// Whether a value's `Display` is its wire form: scalars, enums and
/// aliases of scalars.
fn is_displayable(cx: &Context<'_>, ty: &TypeRef) -> bool {
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

fn success_type(op: &Operation) -> TokenStream {
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

fn method_body(cx: &Context<'_>, op: &Operation) -> TokenStream {
    let validate = op
        .body
        .as_ref()
        .filter(|b| cx.needs_validation(&b.ty))
        .map(|_| quote!(clientgen_runtime::Validate::validate(body)?;));
    let (path_statement, path) = path_expression(op);
    let operation = ident(&op.fn_name.to_uppercase());
    let query = pair_statements(cx, op, ParamLocation::Query);
    let apply_query = (!query.is_empty()).then(|| quote!(.query(&query)));
    let cookies = pair_statements(cx, op, ParamLocation::Cookie);
    let apply_cookies = (!cookies.is_empty()).then(|| quote!(let request = request.cookies(&cookies)?;));
    let accept = first_success_body(op).map(|b| {
        let media = &b.media_type;
        quote!(.accept(#media))
    });
    let headers = header_statements(cx, op);
    let send_body = body_statement(cx, op);
    let read = read_response(op);
    quote! {
        #validate
        #path_statement
        #(#query)*
        #(#cookies)*
        let request = self.runtime.request(&crate::operations::#operation, #path) #apply_query #accept;
        #(#headers)*
        #apply_cookies
        #send_body
        #read
    }
}

/// The path: a plain string, or each parameter encoded into a variable of
/// its own name followed by `let path = format!("/users/{user_id}")`.
fn path_expression(op: &Operation) -> (TokenStream, TokenStream) {
    let mut template = String::new();
    let mut encode = Vec::new();
    let mut encoded = std::collections::BTreeSet::new();
    for segment in &op.path_segments {
        match segment {
            PathSegment::Literal(text) => template.push_str(&text.replace('{', "{{").replace('}', "}}")),
            PathSegment::Param(name) => {
                template.push_str(&format!("{{{name}}}"));
                let wire = op.params.iter().find(|p| p.rust_name == *name).map_or(name.as_str(), |p| p.name.as_str());
                if encoded.insert(name.as_str()) {
                    let name = ident(name);
                    encode.push(quote!(let #name = clientgen_runtime::path::segment(#wire, #name)?;));
                }
            }
        }
    }
    if encode.is_empty() {
        (TokenStream::new(), quote!(#template))
    } else {
        (quote!(#(#encode)* let path = format!(#template);), quote!(&path))
    }
}

/// `let mut query = ...` (or `cookies`) filled with the parameters of that
/// location, in spec order.
fn pair_statements(cx: &Context<'_>, op: &Operation, location: ParamLocation) -> Vec<TokenStream> {
    let params: Vec<&Parameter> = op.params.iter().filter(|p| p.location == location).collect();
    if params.is_empty() {
        return Vec::new();
    }
    let query = ident(if location == ParamLocation::Cookie { "cookies" } else { "query" });
    let mut statements = vec![quote!(let mut #query = clientgen_runtime::QueryPairs::new();)];
    for param in params {
        let wire = &param.name;
        let push = match &param.ty {
            TypeRef::Array(inner) if is_displayable(cx, inner) => {
                let explode = param.explode;
                quote!(#query.push_all(#wire, value, #explode);)
            }
            ty if is_displayable(cx, ty) => quote!(#query.push(#wire, value);),
            _ => quote!(#query.push(#wire, serde_json::to_string(value)?);),
        };
        statements.push(bind_param(param, push));
    }
    statements
}

fn header_statements(cx: &Context<'_>, op: &Operation) -> Vec<TokenStream> {
    op.params
        .iter()
        .filter(|p| p.location == ParamLocation::Header)
        .map(|param| {
            let wire = &param.name;
            let name = ident(&param.rust_name);
            let value = if is_displayable(cx, &param.ty) { quote!(value) } else { quote!(serde_json::to_string(value)?) };
            if param.required {
                quote!(let request = { let value = &params.#name; request.header(#wire, #value)? };)
            } else {
                quote!(let request = match &params.#name { Some(value) => request.header(#wire, #value)?, None => request };)
            }
        })
        .collect()
}

/// Runs `statement` with `value` bound to the parameter, if it is set.
fn bind_param(param: &Parameter, statement: TokenStream) -> TokenStream {
    let name = ident(&param.rust_name);
    if param.required {
        quote!({ let value = &params.#name; #statement })
    } else {
        quote!(if let Some(value) = &params.#name { #statement })
    }
}

fn first_success_body(op: &Operation) -> Option<&ResponseBody> {
    match &op.success {
        Success::Empty => None,
        Success::Body(body) => Some(body),
        Success::PerStatus { variants, .. } => variants.iter().find_map(|v| v.body.as_ref()),
    }
}

/// Sends the request and reads the response into the method's success type.
fn read_response(op: &Operation) -> TokenStream {
    match &op.success {
        Success::Empty => quote!(request.send().await?.empty()),
        Success::Body(body) => match body.encoding {
            BodyEncoding::Binary => quote!(request.send().await?.bytes()),
            BodyEncoding::Text => quote!(request.send().await?.text()),
            _ => quote!(request.send().await?.json()),
        },
        Success::PerStatus { type_name, variants } => read_per_status(type_name, variants),
    }
}

/// Matches the status to the enum's variant; documented redirects count as
/// success, anything else undocumented but successful is kept as bytes.
fn read_per_status(type_name: &str, variants: &[StatusVariant]) -> TokenStream {
    let name = ident(type_name);
    let redirects: Vec<u16> = variants.iter().filter_map(|v| match v.status {
        StatusMatch::Code(n @ 300..=399) => Some(n),
        _ => None,
    }).collect();
    let mut ordered: Vec<&StatusVariant> = variants.iter().collect();
    ordered.sort_by_key(|v| match v.status {
        StatusMatch::Code(_) => 0,
        StatusMatch::Range(_) => 1,
        StatusMatch::Default => 2,
    });
    let arms = ordered.iter().map(|v| {
        let pattern = match v.status {
            StatusMatch::Code(n) => quote!(#n),
            StatusMatch::Range(n) => {
                let (low, high) = (n * 100, n * 100 + 99);
                quote!(#low..=#high)
            }
            StatusMatch::Default => quote!(_),
        };
        let variant = ident(&v.rust_name);
        let value = match &v.body {
            None => quote!(#name::#variant),
            Some(body) => {
                let read = match body.encoding {
                    BodyEncoding::Binary => quote!(raw.body.clone()),
                    BodyEncoding::Text => quote!(raw.text_body()),
                    _ => quote!(raw.decode_json()?),
                };
                quote!(#name::#variant(#read))
            }
        };
        quote!(#pattern => #value,)
    });
    let fallback = (!variants.iter().any(|v| v.status == StatusMatch::Default)).then(|| {
        let unknown = ident(UNKNOWN_STATUS_VARIANT);
        quote!(_ => #name::#unknown(raw.body.clone()),)
    });
    quote! {
        let raw = request.send().await?.success_or(&[#(#redirects),*])?;
        let body = match raw.status.as_u16() {
            #(#arms)*
            #fallback
        };
        Ok(raw.into_response(body))
    }
}

/// A multipart body, part by part: files as file parts, text-like values
/// as text, anything else as JSON. A body that is not an object is one JSON part.
fn multipart_statements(cx: &Context<'_>, ty: &TypeRef) -> TokenStream {
    let fields = match ty {
        TypeRef::Named(name) => match cx.type_def(name).map(|d| &d.kind) {
            Some(TypeKind::Struct(s)) => &s.fields,
            _ => return quote!(let request = request.multipart(clientgen_runtime::Multipart::new().json("body", body)?);),
        },
        _ => return quote!(let request = request.multipart(clientgen_runtime::Multipart::new().json("body", body)?);),
    };
    let parts = fields.iter().map(|field| {
        let wire = &field.name;
        let add = match &field.ty {
            TypeRef::Bytes => quote!(form = form.file(#wire, value)?;),
            TypeRef::Secret => quote!(form = form.text(#wire, value.expose());),
            TypeRef::Array(inner) if **inner == TypeRef::Bytes => quote!(for file in value { form = form.file(#wire, file)?; }),
            TypeRef::Array(inner) if is_displayable(cx, inner) => quote!(for item in value { form = form.text(#wire, item); }),
            ty if is_displayable(cx, ty) => quote!(form = form.text(#wire, value);),
            _ => quote!(form = form.json(#wire, value)?;),
        };
        let name = ident(&field.rust_name);
        if super::type_ref::is_optional(field) {
            quote!(if let Some(value) = &body.#name { #add })
        } else {
            quote!({ let value = &body.#name; #add })
        }
    });
    quote! {
        let mut form = clientgen_runtime::Multipart::new();
        #(#parts)*
        let request = request.multipart(form);
    }
}

fn body_statement(cx: &Context<'_>, op: &Operation) -> Option<TokenStream> {
    let body = op.body.as_ref()?;
    let media = &body.media_type;
    Some(match body.encoding {
        BodyEncoding::Form => quote!(let request = request.form(body)?;),
        BodyEncoding::Binary => quote!(let request = request.body(#media, body);),
        BodyEncoding::Text => quote!(let request = request.body(#media, body.into());),
        BodyEncoding::Multipart => multipart_statements(cx, &body.ty),
        BodyEncoding::Json => quote!(let request = request.json(#media, body)?;),
    })
}
