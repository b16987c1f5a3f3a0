//! Sending one call: credentials, retries, renewing a rejected OAuth token,
//! and a tracing span for the whole of it.

use std::time::Instant;

use reqwest::StatusCode;
use tracing::Instrument;

use crate::client::Client;
use crate::error::{BodyTooLarge, Error};
use crate::operation::OperationInfo;
use crate::rate_limit::RateLimit;
use crate::read::{ReadError, read_limited};
use crate::request::RawResponse;
use crate::secret::Secret;

/// Sends `request` for `operation`, retrying as the client's policy says,
/// and reads the whole response.
pub(crate) async fn send<E>(
    client: &Client,
    operation: &'static OperationInfo,
    request: reqwest::Request,
) -> Result<RawResponse, Error<E>> {
    // The span carries no URL, query or header: nothing that may hold a secret.
    let span = tracing::info_span!(
        "api_call",
        operation = operation.id,
        method = operation.method,
        path = operation.path,
        attempt = tracing::field::Empty,
        status = tracing::field::Empty,
    );
    attempts(client, operation, request).instrument(span).await
}

async fn attempts<E>(
    client: &Client,
    operation: &'static OperationInfo,
    request: reqwest::Request,
) -> Result<RawResponse, Error<E>> {
    let started = Instant::now();
    let method = request.method().clone();
    let policy = client.retry_policy();
    let mut renewed_token = false;
    let mut attempt = 0;
    // A streamed body cannot be sent twice: such a request gets one attempt,
    // after the loop.
    while let Some(current) = request.try_clone() {
        attempt += 1;
        tracing::Span::current().record("attempt", attempt);
        let (outcome, token) = exchange(client, operation, current).await?;
        let raw = match outcome {
            Ok(raw) => raw,
            Err(error) => match policy.after_transport_error(&method, &error, attempt, started.elapsed()) {
                Some(delay) => {
                    tracing::debug!(error = %error, ?delay, "retrying after a transport error");
                    tokio::time::sleep(delay).await;
                    continue;
                }
                None => return Err(Error::Transport(error)),
            },
        };
        if raw.status == StatusCode::UNAUTHORIZED
            && !renewed_token
            && let Some(used) = &token
            && client.auth().renew_after_rejection(used).await
        {
            renewed_token = true;
            attempt -= 1; // renewing a token is not a retry
            continue;
        }
        match policy.after_status(&method, raw.status, &raw.headers, attempt, started.elapsed()) {
            Some(delay) => {
                tracing::debug!(status = raw.status.as_u16(), ?delay, "retrying");
                tokio::time::sleep(delay).await;
            }
            None => return Ok(raw),
        }
    }
    tracing::Span::current().record("attempt", attempt + 1);
    let (outcome, _) = exchange(client, operation, request).await?;
    outcome.map_err(Error::Transport)
}

/// One attempt: credentials on, request out, whole response in. Transport
/// failures are returned inside, for the caller to judge; the OAuth token
/// used comes back too. A body over the limit ends the call: sending again
/// would only bring it again.
async fn exchange<E>(
    client: &Client,
    operation: &'static OperationInfo,
    mut request: reqwest::Request,
) -> Result<(Result<RawResponse, reqwest::Error>, Option<Secret>), Error<E>> {
    let token = match operation.requires_auth {
        true => client.auth().authorize(client.http(), &mut request).await?,
        false => None,
    };
    let outcome = match client.http().execute(request).await {
        Ok(response) => read(response, client).await?,
        Err(error) => Err(error),
    };
    // URLs can carry credentials (an API key in the query): errors never keep them.
    Ok((outcome.map_err(reqwest::Error::without_url), token))
}

/// The whole response, or (inside) the transport failure that cut it off.
async fn read<E>(
    response: reqwest::Response,
    client: &Client,
) -> Result<Result<RawResponse, reqwest::Error>, Error<E>> {
    let status = response.status();
    // Recorded as soon as known: even a body over the limit has a status.
    tracing::Span::current().record("status", status.as_u16());
    let headers = response.headers().clone();
    let rate_limit = RateLimit::from_headers(&headers, client.rate_limit_headers());
    match read_limited(response, client.max_response_body()).await {
        Ok(body) => Ok(Ok(RawResponse { status, headers, body, rate_limit })),
        Err(ReadError::Transport(error)) => Ok(Err(error)),
        Err(ReadError::TooLarge { limit, declared }) => {
            Err(Error::BodyTooLarge(Box::new(BodyTooLarge { status, headers, limit, declared })))
        }
    }
}
