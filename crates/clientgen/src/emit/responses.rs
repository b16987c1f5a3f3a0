//! Per-status response enums: for an operation whose successful responses
//! differ, one variant per documented status.

use proc_macro2::TokenStream;
use quote::quote;

use super::Context;
use super::client::body_type;
use super::rustdoc::Doc;
use super::type_ref::ident;
use crate::ir::{BodyEncoding, Operation, ResponseBody, StatusMatch, StatusVariant, Success};
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

pub(super) fn first_success_body(op: &Operation) -> Option<&ResponseBody> {
    match &op.success {
        Success::Empty => None,
        Success::Body(body) => Some(body),
        Success::PerStatus { variants, .. } => variants.iter().find_map(|v| v.body.as_ref()),
    }
}

/// Sends the request and reads the response into the method's success type.
pub(super) fn read_response(op: &Operation) -> TokenStream {
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

/// The statuses `n`xx but for the `codes` that have arms of their own
/// (clippy refuses overlapping arms): `201..=203 | 205..=299` for `2XX`
/// beside `200` and `204`; `None` when none is left.
fn range_pattern(n: u16, codes: &[u16]) -> Option<TokenStream> {
    let (mut low, high) = (n * 100, n * 100 + 99);
    let mut taken: Vec<u16> = codes.iter().copied().filter(|c| (low..=high).contains(c)).collect();
    taken.sort_unstable();
    taken.dedup();
    let mut parts = Vec::new();
    // Each taken code (and, last, the one past the range) ends a gap.
    for code in taken.into_iter().chain([high + 1]) {
        if code > low {
            let end = code - 1;
            parts.push(if end == low { quote!(#low) } else { quote!(#low..=#end) });
        }
        low = code + 1;
    }
    (!parts.is_empty()).then(|| quote!(#(#parts)|*))
}

/// Matches the status to the enum's variant; documented redirects count as
/// success, anything else undocumented but successful is kept as bytes.
fn read_per_status(type_name: &str, variants: &[StatusVariant]) -> TokenStream {
    let name = ident(type_name);
    let redirects: Vec<u16> = variants
        .iter()
        .filter_map(|v| match v.status {
            StatusMatch::Code(n @ 300..=399) => Some(n),
            _ => None,
        })
        .collect();
    let mut ordered: Vec<&StatusVariant> = variants.iter().collect();
    ordered.sort_by_key(|v| match v.status {
        StatusMatch::Code(_) => 0,
        StatusMatch::Range(_) => 1,
        StatusMatch::Default => 2,
    });
    let codes: Vec<u16> = variants
        .iter()
        .filter_map(|v| match v.status {
            StatusMatch::Code(n) => Some(n),
            _ => None,
        })
        .collect();
    let arms = ordered.iter().filter_map(|v| {
        let pattern = match v.status {
            StatusMatch::Code(n) => quote!(#n),
            StatusMatch::Range(n) => range_pattern(n, &codes)?,
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
        Some(quote!(#pattern => #value,))
    });
    let fallback = (!variants.iter().any(|v| v.status == StatusMatch::Default)).then(|| {
        let unknown = ident(UNKNOWN_STATUS_VARIANT);
        quote!(_ => #name::#unknown(raw.body.clone()),)
    });
    // A documented `3XX` makes every redirect a success, to reach its arm.
    let redirects = if variants.iter().any(|v| v.status == StatusMatch::Range(3)) {
        quote!(&(300u16..=399).collect::<Vec<u16>>())
    } else {
        quote!(&[#(#redirects),*])
    };
    quote! {
        let raw = request.send().await?.success_or(#redirects)?;
        let body = match raw.status.as_u16() {
            #(#arms)*
            #fallback
        };
        Ok(raw.into_response(body))
    }
}
