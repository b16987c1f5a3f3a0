//! Stage 2, lower: `openapiv3::OpenAPI` → [`ir::Api`](crate::ir::Api).
//!
//! Architecture invariant: this is the only stage that reads `openapiv3`
//! types. It resolves `$ref`s, names every inline schema from its
//! operation and location, and reports what it had to guess as warnings.

mod alias_cycles;
mod body;
mod cycles;
mod example;
mod naming;
mod operation;
mod pagination;
mod refs;
mod schema;
mod shape;
mod union;

use std::collections::BTreeMap;

use openapiv3::{OpenAPI, ReferenceOr, Schema, SecurityScheme};

use crate::diagnostics::{Diagnostic, Diagnostics, Pointer};
use crate::ir::{self, Api, ParamLocation, SecuritySchemeKind, TypeDef, TypeRef};
use crate::profile::Profile;
use naming::UniqueNames;

pub use body::UNKNOWN_STATUS_VARIANT;
pub use naming::{camel_ident, snake_ident};
pub use schema::UNKNOWN_VARIANT;

/// Lowers a loaded spec. Never fails: what cannot be represented exactly is
/// represented loosely (e.g. as JSON) with a warning.
pub fn lower(spec: &OpenAPI, profile: &Profile) -> (Api, Vec<Diagnostic>) {
    let mut lowerer = Lowerer::new(spec, profile);
    lowerer.lower_components();
    lowerer.lower_error_body();
    let operations = lowerer.lower_operations();
    let security_schemes = lowerer.lower_security_schemes();
    let mut types: Vec<TypeDef> = lowerer.types.into_iter().flatten().collect();
    alias_cycles::break_alias_cycles(&mut types, &mut lowerer.diags);
    cycles::box_recursive_fields(&mut types);
    let api = Api {
        title: spec.info.title.clone(),
        version: spec.info.version.clone(),
        description: spec.info.description.clone(),
        base_url: lower_base_url(spec, &mut lowerer.diags),
        security_schemes,
        operations,
        types,
    };
    (api, lowerer.diags.into_vec())
}

/// State shared by the lowering of one spec.
struct Lowerer<'a> {
    spec: &'a OpenAPI,
    profile: &'a Profile,
    diags: Diagnostics,
    type_names: UniqueNames,
    /// Named types in the order they were first met; a slot is reserved
    /// before a type's members are lowered, so a type precedes its parts.
    types: Vec<Option<TypeDef>>,
    /// `#/components/schemas/X` → the type lowered for it.
    components: BTreeMap<String, TypeRef>,
    error_body: Option<TypeRef>,
}

/// How to name the type a schema may turn into.
#[derive(Debug, Clone)]
enum NameHint {
    /// Exactly this (already claimed) name: a component schema.
    Fixed(String),
    /// Words to build a fresh name from, e.g. `["CreateApps", "Request"]`.
    Derived(Vec<String>),
}

impl NameHint {
    fn derived(first: &str) -> Self {
        Self::Derived(vec![first.to_string()])
    }

    fn child(&self, word: &str) -> Self {
        let mut words = match self {
            Self::Fixed(name) => vec![name.clone()],
            Self::Derived(words) => words.clone(),
        };
        words.push(word.to_string());
        Self::Derived(words)
    }
}

impl<'a> Lowerer<'a> {
    fn new(spec: &'a OpenAPI, profile: &'a Profile) -> Self {
        Self {
            spec,
            profile,
            diags: Diagnostics::default(),
            type_names: UniqueNames::default(),
            types: Vec::new(),
            components: BTreeMap::new(),
            error_body: None,
        }
    }

    /// Reserves a slot and a name for a new named type.
    fn reserve_type(&mut self, hint: &NameHint) -> (usize, String) {
        let name = match hint {
            NameHint::Fixed(name) => name.clone(),
            NameHint::Derived(words) => {
                let words: Vec<&str> = words.iter().map(String::as_str).collect();
                self.type_names.claim(&naming::type_name(&words))
            }
        };
        self.types.push(None);
        (self.types.len() - 1, name)
    }

    fn define_type(&mut self, slot: usize, def: TypeDef) -> TypeRef {
        let reference = TypeRef::Named(def.name.clone());
        self.types[slot] = Some(def);
        reference
    }

    /// Gives a type made for one body the body's description, when its schema
    /// has none of its own (shared component types are left alone).
    fn describe_if_undocumented(&mut self, ty: &TypeRef, schema_ptr: &Pointer, text: Option<&str>) {
        let (TypeRef::Named(name), Some(text)) = (ty, text) else { return };
        let def = self.types.iter_mut().flatten().find(|d| &d.name == name);
        if let Some(def) = def.filter(|d| d.description.is_none() && d.pointer.starts_with(schema_ptr.as_str())) {
            def.description = Some(text.to_string());
        }
    }

    /// Every component schema becomes a type of (about) its own name, in spec
    /// order, before any operation is looked at: their names never depend on
    /// the operations.
    fn lower_components(&mut self) {
        let Some(components) = &self.spec.components else { return };
        let names: Vec<(String, String)> = components
            .schemas
            .keys()
            .map(|key| (key.clone(), self.type_names.claim(&naming::type_name(&[key]))))
            .collect();
        for (key, name) in &names {
            self.components.insert(refs::schema_ref(key), TypeRef::Named(name.clone()));
        }
        for (key, name) in names {
            let schema = &components.schemas[&key];
            let ptr = Pointer::root().join("components").join("schemas").join(&key);
            self.lower_named_schema(schema, &ptr, name);
        }
    }

    /// Lowers a schema that must become a type of exactly `name`, adding an
    /// alias when the schema itself is not a struct or enum.
    fn lower_named_schema(&mut self, schema: &ReferenceOr<Schema>, ptr: &Pointer, name: String) -> TypeRef {
        let before = self.types.len();
        let lowered = self.lower_schema(schema, ptr, &NameHint::Fixed(name.clone()));
        if lowered == TypeRef::Named(name.clone()) && self.types[before..].iter().flatten().any(|d| d.name == name) {
            return lowered;
        }
        // The schema was a reference or a primitive: alias it (an alias that
        // leads back to itself, `A: {$ref: A}` too, is cut by `alias_cycles`).
        // Its slot goes before any types the schema created, so the alias
        // reads first.
        let def = TypeDef {
            name,
            pointer: ptr.to_string(),
            description: refs::description_of(schema),
            kind: ir::TypeKind::Alias { target: lowered },
        };
        self.types.insert(before, None);
        self.define_type(before, def)
    }

    /// The profile's error body, the type of error responses without a schema.
    fn lower_error_body(&mut self) {
        let Some(error_body) = &self.profile.error_body else { return };
        let ptr = Pointer::root().join("x-profile").join("error_body").join("schema");
        let schema: Schema = match serde_json::from_value(error_body.schema.clone()) {
            Ok(schema) => schema,
            Err(e) => {
                self.diags.error(&ptr, format!("the profile's error body is not a valid schema: {e}"));
                return;
            }
        };
        let name = self.type_names.claim(&naming::type_name(&[&error_body.name]));
        let lowered = self.lower_named_schema(&ReferenceOr::Item(schema), &ptr, name);
        self.error_body = Some(lowered);
    }

    fn lower_security_schemes(&mut self) -> Vec<ir::SecurityScheme> {
        let Some(components) = &self.spec.components else { return Vec::new() };
        let mut schemes = Vec::new();
        for (name, scheme) in &components.security_schemes {
            let ptr = Pointer::root().join("components").join("securitySchemes").join(name);
            let ReferenceOr::Item(scheme) = scheme else {
                self.diags.warn(&ptr, "a security scheme given by `$ref` is not supported; it is ignored");
                continue;
            };
            if let Some(kind) = self.security_scheme_kind(scheme, &ptr) {
                schemes.push(ir::SecurityScheme { name: name.clone(), kind });
            }
        }
        schemes
    }

    fn security_scheme_kind(&mut self, scheme: &SecurityScheme, ptr: &Pointer) -> Option<SecuritySchemeKind> {
        match scheme {
            SecurityScheme::OAuth2 { .. } | SecurityScheme::OpenIDConnect { .. } => Some(SecuritySchemeKind::Bearer),
            SecurityScheme::HTTP { scheme, .. } if scheme.eq_ignore_ascii_case("bearer") => {
                Some(SecuritySchemeKind::Bearer)
            }
            SecurityScheme::HTTP { scheme, .. } if scheme.eq_ignore_ascii_case("basic") => {
                Some(SecuritySchemeKind::Basic)
            }
            SecurityScheme::HTTP { scheme, .. } => {
                self.diags
                    .warn(&ptr.join("scheme"), format!("HTTP auth scheme `{scheme}` is not supported; it is ignored"));
                None
            }
            SecurityScheme::APIKey { location, name, .. } => {
                let location = match location {
                    openapiv3::APIKeyLocation::Query => ParamLocation::Query,
                    openapiv3::APIKeyLocation::Header => ParamLocation::Header,
                    openapiv3::APIKeyLocation::Cookie => ParamLocation::Cookie,
                };
                Some(SecuritySchemeKind::ApiKey { location, name: name.clone() })
            }
        }
    }
}

/// The first server's URL, when it is absolute: a relative one (`/v1`) is
/// relative to wherever the spec is served, which a client cannot know,
/// so the user sets the base URL instead.
fn lower_base_url(spec: &OpenAPI, diags: &mut Diagnostics) -> Option<String> {
    let url = server_url(spec.servers.first()?);
    let (scheme, rest) = url.split_once("://").unwrap_or_default();
    // The scheme in lower case, as the runtime (and RFC 3986) writes it.
    let scheme = scheme.to_ascii_lowercase();
    let problem = if scheme != "https" && scheme != "http" {
        "is not an absolute http(s) URL"
    } else if !url.chars().all(is_url_char) {
        "holds a character a URL cannot (a space, control, non-ASCII or one of `<>\"{}|\\^` and backtick)"
    } else if url.contains(['?', '#']) {
        "has a query or fragment, which the operations' paths cannot follow"
    } else {
        return Some(format!("{scheme}://{rest}"));
    };
    let message = format!(
        "server URL `{url}` {problem}; the client has no default base URL (set one with `ClientBuilder::base_url`)"
    );
    diags.warn(&Pointer::root().join("servers").join(0).join("url"), message);
    None
}

/// A character a URL may hold as it is: printable ASCII but for those
/// RFC 3986 leaves out (so it is also safe in a doc comment's autolink).
fn is_url_char(c: char) -> bool {
    c.is_ascii_graphic() && !matches!(c, '<' | '>' | '"' | '{' | '}' | '|' | '\\' | '^' | '`')
}

/// A server URL with its variables replaced by their defaults.
fn server_url(server: &openapiv3::Server) -> String {
    let mut url = server.url.clone();
    for (name, variable) in server.variables.iter().flatten() {
        url = url.replace(&format!("{{{name}}}"), &variable.default);
    }
    url.trim_end_matches('/').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base_url_of(url: &str) -> (Option<String>, Vec<Diagnostic>) {
        let url = serde_json::Value::from(url);
        let json = format!(
            r#"{{"openapi":"3.0.0","info":{{"title":"t","version":"1"}},"paths":{{}},"servers":[{{"url":{url}}}]}}"#
        );
        let spec: OpenAPI = match serde_json::from_str(&json) {
            Ok(spec) => spec,
            Err(e) => panic!("{e}: {json}"),
        };
        let mut diags = Diagnostics::default();
        (lower_base_url(&spec, &mut diags), diags.into_vec())
    }

    #[test]
    fn a_server_url_is_kept_only_when_a_client_can_use_it_as_written() {
        assert_eq!(base_url_of("https://api.example.com/v2/").0.as_deref(), Some("https://api.example.com/v2"));
        assert_eq!(base_url_of("HTTPS://API.example.com").0.as_deref(), Some("https://API.example.com"));
        for bad in [
            "/v2",
            "https://api.example.com/v2\n@doc-block:0",
            "https://a.example/\u{202E}x",
            "https://a b",
            "https://a/<x>",
            "https://a/v1?version=2",
            "https://a/v1#top",
        ] {
            let (url, diags) = base_url_of(bad);
            assert_eq!((url, diags.len()), (None, 1), "{bad:?}");
            assert_eq!(diags[0].pointer, "/servers/0/url");
        }
    }
}
