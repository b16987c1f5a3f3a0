//! Recursive types: a struct that contains itself, directly or through other
//! structs, needs a `Box` somewhere on the cycle or it has no finite size.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{TypeDef, TypeKind, TypeRef};

/// Marks as boxed every struct field whose type leads back to the struct by
/// direct containment (`Vec` and maps already allocate, so they break cycles).
pub fn box_recursive_fields(types: &mut [TypeDef]) {
    let edges: BTreeMap<String, Vec<String>> =
        types.iter().map(|t| (t.name.clone(), direct_children(&t.kind))).collect();
    for def in types.iter_mut() {
        let TypeKind::Struct(s) = &mut def.kind else { continue };
        for field in &mut s.fields {
            if let TypeRef::Named(target) = &field.ty {
                field.boxed = reaches(&edges, target, &def.name);
            }
        }
    }
}

/// Types held inline (not behind an allocation) by a type.
fn direct_children(kind: &TypeKind) -> Vec<String> {
    match kind {
        TypeKind::Struct(s) => s
            .fields
            .iter()
            .filter_map(|f| match &f.ty {
                TypeRef::Named(name) => Some(name.clone()),
                _ => None,
            })
            .collect(),
        TypeKind::Alias { target: TypeRef::Named(name) } => vec![name.clone()],
        TypeKind::Alias { .. } | TypeKind::Enum(_) => Vec::new(),
    }
}

fn reaches(edges: &BTreeMap<String, Vec<String>>, from: &str, to: &str) -> bool {
    let mut seen = BTreeSet::new();
    let mut stack = vec![from];
    while let Some(current) = stack.pop() {
        if current == to {
            return true;
        }
        if seen.insert(current) {
            stack.extend(edges.get(current).into_iter().flatten().map(String::as_str));
        }
    }
    false
}
