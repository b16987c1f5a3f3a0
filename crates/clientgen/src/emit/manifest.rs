//! `Cargo.toml` of the emitted crate.

use super::Context;

pub fn emit_manifest(cx: &Context<'_>) -> String {
    let options = cx.options;
    // Cargo refuses control characters in a description, even escaped.
    let title = super::docs::single_words(&cx.api.title);
    let description = format!("Client for the {title} API, generated from its OpenAPI document.");
    let workspace = if options.standalone { "\n[workspace]\n" } else { "" };
    // The contract tests run on tokio.
    let dev_dependencies = if options.contract_tests {
        "\n[dev-dependencies]\ntokio = { version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }\n"
    } else {
        ""
    };
    format!(
        r#"[package]
name = "{name}"
version = "{version}"
edition = "2021"
rust-version = "1.85"
description = {description}
publish = false

[dependencies]
clientgen-runtime = {runtime}
serde = {{ version = "1", features = ["derive"] }}
serde_json = "1"
{dev_dependencies}{workspace}"#,
        name = options.crate_name,
        version = options.crate_version,
        description = toml_string(&description),
        runtime = options.runtime_dependency,
    )
}

/// A TOML basic string.
fn toml_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
