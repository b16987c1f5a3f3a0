//! Example values for requests, from the spec's `example`s and `default`s
//! and, where it gives none, made up from the schema (type, format, enum,
//! bounds). The contract tests send them to a mock server that validates
//! requests against the spec.

use openapiv3::{ReferenceOr, Schema};
use serde_json::{Map, Value, json};

use super::schema::SchemaNode;
use super::shape::{Shape, constraints_of, shape_of};
use super::{Lowerer, refs};
use crate::diagnostics::{Diagnostics, Pointer};

/// Nesting followed before an example stops (recursive schemas).
const MAX_DEPTH: usize = 8;

impl Lowerer<'_> {
    /// An example value that satisfies the schema, when one can be made.
    pub(super) fn example_of(&self, node: SchemaNode<'_>, depth: usize) -> Option<Value> {
        if depth > MAX_DEPTH {
            return None;
        }
        let schema = match node {
            SchemaNode::Inline(schema) => schema,
            SchemaNode::Ref(reference) => {
                let table = self.spec.components.as_ref().map(|c| &c.schemas);
                refs::resolve_ref(reference, table, "schemas").ok()?.0
            }
        };
        let data = &schema.schema_data;
        // Shapes were warned about when the schema was lowered.
        let mut quiet = Diagnostics::default();
        let shape = shape_of(schema, &Pointer::root(), &mut quiet);
        let given = [&data.example, &data.default].into_iter().flatten().find_map(|v| fitting(v, schema, &shape));
        if given.is_some() {
            return given;
        }
        match shape {
            Shape::String { format, members } => {
                Some(first_member(&members).unwrap_or_else(|| string_example(schema, format.as_deref())))
            }
            Shape::Integer { members, .. } => {
                Some(first_member(&members).unwrap_or_else(|| number_example(schema, true)))
            }
            Shape::Number { .. } => Some(number_example(schema, false)),
            Shape::Boolean => Some(Value::Bool(true)),
            Shape::Object { properties, required, .. } => Some(self.object_example(properties, required, depth)),
            Shape::Array { items } => {
                let item = items.and_then(|i| self.example_of(i.into(), depth + 1))?;
                let count = constraints_of(schema).min_items.unwrap_or(1).max(1) as usize;
                Some(Value::Array(vec![item; count.min(8)]))
            }
            Shape::AllOf(members) => Some(self.all_of_example(members, depth)),
            Shape::Union(members) => members.first().and_then(|m| self.example_of(m.into(), depth + 1)),
            Shape::Any => None,
        }
    }

    /// Required properties, and optional ones the spec gives an example for.
    fn object_example(&self, properties: &super::shape::Properties, required: &[String], depth: usize) -> Value {
        let mut object = Map::new();
        for (name, node) in properties {
            let explicit = matches!(node, ReferenceOr::Item(s) if s.schema_data.example.is_some());
            if !(required.contains(name) || explicit) {
                continue;
            }
            if let Some(value) = self.example_of(node.into(), depth + 1) {
                object.insert(name.clone(), value);
            }
        }
        Value::Object(object)
    }

    fn all_of_example(&self, members: &[ReferenceOr<Schema>], depth: usize) -> Value {
        let mut merged = Map::new();
        for member in members {
            if let Some(Value::Object(part)) = self.example_of(member.into(), depth + 1) {
                merged.extend(part);
            }
        }
        Value::Object(merged)
    }
}

/// The spec's own example when it fits the schema (specs get them wrong:
/// `"384"` for an integer, a name where an email is due), as the schema's
/// type where the text says the same value.
fn fitting(example: &Value, schema: &Schema, shape: &Shape<'_>) -> Option<Value> {
    let bounds = constraints_of(schema);
    match (shape, example) {
        (Shape::String { members, format }, Value::String(text)) => {
            let length = text.chars().count() as u64;
            let listed = first_member(members).is_none() || members.contains(example);
            let email = format.as_deref() != Some("email") || text.contains('@');
            let within = bounds.min_length.is_none_or(|m| length >= m) && bounds.max_length.is_none_or(|m| length <= m);
            (listed && email && within).then(|| example.clone())
        }
        (Shape::Integer { .. }, Value::Number(n)) if n.is_i64() || n.is_u64() => Some(example.clone()),
        (Shape::Integer { .. }, Value::String(text)) => text.trim().parse::<i64>().ok().map(Value::from),
        (Shape::Number { .. }, Value::Number(_)) => Some(example.clone()),
        (Shape::Number { .. }, Value::String(text)) => text.trim().parse::<f64>().ok().map(|n| json!(n)),
        (Shape::Boolean, Value::Bool(_)) => Some(example.clone()),
        (Shape::Object { .. } | Shape::AllOf(_), Value::Object(_)) | (Shape::Array { .. }, Value::Array(_)) => {
            Some(example.clone())
        }
        (Shape::Union(_) | Shape::Any, _) => Some(example.clone()),
        _ => None,
    }
}

fn first_member(members: &[Value]) -> Option<Value> {
    members.iter().find(|m| !m.is_null()).cloned()
}

/// A string of the right format, within the length bounds.
fn string_example(schema: &Schema, format: Option<&str>) -> Value {
    let text = match format {
        Some("date-time") => "2024-01-15T09:30:00Z",
        Some("date") => "2024-01-15",
        Some("time") => "09:30:00",
        Some("email") => "user@example.com",
        Some("uuid") => "3fa85f64-5717-4562-b3fc-2c963f66afa6",
        Some("uri" | "url") => "https://example.com/",
        Some("hostname") => "example.com",
        Some("ipv4") => "192.0.2.1",
        Some("byte") => "ZXhhbXBsZQ==",
        _ => "example",
    };
    let bounds = constraints_of(schema);
    let mut text = text.to_string();
    let min = bounds.min_length.unwrap_or(0) as usize;
    while text.chars().count() < min {
        text.push('x');
    }
    if let Some(max) = bounds.max_length {
        text = text.chars().take(max as usize).collect();
    }
    Value::String(text)
}

/// 1, moved into `[minimum, maximum]` when the schema bounds it.
fn number_example(schema: &Schema, integer: bool) -> Value {
    let bounds = constraints_of(schema);
    let mut value = 1.0_f64;
    if let Some(min) = bounds.minimum {
        value = value.max(min);
    }
    if let Some(max) = bounds.maximum {
        value = value.min(max);
    }
    if integer { json!(value.round() as i64) } else { json!(value) }
}
