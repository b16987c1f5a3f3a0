//! Query parameters, in the order the spec lists them.

use std::borrow::Cow;
use std::fmt::Display;

use serde::Serialize;
use serde_json::Value;

/// The query string of one request.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct QueryPairs(Vec<(Cow<'static, str>, String)>);

impl QueryPairs {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, name: &'static str, value: impl Display) {
        self.0.push((Cow::Borrowed(name), value.to_string()));
    }

    /// An array: `name=a&name=b` when exploded (OpenAPI's default for
    /// queries), `name=a,b` otherwise.
    pub fn push_all<T: Display>(&mut self, name: &'static str, values: &[T], explode: bool) {
        if explode {
            for value in values {
                self.push(name, value);
            }
        } else {
            self.push_delimited(name, values, ",");
        }
    }

    /// An array as one value joined by `delimiter`: `,` for `form` without
    /// explode, `|` for `pipeDelimited`, ` ` for `spaceDelimited`.
    pub fn push_delimited<T: Display>(&mut self, name: &'static str, values: &[T], delimiter: &str) {
        let joined: Vec<String> = values.iter().map(ToString::to_string).collect();
        self.push(name, joined.join(delimiter));
    }

    /// `style: deepObject`: each property as `name[key]=value`. OpenAPI
    /// leaves nesting undefined; a nested object continues the brackets
    /// (`name[a][b]=v`) and an array repeats its key. Null properties are
    /// left out; a value that is not an object is sent as `name=value`.
    pub fn push_deep(&mut self, name: &'static str, value: &impl Serialize) -> Result<(), serde_json::Error> {
        self.push_value(Cow::Borrowed(name), &serde_json::to_value(value)?);
        Ok(())
    }

    /// `style: form` for a value that is not a scalar or an array of
    /// scalars. An object's properties become `key=value` pairs when
    /// exploded (OpenAPI's default for queries), one `name=key,value,...`
    /// otherwise; an array repeats `name`, or joins its items with `,`.
    /// OpenAPI defines no form encoding for what is nested deeper, so that
    /// is sent as JSON text. Nulls are left out.
    pub fn push_form(
        &mut self,
        name: &'static str,
        value: &impl Serialize,
        explode: bool,
    ) -> Result<(), serde_json::Error> {
        match serde_json::to_value(value)? {
            Value::Null => {}
            Value::Object(map) => {
                let present = map.into_iter().filter(|(_, v)| !v.is_null());
                if explode {
                    present.for_each(|(key, v)| self.0.push((Cow::Owned(key), form_text(&v))));
                } else {
                    let parts: Vec<String> = present.flat_map(|(key, v)| [key, form_text(&v)]).collect();
                    self.push(name, parts.join(","));
                }
            }
            Value::Array(items) => {
                let texts: Vec<String> = items.iter().filter(|v| !v.is_null()).map(form_text).collect();
                self.push_all(name, &texts, explode);
            }
            scalar => self.push(name, form_text(&scalar)),
        }
        Ok(())
    }

    fn push_value(&mut self, name: Cow<'static, str>, value: &Value) {
        match value {
            Value::Null => {}
            Value::Object(map) => {
                for (key, inner) in map {
                    self.push_value(Cow::Owned(format!("{name}[{key}]")), inner);
                }
            }
            Value::Array(items) => items.iter().for_each(|item| self.push_value(name.clone(), item)),
            Value::String(text) => self.0.push((name, text.clone())),
            Value::Bool(_) | Value::Number(_) => self.0.push((name, value.to_string())),
        }
    }

    pub(crate) fn pairs(&self) -> &[(Cow<'static, str>, String)] {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// A JSON value as one form value: strings bare, anything nested as JSON.
fn form_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(query: &QueryPairs) -> Vec<(String, String)> {
        query.pairs().iter().map(|(n, v)| (n.to_string(), v.clone())).collect()
    }

    fn pair(name: &str, value: &str) -> (String, String) {
        (name.to_string(), value.to_string())
    }

    #[test]
    fn arrays_repeat_or_join_by_style() {
        let mut query = QueryPairs::new();
        query.push_all("form", &["a", "b"], true);
        query.push_all("csv", &["a", "b"], false);
        query.push_delimited("pipe", &["a", "b"], "|");
        query.push_delimited("space", &[1, 2], " ");
        let expected =
            vec![pair("form", "a"), pair("form", "b"), pair("csv", "a,b"), pair("pipe", "a|b"), pair("space", "1 2")];
        assert_eq!(pairs(&query), expected);
    }

    #[test]
    fn deep_objects_bracket_each_property() {
        let mut query = QueryPairs::new();
        let value = serde_json::json!({"a": "x", "n": 2, "skip": null, "in": {"b": true}, "list": [1, 2]});
        assert!(query.push_deep("filter", &value).is_ok());
        query.push_deep("plain", &"text").ok();
        let expected = vec![
            pair("filter[a]", "x"),
            pair("filter[n]", "2"),
            pair("filter[in][b]", "true"),
            pair("filter[list]", "1"),
            pair("filter[list]", "2"),
            pair("plain", "text"),
        ];
        assert_eq!(pairs(&query), expected);
    }

    #[test]
    fn form_objects_spread_their_properties_or_join_them() {
        let mut query = QueryPairs::new();
        let value = serde_json::json!({"role": "admin", "n": 2, "skip": null, "in": {"b": true}});
        assert!(query.push_form("filter", &value, true).is_ok());
        assert!(query.push_form("joined", &serde_json::json!({"r": 1, "g": "x"}), false).is_ok());
        assert!(query.push_form("items", &serde_json::json!([{"a": 1}, null, "t"]), true).is_ok());
        assert!(query.push_form("none", &serde_json::Value::Null, true).is_ok());
        let expected = vec![
            pair("role", "admin"),
            pair("n", "2"),
            pair("in", r#"{"b":true}"#),
            pair("joined", "r,1,g,x"),
            pair("items", r#"{"a":1}"#),
            pair("items", "t"),
        ];
        assert_eq!(pairs(&query), expected);
    }

    /// What a server on 127.0.0.1 receives for each style.
    #[tokio::test]
    async fn styles_reach_the_server_as_written() {
        static OPERATION: crate::OperationInfo = crate::OperationInfo {
            id: "search",
            method: "GET",
            path: "/search",
            requires_auth: false,
            scopes: &[],
            scope_sets: &[],
            rate_limit_label: None,
        };
        let server = wiremock::MockServer::start().await;
        wiremock::Mock::given(wiremock::matchers::any())
            .respond_with(wiremock::ResponseTemplate::new(204))
            .mount(&server)
            .await;
        let client: crate::Client =
            crate::ClientBuilder::new(Some(&server.uri()), "test").build().unwrap_or_else(|e| panic!("{e}"));
        let mut query = QueryPairs::new();
        query.push_delimited("pipe", &["a", "b"], "|");
        query.push_delimited("space", &["a", "b"], " ");
        query.push_deep("filter", &serde_json::json!({"a": "x y"})).ok();
        query.push_form("spread", &serde_json::json!({"role": "a&b"}), true).ok();
        query.push_form("color", &serde_json::json!({"r": 1, "g": 2}), false).ok();
        let sent = client.request(&OPERATION, "/search").query(&query).send::<()>().await;
        assert!(sent.is_ok(), "{sent:?}");
        let received = server.received_requests().await.unwrap_or_default();
        let url = received.first().map(|r| r.url.clone());
        assert_eq!(
            url.as_ref().and_then(|u| u.query()),
            Some("pipe=a%7Cb&space=a+b&filter%5Ba%5D=x+y&role=a%26b&color=r%2C1%2Cg%2C2")
        );
        let decoded: Vec<(String, String)> = url.iter().flat_map(|u| u.query_pairs().into_owned()).collect();
        let expected = vec![
            pair("pipe", "a|b"),
            pair("space", "a b"),
            pair("filter[a]", "x y"),
            pair("role", "a&b"),
            pair("color", "r,1,g,2"),
        ];
        assert_eq!(decoded, expected);
    }
}
