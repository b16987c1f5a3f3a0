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
        let name = def.name.clone();
        let leads_back = |ty: &TypeRef| match ty {
            TypeRef::Named(target) => reaches(&edges, target, &name),
            TypeRef::Nullable(inner) => matches!(&**inner, TypeRef::Named(target) if reaches(&edges, target, &name)),
            _ => false,
        };
        match &mut def.kind {
            TypeKind::Struct(s) => s.fields.iter_mut().for_each(|f| f.boxed = leads_back(&f.ty)),
            TypeKind::Union(u) => u.variants.iter_mut().for_each(|v| v.boxed = leads_back(&v.ty)),
            TypeKind::Enum(_) | TypeKind::Alias { .. } => {}
        }
    }
}

/// Types held inline (not behind an allocation) by a type.
fn direct_children(kind: &TypeKind) -> Vec<String> {
    let held: Vec<&TypeRef> = match kind {
        TypeKind::Struct(s) => s.fields.iter().map(|f| &f.ty).collect(),
        TypeKind::Union(u) => u.variants.iter().map(|v| &v.ty).collect(),
        TypeKind::Alias { target } => vec![target],
        TypeKind::Enum(_) => Vec::new(),
    };
    held.into_iter()
        .filter_map(|ty| match ty {
            TypeRef::Named(name) => Some(name.clone()),
            TypeRef::Nullable(inner) => match &**inner {
                TypeRef::Named(name) => Some(name.clone()),
                _ => None,
            },
            _ => None,
        })
        .collect()
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
