//! Placeholder until the full sanitizer lands: plain lines.

pub fn rustdoc_lines(text: &str, _link_base: Option<&str>) -> Vec<String> {
    text.lines().map(|l| l.trim_end().to_string()).collect()
}
