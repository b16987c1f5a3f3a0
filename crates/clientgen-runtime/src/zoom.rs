//! Zoom's conventions, as data for the generic mechanisms of this crate.
//!
//! Nothing else in the runtime knows about Zoom: Server-to-Server OAuth is
//! a [`TokenEndpoint`] with Zoom's URL and grant. (Zoom's error body,
//! rate-limit headers and scope lists are data in the generator's profile,
//! `specs/zoom.profile.yaml`.)

use crate::auth::Auth;
use crate::oauth::TokenEndpoint;
use crate::secret::Secret;

/// Where Zoom issues Server-to-Server OAuth tokens.
pub const TOKEN_URL: &str = "https://zoom.us/oauth/token";

/// Server-to-Server OAuth credentials of a Zoom app.
#[derive(Debug, Clone)]
pub struct ServerToServer {
    pub account_id: String,
    pub client_id: String,
    pub client_secret: Secret,
    /// Defaults to [`TOKEN_URL`]; tests point it at a local server.
    pub token_url: String,
}

impl ServerToServer {
    pub fn new(account_id: impl Into<String>, client_id: impl Into<String>, client_secret: impl Into<Secret>) -> Self {
        Self {
            account_id: account_id.into(),
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            token_url: TOKEN_URL.to_string(),
        }
    }

    /// Reads `ZOOM_ACCOUNT_ID`, `ZOOM_CLIENT_ID` and `ZOOM_CLIENT_SECRET`.
    pub fn from_env() -> Result<Self, std::env::VarError> {
        let var = std::env::var;
        Ok(Self::new(var("ZOOM_ACCOUNT_ID")?, var("ZOOM_CLIENT_ID")?, Secret::new(var("ZOOM_CLIENT_SECRET")?)))
    }

    pub fn with_token_url(mut self, url: impl Into<String>) -> Self {
        self.token_url = url.into();
        self
    }

    /// `grant_type=account_credentials&account_id=...`, with the client's
    /// id and secret as HTTP Basic credentials.
    pub fn endpoint(&self) -> TokenEndpoint {
        TokenEndpoint {
            url: self.token_url.clone(),
            form: vec![
                ("grant_type".to_string(), "account_credentials".to_string()),
                ("account_id".to_string(), self.account_id.clone()),
            ],
            client_id: self.client_id.clone(),
            client_secret: self.client_secret.clone(),
        }
    }
}

impl From<ServerToServer> for Auth {
    fn from(credentials: ServerToServer) -> Self {
        Auth::oauth(credentials.endpoint())
    }
}
