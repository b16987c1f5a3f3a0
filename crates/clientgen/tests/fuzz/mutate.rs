//! Mutations of a spec: structure-aware ones on its JSON tree (delete,
//! duplicate, retype, rename, deep nesting, huge enums, `$ref` loops) and
//! byte-level ones on its text (truncation, invalid UTF-8, flipped bytes).
//! Each returns a line saying what it did, for the failure report.

use fastrand::Rng;
use serde_json::{Map, Value, json};

/// One step from a node to a child.
#[derive(Debug, Clone)]
enum Step {
    Key(String),
    Index(usize),
}

/// Applies one random structure-aware mutation to `doc`.
pub fn mutate_tree(rng: &mut Rng, doc: &mut Value) -> String {
    let path = random_path(rng, doc);
    let at = pointer(&path);
    let what = match rng.u8(0..10) {
        0 => delete(doc, &path),
        1 => duplicate(rng, doc, &path),
        2 => retype(rng, doc, &path),
        3 => rename(rng, doc, &path),
        4 => nest(rng, doc, &path),
        5 => huge_enum(rng, doc, &path),
        6 => cyclic_ref(rng, doc, &path),
        7 => ref_chain(rng, doc, &path),
        8 => odd_ref(rng, doc, &path),
        _ => transplant(rng, doc, &path),
    };
    format!("{what} at {at:?}")
}

/// Applies one random byte-level mutation to the text of a spec.
pub fn mutate_bytes(rng: &mut Rng, bytes: &mut Vec<u8>) -> String {
    let at = rng.usize(0..=bytes.len());
    match rng.u8(0..4) {
        0 => {
            bytes.truncate(at);
            format!("cut short at byte {at}")
        }
        1 => {
            const INVALID: &[&[u8]] = &[b"\xff", b"\xc3\x28", b"\xed\xa0\x80", b"\xf8\x88\x80\x80\x80", b"\xe2\x82"];
            let bad = INVALID[rng.usize(0..INVALID.len())];
            bytes.splice(at..at, bad.iter().copied());
            format!("invalid UTF-8 {bad:x?} at byte {at}")
        }
        2 => {
            let count = rng.usize(1..8);
            for _ in 0..count {
                if let Some(byte) = bytes.get_mut(rng.usize(0..at.max(1))) {
                    *byte = rng.u8(..);
                }
            }
            format!("{count} random byte(s) before byte {at}")
        }
        _ => {
            let end = (at + rng.usize(0..200)).min(bytes.len());
            let slice = bytes[at..end].to_vec();
            bytes.splice(at..at, slice);
            format!("bytes {at}..{end} repeated")
        }
    }
}

/// A random walk from the root that stops at a leaf or by chance.
fn random_path(rng: &mut Rng, doc: &Value) -> Vec<Step> {
    let mut path = Vec::new();
    let mut node = doc;
    loop {
        if !path.is_empty() && rng.u8(0..100) < 12 {
            return path;
        }
        let (step, child) = match node {
            Value::Object(map) if !map.is_empty() => {
                let (key, child) = map.iter().nth(rng.usize(0..map.len())).expect("index is in range");
                (Step::Key(key.clone()), child)
            }
            Value::Array(items) if !items.is_empty() => {
                let index = rng.usize(0..items.len());
                (Step::Index(index), &items[index])
            }
            _ => return path,
        };
        path.push(step);
        node = child;
    }
}

fn node_mut<'v>(doc: &'v mut Value, path: &[Step]) -> Option<&'v mut Value> {
    path.iter().try_fold(doc, |node, step| match step {
        Step::Key(key) => node.get_mut(key.as_str()),
        Step::Index(index) => node.get_mut(*index),
    })
}

/// The JSON pointer of `path`.
fn pointer(path: &[Step]) -> String {
    path.iter()
        .map(|step| match step {
            Step::Key(key) => format!("/{}", key.replace('~', "~0").replace('/', "~1")),
            Step::Index(index) => format!("/{index}"),
        })
        .collect()
}

fn delete(doc: &mut Value, path: &[Step]) -> &'static str {
    let Some((last, parent)) = path.split_last() else { return "nothing deleted" };
    match (node_mut(doc, parent), last) {
        (Some(Value::Object(map)), Step::Key(key)) => drop(map.shift_remove(key)),
        (Some(Value::Array(items)), Step::Index(index)) => drop(items.remove(*index)),
        _ => {}
    }
    "deleted"
}

fn duplicate(rng: &mut Rng, doc: &mut Value, path: &[Step]) -> &'static str {
    let Some((last, parent)) = path.split_last() else { return "nothing duplicated" };
    let Some(node) = node_mut(doc, path).map(|n| n.clone()) else { return "nothing duplicated" };
    match (node_mut(doc, parent), last) {
        (Some(Value::Object(map)), Step::Key(key)) => {
            let suffix = if rng.bool() { "_2" } else { " " };
            map.insert(format!("{key}{suffix}"), node);
        }
        (Some(Value::Array(items)), _) => items.push(node),
        _ => {}
    }
    "duplicated"
}

fn retype(rng: &mut Rng, doc: &mut Value, path: &[Step]) -> &'static str {
    if let Some(node) = node_mut(doc, path) {
        *node = random_scalar(rng);
    }
    "retyped"
}

fn random_scalar(rng: &mut Rng) -> Value {
    match rng.u8(0..9) {
        0 => Value::Null,
        1 => Value::Bool(rng.bool()),
        2 => json!(rng.i64(..)),
        3 => json!(u64::MAX),
        4 => json!(-1.5e300),
        5 => json!(""),
        6 => json!(["x", 1, null]),
        7 => json!({}),
        _ => json!(odd_name(rng)),
    }
}

/// Names that are hard to turn into identifiers, paths or pointers.
fn odd_name(rng: &mut Rng) -> String {
    const NAMES: &[&str] = &[
        "", " ", "type", "self", "Self", "crate", "r#type", "123", "-", "_", "a/b", "~0~1", "{id}", "$ref", "x-", "é",
        "日本", "\u{0}", "a\"b", "\\", "\n", "..", "#", "%2F", "mod", "Option", "Result", "None",
    ];
    NAMES[rng.usize(0..NAMES.len())].to_string()
}

fn rename(rng: &mut Rng, doc: &mut Value, path: &[Step]) -> &'static str {
    let Some((Step::Key(key), parent)) = path.split_last() else { return "nothing renamed" };
    if let Some(Value::Object(map)) = node_mut(doc, parent) {
        let name = odd_name(rng);
        // Rebuilt in order, so the renamed key keeps its place (or, when the
        // new name is taken, the later of the two wins, as in a parser).
        *map =
            std::mem::take(map).into_iter().map(|(k, v)| if &k == key { (name.clone(), v) } else { (k, v) }).collect();
    }
    "renamed"
}

/// Wraps the node in many levels of schema nesting.
fn nest(rng: &mut Rng, doc: &mut Value, path: &[Step]) -> &'static str {
    let Some(node) = node_mut(doc, path) else { return "nothing nested" };
    let depth = rng.usize(20..300);
    let mut value = node.take();
    for _ in 0..depth {
        value = match rng.u8(0..6) {
            0 => json!({"type": "object", "properties": {"inner": value}}),
            1 => json!({"type": "array", "items": value}),
            2 => json!({"allOf": [value]}),
            3 => json!({"oneOf": [value, {"type": "string"}]}),
            4 => json!({"type": "object", "additionalProperties": value}),
            _ => json!({"anyOf": [value]}),
        };
    }
    *node = value;
    "nested deeply"
}

fn huge_enum(rng: &mut Rng, doc: &mut Value, path: &[Step]) -> &'static str {
    let Some(node) = node_mut(doc, path) else { return "no enum" };
    let count = rng.usize(1_000..20_000);
    let values: Vec<Value> = (0..count)
        .map(|i| match i % 7 {
            0 => json!(i),
            1 => Value::Null,
            2 => json!(""),
            3 => json!(format!("v{}", i / 2)),
            4 => json!(format!("V-{}", i / 2)),
            5 => json!(i as f64 + 0.5),
            _ => json!(format!("value {i}")),
        })
        .collect();
    let kind = ["string", "integer", "number", "boolean"][rng.usize(0..4)];
    *node = json!({"type": kind, "enum": values});
    "huge enum"
}

/// Makes the node a `$ref` to itself or one of its ancestors, or makes two
/// component schemas refer to each other.
fn cyclic_ref(rng: &mut Rng, doc: &mut Value, path: &[Step]) -> &'static str {
    if rng.bool() {
        let target = pointer(&path[..rng.usize(0..=path.len())]);
        if let Some(node) = node_mut(doc, path) {
            *node = json!({ "$ref": format!("#{target}") });
        }
        return "`$ref` to an ancestor";
    }
    let schemas = components(doc, "schemas");
    schemas.insert("LoopA".into(), json!({"$ref": "#/components/schemas/LoopB"}));
    schemas.insert("LoopB".into(), json!({"allOf": [{"$ref": "#/components/schemas/LoopA"}]}));
    schemas.insert("LoopC".into(), json!({"$ref": "#/components/schemas/LoopC"}));
    let name = ["LoopA", "LoopB", "LoopC"][rng.usize(0..3)];
    if let Some(node) = node_mut(doc, path) {
        *node = json!({ "$ref": format!("#/components/schemas/{name}") });
    }
    "`$ref` loop"
}

/// A long chain of component schemas, each holding the next.
fn ref_chain(rng: &mut Rng, doc: &mut Value, path: &[Step]) -> &'static str {
    let length = rng.usize(50..3_000);
    let direct = rng.bool();
    let schemas = components(doc, "schemas");
    for i in 0..length {
        let next = json!({ "$ref": format!("#/components/schemas/Chain{}", i + 1) });
        let schema = if direct { next } else { json!({"type": "object", "properties": {"next": next}}) };
        schemas.insert(format!("Chain{i}"), schema);
    }
    schemas.insert(format!("Chain{length}"), json!({"type": "string"}));
    if let Some(node) = node_mut(doc, path) {
        *node = json!({"$ref": "#/components/schemas/Chain0"});
    }
    "`$ref` chain"
}

fn odd_ref(rng: &mut Rng, doc: &mut Value, path: &[Step]) -> &'static str {
    const REFS: &[&str] = &[
        "",
        "#",
        "#/",
        "#/components",
        "#/components/schemas",
        "#/components/schemas/",
        "#/paths",
        "other.json#/a",
        "http://127.0.0.1/x.json",
        "#/components/schemas/%",
        "#/components/schemas/%zz",
        "#/components/schemas/a~2b",
        "#/components/parameters/x",
        "#/components/schemas/\u{7f}",
    ];
    if let Some(node) = node_mut(doc, path) {
        *node = json!({ "$ref": REFS[rng.usize(0..REFS.len())] });
    }
    "odd `$ref`"
}

/// Puts a copy of one random node in the place of this one.
fn transplant(rng: &mut Rng, doc: &mut Value, path: &[Step]) -> &'static str {
    let donor = random_path(rng, doc);
    let Some(copy) = node_mut(doc, &donor).map(|n| n.clone()) else { return "nothing transplanted" };
    if let Some(node) = node_mut(doc, path) {
        *node = copy;
    }
    "replaced by a copy of another node"
}

/// `#/components/<section>`, created (replacing whatever is in the way) if missing.
fn components<'d>(doc: &'d mut Value, section: &str) -> &'d mut Map<String, Value> {
    if !doc.is_object() {
        *doc = json!({});
    }
    let root = doc.as_object_mut().expect("made an object above");
    let components = root.entry("components").or_insert_with(|| json!({}));
    if !components.is_object() {
        *components = json!({});
    }
    let table = components.as_object_mut().expect("made an object above").entry(section).or_insert_with(|| json!({}));
    if !table.is_object() {
        *table = json!({});
    }
    table.as_object_mut().expect("made an object above")
}
