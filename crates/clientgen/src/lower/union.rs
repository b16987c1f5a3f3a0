//! `oneOf`/`anyOf` → unions: a variant per alternative, chosen by the
//! discriminator when the spec gives one, else by best fit.

use openapiv3::{ReferenceOr, Schema};

use super::naming::{self, UniqueNames};
use super::schema::{SchemaNode, UNKNOWN_VARIANT};
use super::shape::{Shape, shape_of};
use super::{Lowerer, NameHint, refs};
use crate::diagnostics::{Diagnostics, Pointer};
use crate::ir::{EnumProperty, Scalar, TypeDef, TypeKind, TypeRef, Union, UnionVariant};

impl Lowerer<'_> {
    pub(super) fn lower_union(
        &mut self,
        schema: &Schema,
        members: &[ReferenceOr<Schema>],
        ptr: &Pointer,
        hint: &NameHint,
    ) -> TypeRef {
        let any_of = matches!(schema.schema_kind, openapiv3::SchemaKind::AnyOf { .. });
        let members_ptr = ptr.join(if any_of { "anyOf" } else { "oneOf" });
        match members {
            [] => {
                self.diags.warn(&members_ptr, "lists no alternative; the value is kept as JSON");
                return TypeRef::Any;
            }
            [only] => return self.lower_schema(only, &members_ptr.join(0), hint),
            _ => {}
        }
        if any_of && let Some(merged) = self.lower_any_of_objects(schema, members, ptr, hint) {
            return merged;
        }
        let (slot, name) = self.reserve_type(hint);
        let union_hint = NameHint::Fixed(name.clone());
        let mut names = UniqueNames::default();
        names.claim(UNKNOWN_VARIANT);
        let mut variants: Vec<UnionVariant> = Vec::new();
        for (i, member) in members.iter().enumerate() {
            let member_ptr = members_ptr.join(i);
            let word = member_word(member, i);
            let ty = self.lower_schema(member, &member_ptr, &union_hint.child(&word));
            if variants.iter().any(|v| v.ty == ty) {
                self.diags.warn(&member_ptr, "this alternative has the same type as an earlier one; it is left out");
                continue;
            }
            let (properties, enum_properties) = self.outline(member.into(), &member_ptr, 0);
            let rust_name = names.claim(&variant_name(&ty, &name, &word));
            variants.push(UnionVariant {
                rust_name,
                ty,
                boxed: false,
                tag_values: Vec::new(),
                properties,
                enum_properties,
            });
        }
        let tag = self.assign_tags(schema, members, &mut variants, ptr);
        let def = TypeDef {
            name,
            pointer: ptr.to_string(),
            description: schema.schema_data.description.clone().or_else(|| schema.schema_data.title.clone()),
            kind: TypeKind::Union(Union { tag, variants }),
        };
        self.define_type(slot, def)
    }

    /// `anyOf` of objects: a value may match several alternatives at once,
    /// so choosing one would drop the others' properties. One struct holds
    /// them all, required only where every alternative requires them.
    fn lower_any_of_objects(
        &mut self,
        schema: &Schema,
        members: &[ReferenceOr<Schema>],
        ptr: &Pointer,
        hint: &NameHint,
    ) -> Option<TypeRef> {
        let mut quiet = Diagnostics::default();
        let all_objects = members.iter().all(|m| {
            let table = self.spec.components.as_ref().map(|c| &c.schemas);
            refs::resolve(m, table, "schemas", ptr)
                .is_ok_and(|(s, _)| matches!(shape_of(s, ptr, &mut quiet), Shape::Object { .. } | Shape::AllOf(_)))
        });
        if !all_objects {
            return None;
        }
        let (mut parts, additional) = self.object_parts(members, &ptr.join("anyOf"), 0).ok()?;
        let common: Vec<String> = parts
            .first()
            .map(|first| {
                first.required.iter().filter(|r| parts.iter().all(|p| p.required.contains(r))).cloned().collect()
            })
            .unwrap_or_default();
        for part in &mut parts {
            part.required.retain(|r| common.contains(r));
        }
        Some(self.lower_object(schema, parts, additional, ptr, hint))
    }

    /// The top-level properties of an object alternative (through `$ref`s
    /// and `allOf`): all names, and those limited to enum values.
    fn outline(&mut self, node: SchemaNode<'_>, ptr: &Pointer, depth: usize) -> (Vec<String>, Vec<EnumProperty>) {
        let schema = match node {
            SchemaNode::Inline(schema) => schema,
            SchemaNode::Ref(reference) => {
                let table = self.spec.components.as_ref().map(|c| &c.schemas);
                match refs::resolve_ref(reference, table, "schemas") {
                    Ok((schema, _)) => schema,
                    Err(_) => return (Vec::new(), Vec::new()),
                }
            }
        };
        // Shapes were warned about when the alternative was lowered.
        let mut quiet = Diagnostics::default();
        match shape_of(schema, ptr, &mut quiet) {
            Shape::Object { properties, .. } => {
                let enums = properties.iter().filter_map(|(name, node)| enum_property(name, node.into())).collect();
                (properties.keys().cloned().collect(), enums)
            }
            Shape::AllOf(parts) if depth < MAX_OUTLINE_DEPTH => {
                let mut outline = (Vec::new(), Vec::new());
                for part in parts {
                    let (names, enums) = self.outline(part.into(), ptr, depth + 1);
                    outline.0.extend(names);
                    outline.1.extend(enums);
                }
                outline
            }
            _ => (Vec::new(), Vec::new()),
        }
    }

    /// With a `discriminator`, each variant gets the tag values that select
    /// it: from `mapping`, else the component's own name. If a variant ends
    /// up without one, the union is matched by fit instead.
    fn assign_tags(
        &mut self,
        schema: &Schema,
        members: &[ReferenceOr<Schema>],
        variants: &mut [UnionVariant],
        ptr: &Pointer,
    ) -> Option<String> {
        let discriminator = schema.schema_data.discriminator.as_ref()?;
        let mut member_refs = members.iter().filter_map(|m| match m {
            ReferenceOr::Reference { reference } => Some(refs::normalize_ref(reference)),
            ReferenceOr::Item(_) => None,
        });
        for variant in variants.iter_mut() {
            let Some(reference) = member_refs.next() else { break };
            let mapped = discriminator.mapping.iter().filter(|(_, target)| {
                refs::normalize_ref(target) == reference || target.as_str() == component_name(&reference)
            });
            variant.tag_values = mapped.map(|(value, _)| value.clone()).collect();
            if variant.tag_values.is_empty() {
                variant.tag_values.push(component_name(&reference).to_string());
            }
        }
        if variants.iter().any(|v| v.tag_values.is_empty()) || members.len() != variants.len() {
            let message =
                "the discriminator cannot name every alternative (inline or repeated ones); values are matched by fit";
            self.diags.warn(&ptr.join("discriminator"), message);
            return None;
        }
        Some(discriminator.property_name.clone())
    }
}

/// `allOf` nesting followed when outlining an alternative.
const MAX_OUTLINE_DEPTH: usize = 8;

/// An inline string property with listed values.
fn enum_property(name: &str, node: SchemaNode<'_>) -> Option<EnumProperty> {
    let SchemaNode::Inline(schema) = node else { return None };
    let mut quiet = Diagnostics::default();
    let Shape::String { members, .. } = shape_of(schema, &Pointer::root(), &mut quiet) else { return None };
    let values: Vec<String> = members.iter().filter_map(|m| m.as_str().map(str::to_string)).collect();
    (!values.is_empty()).then(|| EnumProperty { name: name.to_string(), values })
}

/// `#/components/schemas/Dog` → `Dog`.
fn component_name(reference: &str) -> &str {
    reference.rsplit('/').next().unwrap_or(reference)
}

/// The word an inline alternative's type is named with: its title, or its place.
fn member_word(member: &ReferenceOr<Schema>, index: usize) -> String {
    match member {
        ReferenceOr::Item(schema) => {
            schema.schema_data.title.clone().unwrap_or_else(|| format!("Variant{}", index + 1))
        }
        ReferenceOr::Reference { .. } => format!("Variant{}", index + 1),
    }
}

/// A named type's own name (without the union's prefix), or its kind.
fn variant_name(ty: &TypeRef, union_name: &str, word: &str) -> String {
    let base = match ty {
        TypeRef::Named(name) => {
            name.strip_prefix(union_name).filter(|rest| !rest.is_empty()).unwrap_or(name).to_string()
        }
        TypeRef::Scalar(Scalar::String) | TypeRef::Secret => "String".to_string(),
        TypeRef::Scalar(Scalar::Bool) => "Boolean".to_string(),
        TypeRef::Scalar(Scalar::F32 | Scalar::F64) => "Number".to_string(),
        TypeRef::Scalar(_) => "Integer".to_string(),
        TypeRef::Array(_) => "Array".to_string(),
        TypeRef::Nullable(inner) => return variant_name(inner, union_name, word),
        TypeRef::Map(_) | TypeRef::Object => "Object".to_string(),
        TypeRef::Any | TypeRef::Bytes => word.to_string(),
    };
    naming::variant_ident(&base)
}
