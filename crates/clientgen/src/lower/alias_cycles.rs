//! Type aliases cannot be recursive in Rust, not even through `Vec`, a map
//! or `Option`: an alias that leads back to itself through aliases alone has
//! that reference replaced by JSON, with a warning. Cycles through a struct
//! field or a union variant are real types and are left alone.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use crate::diagnostics::{Diagnostics, Pointer};
use crate::ir::{TypeDef, TypeKind, TypeRef};

/// Breaks every cycle of aliases, in IR order: the first alias met on a
/// cycle loses its reference back, so each cycle is cut exactly once.
pub fn break_alias_cycles(types: &mut [TypeDef], diags: &mut Diagnostics) {
    let mut edges: BTreeMap<String, Vec<String>> = types
        .iter()
        .filter_map(|def| match &def.kind {
            TypeKind::Alias { target } => Some((def.name.clone(), named_in(target))),
            _ => None,
        })
        .collect();
    for def in types.iter_mut() {
        let name = def.name.clone();
        let TypeKind::Alias { target } = &mut def.kind else { continue };
        let mut cycles = Vec::new();
        cut_back_references(target, &mut |to| match path_back(&edges, to, &name) {
            Some(path) => {
                cycles.push(path);
                true
            }
            None => false,
        });
        if cycles.is_empty() {
            continue;
        }
        edges.insert(name.clone(), named_in(target));
        for path in cycles {
            let chain: Vec<String> = std::iter::once(&name).chain(&path).map(|n| format!("`{n}`")).collect();
            let message = format!(
                "this schema is a type alias that leads back to itself ({}), and a Rust type alias cannot be \
                 recursive; the reference back is kept as JSON",
                chain.join(" → ")
            );
            diags.warn(&Pointer::from_written(&def.pointer), message);
        }
    }
}

/// Replaces with `Any` each named type in `ty` for which `leads_back` holds.
fn cut_back_references(ty: &mut TypeRef, leads_back: &mut impl FnMut(&str) -> bool) {
    match ty {
        TypeRef::Named(target) if leads_back(target) => *ty = TypeRef::Any,
        TypeRef::Array(inner) | TypeRef::Map(inner) => cut_back_references(inner, leads_back),
        TypeRef::Nullable(inner) => {
            cut_back_references(inner, leads_back);
            if **inner == TypeRef::Any {
                *ty = TypeRef::Any;
            }
        }
        _ => {}
    }
}

/// The named types an alias is made of, through arrays, maps and `Option`.
fn named_in(ty: &TypeRef) -> Vec<String> {
    match ty {
        TypeRef::Named(name) => vec![name.clone()],
        TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => named_in(inner),
        _ => Vec::new(),
    }
}

/// The shortest chain of aliases from `from` to `to` (both included).
fn path_back<'e>(edges: &'e BTreeMap<String, Vec<String>>, from: &'e str, to: &str) -> Option<Vec<String>> {
    let mut parent: BTreeMap<&str, &str> = BTreeMap::new();
    let mut seen = BTreeSet::from([from]);
    let mut queue = VecDeque::from([from]);
    while let Some(current) = queue.pop_front() {
        if current == to {
            let mut path = vec![current.to_string()];
            let mut at = current;
            while let Some(&previous) = parent.get(at) {
                path.push(previous.to_string());
                at = previous;
            }
            path.reverse();
            return Some(path);
        }
        for next in edges.get(current).into_iter().flatten() {
            if seen.insert(next.as_str()) {
                parent.insert(next, current);
                queue.push_back(next);
            }
        }
    }
    None
}
