//! The API change report: the committed IR snapshots read back as the
//! baseline, a no-op reformat of a spec is a no-op, and the report's text
//! over pairs of specs (edited copies of corpus specs) is pinned by
//! snapshots.

mod support;

use clientgen::change;
use clientgen::project::configured_jobs;
use serde_json::{Map, Value, json};
use support::*;

const MASTER: &str = "zoom/zoom-marketplace-ma-master-2026-02.json";
const CREATE_APPS: &str = "/paths/~1accounts~1{accountId}~1marketplace~1apps/post";
const CREATE_APPS_BODY: &str =
    "/paths/~1accounts~1{accountId}~1marketplace~1apps/post/requestBody/content/application~1json/schema";

#[test]
fn committed_ir_snapshots_read_back_as_the_generated_ir() {
    for job in configured_jobs(&project_root()).unwrap_or_else(|e| panic!("{e}")) {
        let baseline = job.baseline.as_deref().unwrap_or_else(|| panic!("{}: no baseline", job.options.source));
        let committed = change::read_snapshot(baseline).unwrap_or_else(|e| panic!("{e}"));
        let bytes = std::fs::read(&job.spec).unwrap_or_default();
        let (api, _) = clientgen::lower_bytes(&bytes, &job.options.profile).unwrap_or_else(|e| panic!("{e}"));
        let report = change::compare(&committed, &api);
        assert_eq!(report.bump(), change::Bump::None, "{}: {report:?}", job.options.source);
        assert!(committed == api, "{}: the snapshot does not read back as the IR", job.options.source);
    }
}

/// A report, as `cargo xtask diff` prints it.
fn report(old: &Value, new: &Value) -> String {
    let profile = zoom_profile();
    let lower = |spec: &Value| {
        let bytes = serde_json::to_vec(spec).unwrap_or_default();
        clientgen::lower_bytes(&bytes, &profile).unwrap_or_else(|e| panic!("{e}")).0
    };
    change::render("zoom-marketplace-master", &change::compare(&lower(old), &lower(new)))
}

fn properties(spec: &mut Value) -> &mut Map<String, Value> {
    node(spec, &format!("{CREATE_APPS_BODY}/properties"))
}

fn required(spec: &mut Value) -> &mut Vec<Value> {
    let schema = node(spec, CREATE_APPS_BODY);
    schema.get_mut("required").and_then(Value::as_array_mut).unwrap_or_else(|| panic!("no required list"))
}

fn app_type_enum(spec: &mut Value) -> &mut Vec<Value> {
    let app_type = properties(spec).get_mut("app_type").and_then(Value::as_object_mut);
    app_type.and_then(|t| t.get_mut("enum")).and_then(Value::as_array_mut).unwrap_or_else(|| panic!("no enum"))
}

#[test]
fn additive_changes_are_reported_as_minor() {
    let old = corpus(MASTER);
    let mut new = old.clone();
    properties(&mut new).insert("company_website".into(), json!({"type": "string"}));
    app_type_enum(&mut new).push(Value::from("zoom_app"));
    let operation = node(&mut new, CREATE_APPS);
    operation["responses"]["409"] = json!({"description": "The app exists."});
    let parameters = operation.entry("parameters").or_insert_with(|| json!([]));
    if let Some(list) = parameters.as_array_mut() {
        list.push(json!({"name": "dry_run", "in": "query", "schema": {"type": "boolean"}}));
    }
    let text = report(&old, &new);
    assert!(text.starts_with("zoom-marketplace-master: additive, minor"), "{text}");
    insta::assert_snapshot!("additive", text);
}

#[test]
fn breaking_changes_are_reported_as_major() {
    let old = corpus(MASTER);
    let mut new = old.clone();
    properties(&mut new).shift_remove("company_name");
    required(&mut new).retain(|name| name != "company_name");
    required(&mut new).push(Value::from("scopes"));
    properties(&mut new).insert("active".into(), json!({"type": "string"}));
    app_type_enum(&mut new).retain(|value| value != "meeting_sdk");
    let text = report(&old, &new);
    assert!(text.starts_with("zoom-marketplace-master: breaking, major"), "{text}");
    insta::assert_snapshot!("breaking", text);
}

#[test]
fn a_renamed_operation_is_breaking() {
    let old = corpus(MASTER);
    let mut new = old.clone();
    node(&mut new, CREATE_APPS).insert("operationId".into(), Value::from("CreateMarketplaceApp"));
    let text = report(&old, &new);
    assert!(text.contains("operation renamed  Client::create_marketplace_app  (was create_apps)"), "{text}");
    insta::assert_snapshot!("rename", text);
}

/// What a no-op reformat may change: whitespace, JSON ↔ YAML, and the
/// order of an object's fixed fields (`type` before `properties`...). The
/// order of maps keyed by names (paths, properties, responses, media
/// types...) is the API's own order, and example values are data, so
/// those are kept.
fn reorder_fixed_fields(value: &mut Value, parent_key: &str) {
    const NAME_KEYED: &[&str] = &[
        "paths",
        "properties",
        "schemas",
        "responses",
        "content",
        "securitySchemes",
        "headers",
        "examples",
        "encoding",
        "variables",
        "scopes",
        "mapping",
        "links",
        "callbacks",
        "parameters",
        "requestBodies",
        "security requirement",
    ];
    const DATA: &[&str] = &["example", "examples", "default", "enum"];
    if DATA.contains(&parent_key) || parent_key.starts_with("x-") {
        return;
    }
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(String, Value)> = std::mem::take(map).into_iter().collect();
            if !NAME_KEYED.contains(&parent_key) {
                entries.reverse();
            }
            for (key, mut child) in entries {
                // A path item's keys are methods: fixed fields too.
                let context = if parent_key == "paths" { "path item" } else { key.as_str() };
                reorder_fixed_fields(&mut child, context);
                map.insert(key, child);
            }
        }
        Value::Array(items) => {
            // A security requirement's keys are scheme names.
            let context = if parent_key == "security" { "security requirement" } else { "" };
            items.iter_mut().for_each(|item| reorder_fixed_fields(item, context));
        }
        _ => {}
    }
}

#[test]
fn a_no_op_reformat_gives_identical_code_and_an_empty_report() {
    let specs = [
        (MASTER, zoom_profile()),
        ("zoom/zoom-clips-ma-master-2026-02.json", zoom_profile()),
        ("other/petstore-expanded.json", clientgen::profile::Profile::default()),
        ("other/uspto.json", clientgen::profile::Profile::default()),
    ];
    for (path, profile) in specs {
        let options = options(profile);
        let spec = corpus(path);
        let original = generate(&spec, &options);
        let mut reordered = spec.clone();
        reorder_fixed_fields(&mut reordered, "");
        assert_ne!(serde_json::to_string(&reordered).ok(), serde_json::to_string(&spec).ok(), "{path}: nothing moved");
        let variants = [
            ("compact JSON", serde_json::to_vec(&spec).unwrap_or_default()),
            ("YAML", serde_yaml::to_string(&spec).unwrap_or_default().into_bytes()),
            ("fixed fields reordered", serde_json::to_vec_pretty(&reordered).unwrap_or_default()),
            ("reordered YAML", serde_yaml::to_string(&reordered).unwrap_or_default().into_bytes()),
        ];
        for (how, bytes) in variants {
            let reformatted = generate_bytes(&bytes, &options);
            assert!(original.files == reformatted.files, "{path}, {how}: the generated code differs");
            let report = change::compare(&original.api, &reformatted.api);
            assert_eq!(change::render("x", &report), "x: no change\n", "{path}, {how}");
        }
    }
}

#[test]
fn a_no_op_reformat_pair_prints_no_change() {
    let old = corpus(MASTER);
    let mut new = old.clone();
    reorder_fixed_fields(&mut new, "");
    insta::assert_snapshot!("no_op_reformat", report(&old, &new));
}
