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
pub(crate) mod rustdoc;
mod structs;
mod type_ref;
mod types;
mod unions;
mod validate;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::Mutex;

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

/// One file of the emitted crate, before its chunks are emitted.
#[derive(Debug)]
pub struct EmittedFile {
    /// Relative to the crate's root.
    pub path: PathBuf,
    pub contents: Contents,
}

#[derive(Debug)]
pub enum Contents {
    /// Top-level items in chunks (the first may start with inner
    /// attributes). Each chunk is emitted and formatted on its own, on
    /// whichever core is free: a large file is never held as tokens whole.
    Rust(Vec<Chunk>),
    Toml(String),
}

/// A piece of a Rust file that is emitted on its own. Files with an item
/// per operation or type get a chunk for each, so that no chunk's tokens
/// and syntax tree grow with the size of the spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Chunk {
    LibRs,
    Client(ClientChunk),
    Operations(OperationsChunk),
    ContractTests(ContractChunk),
    Types(TypesChunk),
}

/// A piece of `src/client.rs`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClientChunk {
    /// The module's docs and imports, the `Client` struct and its builder.
    Items,
    /// The first members of `impl Client`: constants and constructors.
    Constructors,
    /// The method (and stream methods) of the operation at this index.
    Method(usize),
}

/// A piece of `src/operations.rs`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OperationsChunk {
    ModuleDoc,
    /// The constant of the operation at this index.
    Info(usize),
    /// `ALL_OPERATIONS`.
    All,
}

/// A piece of `tests/contract.rs`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContractChunk {
    /// The module's docs and the helpers every test calls.
    Helpers,
    /// The test of the operation at this index.
    Test(usize),
}

/// A piece of `src/types.rs`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TypesChunk {
    ModuleDoc,
    /// The type at this index of `Api::types`.
    Type(usize),
    /// The parameter struct of the operation at this index, if it has one.
    Params(usize),
    /// The status enum of the operation at this index, if it has one.
    StatusEnum(usize),
}

/// Emits the crate for `api`: plans its files, then emits any chunk on
/// request. It is `Sync`, so chunks can be emitted on several threads.
pub struct Emitter<'a> {
    cx: Context<'a>,
}

impl<'a> Emitter<'a> {
    pub fn new(api: &'a Api, options: &'a EmitOptions) -> Self {
        Self { cx: Context::new(api, options) }
    }

    /// Every file of the client crate, in the order they are written.
    pub fn files(&self) -> Vec<EmittedFile> {
        let rust = |path: &str, chunks: Vec<Chunk>| EmittedFile { path: path.into(), contents: Contents::Rust(chunks) };
        let mut files = vec![
            EmittedFile { path: "Cargo.toml".into(), contents: Contents::Toml(manifest::emit_manifest(&self.cx)) },
            rust("src/lib.rs", vec![Chunk::LibRs]),
            rust("src/client.rs", client::client_chunks(&self.cx)),
            rust("src/operations.rs", operations::operations_chunks(&self.cx)),
            rust("src/types.rs", types::types_chunks(&self.cx)),
        ];
        if self.cx.options.contract_tests {
            files.push(rust("tests/contract.rs", contract::contract_chunks(&self.cx)));
        }
        files
    }

    /// Is the crate outside the project's configured crates?
    pub fn is_standalone(&self) -> bool {
        self.cx.options.standalone
    }

    pub fn emit(&self, chunk: Chunk) -> ChunkCode {
        let cx = &self.cx;
        let (code, doc_blocks) = rustdoc::collect_doc_blocks(|| match chunk {
            Chunk::LibRs => lib_rs::emit_lib_rs(cx).into(),
            Chunk::Client(chunk) => client::emit_client_chunk(cx, chunk),
            Chunk::Operations(chunk) => operations::emit_operations_chunk(cx, chunk).into(),
            Chunk::ContractTests(chunk) => contract::emit_contract_chunk(cx, chunk).into(),
            Chunk::Types(chunk) => types::emit_types_chunk(cx, chunk),
        });
        ChunkCode { doc_blocks, ..code }
    }
}

/// The code of one chunk: items for prettyplease to format, then macro
/// calls that are laid out already.
#[derive(Debug, Default)]
pub struct ChunkCode {
    pub items: TokenStream,
    /// Calls of the runtime's table macros (`string_enum!`), one row per
    /// line. prettyplease would fill a macro's body like a paragraph, so a
    /// new row would reflow its neighbours in the diff.
    pub tables: String,
    /// When set (e.g. `impl Client`), `items` are members of that impl
    /// block: the writer formats them inside it and joins the members of
    /// neighbouring chunks into one block.
    pub members_of: Option<TokenStream>,
    /// The doc comments set aside while emitting, whose lines go where
    /// their markers are printed (see `rustdoc`).
    pub doc_blocks: Vec<String>,
}

impl From<TokenStream> for ChunkCode {
    fn from(items: TokenStream) -> Self {
        Self { items, ..Self::default() }
    }
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
    /// descriptions on many fields. Only looked up, never iterated; shared
    /// by the threads that emit chunks.
    rendered_docs: Mutex<HashMap<String, Vec<String>>>,
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
            rendered_docs: Mutex::default(),
        };
        cx.request_types = cx.reachable_from_requests();
        cx.validated_types = validate::types_needing_validation(&cx);
        cx
    }

    /// `text` as rustdoc lines (see [`docs::rustdoc_lines`]), rendered once per distinct text.
    pub fn rustdoc_lines(&self, text: &str) -> Vec<String> {
        if let Some(lines) = self.docs_cache().get(text) {
            return lines.clone();
        }
        // Rendered without the lock held: another thread may render the
        // same text meanwhile, to the same lines.
        let lines = docs::rustdoc_lines(text, self.options.docs_base_url.as_deref());
        self.docs_cache().insert(text.to_string(), lines.clone());
        lines
    }

    fn docs_cache(&self) -> std::sync::MutexGuard<'_, HashMap<String, Vec<String>>> {
        // A cache stays valid even if a thread panicked while holding it.
        self.rendered_docs.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    pub fn type_def(&self, name: &str) -> Option<&'a TypeDef> {
        self.types.get(name).copied()
    }

    /// What a named alias stands for, one level down; any other type as
    /// it is.
    pub fn resolve_alias<'t>(&self, ty: &'t TypeRef) -> &'t TypeRef
    where
        'a: 't,
    {
        match ty {
            TypeRef::Named(name) => match self.type_def(name).map(|d| &d.kind) {
                Some(TypeKind::Alias { target }) => target,
                _ => ty,
            },
            _ => ty,
        }
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
