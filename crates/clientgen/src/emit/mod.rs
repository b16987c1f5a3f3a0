//! Stage 3, emit: [`ir::Api`](crate::ir::Api) → token streams, one small
//! function per kind of item.
//!
//! Architecture invariant: emitters read the IR only, never the spec, and
//! make no naming decisions of their own beyond fixed ones (`Client`).

mod client;
mod contract;
mod docs;
mod enums;
mod lib_rs;
mod manifest;
mod operations;
mod pagination;
mod params;
mod request;
mod responses;
mod rustdoc;
mod structs;
mod type_ref;
mod types;
mod unions;
mod validate;

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;

use proc_macro2::TokenStream;

use crate::ir::{Api, TypeDef, TypeKind, TypeRef};
use crate::profile::RateLimitHeaderNames;

/// What the emitted crate is called and how it finds its runtime.
#[derive(Debug, Clone)]
pub struct EmitOptions {
    pub crate_name: String,
    pub crate_version: String,
    /// The `clientgen-runtime` dependency line, e.g. `{ path = "../../crates/clientgen-runtime" }`.
    pub runtime_dependency: String,
    /// A crate outside any workspace gets an empty `[workspace]` table.
    pub standalone: bool,
    /// Makes root-relative links in descriptions absolute.
    pub docs_base_url: Option<String>,
    /// The headers the API reports rate limits in, when not the common ones.
    pub rate_limit_headers: Option<RateLimitHeaderNames>,
    /// Runtime modules the crate re-exports (e.g. `zoom`).
    pub runtime_modules: Vec<String>,
    /// Emit `tests/contract.rs` (see `emit::contract`).
    pub contract_tests: bool,
}

/// One file of the emitted crate, before formatting.
#[derive(Debug)]
pub struct EmittedFile {
    /// Relative to the crate's root.
    pub path: PathBuf,
    pub contents: Contents,
}

#[derive(Debug)]
pub enum Contents {
    /// Top-level items in chunks (the first may start with inner
    /// attributes), formatted one chunk at a time: a large file never has
    /// to be parsed whole, which keeps memory low.
    Rust(Vec<TokenStream>),
    Toml(String),
}

/// Emits every file of the client crate for `api`.
pub fn emit_crate(api: &Api, options: &EmitOptions) -> Vec<EmittedFile> {
    let cx = Context::new(api, options);
    let mut files = vec![
        EmittedFile { path: "Cargo.toml".into(), contents: Contents::Toml(manifest::emit_manifest(&cx)) },
        EmittedFile { path: "src/lib.rs".into(), contents: Contents::Rust(vec![lib_rs::emit_lib_rs(&cx)]) },
        EmittedFile { path: "src/client.rs".into(), contents: Contents::Rust(vec![client::emit_client(&cx)]) },
        EmittedFile {
            path: "src/operations.rs".into(),
            contents: Contents::Rust(vec![operations::emit_operations(&cx)]),
        },
        EmittedFile { path: "src/types.rs".into(), contents: Contents::Rust(types::emit_types(&cx)) },
    ];
    if options.contract_tests {
        let tests = contract::emit_contract_tests(&cx);
        files.push(EmittedFile { path: "tests/contract.rs".into(), contents: Contents::Rust(vec![tests]) });
    }
    files
}

/// The IR plus what emitters look up in it.
pub(crate) struct Context<'a> {
    pub api: &'a Api,
    pub options: &'a EmitOptions,
    types: BTreeMap<&'a str, &'a TypeDef>,
    /// Types a request may contain: they get constructors and validation.
    request_types: BTreeSet<String>,
    /// Request types with constraints to check, directly or in their parts.
    validated_types: BTreeSet<String>,
    /// Spec prose already rendered as rustdoc lines: specs repeat the same
    /// descriptions on many fields. Only looked up, never iterated.
    rendered_docs: RefCell<HashMap<String, Vec<String>>>,
}

impl<'a> Context<'a> {
    fn new(api: &'a Api, options: &'a EmitOptions) -> Self {
        let types = api.types.iter().map(|t| (t.name.as_str(), t)).collect();
        let mut cx = Self {
            api,
            options,
            types,
            request_types: BTreeSet::new(),
            validated_types: BTreeSet::new(),
            rendered_docs: RefCell::default(),
        };
        cx.request_types = cx.reachable_from_requests();
        cx.validated_types = validate::types_needing_validation(&cx);
        cx
    }

    /// `text` as rustdoc lines (see [`docs::rustdoc_lines`]), rendered once per distinct text.
    pub fn rustdoc_lines(&self, text: &str) -> Vec<String> {
        if let Some(lines) = self.rendered_docs.borrow().get(text) {
            return lines.clone();
        }
        let lines = docs::rustdoc_lines(text, self.options.docs_base_url.as_deref());
        self.rendered_docs.borrow_mut().insert(text.to_string(), lines.clone());
        lines
    }

    pub fn type_def(&self, name: &str) -> Option<&'a TypeDef> {
        self.types.get(name).copied()
    }

    pub fn is_request_type(&self, name: &str) -> bool {
        self.request_types.contains(name)
    }

    pub fn needs_validation(&self, ty: &TypeRef) -> bool {
        match ty {
            TypeRef::Named(name) => self.validated_types.contains(name),
            TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => self.needs_validation(inner),
            _ => false,
        }
    }

    /// Every named type reachable from a request body or parameter.
    fn reachable_from_requests(&self) -> BTreeSet<String> {
        let mut found = BTreeSet::new();
        let mut stack: Vec<&TypeRef> = Vec::new();
        for op in &self.api.operations {
            stack.extend(op.body.iter().map(|b| &b.ty));
            stack.extend(op.params.iter().map(|p| &p.ty));
        }
        while let Some(ty) = stack.pop() {
            match ty {
                TypeRef::Named(name) if found.insert(name.clone()) => {
                    if let Some(def) = self.type_def(name) {
                        stack.extend(type_parts(def));
                    }
                }
                TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => stack.push(inner),
                _ => {}
            }
        }
        found
    }
}

/// The type references a definition is made of.
pub(crate) fn type_parts(def: &TypeDef) -> Vec<&TypeRef> {
    match &def.kind {
        TypeKind::Struct(s) => s.fields.iter().map(|f| &f.ty).chain(s.additional_properties.as_ref()).collect(),
        TypeKind::Union(u) => u.variants.iter().map(|v| &v.ty).collect(),
        TypeKind::Alias { target } => vec![target],
        TypeKind::Enum(_) => Vec::new(),
    }
}
