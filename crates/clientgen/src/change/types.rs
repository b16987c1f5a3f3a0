//! Named types: added, removed, renamed, and what changed inside them
//! (struct fields, enum members, union variants, alias targets).

use std::collections::BTreeMap;

use super::{Change, Impact};
use crate::ir::{Api, EnumValue, Field, Scalar, TypeDef, TypeKind, TypeRef};

/// Old type name → new one, for types made from the same schema (same JSON
/// pointer) under another name.
pub type Renames = BTreeMap<String, String>;

pub fn renamed_types(old: &Api, new: &Api) -> Renames {
    let old_names: Vec<&str> = old.types.iter().map(|t| t.name.as_str()).collect();
    let new_names: Vec<&str> = new.types.iter().map(|t| t.name.as_str()).collect();
    let gone = old.types.iter().filter(|t| !new_names.contains(&t.name.as_str()));
    gone.filter_map(|old_def| {
        let new_def =
            new.types.iter().find(|t| t.pointer == old_def.pointer && !old_names.contains(&t.name.as_str()))?;
        Some((old_def.name.clone(), new_def.name.clone()))
    })
    .collect()
}

pub fn compare(old: &Api, new: &Api, renames: &Renames) -> Vec<Change> {
    let mut changes = Vec::new();
    for new_def in &new.types {
        let renamed_from = renames.iter().find(|(_, to)| *to == &new_def.name).map(|(from, _)| from);
        let old_name = renamed_from.unwrap_or(&new_def.name);
        match old.types.iter().find(|t| &t.name == old_name) {
            Some(old_def) => {
                if let Some(from) = renamed_from {
                    changes.push(Change::new(Impact::Breaking, "type renamed", &new_def.name, format!("was {from}")));
                }
                changes.extend(compare_type(old_def, new_def, renames));
            }
            None => changes.push(Change::new(Impact::Additive, "type added", &new_def.name, kind_name(new_def))),
        }
    }
    let removed =
        old.types.iter().filter(|t| !renames.contains_key(&t.name) && !new.types.iter().any(|n| n.name == t.name));
    changes.extend(removed.map(|t| Change::new(Impact::Breaking, "type removed", &t.name, kind_name(t))));
    changes
}

fn kind_name(def: &TypeDef) -> &'static str {
    match def.kind {
        TypeKind::Struct(_) => "struct",
        TypeKind::Enum(_) => "enum",
        TypeKind::Union(_) => "union",
        TypeKind::Alias { .. } => "alias",
    }
}

fn compare_type(old: &TypeDef, new: &TypeDef, renames: &Renames) -> Vec<Change> {
    let name = &new.name;
    match (&old.kind, &new.kind) {
        (TypeKind::Struct(a), TypeKind::Struct(b)) => compare_fields(name, &a.fields, &b.fields, renames),
        (TypeKind::Enum(a), TypeKind::Enum(b)) => {
            let old_values: Vec<&EnumValue> = a.variants.iter().map(|v| &v.value).collect();
            let new_values: Vec<&EnumValue> = b.variants.iter().map(|v| &v.value).collect();
            let added = b.variants.iter().filter(|v| !old_values.contains(&&v.value));
            let removed = a.variants.iter().filter(|v| !new_values.contains(&&v.value));
            let mut changes: Vec<Change> =
                added.map(|v| member(Impact::Additive, "enum member added", name, &v.rust_name, &v.value)).collect();
            changes
                .extend(removed.map(|v| member(Impact::Breaking, "enum member removed", name, &v.rust_name, &v.value)));
            changes
        }
        (TypeKind::Union(a), TypeKind::Union(b)) => {
            let old_names: Vec<&str> = a.variants.iter().map(|v| v.rust_name.as_str()).collect();
            let new_names: Vec<&str> = b.variants.iter().map(|v| v.rust_name.as_str()).collect();
            let added = b.variants.iter().filter(|v| !old_names.contains(&v.rust_name.as_str()));
            let removed = a.variants.iter().filter(|v| !new_names.contains(&v.rust_name.as_str()));
            let subject = |v: &str| format!("{name}::{v}");
            // A new variant changes what an exhaustive `match` must cover.
            let mut changes: Vec<Change> = added
                .map(|v| Change::new(Impact::Breaking, "union variant added", subject(&v.rust_name), type_text(&v.ty)))
                .collect();
            changes.extend(removed.map(|v| {
                Change::new(Impact::Breaking, "union variant removed", subject(&v.rust_name), type_text(&v.ty))
            }));
            changes
        }
        (TypeKind::Alias { target: a }, TypeKind::Alias { target: b }) if !same_type(a, b, renames) => {
            vec![Change::new(
                Impact::Breaking,
                "alias changed type",
                name,
                format!("{} -> {}", type_text(a), type_text(b)),
            )]
        }
        (TypeKind::Alias { .. }, TypeKind::Alias { .. }) => Vec::new(),
        _ => vec![Change::new(
            Impact::Breaking,
            "type changed kind",
            name,
            format!("{} -> {}", kind_name(old), kind_name(new)),
        )],
    }
}

fn member(impact: Impact, what: &str, ty: &str, variant: &str, value: &EnumValue) -> Change {
    let value = match value {
        EnumValue::String(s) => format!("{s:?}"),
        EnumValue::Integer(n) => n.to_string(),
    };
    Change::new(impact, what, format!("{ty}::{variant}"), value)
}

/// Fields are paired by wire name: that is what a value on the wire keeps.
pub fn compare_fields(owner: &str, old: &[Field], new: &[Field], renames: &Renames) -> Vec<Change> {
    let mut changes = Vec::new();
    for field in new {
        let subject = format!("{owner}.{}", field.rust_name);
        let Some(before) = old.iter().find(|f| f.name == field.name) else {
            let impact = if optional(field) { Impact::Additive } else { Impact::Breaking };
            changes.push(Change::new(impact, "field added", subject, field_text(field)));
            continue;
        };
        if before.rust_name != field.rust_name {
            changes.push(Change::new(Impact::Breaking, "field renamed", &subject, format!("was {}", before.rust_name)));
        }
        if optional(before) && !optional(field) {
            changes.push(Change::new(Impact::Breaking, "field made required", &subject, field_text(field)));
        } else if !optional(before) && optional(field) {
            changes.push(Change::new(Impact::Breaking, "field made optional", &subject, field_text(field)));
        }
        if !same_type(&before.ty, &field.ty, renames) {
            let detail = format!("{} -> {}", type_text(&before.ty), type_text(&field.ty));
            changes.push(Change::new(Impact::Breaking, "field changed type", &subject, detail));
        }
    }
    let removed = old.iter().filter(|f| !new.iter().any(|n| n.name == f.name));
    changes
        .extend(removed.map(|f| {
            Change::new(Impact::Breaking, "field removed", format!("{owner}.{}", f.rust_name), field_text(f))
        }));
    changes
}

/// A field is an `Option` when it is not required or may be `null`.
fn optional(field: &Field) -> bool {
    !field.required || field.nullable
}

fn field_text(field: &Field) -> String {
    let presence = if optional(field) { "optional" } else { "required" };
    format!("{presence} {}", type_text(&field.ty))
}

/// Whether two references name the same type, once renamed types are
/// followed.
pub fn same_type(old: &TypeRef, new: &TypeRef, renames: &Renames) -> bool {
    match (old, new) {
        (TypeRef::Named(a), TypeRef::Named(b)) => renames.get(a).unwrap_or(a) == b,
        (TypeRef::Array(a), TypeRef::Array(b))
        | (TypeRef::Map(a), TypeRef::Map(b))
        | (TypeRef::Nullable(a), TypeRef::Nullable(b)) => same_type(a, b, renames),
        (a, b) => a == b,
    }
}

/// A type reference as the Rust type a reader knows.
pub fn type_text(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(name) => name.clone(),
        TypeRef::Scalar(scalar) => scalar_text(*scalar).to_string(),
        TypeRef::Array(inner) => format!("Vec<{}>", type_text(inner)),
        TypeRef::Map(inner) => format!("BTreeMap<String, {}>", type_text(inner)),
        TypeRef::Nullable(inner) => format!("Option<{}>", type_text(inner)),
        TypeRef::Any => "serde_json::Value".to_string(),
        TypeRef::Object => "serde_json::Map".to_string(),
        TypeRef::Secret => "Secret".to_string(),
        TypeRef::Bytes => "File".to_string(),
    }
}

fn scalar_text(scalar: Scalar) -> &'static str {
    match scalar {
        Scalar::String => "String",
        Scalar::Bool => "bool",
        Scalar::I32 => "i32",
        Scalar::I64 => "i64",
        Scalar::U32 => "u32",
        Scalar::U64 => "u64",
        Scalar::F32 => "f32",
        Scalar::F64 => "f64",
    }
}
