//! The body of each client method: the request built from its arguments
//! (path, query, headers, cookies, body) and the response read back.

use proc_macro2::TokenStream;
use quote::quote;

use super::Context;
use super::client::is_displayable;
use super::responses::{first_success_body, read_response};
use super::type_ref::ident;
use crate::ir::{BodyEncoding, Operation, ParamLocation, Parameter, PathSegment, QueryStyle, TypeKind, TypeRef};

pub(super) fn method_body(cx: &Context<'_>, op: &Operation) -> TokenStream {
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
    let has_params = op.path_segments.iter().any(|s| matches!(s, PathSegment::Param(_)));
    let mut template = String::new();
    let mut encode = Vec::new();
    let mut encoded = std::collections::BTreeSet::new();
    for segment in &op.path_segments {
        match segment {
            // Braces are doubled only for `format!`: a path without parameters is a plain literal.
            PathSegment::Literal(text) if has_params => template.push_str(&text.replace('{', "{{").replace('}', "}}")),
            PathSegment::Literal(text) => template.push_str(text),
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
        let push = match (&param.ty, param.style) {
            (_, QueryStyle::DeepObject) => quote!(#query.push_deep(#wire, value)?;),
            (TypeRef::Array(inner), style) if is_displayable(cx, inner) => array_push(&query, param, style),
            (ty, _) if is_displayable(cx, ty) => quote!(#query.push(#wire, value);),
            _ => {
                let explode = param.explode;
                quote!(#query.push_form(#wire, value, #explode)?;)
            }
        };
        statements.push(bind_param(param, push));
    }
    statements
}

/// An array of displayable items: repeated keys when exploded, else one
/// value joined by the style's delimiter.
fn array_push(query: &proc_macro2::Ident, param: &Parameter, style: QueryStyle) -> TokenStream {
    let wire = &param.name;
    let delimiter = match style {
        QueryStyle::PipeDelimited => "|",
        QueryStyle::SpaceDelimited => " ",
        QueryStyle::Form | QueryStyle::DeepObject => {
            let explode = param.explode;
            return quote!(#query.push_all(#wire, value, #explode););
        }
    };
    if param.explode {
        quote!(#query.push_all(#wire, value, true);)
    } else {
        quote!(#query.push_delimited(#wire, value, #delimiter);)
    }
}

fn header_statements(cx: &Context<'_>, op: &Operation) -> Vec<TokenStream> {
    op.params
        .iter()
        .filter(|p| p.location == ParamLocation::Header)
        .map(|param| {
            let wire = &param.name;
            let name = ident(&param.rust_name);
            // OpenAPI's only header style, `simple`: an array's items joined by commas.
            let value = match cx.resolve_alias(&param.ty) {
                ty if is_displayable(cx, ty) => quote!(value),
                TypeRef::Array(item) if is_displayable(cx, item) => {
                    quote!(value.iter().map(ToString::to_string).collect::<Vec<_>>().join(","))
                }
                _ => quote!(serde_json::to_string(value)?),
            };
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

/// A multipart body, part by part: files as file parts, text-like values
/// as text, anything else as JSON. A body that is not an object is one JSON part.
fn multipart_statements(cx: &Context<'_>, ty: &TypeRef) -> TokenStream {
    let fields = match ty {
        TypeRef::Named(name) => match cx.type_def(name).map(|d| &d.kind) {
            Some(TypeKind::Struct(s)) => &s.fields,
            _ => {
                return quote!(let request = request.multipart(clientgen_runtime::Multipart::new().json("body", body)?););
            }
        },
        _ => return quote!(let request = request.multipart(clientgen_runtime::Multipart::new().json("body", body)?);),
    };
    let parts = fields.iter().map(|field| {
        let wire = &field.name;
        let add = match &field.ty {
            TypeRef::Bytes => quote!(form = form.file(#wire, value)?;),
            TypeRef::Secret => quote!(form = form.text(#wire, value.expose());),
            TypeRef::Array(inner) if **inner == TypeRef::Bytes => {
                quote!(for file in value { form = form.file(#wire, file)?; })
            }
            TypeRef::Array(inner) if is_displayable(cx, inner) => {
                quote!(for item in value { form = form.text(#wire, item); })
            }
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
