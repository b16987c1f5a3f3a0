//! What the locality, no-op and change-report tests share: copies of
//! corpus specs as JSON values, one-node edits on them, in-process
//! generation and line diffs of the generated files.

#![allow(dead_code, reason = "each test file uses a part of the helpers")]

use std::path::{Path, PathBuf};

use clientgen::profile::Profile;
use clientgen::project::standalone_job;
use clientgen::{Generated, Options};
use serde_json::{Map, Value};
use similar::{ChangeTag, TextDiff};

pub fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A corpus spec (path under `../shared/corpus`), as a JSON value to edit.
pub fn corpus(path: &str) -> Value {
    let path = project_root().join("../shared/corpus").join(path);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The profile Zoom specs are generated with.
pub fn zoom_profile() -> Profile {
    Profile::from_file(&project_root().join("specs/zoom.profile.yaml")).unwrap_or_else(|e| panic!("{e}"))
}

/// Generation options for a spec copy, as for a standalone crate.
pub fn options(profile: Profile) -> Options {
    let root = project_root();
    let runtime = root.join(clientgen::project::RUNTIME_PATH);
    let job =
        standalone_job(Path::new("spec.json"), &root.join("target/locality/spec"), Some("spec"), profile, &runtime);
    let mut options = job.options;
    options.emit.contract_tests = true;
    options
}

pub fn generate_bytes(bytes: &[u8], options: &Options) -> Generated {
    clientgen::generate(bytes, options).unwrap_or_else(|e| panic!("{e}"))
}

pub fn generate(spec: &Value, options: &Options) -> Generated {
    generate_bytes(&serde_json::to_vec_pretty(spec).unwrap_or_default(), options)
}

/// The node at a JSON pointer, to edit.
pub fn node<'a>(spec: &'a mut Value, pointer: &str) -> &'a mut Map<String, Value> {
    spec.pointer_mut(pointer).and_then(Value::as_object_mut).unwrap_or_else(|| panic!("no object at {pointer}"))
}

/// The pointer of the first object schema with at least two properties, in
/// document order, under `under`.
pub fn first_object_schema(spec: &Value, under: &str) -> String {
    let whole = |v: &Value| {
        v.get("properties").and_then(Value::as_object).is_some_and(|p| p.len() >= 2 && p.values().all(Value::is_object))
    };
    find(spec.pointer(under).unwrap_or(&Value::Null), under, &whole)
        .unwrap_or_else(|| panic!("no object schema under {under}"))
}

/// The pointer of the first string enum schema, in document order.
pub fn first_string_enum(spec: &Value) -> Option<String> {
    find(spec, "", &|v| {
        v.get("type") == Some(&Value::from("string"))
            && v.get("enum").and_then(Value::as_array).is_some_and(|e| e.len() >= 2 && e.iter().all(Value::is_string))
    })
}

fn find(value: &Value, at: &str, wanted: &dyn Fn(&Value) -> bool) -> Option<String> {
    if wanted(value) {
        return Some(at.to_string());
    }
    match value {
        // Parts of a composition are merged into other types: not looked in.
        Value::Object(map) => map
            .iter()
            .filter(|(k, _)| !matches!(k.as_str(), "allOf" | "oneOf" | "anyOf"))
            .find_map(|(k, v)| find(v, &format!("{at}/{}", escape(k)), wanted)),
        Value::Array(items) => items.iter().enumerate().find_map(|(i, v)| find(v, &format!("{at}/{i}"), wanted)),
        _ => None,
    }
}

pub fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// Inserts `key: value` into `map` at `index`, keeping the other keys' order.
pub fn insert_at(map: &mut Map<String, Value>, index: usize, key: &str, value: Value) {
    let entries: Vec<(String, Value)> = std::mem::take(map).into_iter().collect();
    let index = index.min(entries.len());
    for (i, (k, v)) in entries.into_iter().enumerate() {
        if i == index {
            map.insert(key.to_string(), value.clone());
        }
        map.insert(k, v);
    }
    if !map.contains_key(key) {
        map.insert(key.to_string(), value);
    }
}

/// The lines one generated file gained and lost.
#[derive(Debug)]
pub struct FileDiff {
    pub path: String,
    /// (line number in the new file, text)
    pub inserted: Vec<(usize, String)>,
    /// (line number in the old file, text)
    pub deleted: Vec<(usize, String)>,
    pub old_text: String,
    pub new_text: String,
}

impl FileDiff {
    pub fn changed(&self) -> usize {
        self.inserted.len() + self.deleted.len()
    }
}

/// The files whose text differs between two generations.
pub fn diff(old: &Generated, new: &Generated) -> Vec<FileDiff> {
    let mut diffs = Vec::new();
    for file in &new.files {
        let before = old.files.iter().find(|f| f.path == file.path).map_or("", |f| f.contents.as_str());
        let lines = TextDiff::from_lines(before, &file.contents);
        let mut d = FileDiff {
            path: file.path.display().to_string(),
            inserted: Vec::new(),
            deleted: Vec::new(),
            old_text: before.to_string(),
            new_text: file.contents.clone(),
        };
        for change in lines.iter_all_changes() {
            let text = change.value().trim_end().to_string();
            match change.tag() {
                ChangeTag::Insert => d.inserted.push((change.new_index().unwrap_or_default(), text)),
                ChangeTag::Delete => d.deleted.push((change.old_index().unwrap_or_default(), text)),
                ChangeTag::Equal => {}
            }
        }
        if d.changed() > 0 {
            diffs.push(d);
        }
    }
    diffs
}

pub fn total_changed(diffs: &[FileDiff]) -> usize {
    diffs.iter().map(FileDiff::changed).sum()
}

/// The diffs, readable in an assertion message.
pub fn show(diffs: &[FileDiff]) -> String {
    let mut text = String::new();
    for d in diffs {
        text.push_str(&format!("--- {}\n", d.path));
        d.deleted.iter().for_each(|(n, l)| text.push_str(&format!("-{n}: {l}\n")));
        d.inserted.iter().for_each(|(n, l)| text.push_str(&format!("+{n}: {l}\n")));
    }
    text
}

/// The lines a diff removed that are not just reflowed: a line whose words
/// all reappear among the file's inserted lines was only wrapped anew by
/// the formatter (a list that grew past the line width).
pub fn rewritten_lines(d: &FileDiff) -> Vec<&str> {
    let inserted: std::collections::BTreeSet<&str> = d.inserted.iter().flat_map(|(_, l)| words(l)).collect();
    d.deleted.iter().map(|(_, l)| l.as_str()).filter(|l| words(l).any(|w| !inserted.contains(w))).collect()
}

fn words(line: &str) -> impl Iterator<Item = &str> {
    line.split(|c: char| !c.is_alphanumeric() && c != '_').filter(|w| !w.is_empty())
}

/// Whether every file's removed lines are only reflowed ones.
pub fn only_reflowed(diffs: &[FileDiff]) -> bool {
    diffs.iter().all(|d| rewritten_lines(d).is_empty())
}

/// The item a line of generated Rust belongs to: the header (up to its
/// `{`) of the nearest top-level struct, enum or impl that starts at or
/// above it.
pub fn enclosing_item(text: &str, line: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let last = line.min(lines.len().saturating_sub(1));
    let starts = |l: &&str| ["pub struct ", "pub enum ", "impl ", "impl<"].iter().any(|s| l.starts_with(s));
    let Some(start) = (0..=last).rev().find(|&i| starts(&lines[i])) else { return String::new() };
    let end = (start..lines.len()).find(|&i| lines[i].ends_with('{')).unwrap_or(start);
    lines[start..=end].join(" ")
}
