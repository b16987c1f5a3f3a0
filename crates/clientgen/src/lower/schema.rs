//! Schemas → types. Inline objects and enums become named types; everything
//! else becomes a [`TypeRef`] in place.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{AdditionalProperties, ReferenceOr, Schema};
use serde_json::Value;

use super::naming::{self, UniqueNames};
use super::shape::{Properties, Shape, constraints_of, shape_of};
use super::{Lowerer, NameHint, refs};
use crate::diagnostics::Pointer;
use crate::ir::{Enum, EnumRepr, EnumValue, Field, Scalar, Struct, TypeDef, TypeKind, TypeRef, Variant};

/// The name of the variant that keeps values an enum does not list.
pub const UNKNOWN_VARIANT: &str = "UnknownValue";

/// Property names (in snake case) whose string values are credentials.
const SECRET_NAMES: &[&str] = &["secret", "password", "passcode", "passwd", "token"];
const SECRET_SUFFIXES: &[&str] = &[
    "_secret",
    "_password",
    "_passcode",
    "_passwd",
    "access_token",
    "refresh_token",
    "id_token",
    "api_key",
    "private_key",
];

/// A schema or a reference to one, whether boxed or not.
#[derive(Clone, Copy)]
pub enum SchemaNode<'s> {
    Ref(&'s str),
    Inline(&'s Schema),
}

impl<'s> From<&'s ReferenceOr<Schema>> for SchemaNode<'s> {
    fn from(node: &'s ReferenceOr<Schema>) -> Self {
        match node {
            ReferenceOr::Reference { reference } => Self::Ref(reference),
            ReferenceOr::Item(schema) => Self::Inline(schema),
        }
    }
}

impl<'s> From<&'s ReferenceOr<Box<Schema>>> for SchemaNode<'s> {
    fn from(node: &'s ReferenceOr<Box<Schema>>) -> Self {
        match node {
            ReferenceOr::Reference { reference } => Self::Ref(reference),
            ReferenceOr::Item(schema) => Self::Inline(schema),
        }
    }
}

impl<'s> SchemaNode<'s> {
    fn inline(self) -> Option<&'s Schema> {
        match self {
            Self::Inline(schema) => Some(schema),
            Self::Ref(_) => None,
        }
    }
}

/// The properties of one object schema that goes into a struct.
pub(super) struct ObjectPart<'s> {
    properties: &'s Properties,
    pub(super) required: Vec<String>,
    ptr: Pointer,
}

/// `allOf` nesting followed when collecting object parts.
const MAX_PART_DEPTH: usize = 16;

/// Why the members of a composition cannot be merged into one struct.
pub(super) enum PartsError {
    /// This member is not an object.
    NotObject(Pointer),
    /// This member nests `allOf` deeper than [`MAX_PART_DEPTH`].
    TooDeep(Pointer),
}

impl Lowerer<'_> {
    pub(super) fn lower_schema<'s>(
        &mut self,
        node: impl Into<SchemaNode<'s>>,
        ptr: &Pointer,
        hint: &NameHint,
    ) -> TypeRef {
        match node.into() {
            SchemaNode::Ref(reference) => self.lower_schema_ref(reference, ptr),
            SchemaNode::Inline(schema) => self.lower_inline(schema, ptr, hint),
        }
    }

    /// A schema in a place no field holds (an item, a map value, a body):
    /// `null` allowed there makes the type `Nullable`.
    pub(super) fn lower_schema_nullable<'s>(
        &mut self,
        node: impl Into<SchemaNode<'s>>,
        ptr: &Pointer,
        hint: &NameHint,
    ) -> TypeRef {
        let node = node.into();
        let ty = self.lower_schema(node, ptr, hint);
        if self.is_nullable(node) && ty != TypeRef::Any { TypeRef::Nullable(Box::new(ty)) } else { ty }
    }

    /// Whether a schema (or the component a `$ref` names) allows `null`:
    /// `nullable: true`, or `null` among its `enum` values.
    pub(super) fn is_nullable(&self, node: SchemaNode<'_>) -> bool {
        let schema = match node {
            SchemaNode::Inline(schema) => schema,
            SchemaNode::Ref(reference) => {
                let table = self.spec.components.as_ref().map(|c| &c.schemas);
                match refs::resolve_ref(reference, table, "schemas") {
                    Ok((schema, _)) => schema,
                    Err(_) => return false,
                }
            }
        };
        schema.schema_data.nullable || has_null_member(schema)
    }

    fn lower_schema_ref(&mut self, reference: &str, ptr: &Pointer) -> TypeRef {
        if let Some(found) = self.components.get(&refs::normalize_ref(reference)) {
            return found.clone();
        }
        let problem = if reference.starts_with("#/components/schemas/") {
            "points at no component schema"
        } else if reference.starts_with('#') {
            "is not a reference to a component schema, which is all this generator follows"
        } else {
            "is an external reference, which this generator does not follow"
        };
        self.diags.warn(&ptr.join("$ref"), format!("`{reference}` {problem}; the value is kept as JSON"));
        TypeRef::Any
    }

    fn lower_inline(&mut self, schema: &Schema, ptr: &Pointer, hint: &NameHint) -> TypeRef {
        match shape_of(schema, ptr, &mut self.diags) {
            Shape::String { members, .. } if has_members(&members) => {
                self.lower_enum(schema, EnumRepr::String, &members, ptr, hint)
            }
            Shape::String { format, .. } if format.as_deref() == Some("binary") => TypeRef::Bytes,
            Shape::String { .. } => TypeRef::Scalar(Scalar::String),
            Shape::Integer { members, .. } if has_members(&members) => {
                self.lower_enum(schema, EnumRepr::Integer, &members, ptr, hint)
            }
            Shape::Integer { format, .. } => TypeRef::Scalar(integer_scalar(format.as_deref())),
            Shape::Number { format } if format.as_deref() == Some("float") => TypeRef::Scalar(Scalar::F32),
            Shape::Number { .. } => TypeRef::Scalar(Scalar::F64),
            Shape::Boolean => TypeRef::Scalar(Scalar::Bool),
            Shape::Object { properties, required, additional } => {
                let part = ObjectPart { properties, required: required.to_vec(), ptr: ptr.clone() };
                self.lower_object(schema, vec![part], additional, ptr, hint)
            }
            Shape::Array { items: Some(items) } => {
                let item = self.lower_schema_nullable(items, &ptr.join("items"), &hint.child("Item"));
                TypeRef::Array(Box::new(item))
            }
            Shape::Array { items: None } => {
                self.diags.warn(ptr, "array without `items`; its items are kept as JSON");
                TypeRef::Array(Box::new(TypeRef::Any))
            }
            Shape::AllOf(members) => self.lower_all_of(schema, members, ptr, hint),
            Shape::Union(members) => self.lower_union(schema, members, ptr, hint),
            Shape::Any => TypeRef::Any,
        }
    }

    /// An object: a struct when it lists properties, otherwise a map or any
    /// JSON object.
    pub(super) fn lower_object(
        &mut self,
        schema: &Schema,
        parts: Vec<ObjectPart<'_>>,
        additional: Option<&AdditionalProperties>,
        ptr: &Pointer,
        hint: &NameHint,
    ) -> TypeRef {
        let extra_ptr = ptr.join("additionalProperties");
        if parts.iter().all(|part| part.properties.is_empty()) {
            return match additional {
                Some(AdditionalProperties::Schema(values)) => {
                    TypeRef::Map(Box::new(self.lower_schema_nullable(&**values, &extra_ptr, &hint.child("Value"))))
                }
                _ => TypeRef::Object,
            };
        }
        let (slot, name) = self.reserve_type(hint);
        let struct_hint = NameHint::Fixed(name.clone());
        let has_additional =
            matches!(additional, Some(AdditionalProperties::Schema(_) | AdditionalProperties::Any(true)));
        let rust_names = field_names(&parts, has_additional);
        let mut fields = Vec::new();
        for part in &parts {
            self.warn_missing_required(part, &parts);
            for (property, node) in part.properties {
                let required = part_list_requires(&parts, property);
                let rust_name = rust_names.get(property).cloned().unwrap_or_else(|| naming::snake_ident(property));
                let field = self.lower_field(property, node.into(), required, &part.ptr, &struct_hint, rust_name);
                merge_field(&mut fields, field);
            }
        }
        let additional_properties = match additional {
            Some(AdditionalProperties::Schema(values)) => {
                Some(self.lower_schema_nullable(&**values, &extra_ptr, &struct_hint.child("Value")))
            }
            Some(AdditionalProperties::Any(true)) => Some(TypeRef::Any),
            _ => None,
        };
        let def = TypeDef {
            name,
            pointer: ptr.to_string(),
            description: schema_description(schema),
            kind: TypeKind::Struct(Struct { fields, additional_properties }),
        };
        self.define_type(slot, def)
    }

    /// `required` may name a property of another `allOf` part, not one that
    /// no part has.
    fn warn_missing_required(&mut self, part: &ObjectPart<'_>, parts: &[ObjectPart<'_>]) {
        for name in part.required.iter().filter(|name| !parts.iter().any(|p| p.properties.contains_key(*name))) {
            let message = format!("`required` names `{name}`, which is not a property here; it is ignored");
            self.diags.warn(&part.ptr.join("required"), message);
        }
    }

    fn lower_field(
        &mut self,
        property: &str,
        node: SchemaNode<'_>,
        required: bool,
        object_ptr: &Pointer,
        hint: &NameHint,
        rust_name: String,
    ) -> Field {
        let ptr = object_ptr.join("properties").join(property);
        let mut ty = self.lower_schema(node, &ptr, &hint.child(property));
        let schema = node.inline();
        if ty == TypeRef::Scalar(Scalar::String) && self.is_secret(property, schema) {
            ty = TypeRef::Secret;
        }
        Field {
            name: property.to_string(),
            rust_name,
            ty,
            required,
            nullable: self.is_nullable(node),
            boxed: false,
            deprecated: schema.is_some_and(|s| s.schema_data.deprecated),
            description: schema.and_then(schema_description),
            default: schema.and_then(|s| s.schema_data.default.clone()),
            constraints: schema.map(constraints_of).unwrap_or_default(),
        }
    }

    fn is_secret(&self, property: &str, schema: Option<&Schema>) -> bool {
        let name = naming::snake_ident(property);
        let by_format = schema.is_some_and(|s| constraints_of(s).format.as_deref() == Some("password"));
        by_format
            || SECRET_NAMES.contains(&name.as_str())
            || SECRET_SUFFIXES.iter().any(|suffix| name.ends_with(suffix))
            || self.profile.secret_properties.iter().any(|p| p == property)
    }

    /// `allOf`: the object members are merged into one struct. A single
    /// member is just that member.
    fn lower_all_of(
        &mut self,
        schema: &Schema,
        members: &[ReferenceOr<Schema>],
        ptr: &Pointer,
        hint: &NameHint,
    ) -> TypeRef {
        let all_of_ptr = ptr.join("allOf");
        let own_properties =
            matches!(&schema.schema_kind, openapiv3::SchemaKind::Any(any) if !any.properties.is_empty());
        if let [only] = members
            && !own_properties
        {
            return self.lower_schema(only, &all_of_ptr.join(0), hint);
        }
        match self.object_parts(members, &all_of_ptr, 0) {
            Ok((mut parts, additional)) => {
                // Properties written beside `allOf` are one more part.
                if let openapiv3::SchemaKind::Any(any) = &schema.schema_kind
                    && !any.properties.is_empty()
                {
                    parts.push(ObjectPart {
                        properties: &any.properties,
                        required: any.required.clone(),
                        ptr: ptr.clone(),
                    });
                }
                self.lower_object(schema, parts, additional, ptr, hint)
            }
            Err(PartsError::NotObject(member_ptr)) => {
                let message = "`allOf` of objects and non-objects cannot be merged; the value is kept as JSON";
                self.diags.warn(&member_ptr, message);
                TypeRef::Any
            }
            Err(PartsError::TooDeep(member_ptr)) => {
                let message = format!(
                    "`allOf` nests deeper than the {MAX_PART_DEPTH} levels this generator follows (beyond \
                     `{member_ptr}`: a chain that long, or one that leads back to itself); the value is kept as JSON"
                );
                self.diags.warn(ptr, message);
                TypeRef::Any
            }
        }
    }

    fn lower_enum(
        &mut self,
        schema: &Schema,
        repr: EnumRepr,
        members: &[Value],
        ptr: &Pointer,
        hint: &NameHint,
    ) -> TypeRef {
        let descriptions = enum_descriptions(schema);
        let mut names = UniqueNames::default();
        names.claim(UNKNOWN_VARIANT);
        let mut seen = BTreeSet::new();
        let mut variants = Vec::new();
        for (i, member) in members.iter().enumerate() {
            let member_ptr = ptr.join("enum").join(i);
            let value = match (repr, member) {
                (_, Value::Null) => continue,
                (EnumRepr::String, Value::String(s)) => EnumValue::String(s.clone()),
                (EnumRepr::Integer, Value::Number(n)) if n.as_i64().is_some() => {
                    EnumValue::Integer(n.as_i64().unwrap_or_default())
                }
                (_, other) => {
                    self.diags.warn(
                        &member_ptr,
                        format!("enum member {other} does not match the schema's type; it is left out"),
                    );
                    continue;
                }
            };
            if !seen.insert(format!("{value:?}")) {
                self.diags.warn(&member_ptr, format!("enum member {member} is listed twice; the repeat is left out"));
                continue;
            }
            let base = match &value {
                EnumValue::String(s) if s.is_empty() => "Empty".to_string(),
                EnumValue::String(s) => naming::variant_ident(s),
                EnumValue::Integer(n) => naming::variant_ident(&n.to_string()),
            };
            variants.push(Variant { rust_name: names.claim(&base), value, description: descriptions.get(i).cloned() });
        }
        let (slot, name) = self.reserve_type(hint);
        let def = TypeDef {
            name,
            pointer: ptr.to_string(),
            description: schema_description(schema),
            kind: TypeKind::Enum(Enum { repr, variants }),
        };
        self.define_type(slot, def)
    }
}

fn has_null_member(schema: &Schema) -> bool {
    match &schema.schema_kind {
        openapiv3::SchemaKind::Type(openapiv3::Type::String(s)) => s.enumeration.iter().any(Option::is_none),
        openapiv3::SchemaKind::Type(openapiv3::Type::Integer(i)) => i.enumeration.iter().any(Option::is_none),
        openapiv3::SchemaKind::Any(any) => any.enumeration.iter().any(Value::is_null),
        _ => false,
    }
}

fn has_members(members: &[Value]) -> bool {
    members.iter().any(|m| !m.is_null())
}

fn integer_scalar(format: Option<&str>) -> Scalar {
    match format {
        Some("int32") => Scalar::I32,
        Some("uint32") => Scalar::U32,
        Some("uint64") => Scalar::U64,
        _ => Scalar::I64,
    }
}

/// Rust names for the properties of a struct: a property whose name is
/// already a Rust name keeps it, whatever comes first; the others get the
/// next free name in spec order.
fn field_names(parts: &[ObjectPart<'_>], has_additional: bool) -> BTreeMap<String, String> {
    let mut seen = BTreeSet::new();
    let properties: Vec<(&String, String)> = parts
        .iter()
        .flat_map(|p| p.properties.keys())
        .filter(|property| seen.insert(*property))
        .map(|property| (property, naming::snake_ident(property)))
        .collect();
    let mut names = UniqueNames::default();
    if has_additional {
        names.claim("additional_properties");
    }
    let mut chosen = BTreeMap::new();
    let (exact, others): (Vec<_>, Vec<_>) = properties
        .into_iter()
        .partition(|(property, snake)| snake == *property && property.as_str() != "additional_properties");
    for (property, snake) in exact.into_iter().chain(others) {
        chosen.insert(property.clone(), names.claim(&snake));
    }
    chosen
}

fn part_list_requires(parts: &[ObjectPart<'_>], property: &str) -> bool {
    parts.iter().any(|part| part.required.iter().any(|r| r == property))
}

/// A property defined again by a later `allOf` member replaces the earlier
/// one in place, keeping the first position.
fn merge_field(fields: &mut Vec<Field>, mut field: Field) {
    match fields.iter_mut().find(|f| f.name == field.name) {
        Some(existing) => {
            field.rust_name = existing.rust_name.clone();
            *existing = field;
        }
        None => fields.push(field),
    }
}

fn schema_description(schema: &Schema) -> Option<String> {
    let data = &schema.schema_data;
    data.description.clone().or_else(|| data.title.clone())
}

/// `x-enum-descriptions`: a list parallel to `enum`.
fn enum_descriptions(schema: &Schema) -> Vec<String> {
    let Some(Value::Array(items)) = schema.schema_data.extensions.get("x-enum-descriptions") else {
        return Vec::new();
    };
    items.iter().map(|item| item.as_str().map(str::to_string).unwrap_or_else(|| item.to_string())).collect()
}

/// Needs the spec's own lifetime: parts borrow from both the members and
/// the components they refer to.
impl<'a> Lowerer<'a> {
    /// The object parts of a composition, through `$ref`s and nested
    /// `allOf`s; or the first member that cannot be merged, and why.
    pub(super) fn object_parts<'s>(
        &mut self,
        members: &'s [ReferenceOr<Schema>],
        members_ptr: &Pointer,
        depth: usize,
    ) -> Result<(Vec<ObjectPart<'s>>, Option<&'s AdditionalProperties>), PartsError>
    where
        'a: 's,
    {
        let mut parts = Vec::new();
        let mut additional = None;
        for (i, member) in members.iter().enumerate() {
            let member_ptr = members_ptr.join(i);
            let table = self.spec.components.as_ref().map(|c| &c.schemas);
            let Ok((member_schema, resolved_ptr)) = refs::resolve(member, table, "schemas", &member_ptr) else {
                self.diags.warn(&member_ptr, "this member cannot be resolved; it is left out");
                continue;
            };
            match shape_of(member_schema, &resolved_ptr, &mut self.diags) {
                Shape::Object { properties, required, additional: extra } => {
                    parts.push(ObjectPart { properties, required: required.to_vec(), ptr: resolved_ptr });
                    additional = additional.or(extra);
                }
                Shape::AllOf(nested) if depth < MAX_PART_DEPTH => {
                    let (nested_parts, extra) = self.object_parts(nested, &resolved_ptr.join("allOf"), depth + 1)?;
                    parts.extend(nested_parts);
                    additional = additional.or(extra);
                }
                Shape::AllOf(_) => return Err(PartsError::TooDeep(member_ptr)),
                _ => return Err(PartsError::NotObject(member_ptr)),
            }
        }
        Ok((parts, additional))
    }
}
