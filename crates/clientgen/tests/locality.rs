//! Diff locality, as a tested property of the generator: a one-node edit
//! of a real spec (a copy of a corpus spec, edited as JSON) changes only
//! the generated lines that belong to that node, and output follows the
//! spec's own order.

mod support;

use clientgen::profile::Profile;
use serde_json::{Value, json};
use support::*;

/// Real specs of different shapes: inline Zoom schemas, and `$ref`
/// components.
fn specs() -> Vec<(&'static str, Profile)> {
    vec![
        ("zoom/zoom-marketplace-ma-master-2026-02.json", zoom_profile()),
        ("zoom/zoom-clips-ma-master-2026-02.json", zoom_profile()),
        ("zoom/zoom-contact-center-ma-master-2026-02.json", zoom_profile()),
        ("other/petstore-expanded.json", Profile::default()),
        ("other/twilio-conversations-v1.json", Profile::default()),
    ]
}

/// The generations of a corpus spec before and after one edit, and their diff.
struct Edited {
    old: clientgen::Generated,
    new: clientgen::Generated,
    diffs: Vec<FileDiff>,
    /// The diff, for assertion messages.
    shown: String,
}

fn edited(path: &str, profile: Profile, edit: impl FnOnce(&mut Value)) -> Edited {
    let options = options(profile);
    let old_spec = corpus(path);
    let mut new_spec = old_spec.clone();
    edit(&mut new_spec);
    let (old, new) = (generate(&old_spec, &options), generate(&new_spec, &options));
    let diffs = diff(&old, &new);
    let shown = show(&diffs);
    Edited { old, new, diffs, shown }
}

/// A schema with properties: in components if there are any, else inline.
fn some_object_schema(spec: &Value) -> String {
    if spec.pointer("/components/schemas").is_some_and(|s| s.as_object().is_some_and(|m| !m.is_empty())) {
        first_object_schema(spec, "/components/schemas")
    } else {
        first_object_schema(spec, "/paths")
    }
}

#[test]
fn adding_an_optional_property_changes_only_its_own_lines() {
    for (path, profile) in specs() {
        let Edited { diffs, shown, .. } = edited(path, profile, |spec| {
            let pointer = some_object_schema(spec);
            let properties = node(spec, &format!("{pointer}/properties"));
            let middle = properties.len() / 2;
            let property = json!({"type": "string", "description": "Added by the locality test."});
            insert_at(properties, middle, "locality_probe", property);
        });
        assert!(only_reflowed(&diffs), "{path}: other lines were rewritten:\n{shown}");
        assert!(diffs.iter().all(|d| d.path == "src/types.rs"), "{path}: not only types.rs changed:\n{shown}");
        let [types] = &diffs[..] else { panic!("{path}: types.rs did not change:\n{shown}") };
        // The structs that gained the field: the schema's, and those that
        // take its properties in (`allOf`).
        let owners: Vec<String> = types
            .inserted
            .iter()
            .filter(|(_, l)| l.trim() == "pub locality_probe: Option<String>,")
            .map(|(n, _)| struct_name(&enclosing_item(&types.new_text, *n)).to_string())
            .collect();
        assert!(!owners.is_empty(), "{path}: no struct gained the field:\n{shown}");
        let limit = 10 * owners.len();
        assert!(types.changed() <= limit, "{path}: more than {limit} lines changed:\n{shown}");
        let inserted = types.inserted.iter().map(|(n, l)| (enclosing_item(&types.new_text, *n), l));
        let deleted = types.deleted.iter().map(|(n, l)| (enclosing_item(&types.old_text, *n), l));
        for (item, text) in inserted.chain(deleted) {
            let belongs = owners.iter().any(|o| item.split_whitespace().any(|w| w == o || w == format!("{o}<")));
            assert!(belongs, "{path}: `{text}` is in `{item}`, not in {owners:?}:\n{shown}");
        }
    }
}

/// `pub struct Foo {` → `Foo`.
fn struct_name(item: &str) -> &str {
    item.trim_start_matches("pub struct ").split_whitespace().next().unwrap_or_default()
}

#[test]
fn adding_an_operation_only_inserts_its_own_code() {
    for (path, profile) in specs() {
        let Edited { old, new, diffs, shown } = edited(path, profile, add_operation);
        assert!(only_reflowed(&diffs), "{path}: lines were rewritten or renamed:\n{shown}");
        assert!(shown.contains("locality_probe"), "{path}: the operation is missing:\n{shown}");
        let old_names: Vec<&str> = old.api.types.iter().map(|t| t.name.as_str()).collect();
        let kept: Vec<&str> = new.api.types.iter().map(|t| t.name.as_str()).filter(|n| old_names.contains(n)).collect();
        assert_eq!(kept, old_names, "{path}: existing type names changed");
    }
}

/// A copy of the first path's operations, under new ids, in the middle of
/// the paths.
fn add_operation(spec: &mut Value) {
    let paths = node(spec, "/paths");
    let (first_path, mut item) = paths.iter().next().map(|(k, v)| (k.clone(), v.clone())).unwrap_or_default();
    for (method, operation) in item.as_object_mut().into_iter().flatten() {
        if let Some(operation) = operation.as_object_mut().filter(|_| method != "parameters") {
            let id = format!("LocalityProbe{}", method.to_uppercase());
            operation.insert("operationId".into(), Value::from(id));
        }
    }
    let middle = paths.len() / 2;
    insert_at(paths, middle, &format!("{first_path}/locality-probe"), item);
}

#[test]
fn adding_an_enum_member_changes_only_that_enum() {
    let mut tried = 0;
    for (path, profile) in specs() {
        let Some(pointer) = first_string_enum(&corpus(path)) else { continue };
        tried += 1;
        let Edited { diffs, shown, .. } = edited(path, profile, |spec| {
            let schema = node(spec, &pointer);
            if let Some(Value::Array(values)) = schema.get_mut("enum") {
                values.push(Value::from("locality_probe"));
            }
            if let Some(Value::Array(descriptions)) = schema.get_mut("x-enum-descriptions") {
                descriptions.push(Value::from("Added by the locality test."));
            }
        });
        assert!(only_reflowed(&diffs), "{path}: lines were rewritten:\n{shown}");
        assert!(total_changed(&diffs) <= 10, "{path}: more than 10 lines changed:\n{shown}");
        assert!(shown.contains("LocalityProbe"), "{path}: the member is missing:\n{shown}");
        let types = diffs.iter().find(|d| d.path == "src/types.rs").unwrap_or_else(|| panic!("{path}:\n{shown}"));
        let owner = enclosing_item(&types.new_text, types.inserted[0].0);
        let name = owner.trim_start_matches("pub enum ").trim_end_matches(" {");
        for (line, text) in &types.inserted {
            let item = enclosing_item(&types.new_text, *line);
            assert!(
                item.split_whitespace().any(|w| w == name),
                "{path}: `{text}` is in `{item}`, not in enum {name}:\n{shown}"
            );
        }
    }
    assert!(tried >= 3, "only {tried} specs have a string enum");
}

#[test]
fn adding_an_error_status_changes_only_that_operation() {
    for (path, profile) in specs() {
        let Edited { old, new, diffs, shown } = edited(path, profile, |spec| {
            let responses = first_responses(spec);
            node(spec, &responses).insert("418".into(), json!({"description": "Added by the locality test."}));
        });
        assert!(only_reflowed(&diffs), "{path}: lines were rewritten:\n{shown}");
        assert!(total_changed(&diffs) <= 10, "{path}: more than 10 lines changed:\n{shown}");
        assert_ne!(old.api, new.api, "{path}: the status is not in the IR");
    }
}

/// The pointer of the first operation's responses.
fn first_responses(spec: &Value) -> String {
    let paths = spec["paths"].as_object().into_iter().flatten();
    for (path, item) in paths {
        for (method, operation) in item.as_object().into_iter().flatten() {
            if operation.get("responses").is_some() {
                return format!("/paths/{}/{method}/responses", escape(path));
            }
        }
    }
    panic!("no operation")
}

#[test]
fn output_follows_the_spec_order() {
    for (path, profile) in specs() {
        let options = options(profile);
        let mut spec = corpus(path);
        let pointer = some_object_schema(&spec);
        let properties = node(&mut spec, &format!("{pointer}/properties"));
        let reversed: serde_json::Map<String, Value> = std::mem::take(properties).into_iter().rev().collect();
        let wire: Vec<String> = reversed.keys().cloned().collect();
        *properties = reversed;
        let generated = generate(&spec, &options);
        let def = generated.api.types.iter().find(|t| t.pointer == pointer);
        let def = def.unwrap_or_else(|| panic!("{path}: no type for {pointer}"));
        let clientgen::ir::TypeKind::Struct(s) = &def.kind else { panic!("{path}: {pointer} is not a struct") };
        let fields: Vec<String> = s.fields.iter().map(|f| f.name.clone()).collect();
        assert_eq!(fields, wire, "{path}: fields are not in the spec's order");
        let ids: Vec<String> = spec_operation_ids(&spec);
        let lowered: Vec<String> = generated.api.operations.iter().map(|o| o.id.clone()).collect();
        assert_eq!(lowered, ids, "{path}: operations are not in the spec's order");
    }
}

/// Paths in the spec's order; within a path, the methods in the fixed
/// order OpenAPI lists them in (a path item's key order is not kept).
fn spec_operation_ids(spec: &Value) -> Vec<String> {
    let methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
    let mut ids = Vec::new();
    for item in spec["paths"].as_object().into_iter().flatten().map(|(_, item)| item) {
        for method in methods {
            if let Some(id) = item.get(method).and_then(|o| o["operationId"].as_str()) {
                ids.push(id.to_string());
            }
        }
    }
    ids
}

#[test]
fn type_names_do_not_depend_on_the_order_schemas_are_visited() {
    for (path, profile) in specs() {
        let options = options(profile);
        let spec = corpus(path);
        let mut reversed = spec.clone();
        let paths = node(&mut reversed, "/paths");
        *paths = std::mem::take(paths).into_iter().rev().collect();
        let names = |api: &clientgen::ir::Api| {
            api.types.iter().map(|t| (t.pointer.clone(), t.name.clone())).collect::<std::collections::BTreeMap<_, _>>()
        };
        let (forward, backward) = (generate(&spec, &options), generate(&reversed, &options));
        assert_eq!(names(&forward.api), names(&backward.api), "{path}: names depend on the order of paths");
    }
}
