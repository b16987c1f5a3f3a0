//! Operations: added, removed, renamed, and their parameters, request
//! body, response statuses and success type.

use super::types::{Renames, same_type, type_text};
use super::{Change, Impact};
use crate::ir::{Api, Operation, ParamLocation, StatusMatch, Success};

pub fn compare(old: &Api, new: &Api, renames: &Renames) -> Vec<Change> {
    let mut changes = Vec::new();
    let mut matched = Vec::new();
    for op in &new.operations {
        match counterpart(old, new, op) {
            Some(before) => {
                matched.push(before.fn_name.as_str());
                if before.fn_name != op.fn_name {
                    let detail = format!("was {}", before.fn_name);
                    changes.push(Change::new(Impact::Breaking, "operation renamed", method(op), detail));
                }
                changes.extend(compare_operation(before, op, renames));
            }
            None => changes.push(Change::new(Impact::Additive, "operation added", method(op), endpoint(op))),
        }
    }
    let removed = old.operations.iter().filter(|op| !matched.contains(&op.fn_name.as_str()));
    changes.extend(removed.map(|op| Change::new(Impact::Breaking, "operation removed", method(op), endpoint(op))));
    changes
}

/// The old operation `op` is: the one of the same method name, else (a
/// rename) the one of the same HTTP method and path whose name is gone.
fn counterpart<'a>(old: &'a Api, new: &Api, op: &Operation) -> Option<&'a Operation> {
    old.operations.iter().find(|o| o.fn_name == op.fn_name).or_else(|| {
        old.operations.iter().find(|o| {
            o.method == op.method && o.path == op.path && !new.operations.iter().any(|n| n.fn_name == o.fn_name)
        })
    })
}

fn method(op: &Operation) -> String {
    format!("Client::{}", op.fn_name)
}

fn endpoint(op: &Operation) -> String {
    format!("{} {}", op.method.as_str(), op.path)
}

fn compare_operation(old: &Operation, new: &Operation, renames: &Renames) -> Vec<Change> {
    let mut changes = compare_params(old, new, renames);
    changes.extend(compare_body(old, new, renames));
    changes.extend(compare_statuses(old, new));
    if !same_success(&old.success, &new.success, renames) {
        let detail = format!("{} -> {}", success_text(&old.success), success_text(&new.success));
        changes.push(Change::new(Impact::Breaking, "success type changed", method(new), detail));
    }
    changes
}

/// Path parameters are arguments of the method; the others are fields of
/// its parameter struct, so an optional one can be added without breaking.
fn compare_params(old: &Operation, new: &Operation, renames: &Renames) -> Vec<Change> {
    let mut changes = Vec::new();
    let subject = |name: &str| format!("{}({name})", method(new));
    for param in &new.params {
        let Some(before) = old.params.iter().find(|p| p.name == param.name && p.location == param.location) else {
            let additive = !param.required && param.location != ParamLocation::Path;
            let impact = if additive { Impact::Additive } else { Impact::Breaking };
            changes.push(Change::new(impact, "parameter added", subject(&param.rust_name), param_text(param)));
            continue;
        };
        if before.rust_name != param.rust_name {
            let detail = format!("was {}", before.rust_name);
            changes.push(Change::new(Impact::Breaking, "parameter renamed", subject(&param.rust_name), detail));
        }
        if before.required != param.required {
            let what = if param.required { "parameter made required" } else { "parameter made optional" };
            changes.push(Change::new(Impact::Breaking, what, subject(&param.rust_name), param_text(param)));
        }
        if !same_type(&before.ty, &param.ty, renames) {
            let detail = format!("{} -> {}", type_text(&before.ty), type_text(&param.ty));
            changes.push(Change::new(Impact::Breaking, "parameter changed type", subject(&param.rust_name), detail));
        }
    }
    let removed =
        old.params.iter().filter(|p| !new.params.iter().any(|n| n.name == p.name && n.location == p.location));
    changes.extend(
        removed.map(|p| Change::new(Impact::Breaking, "parameter removed", subject(&p.rust_name), param_text(p))),
    );
    changes
}

fn param_text(param: &crate::ir::Parameter) -> String {
    let presence = if param.required { "required" } else { "optional" };
    let location = match param.location {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
    };
    format!("{presence} {location} {}", type_text(&param.ty))
}

fn compare_body(old: &Operation, new: &Operation, renames: &Renames) -> Vec<Change> {
    let subject = method(new);
    match (&old.body, &new.body) {
        (None, Some(body)) => vec![Change::new(Impact::Breaking, "request body added", subject, type_text(&body.ty))],
        (Some(body), None) => vec![Change::new(Impact::Breaking, "request body removed", subject, type_text(&body.ty))],
        (Some(a), Some(b)) if !same_type(&a.ty, &b.ty, renames) || a.required != b.required => {
            let detail = format!("{} -> {}", type_text(&a.ty), type_text(&b.ty));
            vec![Change::new(Impact::Breaking, "request body changed type", subject, detail)]
        }
        _ => Vec::new(),
    }
}

/// A new status is additive: the call returns what it returned before for
/// the old ones; one that is gone is breaking (code that relied on it).
fn compare_statuses(old: &Operation, new: &Operation) -> Vec<Change> {
    let statuses = |op: &Operation| op.responses.iter().map(|r| (r.status, r.success)).collect::<Vec<_>>();
    let (before, after) = (statuses(old), statuses(new));
    let subject = method(new);
    let added = after.iter().filter(|s| !before.iter().any(|b| b.0 == s.0));
    let mut changes: Vec<Change> =
        added.map(|s| Change::new(Impact::Additive, "response status added", &subject, status_text(*s))).collect();
    let removed = before.iter().filter(|s| !after.iter().any(|a| a.0 == s.0));
    changes
        .extend(removed.map(|s| Change::new(Impact::Breaking, "response status removed", &subject, status_text(*s))));
    changes
}

fn status_text((status, success): (StatusMatch, bool)) -> String {
    let status = match status {
        StatusMatch::Code(code) => code.to_string(),
        StatusMatch::Range(digit) => format!("{digit}XX"),
        StatusMatch::Default => "default".to_string(),
    };
    let kind = if success { "success" } else { "error" };
    format!("{status}, {kind}")
}

fn same_success(old: &Success, new: &Success, renames: &Renames) -> bool {
    match (old, new) {
        (Success::Empty, Success::Empty) => true,
        (Success::Body(a), Success::Body(b)) => same_type(&a.ty, &b.ty, renames),
        (Success::PerStatus { type_name: a, variants: x }, Success::PerStatus { type_name: b, variants: y }) => {
            let names = |v: &[crate::ir::StatusVariant]| v.iter().map(|s| s.rust_name.clone()).collect::<Vec<_>>();
            a == b && names(x) == names(y)
        }
        _ => false,
    }
}

fn success_text(success: &Success) -> String {
    match success {
        Success::Empty => "()".to_string(),
        Success::Body(body) => type_text(&body.ty),
        Success::PerStatus { type_name, .. } => type_name.clone(),
    }
}
