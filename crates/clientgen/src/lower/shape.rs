//! One normalised view of a schema's shape.
//!
//! `openapiv3` reads well-formed schemas into typed variants and anything
//! else (an invalid `type`, a string with `properties`, ...) into a
//! catch-all. Real specs contain plenty of the latter, so both are mapped
//! here onto one `Shape`, with a warning wherever a guess was made.

use indexmap::IndexMap;
use openapiv3::{AdditionalProperties, AnySchema, ReferenceOr, Schema, SchemaKind, Type, VariantOrUnknownOrEmpty};
use serde_json::Value;

use crate::diagnostics::{Diagnostics, Pointer};
use crate::ir::Constraints;

pub type Properties = IndexMap<String, ReferenceOr<Box<Schema>>>;

pub enum Shape<'s> {
    String {
        format: Option<String>,
        members: Vec<Value>,
    },
    Integer {
        format: Option<String>,
        members: Vec<Value>,
    },
    Number {
        format: Option<String>,
    },
    Boolean,
    Object {
        properties: &'s Properties,
        required: &'s [String],
        additional: Option<&'s AdditionalProperties>,
    },
    Array {
        items: Option<&'s ReferenceOr<Box<Schema>>>,
    },
    AllOf(&'s [ReferenceOr<Schema>]),
    /// `oneOf` or `anyOf`.
    Union(&'s [ReferenceOr<Schema>]),
    /// No constraint on the value at all.
    Any,
}

/// The shape of `schema`, warning at `ptr` about anything guessed.
pub fn shape_of<'s>(schema: &'s Schema, ptr: &Pointer, diags: &mut Diagnostics) -> Shape<'s> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => Shape::String {
            format: format_text(&s.format),
            members: s.enumeration.iter().map(|m| m.clone().map_or(Value::Null, Value::String)).collect(),
        },
        SchemaKind::Type(Type::Integer(i)) => Shape::Integer {
            format: format_text(&i.format),
            members: i.enumeration.iter().map(|m| m.map_or(Value::Null, Value::from)).collect(),
        },
        SchemaKind::Type(Type::Number(n)) => Shape::Number { format: format_text(&n.format) },
        SchemaKind::Type(Type::Boolean(_)) => Shape::Boolean,
        SchemaKind::Type(Type::Object(o)) => Shape::Object {
            properties: &o.properties,
            required: &o.required,
            additional: o.additional_properties.as_ref(),
        },
        SchemaKind::Type(Type::Array(a)) => Shape::Array { items: a.items.as_ref() },
        SchemaKind::AllOf { all_of } => Shape::AllOf(all_of),
        SchemaKind::OneOf { one_of: members } | SchemaKind::AnyOf { any_of: members } => Shape::Union(members),
        SchemaKind::Not { .. } => {
            diags.warn(ptr, "`not` cannot be expressed as a Rust type; the value is kept as JSON");
            Shape::Any
        }
        SchemaKind::Any(any) => shape_of_loose(any, ptr, diags),
    }
}

/// A schema that did not fit a typed variant: decide from `type` (ignoring
/// case) or, failing that, from the keywords present.
fn shape_of_loose<'s>(any: &'s AnySchema, ptr: &Pointer, diags: &mut Diagnostics) -> Shape<'s> {
    let declared = any.typ.as_deref().map(str::to_ascii_lowercase);
    // `type: object` beside `allOf`/`oneOf`/`anyOf` is common and valid: the
    // composition says what the object is.
    let composed = !(any.all_of.is_empty() && any.one_of.is_empty() && any.any_of.is_empty());
    if composed && matches!(declared.as_deref(), Some("object") | None) {
        if !any.properties.is_empty() && any.all_of.is_empty() {
            diags.warn(ptr, "`properties` beside `oneOf`/`anyOf` are not part of any alternative; they are ignored");
        }
        return loose_by_keywords(any);
    }
    let shape = match declared.as_deref() {
        Some("string" | "date" | "datetime" | "date-time") => loose_string(any),
        Some("integer" | "int" | "long") => {
            Shape::Integer { format: any.format.clone(), members: any.enumeration.clone() }
        }
        Some("number" | "float" | "double") => Shape::Number { format: any.format.clone() },
        Some("boolean" | "bool") => Shape::Boolean,
        Some("object") => loose_object(any),
        Some("array") => Shape::Array { items: any.items.as_ref() },
        Some(_) => loose_by_keywords(any),
        None => loose_by_keywords(any),
    };
    warn_about_loose(any, declared.as_deref(), &shape, ptr, diags);
    shape
}

fn loose_by_keywords(any: &AnySchema) -> Shape<'_> {
    if !any.all_of.is_empty() {
        Shape::AllOf(&any.all_of)
    } else if !any.one_of.is_empty() {
        Shape::Union(&any.one_of)
    } else if !any.any_of.is_empty() {
        Shape::Union(&any.any_of)
    } else if !any.properties.is_empty() || any.additional_properties.is_some() {
        loose_object(any)
    } else if any.items.is_some() {
        Shape::Array { items: any.items.as_ref() }
    } else if any.enumeration.iter().any(Value::is_string) || any.format.is_some() {
        loose_string(any)
    } else {
        Shape::Any
    }
}

fn loose_string(any: &AnySchema) -> Shape<'_> {
    Shape::String { format: any.format.clone(), members: any.enumeration.clone() }
}

fn loose_object(any: &AnySchema) -> Shape<'_> {
    Shape::Object {
        properties: &any.properties,
        required: &any.required,
        additional: any.additional_properties.as_ref(),
    }
}

fn warn_about_loose(
    any: &AnySchema,
    declared: Option<&str>,
    shape: &Shape<'_>,
    ptr: &Pointer,
    diags: &mut Diagnostics,
) {
    let chosen = shape_name(shape);
    match (any.typ.as_deref(), declared) {
        (Some(raw), Some(lower))
            if !matches!(lower, "string" | "integer" | "number" | "boolean" | "object" | "array") || raw != lower =>
        {
            diags.warn(&ptr.join("type"), format!("`{raw}` is not an OpenAPI type; read as {chosen}"));
        }
        (Some(raw), _) => {
            let foreign = foreign_keywords(any, raw);
            let message = if foreign.is_empty() {
                // The keywords fit; what does not is a value (e.g. enum members of another type).
                format!("the schema's values do not fit type `{raw}`; read as {chosen}")
            } else {
                format!("`{}` does not apply to type `{raw}`; read as {chosen}, without it", foreign.join("`, `"))
            };
            diags.warn(ptr, message)
        }
        (None, _) => {}
    }
}

/// The keywords present in a schema that its `type` does not have.
fn foreign_keywords(any: &AnySchema, typ: &str) -> Vec<&'static str> {
    let numeric = matches!(typ, "integer" | "number");
    let present = [
        ("pattern", any.pattern.is_some(), typ == "string"),
        ("minLength", any.min_length.is_some(), typ == "string"),
        ("maxLength", any.max_length.is_some(), typ == "string"),
        ("format", any.format.is_some(), typ != "object" && typ != "array"),
        ("minimum", any.minimum.is_some(), numeric),
        ("maximum", any.maximum.is_some(), numeric),
        ("multipleOf", any.multiple_of.is_some(), numeric),
        ("exclusiveMinimum", any.exclusive_minimum.is_some(), numeric),
        ("exclusiveMaximum", any.exclusive_maximum.is_some(), numeric),
        ("properties", !any.properties.is_empty(), typ == "object"),
        ("required", !any.required.is_empty(), typ == "object"),
        ("additionalProperties", any.additional_properties.is_some(), typ == "object"),
        ("minProperties", any.min_properties.is_some(), typ == "object"),
        ("maxProperties", any.max_properties.is_some(), typ == "object"),
        ("items", any.items.is_some(), typ == "array"),
        ("minItems", any.min_items.is_some(), typ == "array"),
        ("maxItems", any.max_items.is_some(), typ == "array"),
        ("uniqueItems", any.unique_items.is_some(), typ == "array"),
        ("enum", !any.enumeration.is_empty(), typ != "object" && typ != "array"),
        ("oneOf", !any.one_of.is_empty(), false),
        ("allOf", !any.all_of.is_empty(), false),
        ("anyOf", !any.any_of.is_empty(), false),
        ("not", any.not.is_some(), false),
    ];
    present.iter().filter(|(_, here, belongs)| *here && !*belongs).map(|(name, ..)| *name).collect()
}

fn shape_name(shape: &Shape<'_>) -> &'static str {
    match shape {
        Shape::String { .. } => "a string",
        Shape::Integer { .. } => "an integer",
        Shape::Number { .. } => "a number",
        Shape::Boolean => "a boolean",
        Shape::Object { .. } => "an object",
        Shape::Array { .. } => "an array",
        Shape::AllOf(_) | Shape::Union(_) => "a composition",
        Shape::Any => "any JSON value",
    }
}

fn format_text<T: std::fmt::Debug>(format: &VariantOrUnknownOrEmpty<T>) -> Option<String> {
    match format {
        VariantOrUnknownOrEmpty::Item(item) => Some(known_format_name(&format!("{item:?}"))),
        VariantOrUnknownOrEmpty::Unknown(text) => Some(text.clone()),
        VariantOrUnknownOrEmpty::Empty => None,
    }
}

/// `openapiv3` names known formats by Rust variant (`DateTime`); give them
/// back their spec spelling (`date-time`).
fn known_format_name(variant: &str) -> String {
    match variant {
        "DateTime" => "date-time".to_string(),
        other => other.to_ascii_lowercase(),
    }
}

/// The validation keywords of a schema, whichever way it was read.
pub fn constraints_of(schema: &Schema) -> Constraints {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => Constraints {
            format: format_text(&s.format),
            min_length: s.min_length.map(|n| n as u64),
            max_length: s.max_length.map(|n| n as u64),
            pattern: s.pattern.clone(),
            ..Constraints::default()
        },
        SchemaKind::Type(Type::Integer(i)) => Constraints {
            format: format_text(&i.format),
            minimum: i.minimum.map(|n| n as f64),
            maximum: i.maximum.map(|n| n as f64),
            ..Constraints::default()
        },
        SchemaKind::Type(Type::Number(n)) => Constraints {
            format: format_text(&n.format),
            minimum: n.minimum,
            maximum: n.maximum,
            ..Constraints::default()
        },
        SchemaKind::Type(Type::Array(a)) => Constraints {
            min_items: a.min_items.map(|n| n as u64),
            max_items: a.max_items.map(|n| n as u64),
            ..Constraints::default()
        },
        SchemaKind::Any(any) => Constraints {
            format: any.format.clone(),
            min_length: any.min_length.map(|n| n as u64),
            max_length: any.max_length.map(|n| n as u64),
            pattern: any.pattern.clone(),
            minimum: any.minimum,
            maximum: any.maximum,
            min_items: any.min_items.map(|n| n as u64),
            max_items: any.max_items.map(|n| n as u64),
        },
        _ => Constraints::default(),
    }
}
