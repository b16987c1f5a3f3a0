//! Facts about an operation, from the spec, available at run time.

/// One operation of the API, as the generated `operations` module lists it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OperationInfo {
    /// The spec's operationId.
    pub id: &'static str,
    /// The HTTP method, upper case.
    pub method: &'static str,
    /// The path template, e.g. `/users/{userId}`.
    pub path: &'static str,
    /// Whether the call sends the client's credentials.
    pub requires_auth: bool,
    /// OAuth scopes from the operation's security requirements.
    pub scopes: &'static [&'static str],
    /// Named scope lists from vendor extensions (see the generator's profile).
    pub scope_sets: &'static [ScopeSet],
    /// The vendor's rate-limit label for the operation, if it has one.
    pub rate_limit_label: Option<&'static str>,
}

impl OperationInfo {
    /// The scope list of that name, or an empty list.
    pub fn scope_set(&self, name: &str) -> &'static [&'static str] {
        self.scope_sets.iter().find(|s| s.name == name).map_or(&[], |s| s.scopes)
    }
}

/// A named list of scopes, e.g. a vendor's "granular" scopes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScopeSet {
    pub name: &'static str,
    pub scopes: &'static [&'static str],
}
