//! `users_pages` and `users_items`: the streams follow `next_page_token`
//! page by page, send each token intact, and stop at an empty token or at
//! the first error.

use futures_util::StreamExt;
use serde_json::{Value, json};
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};
use zoom_users_master::Error;
use zoom_users_master::types::UsersParams;

use super::{ACCOUNT_ID, bearer_client, received, user, users_path, zoom_error};

/// The token of page 2, and that of page 3, which holds characters a query
/// string must escape.
const PAGE_2: &str = "tok2";
const PAGE_3: &str = "tok3+a/b==";

/// The page size the caller asks for; every page request must repeat it.
const PAGE_SIZE: i64 = 2;

/// A page listing the users `ids`, pointing at `next` (empty: the last page).
fn page(ids: &[&str], next: &str) -> ResponseTemplate {
    let users: Vec<Value> = ids.iter().map(|id| user(id)).collect();
    ResponseTemplate::new(200).set_body_json(json!({
        "next_page_token": next,
        "page_size": PAGE_SIZE,
        "total_records": 5,
        "users": users
    }))
}

/// A server whose `users` serves page 1 (no token sent), page 2 (token
/// [`PAGE_2`]) answered `second`, and page 3 (token [`PAGE_3`]).
async fn paged_server(second: ResponseTemplate) -> MockServer {
    let api = MockServer::start().await;
    let pages = [(None, page(&["u1", "u2"], PAGE_2)), (Some(PAGE_2), second), (Some(PAGE_3), page(&["u5"], ""))];
    for (token, reply) in pages {
        let mock = Mock::given(method("GET")).and(path(users_path()));
        let mock = match token {
            None => mock.and(query_param_is_missing("next_page_token")),
            Some(token) => mock.and(query_param("next_page_token", token)),
        };
        mock.respond_with(reply).mount(&api).await;
    }
    api
}

fn params() -> UsersParams {
    UsersParams { page_size: Some(PAGE_SIZE), ..UsersParams::default() }
}

/// The decoded value of the query parameter `name` of `request`.
fn query_value(request: &Request, name: &str) -> Option<String> {
    request.url.query_pairs().find(|(n, _)| n == name).map(|(_, v)| v.into_owned())
}

#[tokio::test]
async fn users_items_follow_next_page_token_across_three_pages() {
    let api = paged_server(page(&["u3", "u4"], PAGE_3)).await;
    let client = bearer_client(&api);

    let items: Vec<_> = client.users_items(ACCOUNT_ID, &params()).collect().await;

    let ids: Vec<Option<String>> = items.into_iter().map(|item| item.expect("every page succeeds").id).collect();
    let expected: Vec<Option<String>> = ["u1", "u2", "u3", "u4", "u5"].iter().map(|id| Some(id.to_string())).collect();
    assert_eq!(ids, expected, "every item, in order");

    let requests = received(&api).await;
    assert_eq!(requests.len(), 3, "one request per page");
    let tokens: Vec<Option<String>> = requests.iter().map(|r| query_value(r, "next_page_token")).collect();
    assert_eq!(tokens, [None, Some(PAGE_2.to_string()), Some(PAGE_3.to_string())], "tokens, decoded");
    for (n, request) in requests.iter().enumerate() {
        assert_eq!(query_value(request, "page_size").as_deref(), Some("2"), "page {}: page_size kept", n + 1);
    }
    let raw_query = requests[2].url.query().unwrap_or_default();
    assert!(
        raw_query.split('&').any(|pair| pair == "next_page_token=tok3%2Ba%2Fb%3D%3D"),
        "`+`, `/` and `=` of the token must be percent-encoded: {raw_query}"
    );
}

#[tokio::test]
async fn users_pages_yield_each_page_in_order() {
    let api = paged_server(page(&["u3", "u4"], PAGE_3)).await;
    let client = bearer_client(&api);

    let pages: Vec<_> = client.users_pages(ACCOUNT_ID, &params()).collect().await;

    let summary: Vec<(Option<String>, usize)> = pages
        .into_iter()
        .map(|page| page.expect("every page succeeds").into_body())
        .map(|body| (body.next_page_token, body.users.unwrap_or_default().len()))
        .collect();
    let expected = [(Some(PAGE_2.to_string()), 2), (Some(PAGE_3.to_string()), 2), (Some(String::new()), 1)];
    assert_eq!(summary, expected);
    assert_eq!(received(&api).await.len(), 3);
}

#[tokio::test]
async fn an_error_on_page_two_ends_the_items_after_page_one() {
    let api = paged_server(zoom_error(400, 300, "Invalid next_page_token.")).await;
    let client = bearer_client(&api);

    // At most 10 items, so that a stream going on after the error fails here
    // instead of running for ever.
    let items: Vec<_> = client.users_items(ACCOUNT_ID, &params()).take(10).collect().await;

    assert_eq!(items.len(), 3, "two items of page 1, then the error, then nothing: {items:?}");
    let ids: Vec<Option<String>> = items[..2].iter().map(|i| i.as_ref().expect("page 1 succeeds").id.clone()).collect();
    assert_eq!(ids, [Some("u1".to_string()), Some("u2".to_string())]);
    match &items[2] {
        Err(Error::Api(error)) => {
            assert_eq!(error.status.as_u16(), 400);
            assert_eq!(error.parsed.as_ref().and_then(|p| p.code), Some(300));
        }
        other => panic!("expected Error::Api for page 2, got {other:?}"),
    }
    assert_eq!(received(&api).await.len(), 2, "page 3 is never asked for");
}
