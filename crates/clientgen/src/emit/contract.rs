//! `tests/contract.rs`, for crates configured with contract tests: every
//! operation called once through the client, with the spec's examples,
//! against a mock server of the spec that validates each request (Prism,
//! started by `cargo xtask contract`), and its answer read back.

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;

use super::type_ref::{ident, rust_type};
use super::{Chunk, Context, ContractChunk};
use crate::ir::{BodyEncoding, EnumRepr, Operation, ParamLocation, PathSegment, Scalar, TypeKind, TypeRef};

/// The helpers, then one test per operation.
pub fn contract_chunks(cx: &Context<'_>) -> Vec<Chunk> {
    let tests = (0..cx.api.operations.len()).map(ContractChunk::Test);
    std::iter::once(ContractChunk::Helpers).chain(tests).map(Chunk::ContractTests).collect()
}

pub fn emit_contract_chunk(cx: &Context<'_>, chunk: ContractChunk) -> TokenStream {
    match chunk {
        ContractChunk::Helpers => emit_helpers(cx),
        ContractChunk::Test(index) => {
            cx.api.operations.get(index).map(|op| emit_operation_test(cx, op)).unwrap_or_default()
        }
    }
}

fn emit_helpers(cx: &Context<'_>) -> TokenStream {
    let krate = ident(&cx.options.crate_name.replace('-', "_"));
    quote! {
        //! Contract tests: each operation called with the spec's examples
        //! against a mock server of the spec that rejects any request the spec
        //! does not allow. `cargo xtask contract` starts the mock and runs
        //! them; they are ignored by a plain `cargo test`.

        fn client() -> #krate::Client {
            let base_url = std::env::var("CONTRACT_BASE_URL")
                .expect("CONTRACT_BASE_URL is not set: run these tests with `cargo xtask contract`");
            #krate::Client::builder()
                .base_url(base_url)
                .bearer_token("contract-test-token")
                .retry_policy(#krate::RetryPolicy::none())
                .build()
                .expect("a client for the mock server")
        }

        /// The spec's example, read into the generated type.
        fn example<T: serde::de::DeserializeOwned>(json: &str) -> T {
            serde_json::from_str(json).expect("the spec's example fits the generated type")
        }

        /// Fails with what the mock server said when the call failed: first
        /// the spec violations it found in the request, if any.
        fn check<T, E: std::fmt::Debug>(operation: &str, result: Result<#krate::Response<T>, #krate::Error<E>>) {
            if let Err(error) = result {
                let body = error.body().map(|b| String::from_utf8_lossy(b).into_owned()).unwrap_or_default();
                let violations = violations(&error, &body);
                panic!("{operation}: {violations}{error}\n{body}");
            }
        }

        /// The violations the mock server reports, in its `sl-violations`
        /// header or its own 422 body (`validation`), each a JSON object with
        /// `location` and `message`, as `request violates the spec: <location>: <message>; ...: `.
        fn violations<E>(error: &#krate::Error<E>, body: &str) -> String {
            let from_header = error.headers().and_then(|h| h.get("sl-violations")).map(|v| v.as_bytes().to_vec());
            let list = match from_header {
                Some(header) => serde_json::from_slice::<serde_json::Value>(&header).ok(),
                None => serde_json::from_str::<serde_json::Value>(body).ok().map(|b| b["validation"].clone()),
            };
            let found: Vec<String> = list
                .iter()
                .filter_map(serde_json::Value::as_array)
                .flatten()
                .map(|violation| {
                    let location: Vec<&str> = violation["location"].as_array().into_iter().flatten().filter_map(|p| p.as_str()).collect();
                    format!("{}: {}", location.join("."), violation["message"].as_str().unwrap_or("?"))
                })
                .collect();
            if found.is_empty() {
                return String::new();
            }
            format!("request violates the spec: {}: ", found.join("; "))
        }
    }
}

fn emit_operation_test(cx: &Context<'_>, op: &Operation) -> TokenStream {
    let krate = ident(&cx.options.crate_name.replace('-', "_"));
    let (name, method, id) = (ident(&op.fn_name), ident(&op.fn_name), &op.id);
    let mut args: Vec<TokenStream> =
        path_params(op).map(|(ty, example)| path_example(cx, &krate, ty, example)).collect();
    if let Some(params_type) = &op.params_type {
        let params_type = ident(params_type);
        let json = raw_string(&params_example(op).to_string());
        args.push(quote!(&example::<#krate::types::#params_type>(#json)));
    }
    if let Some(body) = &op.body {
        args.push(match body.encoding {
            BodyEncoding::Binary => quote!(b"example".to_vec()),
            BodyEncoding::Text => quote!("example"),
            _ => {
                let ty = crate_type(&krate, &body.ty);
                let json = raw_string(&body.example.clone().unwrap_or(Value::Null).to_string());
                quote!(&example::<#ty>(#json))
            }
        });
    }
    let allow =
        op.deprecated.then(|| quote!(#[allow(deprecated, reason = "the contract covers deprecated operations too")]));
    quote! {
        #[tokio::test]
        #[ignore = "needs the mock server that `cargo xtask contract` starts"]
        #allow
        async fn #name() {
            check(#id, client().#method(#(#args),*).await);
        }
    }
}

/// `r#"..."#` with enough `#`s: JSON reads better without escapes.
fn raw_string(text: &str) -> TokenStream {
    let hashes = "#".repeat((0..).find(|n| !text.contains(&format!("\"{}", "#".repeat(*n)))).unwrap_or(1).max(1));
    format!("r{hashes}\"{text}\"{hashes}").parse().unwrap_or_else(|_| quote!(#text))
}

/// The type as seen from outside the crate.
fn crate_type(krate: &proc_macro2::Ident, ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::Named(name) => {
            let name = ident(name);
            quote!(#krate::types::#name)
        }
        TypeRef::Array(inner) => {
            let inner = crate_type(krate, inner);
            quote!(Vec<#inner>)
        }
        other => rust_type(other),
    }
}

fn path_params(op: &Operation) -> impl Iterator<Item = (&TypeRef, Option<&Value>)> {
    let mut seen = Vec::new();
    op.path_segments.iter().filter_map(move |segment| {
        let PathSegment::Param(name) = segment else { return None };
        let param = op.params.iter().find(|p| &p.rust_name == name && p.location == ParamLocation::Path)?;
        if seen.contains(&name) {
            return None;
        }
        seen.push(name);
        Some((&param.ty, param.example.as_ref()))
    })
}

/// A path argument of the method's type, from the example.
fn path_example(cx: &Context<'_>, krate: &proc_macro2::Ident, ty: &TypeRef, example: Option<&Value>) -> TokenStream {
    let text = match example {
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
        None => "example".to_string(),
    };
    match ty {
        TypeRef::Scalar(Scalar::Bool) => {
            let value = text == "true";
            quote!(#value)
        }
        TypeRef::Scalar(Scalar::String) => quote!(#text),
        TypeRef::Scalar(_) => {
            let number = proc_macro2::Literal::i64_unsuffixed(text.parse::<i64>().unwrap_or(1));
            quote!(#number)
        }
        TypeRef::Named(name) => match cx.type_def(name).map(|d| &d.kind) {
            Some(TypeKind::Enum(e)) if e.repr == EnumRepr::Integer => {
                let (ty, number) = (crate_type(krate, ty), text.parse::<i64>().unwrap_or(1));
                quote!(&#ty::from(#number))
            }
            Some(TypeKind::Enum(_)) => {
                let ty = crate_type(krate, ty);
                quote!(&#ty::from(#text))
            }
            _ => quote!(#text),
        },
        _ => quote!(#text),
    }
}

/// The required query and header parameters, by Rust name.
fn params_example(op: &Operation) -> Value {
    let mut object = serde_json::Map::new();
    for param in op.params.iter().filter(|p| p.location != ParamLocation::Path && p.required) {
        let value = param.example.clone().unwrap_or_else(|| Value::String("example".to_string()));
        object.insert(param.rust_name.clone(), value);
    }
    Value::Object(object)
}
