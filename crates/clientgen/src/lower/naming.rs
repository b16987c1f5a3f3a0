//! Rust names for spec names: valid identifiers, no keywords, no clashes.

use std::collections::BTreeSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Words Rust reserves, in any edition the emitted code may use.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate", "do", "dyn", "else",
    "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod",
    "move", "mut", "override", "priv", "pub", "ref", "return", "self", "static", "struct", "super", "trait", "true",
    "try", "type", "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Names a type or enum variant would shadow or cannot take.
/// (`From`, `Into` and `Default` are named by the client and types files.)
const RESERVED_TYPE_NAMES: &[&str] = &[
    "Self",
    "Client",
    "ClientBuilder",
    "Option",
    "Result",
    "Some",
    "None",
    "Ok",
    "Err",
    "Vec",
    "String",
    "Box",
    "From",
    "Into",
    "Default",
];

/// The longest identifier made from a spec name. rustdoc writes a page
/// per type and constant named after it, and file systems refuse file
/// names over 255 bytes.
const MAX_IDENT_LEN: usize = 200;

/// `snake_case` identifier for a field, parameter or method.
pub fn snake_ident(raw: &str) -> String {
    // Most spec names are snake_case already; heck would return them as
    // they are, at a cost that showed in profiles of large specs.
    let mut name = if is_plain_snake_case(raw) { raw.to_string() } else { only_ascii(raw).to_snake_case() };
    if name.is_empty() {
        name = "value".to_string();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'v');
    }
    if KEYWORDS.contains(&name.as_str()) {
        name.push('_');
    }
    shortened(name, "_")
}

/// Lowercase ASCII words of letters and digits joined by single
/// underscores, starting with a letter: what `to_snake_case` keeps as is.
fn is_plain_snake_case(raw: &str) -> bool {
    raw.starts_with(|c: char| c.is_ascii_lowercase())
        && !raw.ends_with('_')
        && !raw.contains("__")
        && raw.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// `UpperCamelCase` identifier for a type or enum variant.
pub fn camel_ident(raw: &str) -> String {
    let negative_number = raw.starts_with('-') && raw[1..].starts_with(|c: char| c.is_ascii_digit());
    let raw = if negative_number { format!("minus {}", &raw[1..]) } else { raw.to_string() };
    let ascii = only_ascii(&raw);
    let mut name = ascii.to_upper_camel_case();
    if name.is_empty() {
        name = "Value".to_string();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'V');
    }
    shortened(name, "")
}

/// A name over [`MAX_IDENT_LEN`] as its start and its end (where names
/// made from it differ: `…Item`, `…Response`), joined by `separator`.
fn shortened(name: String, separator: &str) -> String {
    if name.len() <= MAX_IDENT_LEN {
        return name;
    }
    // ASCII only, so any byte index is a char boundary.
    let half = MAX_IDENT_LEN / 2;
    let head = name[..half].trim_end_matches('_');
    let tail = name[name.len() - half..].trim_start_matches('_');
    format!("{head}{separator}{tail}")
}

/// `UpperCamelCase` identifier for an enum or union variant: `Self`, the
/// one such keyword no raw identifier can spell, becomes `SelfValue`.
pub fn variant_ident(raw: &str) -> String {
    let name = camel_ident(raw);
    if name == "Self" { "SelfValue".to_string() } else { name }
}

/// The type name made of several parts, e.g. `["CreateApps", "Request"]`.
pub fn type_name(parts: &[&str]) -> String {
    let name = camel_ident(&parts.join(" "));
    if RESERVED_TYPE_NAMES.contains(&name.as_str()) { format!("{name}Type") } else { name }
}

/// Keeps letters and digits; apostrophes vanish (`user's` → `users`);
/// everything else separates words.
fn only_ascii(raw: &str) -> String {
    raw.chars().filter(|c| !matches!(c, '\'' | '’')).map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' }).collect()
}

/// A namespace in which every claimed name is distinct. A name already
/// taken gets the smallest free numeric suffix, so the first claimant (in
/// spec order) keeps the plain name.
#[derive(Debug, Default)]
pub struct UniqueNames {
    taken: BTreeSet<String>,
}

impl UniqueNames {
    pub fn claim(&mut self, base: &str) -> String {
        if self.taken.insert(base.to_string()) {
            return base.to_string();
        }
        let separator = if base.ends_with(|c: char| c.is_ascii_digit()) { "_" } else { "" };
        (2..)
            .map(|n| format!("{base}{separator}{n}"))
            .find(|candidate| self.taken.insert(candidate.clone()))
            .unwrap_or_else(|| base.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_names_keep_their_start_and_end() {
        let long = "word ".repeat(60) + "item";
        let camel = camel_ident(&long);
        assert_eq!(camel.len(), MAX_IDENT_LEN);
        assert!(camel.starts_with("WordWord") && camel.ends_with("WordItem"), "{camel}");
        let snake = snake_ident(&long);
        assert!(snake.len() <= MAX_IDENT_LEN + 1 && snake.ends_with("_word_item") && !snake.contains("__"), "{snake}");
        assert_eq!(type_name(&["From"]), "FromType");
    }

    #[test]
    fn snake_idents_are_valid_rust() {
        assert_eq!(snake_ident("accountId"), "account_id");
        assert_eq!(snake_ident("type"), "type_");
        assert_eq!(snake_ident("self"), "self_");
        assert_eq!(snake_ident("2fa"), "v2fa");
        assert_eq!(snake_ident("name "), "name");
        assert_eq!(
            snake_ident("urn:ietf:params:scim:schemas:core:2.0:User"),
            "urn_ietf_params_scim_schemas_core_2_0_user"
        );
        assert_eq!(snake_ident("Get user's settings"), "get_users_settings");
        assert_eq!(snake_ident("日本"), "value");
    }

    #[test]
    fn plain_snake_case_names_are_what_heck_makes_of_them() {
        let plain = ["a", "id", "account_id", "v2_api", "a_1b", "ab1_c", "x9", "type", "settings_2_0_x"];
        for name in plain {
            assert!(is_plain_snake_case(name), "{name}");
            assert_eq!(name.to_snake_case(), name);
        }
        for name in ["", "_a", "a_", "a__b", "1a", "aB", "a-b", "a b", "é"] {
            assert!(!is_plain_snake_case(name), "{name}");
        }
    }

    #[test]
    fn camel_idents_are_valid_rust() {
        assert_eq!(camel_ident("s2s_oauth"), "S2sOauth");
        assert_eq!(camel_ident("meeting_sdk"), "MeetingSdk");
        assert_eq!(camel_ident(""), "Value");
        assert_eq!(camel_ident("1"), "V1");
        assert_eq!(camel_ident("-1"), "Minus1");
        assert_eq!(camel_ident("meeting-sdk"), "MeetingSdk");
        assert_eq!(variant_ident("self"), "SelfValue");
        assert_eq!(variant_ident("selfie"), "Selfie");
        assert_eq!(type_name(&["Self"]), "SelfType");
        assert_eq!(type_name(&["CreateApps", "Request"]), "CreateAppsRequest");
    }

    #[test]
    fn later_claimants_get_a_suffix() {
        let mut names = UniqueNames::default();
        assert_eq!(names.claim("Pet"), "Pet");
        assert_eq!(names.claim("Pet"), "Pet2");
        assert_eq!(names.claim("Pet"), "Pet3");
        assert_eq!(names.claim("V1"), "V1");
        assert_eq!(names.claim("V1"), "V1_2");
    }
}
