//! The `create_apps` request the test binaries send.

use zoom_marketplace_master::types::{CreateAppsRequest, CreateAppsRequestAppType};

/// A valid `create_apps` request with only the required properties set.
pub fn app_request() -> CreateAppsRequest {
    CreateAppsRequest::new(
        CreateAppsRequestAppType::S2sOauth,
        "My App".into(),
        "ZOOM".into(),
        "example@example.com".into(),
        "ZOOM".into(),
    )
}
