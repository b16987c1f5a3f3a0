//! Reading `oneOf`/`anyOf` values that carry no tag.

use serde_json::Value;

/// What an object alternative of a union looks like.
#[derive(Debug, Clone, Copy)]
pub struct Outline {
    /// Every property name it declares.
    pub properties: &'static [&'static str],
    /// Properties limited to listed string values.
    pub enums: &'static [(&'static str, &'static [&'static str])],
}

impl Outline {
    /// Whether `object` has a listed property with a value this alternative
    /// does not list: then it is most likely another alternative.
    fn contradicts(&self, object: &serde_json::Map<String, Value>) -> bool {
        self.enums.iter().any(|(name, values)| match object.get(*name).and_then(Value::as_str) {
            Some(value) => !values.contains(&value),
            None => false,
        })
    }

    /// How many of the object's keys this alternative declares.
    fn declared(&self, object: &serde_json::Map<String, Value>) -> usize {
        object.keys().filter(|k| self.properties.contains(&k.as_str())).count()
    }
}

/// The order in which to try a union's alternatives on `value`: first those
/// whose enum properties agree with it, among them those that declare the
/// most of its keys; ties keep spec order.
///
/// Plain first-match (serde's `untagged`) would read every object as the
/// first alternative whose fields are all optional, dropping the rest.
pub fn by_fit(value: &Value, outlines: &[Outline]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..outlines.len()).collect();
    if let Some(object) = value.as_object() {
        order.sort_by_key(|&i| (outlines[i].contradicts(object), std::cmp::Reverse(outlines[i].declared(object))));
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: Outline = Outline { properties: &["a"], enums: &[] };
    const BC: Outline = Outline { properties: &["b", "c"], enums: &[] };
    const C: Outline = Outline { properties: &["c"], enums: &[] };

    #[test]
    fn the_alternative_that_declares_most_keys_goes_first() {
        assert_eq!(by_fit(&serde_json::json!({"b": 1, "c": 2}), &[A, BC, C]), vec![1, 2, 0]);
        assert_eq!(by_fit(&serde_json::json!("text"), &[A, BC]), vec![0, 1]);
    }

    #[test]
    fn an_enum_value_outside_an_alternative_sends_it_last() {
        let started = Outline { properties: &["event", "id"], enums: &[("event", &["started"])] };
        let ended = Outline { properties: &["event", "id"], enums: &[("event", &["ended"])] };
        let value = serde_json::json!({"event": "ended", "id": 1});
        assert_eq!(by_fit(&value, &[started, ended]), vec![1, 0]);
    }
}
