//! Paginated operations, recognised from their shape: a query parameter
//! and a field of the successful response that follow a pagination
//! convention, plus the response's one array field as the items.
//!
//! The conventions are data: common ones below, and a profile's own.
//! Nothing here names an operation.

use super::naming::UniqueNames;
use crate::ir::{
    BodyEncoding, Field, Operation, PageItems, Pagination, PaginationStyle, ParamLocation, Scalar, Success, TypeDef,
    TypeKind, TypeRef,
};
use crate::profile::PaginationConventions;

/// Token pagination as widely spelled: (query parameter, response field).
const COMMON_TOKENS: &[(&str, &str)] = &[
    ("next_page_token", "next_page_token"),
    ("page_token", "next_page_token"),
    ("pageToken", "nextPageToken"),
    ("cursor", "next_cursor"),
];

/// Page-number pagination: (query parameter, response field with the page count).
const COMMON_PAGE_NUMBERS: &[(&str, &str)] = &[("page_number", "page_count")];

/// Marks every operation whose shape fits a convention, claiming the names
/// of its streaming methods (`{method}_pages`, `{method}_items`).
pub fn detect(
    operations: &mut [Operation],
    types: &[&TypeDef],
    conventions: &PaginationConventions,
    fn_names: &mut UniqueNames,
) {
    let tokens: Vec<(&str, &str)> = conventions
        .tokens
        .iter()
        .map(|t| (t.param.as_str(), t.field.as_str()))
        .chain(COMMON_TOKENS.iter().copied())
        .collect();
    let page_numbers: Vec<(&str, &str)> = conventions
        .page_numbers
        .iter()
        .map(|p| (p.param.as_str(), p.count_field.as_str()))
        .chain(COMMON_PAGE_NUMBERS.iter().copied())
        .collect();
    for op in operations {
        // Streams re-send the request: only plain JSON or form bodies can be.
        let resendable = op.body.as_ref().is_none_or(|b| matches!(b.encoding, BodyEncoding::Json | BodyEncoding::Form));
        let Some(page) = page_struct(op, types).filter(|_| resendable) else { continue };
        let Some(style) = token_style(op, page, &tokens).or_else(|| page_number_style(op, page, &page_numbers)) else {
            continue;
        };
        let items = items_field(page);
        let pages_fn = fn_names.claim(&format!("{}_pages", op.fn_name));
        let items_fn = items.as_ref().map(|_| fn_names.claim(&format!("{}_items", op.fn_name)));
        op.pagination = Some(Pagination { style, items, pages_fn, items_fn });
    }
}

/// The fields of the successful response, when it is one JSON object.
fn page_struct<'t>(op: &Operation, types: &[&'t TypeDef]) -> Option<&'t [Field]> {
    let Success::Body(body) = &op.success else { return None };
    let TypeRef::Named(name) = &body.ty else { return None };
    match &types.iter().find(|t| &t.name == name)?.kind {
        TypeKind::Struct(s) => Some(&s.fields),
        _ => None,
    }
}

fn token_style(op: &Operation, page: &[Field], conventions: &[(&str, &str)]) -> Option<PaginationStyle> {
    conventions.iter().find_map(|(param, field)| {
        let param = query_param(op, param, TypeRef::Scalar(Scalar::String))?;
        let field = page.iter().find(|f| f.name == *field && f.ty == TypeRef::Scalar(Scalar::String))?;
        Some(PaginationStyle::Token { param, field: field.rust_name.clone(), field_optional: is_optional(field) })
    })
}

fn page_number_style(op: &Operation, page: &[Field], conventions: &[(&str, &str)]) -> Option<PaginationStyle> {
    conventions.iter().find_map(|(param, count)| {
        let (param, param_type) = [Scalar::I64, Scalar::I32]
            .into_iter()
            .find_map(|s| query_param(op, param, TypeRef::Scalar(s)).map(|p| (p, s)))?;
        let count =
            page.iter().find(|f| f.name == *count && matches!(f.ty, TypeRef::Scalar(Scalar::I64 | Scalar::I32)))?;
        let count_type = if count.ty == TypeRef::Scalar(Scalar::I32) { Scalar::I32 } else { Scalar::I64 };
        let (count_field, count_optional) = (count.rust_name.clone(), is_optional(count));
        Some(PaginationStyle::PageNumber { param, param_type, count_field, count_type, count_optional })
    })
}

/// The Rust name of an optional query parameter of that wire name and type.
fn query_param(op: &Operation, name: &str, ty: TypeRef) -> Option<String> {
    op.params
        .iter()
        .find(|p| p.location == ParamLocation::Query && p.name == name && !p.required && p.ty == ty)
        .map(|p| p.rust_name.clone())
}

/// The page's items: its one array field (with several, which one holds
/// the items is a guess, so there is none).
fn items_field(page: &[Field]) -> Option<PageItems> {
    let mut arrays = page.iter().filter_map(|f| match &f.ty {
        TypeRef::Array(item) => Some((f, item)),
        _ => None,
    });
    let (field, item) = arrays.next()?;
    if arrays.next().is_some() {
        return None;
    }
    Some(PageItems { field: field.rust_name.clone(), item: (**item).clone(), optional: is_optional(field) })
}

fn is_optional(field: &Field) -> bool {
    !field.required || field.nullable
}
