//! Lazy streams over paginated operations: pages fetched one at a time,
//! as the stream is polled, until the server says there are no more.

use std::future::Future;

use futures_core::Stream;
use futures_util::StreamExt;
use futures_util::stream;

use crate::error::Error;
use crate::response::Response;

/// Pages of a token-paginated operation: `fetch` gets a page for the given
/// parameters, `next` reads the next page's token from a page, and `set`
/// puts a token into the parameters. Ends at an empty or missing token,
/// or at a token the server already gave (a server bug that would never end).
pub fn token_pages<P, T, E, F, Fut>(
    params: P,
    fetch: F,
    next: fn(&T) -> Option<String>,
    set: fn(&mut P, String),
) -> impl Stream<Item = Result<Response<T>, Error<E>>>
where
    P: Clone,
    F: Fn(P) -> Fut,
    Fut: Future<Output = Result<Response<T>, Error<E>>>,
{
    let start = Some((params, fetch, None::<String>));
    stream::unfold(start, move |state| async move {
        let (mut params, fetch, previous) = state?;
        match fetch(params.clone()).await {
            Ok(page) => {
                let token = next(page.body()).filter(|t| !t.is_empty() && Some(t) != previous.as_ref());
                let state = token.map(|token| {
                    set(&mut params, token.clone());
                    (params, fetch, Some(token))
                });
                Some((Ok(page), state))
            }
            Err(error) => Some((Err(error), None)),
        }
    })
}

/// Pages of a page-number-paginated operation: `set` puts a page number
/// (from 1) into the parameters and `count` reads the number of pages from
/// a page. Ends after the last page.
pub fn numbered_pages<P, T, E, F, Fut>(
    params: P,
    fetch: F,
    count: fn(&T) -> Option<i64>,
    set: fn(&mut P, i64),
) -> impl Stream<Item = Result<Response<T>, Error<E>>>
where
    P: Clone,
    F: Fn(P) -> Fut,
    Fut: Future<Output = Result<Response<T>, Error<E>>>,
{
    stream::unfold(Some((params, fetch, 1_i64)), move |state| async move {
        let (mut params, fetch, number) = state?;
        set(&mut params, number);
        match fetch(params.clone()).await {
            Ok(page) => {
                let more = count(page.body()).is_some_and(|pages| number < pages);
                Some((Ok(page), more.then_some((params, fetch, number + 1))))
            }
            Err(error) => Some((Err(error), None)),
        }
    })
}

/// The items of every page, in order; an error ends the stream after it.
pub fn items<S, T, I, E>(pages: S, take: fn(T) -> Vec<I>) -> impl Stream<Item = Result<I, Error<E>>>
where
    S: Stream<Item = Result<Response<T>, Error<E>>>,
{
    pages.flat_map(move |page| match page {
        Ok(page) => stream::iter(take(page.into_body()).into_iter().map(Ok)).left_stream(),
        Err(error) => stream::iter([Err(error)]).right_stream(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::StatusCode;
    use reqwest::header::HeaderMap;

    #[derive(Clone, Default)]
    struct Params {
        token: Option<String>,
    }

    /// A page: the next token and the items.
    type Page = (Option<String>, Vec<u8>);

    fn page(token: Option<&str>, items: &[u8]) -> Result<Response<Page>, Error<()>> {
        Ok(Response::new(StatusCode::OK, HeaderMap::new(), (token.map(str::to_string), items.to_vec())))
    }

    #[tokio::test]
    async fn token_pages_follow_tokens_until_empty_or_repeated() {
        let fetch = |p: Params| async move {
            match p.token.as_deref() {
                None => page(Some("b"), &[1, 2]),
                Some("b") => page(Some("c"), &[3]),
                Some("c") => page(Some("c"), &[4]),
                _ => page(None, &[]),
            }
        };
        let pages = token_pages(Params::default(), fetch, |p| p.0.clone(), |p, t| p.token = Some(t));
        let all: Vec<Result<u8, Error<()>>> = items(pages, |p| p.1).collect().await;
        let all: Vec<u8> = all.into_iter().filter_map(Result::ok).collect();
        assert_eq!(all, vec![1, 2, 3, 4]);
    }

    #[tokio::test]
    async fn numbered_pages_stop_at_the_count() {
        #[derive(Clone, Default)]
        struct Numbered {
            page: i64,
        }
        let fetch = |p: Numbered| async move {
            Ok::<_, Error<()>>(Response::new(StatusCode::OK, HeaderMap::new(), (3_i64, vec![p.page as u8])))
        };
        let pages = numbered_pages(Numbered::default(), fetch, |p| Some(p.0), |p, n| p.page = n);
        let all: Vec<_> = items(pages, |p| p.1).collect().await;
        let all: Vec<u8> = all.into_iter().filter_map(Result::ok).collect();
        assert_eq!(all, vec![1, 2, 3]);
    }
}
