//! Per-status response enums: for an operation whose successful responses
//! differ, one variant per documented status.

use proc_macro2::TokenStream;
use quote::quote;

use super::Context;
use super::client::body_type;
use super::rustdoc::Doc;
use super::type_ref::ident;
use crate::ir::{Operation, StatusMatch, Success};
use crate::lower::UNKNOWN_STATUS_VARIANT;

pub fn emit_status_enum(cx: &Context<'_>, op: &Operation) -> Option<TokenStream> {
    let Success::PerStatus { type_name, variants } = &op.success else { return None };
    let name = ident(type_name);
    let doc = Doc::default()
        .line(format!("The successful responses of [`Client::{0}`](crate::Client::{0}), by status.", op.fn_name))
        .attrs();
    let arms = variants.iter().map(|v| {
        let mut doc = Doc::default().line(format!("{}:", status_text(v.status))).spec_text(cx, Some(&v.description));
        if matches!(v.status, StatusMatch::Code(300..=399) | StatusMatch::Range(3)) {
            doc = doc.line(
                "A redirect reaches the caller only when the client does not follow it: build it with \
                 `redirect_policy(reqwest::redirect::Policy::none())`.",
            );
        }
        let doc = doc.attrs();
        let variant = ident(&v.rust_name);
        match &v.body {
            Some(body) => {
                let ty = body_type(body);
                quote!(#doc #variant(#ty),)
            }
            None => quote!(#doc #variant,),
        }
    });
    let unknown = (!variants.iter().any(|v| v.status == StatusMatch::Default)).then(|| {
        let unknown = ident(UNKNOWN_STATUS_VARIANT);
        quote! {
            /// A successful status the spec does not document, with its body as received.
            #unknown(clientgen_runtime::Bytes),
        }
    });
    Some(quote! {
        #doc
        #[allow(
            clippy::large_enum_variant,
            reason = "variants hold whole response bodies; boxing them would cost an allocation per call"
        )]
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #(#arms)*
            #unknown
        }
    })
}

fn status_text(status: StatusMatch) -> String {
    match status {
        StatusMatch::Code(n) => format!("Status {n}"),
        StatusMatch::Range(n) => format!("Any status {n}xx"),
        StatusMatch::Default => "Any other status".to_string(),
    }
}
