//! Operations: method, path, parameters, auth and metadata. Bodies and
//! responses are in `body`.

use openapiv3::{Parameter as SpecParameter, ParameterSchemaOrContent, PathItem, PathStyle, ReferenceOr};
use serde_json::Value;

use super::naming::{self, UniqueNames};
use super::{Lowerer, NameHint, pagination, refs};
use crate::diagnostics::Pointer;
use crate::ir::{
    AuthRequirement, HttpMethod, Operation, OperationMetadata, ParamLocation, Parameter, PathSegment, QueryStyle,
    Scalar, ScopeSet, TypeDef, TypeRef,
};

/// Names an operation's method cannot take: the emitted `Client`'s own
/// methods, those of the traits it implements that callers reach by method
/// syntax (an inherent `clone` would win over `Clone::clone`), and
/// `all_operations`, whose constant (`ALL_OPERATIONS`) the operations
/// module has of its own.
const CLIENT_METHODS: &[&str] = &["new", "builder", "runtime", "base_url", "clone", "from", "into", "all_operations"];

/// Header parameters OpenAPI says to ignore: the client sets these itself.
const IGNORED_HEADERS: &[&str] = &["accept", "content-type", "authorization"];

impl Lowerer<'_> {
    pub(super) fn lower_operations(&mut self) -> Vec<crate::ir::Operation> {
        let mut fn_names = UniqueNames::default();
        for name in CLIENT_METHODS {
            fn_names.claim(name);
        }
        let mut operations = Vec::new();
        for (path, item) in self.spec.paths.iter() {
            let path_ptr = Pointer::root().join("paths").join(path);
            let ReferenceOr::Item(item) = item else {
                self.diags.warn(&path_ptr, "a path item given by `$ref` is not supported; its operations are left out");
                continue;
            };
            for (method, op) in item.iter() {
                operations.push(self.lower_operation(path, item, method, op, &path_ptr, &mut fn_names));
            }
        }
        let types: Vec<&TypeDef> = self.types.iter().flatten().collect();
        pagination::detect(&mut operations, &types, &self.profile.pagination, &mut fn_names);
        operations
    }

    fn lower_operation(
        &mut self,
        path: &str,
        item: &PathItem,
        method: &str,
        op: &openapiv3::Operation,
        path_ptr: &Pointer,
        fn_names: &mut UniqueNames,
    ) -> Operation {
        let ptr = &path_ptr.join(method);
        let id = op.operation_id.clone().unwrap_or_else(|| {
            let made = format!("{method} {path}");
            self.diags.warn(ptr, format!("no `operationId`; the operation is named from `{made}`"));
            made
        });
        let base = naming::type_name(&[&id]);
        let hint = NameHint::derived(&base);
        let mut arg_names = UniqueNames::default();
        for reserved in ["body", "params", "self_"] {
            arg_names.claim(reserved);
        }
        // Bodies first: their types take the plain names (`...Request`), so a
        // parameter cannot rename them by existing.
        let body = op.request_body.as_ref().and_then(|b| self.lower_request_body(b, &ptr.join("requestBody"), &hint));
        let responses = self.lower_responses(&op.responses, &ptr.join("responses"), &hint);
        let template = template_names(path);
        let mut params = self.lower_parameters(item, op, (path_ptr, ptr), &hint, &template, &mut arg_names);
        let path_segments = self.lower_path_template(path, &mut params, ptr, &mut arg_names);
        let params_type = params
            .iter()
            .any(|p| p.location != ParamLocation::Path)
            .then(|| self.type_names.claim(&naming::type_name(&[&base, "Params"])));
        Operation {
            fn_name: fn_names.claim(&naming::snake_ident(&id)),
            method: http_method(method),
            path: path.to_string(),
            path_segments,
            summary: op.summary.clone(),
            description: op.description.clone(),
            deprecated: op.deprecated,
            tags: op.tags.clone(),
            params,
            params_type,
            body,
            success: self.success(&responses, &base),
            error_type: self.error_type(&responses),
            responses,
            auth: self.auth_requirement(op),
            pagination: None,
            metadata: self.operation_metadata(op),
            id,
        }
    }

    /// Path-level parameters, overridden by operation-level ones of the same
    /// name and location, in spec order.
    fn lower_parameters(
        &mut self,
        item: &PathItem,
        op: &openapiv3::Operation,
        (path_ptr, ptr): (&Pointer, &Pointer),
        hint: &NameHint,
        template: &[&str],
        names: &mut UniqueNames,
    ) -> Vec<Parameter> {
        let listed = item
            .parameters
            .iter()
            .enumerate()
            .map(|(i, p)| (p, path_ptr.join("parameters").join(i)))
            .chain(op.parameters.iter().enumerate().map(|(i, p)| (p, ptr.join("parameters").join(i))));
        let mut params: Vec<Parameter> = Vec::new();
        for (param, param_ptr) in listed.collect::<Vec<_>>() {
            let Some(lowered) = self.lower_parameter(param, &param_ptr, hint) else { continue };
            if lowered.location == ParamLocation::Path && !template.contains(&lowered.name.as_str()) {
                let message = format!("path parameter `{}` does not occur in the path; it is left out", lowered.name);
                self.diags.warn(&param_ptr, message);
                continue;
            }
            match params.iter_mut().find(|p| p.name == lowered.name && p.location == lowered.location) {
                Some(existing) => *existing = lowered,
                None => params.push(lowered),
            }
        }
        for param in &mut params {
            param.rust_name = names.claim(&naming::snake_ident(&param.name));
        }
        params
    }

    fn lower_parameter(
        &mut self,
        param: &ReferenceOr<SpecParameter>,
        ptr: &Pointer,
        hint: &NameHint,
    ) -> Option<Parameter> {
        let table = self.spec.components.as_ref().map(|c| &c.parameters);
        let (param, ptr) = match refs::resolve(param, table, "parameters", ptr) {
            Ok(found) => found,
            Err(problem) => {
                self.diags.warn(ptr, format!("{problem}; the parameter is left out"));
                return None;
            }
        };
        let (location, style) = self.location_and_style(param, &ptr);
        let data = param.parameter_data_ref();
        if location == ParamLocation::Header && IGNORED_HEADERS.contains(&data.name.to_ascii_lowercase().as_str()) {
            return None;
        }
        let kind = match location {
            ParamLocation::Header => Some("HTTP header"),
            ParamLocation::Cookie => Some("cookie"),
            _ => None,
        };
        if let Some(kind) = kind.filter(|_| !is_token(&data.name)) {
            self.diags.warn(&ptr, format!("{:?} is not a valid {kind} name; the parameter is left out", data.name));
            return None;
        }
        let example = data.example.clone().or_else(|| match &data.format {
            ParameterSchemaOrContent::Schema(schema) => self.example_of(schema.into(), 0),
            ParameterSchemaOrContent::Content(_) => None,
        });
        let ty = match &data.format {
            ParameterSchemaOrContent::Schema(schema) => {
                self.lower_schema(schema, &ptr.join("schema"), &hint.child(&data.name))
            }
            ParameterSchemaOrContent::Content(content) => match content.iter().next() {
                Some((media, media_type)) => match &media_type.schema {
                    Some(schema) => {
                        let schema_ptr = ptr.join("content").join(media).join("schema");
                        self.lower_schema(schema, &schema_ptr, &hint.child(&data.name))
                    }
                    None => TypeRef::Scalar(Scalar::String),
                },
                None => TypeRef::Scalar(Scalar::String),
            },
        };
        let style = self.style_for_type(style, &ty, &ptr);
        // OpenAPI: `explode` defaults to true for `form` only.
        let explode_default = matches!(location, ParamLocation::Query | ParamLocation::Cookie) && style.is_form();
        if location == ParamLocation::Path && !data.required {
            self.diags.warn(&ptr, "a path parameter must be required; it is treated as required");
        }
        Some(Parameter {
            name: data.name.clone(),
            rust_name: String::new(),
            location,
            required: data.required || location == ParamLocation::Path,
            ty,
            description: data.description.clone(),
            deprecated: data.deprecated.unwrap_or(false),
            explode: data.explode.unwrap_or(explode_default),
            style,
            example,
        })
    }

    /// Where the parameter goes and, for a query, its style. A path style
    /// the client cannot write is warned about rather than ignored silently.
    fn location_and_style(&mut self, param: &SpecParameter, ptr: &Pointer) -> (ParamLocation, QueryStyle) {
        match param {
            SpecParameter::Path { style, .. } => {
                if let Some(name) = match style {
                    PathStyle::Simple => None,
                    PathStyle::Label => Some("label"),
                    PathStyle::Matrix => Some("matrix"),
                } {
                    let message = format!("style `{name}` is not supported; the value is sent as style `simple`");
                    self.diags.warn(&ptr.join("style"), message);
                }
                (ParamLocation::Path, QueryStyle::Form)
            }
            SpecParameter::Query { style, .. } => (ParamLocation::Query, query_style(style)),
            SpecParameter::Header { .. } => (ParamLocation::Header, QueryStyle::Form),
            SpecParameter::Cookie { .. } => (ParamLocation::Cookie, QueryStyle::Form),
        }
    }

    /// `pipeDelimited` and `spaceDelimited` only spell arrays; on anything
    /// else they fall back to `form`, with a warning.
    fn style_for_type(&mut self, style: QueryStyle, ty: &TypeRef, ptr: &Pointer) -> QueryStyle {
        let name = match style {
            QueryStyle::PipeDelimited => "pipeDelimited",
            QueryStyle::SpaceDelimited => "spaceDelimited",
            QueryStyle::Form | QueryStyle::DeepObject => return style,
        };
        if matches!(ty, TypeRef::Array(_)) {
            return style;
        }
        let message = format!("style `{name}` applies to arrays only; the value is sent as style `form`");
        self.diags.warn(&ptr.join("style"), message);
        QueryStyle::Form
    }

    /// Splits the path template into literals and parameters. A `{name}` with
    /// no declared parameter gets a string parameter.
    fn lower_path_template(
        &mut self,
        path: &str,
        params: &mut Vec<Parameter>,
        ptr: &Pointer,
        names: &mut UniqueNames,
    ) -> Vec<PathSegment> {
        let mut segments = Vec::new();
        let mut rest = path;
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}').map(|c| open + c) else { break };
            if open > 0 {
                segments.push(PathSegment::Literal(rest[..open].to_string()));
            }
            let name = &rest[open + 1..close];
            let rust_name = self.path_param_for(name, params, ptr, names);
            segments.push(PathSegment::Param(rust_name));
            rest = &rest[close + 1..];
        }
        if !rest.is_empty() {
            segments.push(PathSegment::Literal(rest.to_string()));
        }
        segments
    }

    fn path_param_for(
        &mut self,
        name: &str,
        params: &mut Vec<Parameter>,
        ptr: &Pointer,
        names: &mut UniqueNames,
    ) -> String {
        if let Some(found) = params.iter().find(|p| p.location == ParamLocation::Path && p.name == name) {
            return found.rust_name.clone();
        }
        self.diags.warn(
            ptr,
            format!("path parameter `{name}` is used in the path but not declared; it is taken as a string"),
        );
        let rust_name = names.claim(&naming::snake_ident(name));
        params.push(Parameter {
            name: name.to_string(),
            rust_name: rust_name.clone(),
            location: ParamLocation::Path,
            required: true,
            ty: TypeRef::Scalar(Scalar::String),
            description: None,
            deprecated: false,
            explode: false,
            style: QueryStyle::Form,
            example: None,
        });
        rust_name
    }

    fn auth_requirement(&self, op: &openapiv3::Operation) -> AuthRequirement {
        let requirements = op.security.as_ref().or(self.spec.security.as_ref());
        let mut schemes: Vec<String> = Vec::new();
        for name in requirements.into_iter().flatten().flat_map(|r| r.keys()) {
            if !schemes.contains(name) {
                schemes.push(name.clone());
            }
        }
        if schemes.is_empty() { AuthRequirement::None } else { AuthRequirement::Required { schemes } }
    }

    fn operation_metadata(&self, op: &openapiv3::Operation) -> OperationMetadata {
        let requirements = op.security.as_ref().or(self.spec.security.as_ref());
        let mut scopes: Vec<String> = Vec::new();
        for scope in requirements.into_iter().flatten().flat_map(|r| r.values()).flatten() {
            if !scopes.contains(scope) {
                scopes.push(scope.clone());
            }
        }
        let scope_sets = self
            .profile
            .scope_sets
            .iter()
            .filter_map(|(name, pointer)| {
                let scopes = extension_value(&op.extensions, pointer)?.as_array()?;
                let scopes = scopes.iter().filter_map(Value::as_str).map(str::to_string).collect();
                Some(ScopeSet { name: name.clone(), scopes })
            })
            .collect();
        let marker = self.profile.rate_limit_label_marker.as_deref();
        let rate_limit_label = marker.and_then(|m| label_after(op.description.as_deref()?, m));
        OperationMetadata { scopes, scope_sets, rate_limit_label }
    }
}

/// The `{name}`s of a path template, in order.
fn template_names(path: &str) -> Vec<&str> {
    path.split('{').skip(1).filter_map(|part| part.split_once('}').map(|(name, _)| name)).collect()
}

fn query_style(style: &openapiv3::QueryStyle) -> QueryStyle {
    match style {
        openapiv3::QueryStyle::Form => QueryStyle::Form,
        openapiv3::QueryStyle::PipeDelimited => QueryStyle::PipeDelimited,
        openapiv3::QueryStyle::SpaceDelimited => QueryStyle::SpaceDelimited,
        openapiv3::QueryStyle::DeepObject => QueryStyle::DeepObject,
    }
}

fn http_method(method: &str) -> HttpMethod {
    match method {
        "put" => HttpMethod::Put,
        "post" => HttpMethod::Post,
        "delete" => HttpMethod::Delete,
        "options" => HttpMethod::Options,
        "head" => HttpMethod::Head,
        "patch" => HttpMethod::Patch,
        "trace" => HttpMethod::Trace,
        _ => HttpMethod::Get,
    }
}

/// Reads a JSON pointer into an operation's extensions, e.g.
/// `/x-extensions/x-macro-scopes`.
fn extension_value<'v>(extensions: &'v indexmap::IndexMap<String, Value>, pointer: &str) -> Option<&'v Value> {
    let rest = pointer.strip_prefix('/')?;
    let (first, deeper) = rest.split_once('/').map_or((rest, ""), |(a, b)| (a, b));
    let first = first.replace("~1", "/").replace("~0", "~");
    let value = extensions.get(&first)?;
    if deeper.is_empty() { Some(value) } else { value.pointer(&format!("/{deeper}")) }
}

/// The first `code span` after `marker` in `text`.
fn label_after(text: &str, marker: &str) -> Option<String> {
    let after = &text[text.find(marker)? + marker.len()..];
    let start = after.find('`')? + 1;
    let len = after[start..].find('`')?;
    let label = after[start..start + len].trim();
    (!label.is_empty()).then(|| label.to_string())
}

/// HTTP header and cookie names are tokens (RFC 9110, section 5.6.2;
/// RFC 6265, section 4.1.1).
fn is_token(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_is_the_code_span_after_the_marker() {
        let text = "Scopes: `a`\n\n**[Rate Limit Label](https://x/y#z):** `HEAVY`";
        assert_eq!(label_after(text, "Rate Limit Label"), Some("HEAVY".to_string()));
        assert_eq!(label_after("no label here", "Rate Limit Label"), None);
        assert_eq!(label_after("Rate Limit Label: none", "Rate Limit Label"), None);
    }

    #[test]
    fn extension_pointers_reach_nested_values() {
        let mut extensions = indexmap::IndexMap::new();
        extensions.insert("x-extensions".to_string(), serde_json::json!({"x-macro-scopes": ["a:b"]}));
        let found = extension_value(&extensions, "/x-extensions/x-macro-scopes");
        assert_eq!(found, Some(&serde_json::json!(["a:b"])));
        assert_eq!(extension_value(&extensions, "/x-other"), None);
    }
}
