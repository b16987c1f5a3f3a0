//! Reading a response body, never more of it than a limit: a body that
//! says (`Content-Length`) or turns out to be larger is refused without
//! reading the rest.

use bytes::{Bytes, BytesMut};

/// What stopped a body from being read.
#[derive(Debug)]
pub(crate) enum ReadError {
    Transport(reqwest::Error),
    /// Larger than `limit`; `declared` is its `Content-Length`, if it gave one.
    TooLarge {
        limit: usize,
        declared: Option<u64>,
    },
}

impl From<reqwest::Error> for ReadError {
    fn from(error: reqwest::Error) -> Self {
        Self::Transport(error)
    }
}

/// The whole body of `response`, if it is at most `limit` bytes.
pub(crate) async fn read_limited(mut response: reqwest::Response, limit: usize) -> Result<Bytes, ReadError> {
    let declared = response.content_length();
    if declared.is_some_and(|length| length > limit as u64) {
        return Err(ReadError::TooLarge { limit, declared });
    }
    // The declared length is no promise (the connection may end early, or a
    // chunked body say nothing), so the limit is kept chunk by chunk too.
    let mut body = BytesMut::with_capacity(declared.unwrap_or(0) as usize);
    while let Some(chunk) = response.chunk().await? {
        if body.len() + chunk.len() > limit {
            return Err(ReadError::TooLarge { limit, declared });
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}
