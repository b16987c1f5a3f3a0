//! The intermediate representation (IR): everything the emitters need to
//! write a client, as plain data.
//!
//! Architecture invariant: nothing here refers to `openapiv3`. Names are
//! final Rust names, decided (and made unique) by the lowering stage, so
//! emitters only print. Every list keeps the spec's own order.

use serde::{Deserialize, Serialize};

/// One API: what a generated crate is made of.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Api {
    pub title: String,
    pub version: String,
    pub description: Option<String>,
    /// The first server URL, with its variables substituted by their defaults.
    pub base_url: Option<String>,
    pub security_schemes: Vec<SecurityScheme>,
    pub operations: Vec<Operation>,
    /// Named types, in the order they were first met in the spec.
    pub types: Vec<TypeDef>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SecurityScheme {
    pub name: String,
    pub kind: SecuritySchemeKind,
}

/// Where a scheme puts its credential. Schemes that all end up in the same
/// header are sent once: the runtime sets, never appends, that header.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum SecuritySchemeKind {
    /// `Authorization: Bearer <token>`: HTTP bearer, OAuth 2 and OpenID Connect.
    Bearer,
    /// `Authorization: Basic ...`.
    Basic,
    /// A key sent in a header, query parameter or cookie of the given name.
    ApiKey { location: ParamLocation, name: String },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Operation {
    /// The operationId as the spec writes it (or one made from method and path).
    pub id: String,
    /// The client method's name.
    pub fn_name: String,
    pub method: HttpMethod,
    /// The path template as the spec writes it, e.g. `/users/{userId}`.
    pub path: String,
    pub path_segments: Vec<PathSegment>,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub deprecated: bool,
    pub tags: Vec<String>,
    pub params: Vec<Parameter>,
    /// The struct holding the query, header and cookie parameters, if any.
    pub params_type: Option<String>,
    pub body: Option<RequestBody>,
    pub responses: Vec<Response>,
    /// What a successful call returns.
    pub success: Success,
    /// The parsed body of an error response; `None` keeps it as JSON.
    pub error_type: Option<TypeRef>,
    /// Whether the call sends the client's credentials.
    pub auth: AuthRequirement,
    /// How to ask for the next page, when the operation is paginated.
    pub pagination: Option<Pagination>,
    pub metadata: OperationMetadata,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum HttpMethod {
    Get,
    Put,
    Post,
    Delete,
    Options,
    Head,
    Patch,
    Trace,
}

impl HttpMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Put => "PUT",
            Self::Post => "POST",
            Self::Delete => "DELETE",
            Self::Options => "OPTIONS",
            Self::Head => "HEAD",
            Self::Patch => "PATCH",
            Self::Trace => "TRACE",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PathSegment {
    Literal(String),
    /// A path parameter, by its Rust name.
    Param(String),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Parameter {
    /// The name on the wire.
    pub name: String,
    pub rust_name: String,
    pub location: ParamLocation,
    pub required: bool,
    pub ty: TypeRef,
    pub description: Option<String>,
    pub deprecated: bool,
    /// For arrays in a query: repeat the key (`a=1&a=2`) or join them by
    /// the style's delimiter.
    pub explode: bool,
    /// OpenAPI's `style` of a query parameter (other locations only have
    /// one style the client supports; it is left at the default).
    #[serde(default, skip_serializing_if = "QueryStyle::is_form")]
    pub style: QueryStyle,
    /// A value that satisfies the spec, for contract tests.
    pub example: Option<serde_json::Value>,
}

/// How a query parameter's array or object is spelled.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QueryStyle {
    /// `a=1&a=2`, or `a=1,2` without explode.
    #[default]
    Form,
    /// `a=1|2`.
    PipeDelimited,
    /// `a=1 2`.
    SpaceDelimited,
    /// `a[key]=value` for each property of an object.
    DeepObject,
}

impl QueryStyle {
    pub fn is_form(&self) -> bool {
        *self == QueryStyle::Form
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ParamLocation {
    Path,
    Query,
    Header,
    Cookie,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequestBody {
    pub media_type: String,
    pub encoding: BodyEncoding,
    pub ty: TypeRef,
    pub required: bool,
    pub description: Option<String>,
    /// A body that satisfies the spec, for contract tests.
    pub example: Option<serde_json::Value>,
}

/// How a body travels; decided from its media type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BodyEncoding {
    Json,
    Form,
    Multipart,
    Text,
    Binary,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Response {
    pub status: StatusMatch,
    pub success: bool,
    pub description: String,
    pub body: Option<ResponseBody>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatusMatch {
    Code(u16),
    /// `2XX` and the like: the first digit.
    Range(u16),
    Default,
}

/// What a successful call returns, decided from its success responses.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Success {
    /// No successful response has a body.
    Empty,
    /// Every successful response has this body.
    Body(ResponseBody),
    /// The successful responses differ (in body, or some have none, or one
    /// is a redirect): an enum with a variant per status.
    PerStatus { type_name: String, variants: Vec<StatusVariant> },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatusVariant {
    pub rust_name: String,
    pub status: StatusMatch,
    pub description: String,
    pub body: Option<ResponseBody>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResponseBody {
    pub media_type: String,
    pub encoding: BodyEncoding,
    pub ty: TypeRef,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuthRequirement {
    None,
    Required { schemes: Vec<String> },
}

/// A paginated operation: which parameter asks for the next page, which
/// response field says what to ask, and which field holds the items.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pagination {
    pub style: PaginationStyle,
    /// The array field of the response that holds the page's items.
    pub items: Option<PageItems>,
    /// The client method that streams the pages.
    pub pages_fn: String,
    /// The client method that streams the items, when there are items.
    pub items_fn: Option<String>,
}

/// The fields and parameters named here are Rust names; the response
/// fields say whether they are `Option`s.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaginationStyle {
    /// The response's `field` (a string) goes into query parameter `param`
    /// until it comes back empty.
    Token { param: String, field: String, field_optional: bool },
    /// Query parameter `param` (an integer of type `param_type`) counts pages
    /// from 1 up to the response's `count_field`.
    PageNumber { param: String, param_type: Scalar, count_field: String, count_type: Scalar, count_optional: bool },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PageItems {
    /// The field's Rust name.
    pub field: String,
    /// The type of one item.
    pub item: TypeRef,
    /// Whether the field is an `Option`.
    pub optional: bool,
}

/// Facts about an operation that a program may want at run time.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct OperationMetadata {
    /// OAuth scopes from the operation's security requirements.
    pub scopes: Vec<String>,
    /// Named scope lists read from vendor extensions (see the profile).
    pub scope_sets: Vec<ScopeSet>,
    /// The rate-limit label, when the profile says where to find one.
    pub rate_limit_label: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScopeSet {
    pub name: String,
    pub scopes: Vec<String>,
}

/// A reference to a type, as a field, parameter or body uses it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TypeRef {
    /// A type defined in `Api::types`, by its Rust name.
    Named(String),
    Scalar(Scalar),
    Array(Box<TypeRef>),
    /// An object whose property names are data.
    Map(Box<TypeRef>),
    /// A value that may be `null` where no field holds it (array items, map
    /// values, bodies); fields say so with `Field::nullable`.
    Nullable(Box<TypeRef>),
    /// Any JSON value.
    Any,
    /// Any JSON object.
    Object,
    /// A string that holds a credential: never printed.
    Secret,
    /// Raw bytes, e.g. a file.
    Bytes,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scalar {
    String,
    Bool,
    I32,
    I64,
    U32,
    U64,
    F32,
    F64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TypeDef {
    pub name: String,
    /// JSON pointer of the schema this type came from.
    pub pointer: String,
    pub description: Option<String>,
    pub kind: TypeKind,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TypeKind {
    Struct(Struct),
    Enum(Enum),
    Union(Union),
    Alias { target: TypeRef },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Struct {
    pub fields: Vec<Field>,
    /// Values of properties not listed in `fields`, when the schema allows them
    /// alongside listed ones.
    pub additional_properties: Option<TypeRef>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Field {
    /// The property name on the wire, exactly as the spec writes it.
    pub name: String,
    pub rust_name: String,
    pub ty: TypeRef,
    pub required: bool,
    pub nullable: bool,
    /// Boxed to break a cycle of types that contain each other.
    pub boxed: bool,
    pub deprecated: bool,
    pub description: Option<String>,
    pub default: Option<serde_json::Value>,
    pub constraints: Constraints,
}

/// Checks that a value must pass; the emitted client checks the ones it can
/// check unambiguously before sending a request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Constraints {
    pub format: Option<String>,
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    pub pattern: Option<String>,
    pub minimum: Option<f64>,
    pub maximum: Option<f64>,
    pub min_items: Option<u64>,
    pub max_items: Option<u64>,
}

impl Constraints {
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// `oneOf`/`anyOf`: a value that is one of several types. Like enums, a
/// union keeps a value that matches none of them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Union {
    /// The property whose value names the variant (`discriminator`), when
    /// every variant has a tag value.
    pub tag: Option<String>,
    pub variants: Vec<UnionVariant>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnionVariant {
    pub rust_name: String,
    pub ty: TypeRef,
    /// Boxed to break a cycle of types that contain each other.
    pub boxed: bool,
    /// With a `tag`: the values of the tag property that select this variant.
    pub tag_values: Vec<String>,
    /// The property names a JSON object of this variant may have; they pick
    /// the best-fitting variant when there is no tag.
    pub properties: Vec<String>,
    /// Properties limited to listed string values (`enum`); a value outside
    /// them says the object is probably another variant.
    pub enum_properties: Vec<EnumProperty>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EnumProperty {
    pub name: String,
    pub values: Vec<String>,
}

/// An enum that keeps values it does not know: every emitted enum has an
/// extra variant holding the raw value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Enum {
    pub repr: EnumRepr,
    pub variants: Vec<Variant>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EnumRepr {
    String,
    Integer,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Variant {
    pub rust_name: String,
    pub value: EnumValue,
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EnumValue {
    String(String),
    Integer(i64),
}
