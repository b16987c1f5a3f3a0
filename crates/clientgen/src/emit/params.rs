//! Parameter structs: the query, header and cookie parameters of one
//! operation, so a call with many optional parameters stays readable.

use proc_macro2::TokenStream;
use quote::quote;

use super::Context;
use super::rustdoc::{Doc, code};
use super::type_ref::{ident, rust_type};
use crate::ir::{Operation, ParamLocation, Parameter};

pub fn emit_params_struct(cx: &Context<'_>, op: &Operation) -> Option<TokenStream> {
    let name = ident(op.params_type.as_deref()?);
    let fields: Vec<&Parameter> = op.params.iter().filter(|p| p.location != ParamLocation::Path).collect();
    let default = fields.iter().all(|p| !p.required).then(|| quote!(Default,));
    let doc = Doc::default()
        .line(format!("Parameters of [`Client::{0}`](crate::Client::{0}) besides the path.", op.fn_name))
        .attrs();
    let fields = fields.iter().map(|p| emit_param_field(cx, p));
    Some(quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, #default serde::Deserialize)]
        pub struct #name {
            #(#fields)*
        }
    })
}

fn emit_param_field(cx: &Context<'_>, param: &Parameter) -> TokenStream {
    let location = match param.location {
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
        ParamLocation::Path => "path",
    };
    let mut doc = Doc::default().spec_text(cx, param.description.as_deref());
    doc = doc.line(format!("Sent as the {location} parameter {}.", code(&param.name)));
    if param.deprecated {
        doc = doc.line("Deprecated.");
    }
    let doc = doc.attrs();
    let name = ident(&param.rust_name);
    let ty = rust_type(&param.ty);
    let ty = if param.required { ty } else { quote!(Option<#ty>) };
    quote! {
        #doc
        pub #name: #ty,
    }
}
