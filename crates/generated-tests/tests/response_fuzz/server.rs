//! A raw HTTP server on 127.0.0.1 that answers every request with the
//! current [`Case`], byte for byte as the case says: a framework would not
//! send a lying `Content-Length`, a broken status line or a stalled body.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use super::cases::{Case, Delivery, Framing};

/// Longer than any client timeout here: a stalled answer outlives the call.
const STALL: Duration = Duration::from_secs(30);

#[derive(Clone, Default)]
pub struct CaseServer {
    current: Arc<Mutex<Option<Case>>>,
}

impl CaseServer {
    /// Starts listening; returns the server and its base URL.
    pub async fn start() -> (Self, String) {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("a local port is free");
        let url = format!("http://{}", listener.local_addr().expect("a bound listener has an address"));
        let server = Self::default();
        let current = server.current.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let case = current.lock().expect("the lock is never poisoned").clone();
                tokio::spawn(async move {
                    if let Some(case) = case {
                        answer(stream, &case).await;
                    }
                });
            }
        });
        (server, url)
    }

    /// The answer to every request from now on.
    pub fn set(&self, case: Case) {
        *self.current.lock().expect("the lock is never poisoned") = Some(case);
    }
}

/// Reads one request and answers it as `case` says; write errors (the client
/// gave up, e.g. on a body over its limit) end the answer.
async fn answer(mut stream: TcpStream, case: &Case) {
    if read_request(&mut stream).await.is_none() {
        return;
    }
    let _ = match case.delivery {
        Delivery::Hangup => return,
        Delivery::NoAnswer => {
            tokio::time::sleep(STALL).await;
            return;
        }
        _ => write_answer(&mut stream, case).await,
    };
}

async fn write_answer(stream: &mut TcpStream, case: &Case) -> std::io::Result<()> {
    let mut head = case.head.clone();
    match case.framing {
        Framing::Length(length) => head.extend_from_slice(format!("Content-Length: {length}\r\n").as_bytes()),
        Framing::Chunked => head.extend_from_slice(b"Transfer-Encoding: chunked\r\n"),
        Framing::Close => head.extend_from_slice(b"Connection: close\r\n"),
    }
    head.extend_from_slice(b"\r\n");
    stream.write_all(&head).await?;
    let pieces: Vec<&[u8]> = match case.delivery {
        Delivery::Trickle => case.body.chunks(case.body.len().div_ceil(6).max(1)).collect(),
        Delivery::StallMidBody => vec![&case.body[..case.body.len() / 2]],
        _ => case.body.chunks(64 << 10).collect(),
    };
    for piece in pieces {
        write_piece(stream, piece, matches!(case.framing, Framing::Chunked)).await?;
        if matches!(case.delivery, Delivery::Trickle) {
            tokio::time::sleep(Duration::from_millis(15)).await;
        }
    }
    if matches!(case.delivery, Delivery::StallMidBody) {
        tokio::time::sleep(STALL).await;
    } else if matches!(case.framing, Framing::Chunked) {
        stream.write_all(b"0\r\n\r\n").await?;
    }
    stream.shutdown().await
}

async fn write_piece(stream: &mut TcpStream, piece: &[u8], chunked: bool) -> std::io::Result<()> {
    if piece.is_empty() {
        return Ok(());
    }
    if chunked {
        stream.write_all(format!("{:x}\r\n", piece.len()).as_bytes()).await?;
        stream.write_all(piece).await?;
        stream.write_all(b"\r\n").await
    } else {
        stream.write_all(piece).await
    }
}

/// Reads a request's head and its `Content-Length` bytes of body.
async fn read_request(stream: &mut TcpStream) -> Option<()> {
    let mut received = Vec::new();
    let mut buffer = [0u8; 4096];
    let head_end = loop {
        let n = stream.read(&mut buffer).await.ok().filter(|n| *n > 0)?;
        received.extend_from_slice(&buffer[..n]);
        if let Some(end) = received.windows(4).position(|w| w == b"\r\n\r\n") {
            break end + 4;
        }
    };
    let head = String::from_utf8_lossy(&received[..head_end]).to_ascii_lowercase();
    let length: usize = head
        .lines()
        .find_map(|line| line.strip_prefix("content-length:"))
        .and_then(|value| value.trim().parse().ok())
        .unwrap_or(0);
    while received.len() < head_end + length {
        let n = stream.read(&mut buffer).await.ok().filter(|n| *n > 0)?;
        received.extend_from_slice(&buffer[..n]);
    }
    Some(())
}
