//! Request bodies and responses, and how their media types travel.

use indexmap::IndexMap;
use openapiv3::{MediaType, ReferenceOr, Responses, StatusCode};

use super::naming::{self, UniqueNames};
use super::{Lowerer, NameHint, refs};
use crate::diagnostics::Pointer;
use crate::ir::{
    BodyEncoding, RequestBody, Response, ResponseBody, Scalar, StatusMatch, StatusVariant, Success, TypeKind, TypeRef,
};

impl Lowerer<'_> {
    pub(super) fn lower_request_body(
        &mut self,
        body: &ReferenceOr<openapiv3::RequestBody>,
        ptr: &Pointer,
        hint: &NameHint,
    ) -> Option<RequestBody> {
        let table = self.spec.components.as_ref().map(|c| &c.request_bodies);
        let (body, ptr) = match refs::resolve(body, table, "requestBodies", ptr) {
            Ok(found) => found,
            Err(problem) => {
                self.diags.warn(ptr, format!("{problem}; the body is sent as any JSON value"));
                return Some(RequestBody {
                    media_type: "application/json".to_string(),
                    encoding: BodyEncoding::Json,
                    ty: TypeRef::Any,
                    required: true,
                    description: None,
                    example: None,
                });
            }
        };
        let Some((media_type, encoding, media)) = self.choose_media(&body.content, &ptr) else {
            self.diags.warn(&ptr, "request body without content; it is left out");
            return None;
        };
        let schema_ptr = ptr.join("content").join(media_type).join("schema");
        let ty = self.lower_body_type(encoding, media, &schema_ptr, &hint.child("Request"));
        self.describe_if_undocumented(&ty, &schema_ptr, body.description.as_deref());
        if encoding == BodyEncoding::Multipart {
            self.mark_file_parts(&ty, &schema_ptr);
        }
        let example =
            media.example.clone().or_else(|| media.schema.as_ref().and_then(|s| self.example_of(s.into(), 0)));
        Some(RequestBody {
            media_type: wire_media_type(media_type),
            encoding,
            ty,
            required: body.required,
            description: body.description.clone(),
            example,
        })
    }

    /// In a multipart body, a text property named like a file (`file`,
    /// `pic_file`) without `format: binary` is most likely an upload the
    /// spec forgot to mark: it becomes a file part.
    fn mark_file_parts(&mut self, ty: &TypeRef, schema_ptr: &Pointer) {
        let TypeRef::Named(name) = ty else { return };
        let Some(def) =
            self.types.iter_mut().flatten().find(|d| &d.name == name && d.pointer.starts_with(schema_ptr.as_str()))
        else {
            return;
        };
        let TypeKind::Struct(s) = &mut def.kind else { return };
        let mut marked = Vec::new();
        for field in &mut s.fields {
            if field.ty == TypeRef::Scalar(Scalar::String) && field.name.to_ascii_lowercase().contains("file") {
                field.ty = TypeRef::Bytes;
                marked.push(field.name.clone());
            }
        }
        for property in marked {
            let message = "a multipart text property named like a file; it is sent as a file part";
            self.diags.warn(&schema_ptr.join("properties").join(&property), message);
        }
    }

    pub(super) fn lower_responses(&mut self, responses: &Responses, ptr: &Pointer, hint: &NameHint) -> Vec<Response> {
        let successes = responses.responses.keys().filter(|code| is_success(&status_match(code))).count();
        let mut lowered = Vec::new();
        for (code, response) in &responses.responses {
            let status = status_match(code);
            let success = is_success(&status);
            let word = if success && successes == 1 { "Response".to_string() } else { format!("Response{code}") };
            lowered.push(self.lower_response(status, success, response, &ptr.join(code), &hint.child(&word)));
        }
        if let Some(default) = &responses.default {
            let hint = hint.child("DefaultResponse");
            lowered.push(self.lower_response(
                StatusMatch::Default,
                successes == 0,
                default,
                &ptr.join("default"),
                &hint,
            ));
        }
        lowered
    }

    fn lower_response(
        &mut self,
        status: StatusMatch,
        success: bool,
        response: &ReferenceOr<openapiv3::Response>,
        ptr: &Pointer,
        hint: &NameHint,
    ) -> Response {
        let table = self.spec.components.as_ref().map(|c| &c.responses);
        let (description, body) = match refs::resolve(response, table, "responses", ptr) {
            Ok((response, ptr)) => {
                let body = self.lower_response_body(&response.content, &ptr, hint);
                if let Some(body) = &body {
                    let schema_ptr = ptr.join("content").join(&body.media_type).join("schema");
                    self.describe_if_undocumented(&body.ty, &schema_ptr, Some(&response.description));
                }
                (response.description.clone(), body)
            }
            Err(problem) => {
                self.diags.warn(ptr, format!("{problem}; the response is taken to have no body"));
                (String::new(), None)
            }
        };
        let body = match (body, &self.error_body) {
            (None, Some(error_body)) if !success => Some(ResponseBody {
                media_type: "application/json".to_string(),
                encoding: BodyEncoding::Json,
                ty: error_body.clone(),
            }),
            (body, _) => body,
        };
        Response { status, success, description, body }
    }

    fn lower_response_body(
        &mut self,
        content: &IndexMap<String, MediaType>,
        ptr: &Pointer,
        hint: &NameHint,
    ) -> Option<ResponseBody> {
        let (media_type, encoding, media) = self.choose_media(content, ptr)?;
        let schema_ptr = ptr.join("content").join(media_type).join("schema");
        let ty = self.lower_body_type(encoding, media, &schema_ptr, hint);
        Some(ResponseBody { media_type: wire_media_type(media_type), encoding, ty })
    }

    /// The type a body of this encoding is read into or written from.
    fn lower_body_type(
        &mut self,
        encoding: BodyEncoding,
        media: &MediaType,
        ptr: &Pointer,
        hint: &NameHint,
    ) -> TypeRef {
        match (encoding, &media.schema) {
            (BodyEncoding::Binary, _) => TypeRef::Bytes,
            (BodyEncoding::Text, _) => TypeRef::Scalar(Scalar::String),
            (_, Some(schema)) => self.lower_schema_nullable(schema, ptr, hint),
            (_, None) => TypeRef::Any,
        }
    }

    /// Picks the media type a client speaks best: JSON, then form, multipart,
    /// text and raw bytes.
    fn choose_media<'c>(
        &mut self,
        content: &'c IndexMap<String, MediaType>,
        ptr: &Pointer,
    ) -> Option<(&'c str, BodyEncoding, &'c MediaType)> {
        let mut best: Option<(&str, BodyEncoding, &MediaType)> = None;
        for (media_type, media) in content {
            let encoding = match classify_media_type(media_type) {
                Some(encoding) => encoding,
                None => {
                    let message = format!("unknown media type `{media_type}`; the body is taken to be JSON");
                    self.diags.warn(&ptr.join("content").join(media_type), message);
                    BodyEncoding::Json
                }
            };
            if best.is_none_or(|(_, chosen, _)| preference(encoding) < preference(chosen)) {
                best = Some((media_type, encoding, media));
            }
        }
        best
    }

    /// One body type when every success response has the same one; else an
    /// enum per status, named `{operation}Response`.
    pub(super) fn success(&mut self, responses: &[Response], base: &str) -> Success {
        let successes: Vec<&Response> = responses.iter().filter(|r| r.success).collect();
        let redirects =
            successes.iter().any(|r| matches!(r.status, StatusMatch::Code(300..=399) | StatusMatch::Range(3)));
        let first_body = successes.iter().find_map(|r| r.body.as_ref());
        let uniform = successes.iter().all(|r| r.body.as_ref().map(|b| &b.ty) == first_body.map(|b| &b.ty));
        match first_body {
            _ if redirects || !uniform => self.per_status(&successes, base),
            Some(body) => Success::Body(body.clone()),
            None => Success::Empty,
        }
    }

    fn per_status(&mut self, successes: &[&Response], base: &str) -> Success {
        let type_name = self.type_names.claim(&naming::type_name(&[base, "Response"]));
        let mut names = UniqueNames::default();
        names.claim(UNKNOWN_STATUS_VARIANT);
        let variants = successes
            .iter()
            .map(|r| StatusVariant {
                rust_name: names.claim(&status_variant_name(r.status)),
                status: r.status,
                description: r.description.clone(),
                body: r.body.clone(),
            })
            .collect();
        Success::PerStatus { type_name, variants }
    }

    pub(super) fn error_type(&self, responses: &[Response]) -> Option<TypeRef> {
        match distinct_body_types(responses.iter().filter(|r| !r.success)).as_slice() {
            [] => self.error_body.clone(),
            [only] => Some(only.clone()),
            _ => None,
        }
    }
}

fn distinct_body_types<'r>(responses: impl Iterator<Item = &'r Response>) -> Vec<TypeRef> {
    let mut types = Vec::new();
    for ty in responses.filter_map(|r| r.body.as_ref()).map(|b| &b.ty) {
        if !types.contains(ty) {
            types.push(ty.clone());
        }
    }
    types
}

/// The variant of a per-status enum that holds an undocumented success.
pub const UNKNOWN_STATUS_VARIANT: &str = "UnknownStatus";

/// `Ok`, `Created`, `NoContent`...: the reason phrase, else `Status{code}`.
fn status_variant_name(status: StatusMatch) -> String {
    let phrase = match status {
        StatusMatch::Code(200) => "Ok",
        StatusMatch::Code(201) => "Created",
        StatusMatch::Code(202) => "Accepted",
        StatusMatch::Code(203) => "NonAuthoritativeInformation",
        StatusMatch::Code(204) => "NoContent",
        StatusMatch::Code(205) => "ResetContent",
        StatusMatch::Code(206) => "PartialContent",
        StatusMatch::Code(300) => "MultipleChoices",
        StatusMatch::Code(301) => "MovedPermanently",
        StatusMatch::Code(302) => "Found",
        StatusMatch::Code(303) => "SeeOther",
        StatusMatch::Code(304) => "NotModified",
        StatusMatch::Code(307) => "TemporaryRedirect",
        StatusMatch::Code(308) => "PermanentRedirect",
        StatusMatch::Code(n) => return format!("Status{n}"),
        StatusMatch::Range(n) => return format!("Status{n}xx"),
        StatusMatch::Default => "Default",
    };
    phrase.to_string()
}

fn status_match(code: &StatusCode) -> StatusMatch {
    match code {
        StatusCode::Code(n) => StatusMatch::Code(*n),
        StatusCode::Range(n) => StatusMatch::Range(*n),
    }
}

/// 2xx and 3xx are successes: a client that does not follow redirects
/// (3xx as the only documented outcome) must still return them.
fn is_success(status: &StatusMatch) -> bool {
    match status {
        StatusMatch::Code(n) => (200..400).contains(n),
        StatusMatch::Range(n) => (2..4).contains(n),
        StatusMatch::Default => false,
    }
}

/// How a media type travels, or `None` when it is not one we know.
pub fn classify_media_type(media_type: &str) -> Option<BodyEncoding> {
    let essence = media_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    let (kind, subtype) = essence.split_once('/')?;
    let encoding = match (kind, subtype) {
        (_, "json") | (_, "x-json") => BodyEncoding::Json,
        (_, sub) if sub.ends_with("+json") => BodyEncoding::Json,
        ("application", "x-www-form-urlencoded") => BodyEncoding::Form,
        ("multipart", _) => BodyEncoding::Multipart,
        ("text", _) => BodyEncoding::Text,
        ("application", "xml") | (_, "xml") => BodyEncoding::Text,
        ("application" | "image" | "audio" | "video" | "font", _) | ("*", "*") => BodyEncoding::Binary,
        _ => return None,
    };
    Some(encoding)
}

/// The media type sent in `Content-Type` and `Accept`: the spec's, unless
/// it is not one (`undefined`), which is read as JSON.
fn wire_media_type(media_type: &str) -> String {
    match classify_media_type(media_type) {
        Some(_) => media_type.to_string(),
        None => "application/json".to_string(),
    }
}

fn preference(encoding: BodyEncoding) -> u8 {
    match encoding {
        BodyEncoding::Json => 0,
        BodyEncoding::Form => 1,
        BodyEncoding::Multipart => 2,
        BodyEncoding::Text => 3,
        BodyEncoding::Binary => 4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_types_are_classified() {
        assert_eq!(classify_media_type("application/json"), Some(BodyEncoding::Json));
        assert_eq!(classify_media_type("application/json; charset=utf-8"), Some(BodyEncoding::Json));
        assert_eq!(classify_media_type("application/scim+json"), Some(BodyEncoding::Json));
        assert_eq!(classify_media_type("application/x-www-form-urlencoded"), Some(BodyEncoding::Form));
        assert_eq!(classify_media_type("multipart/form-data"), Some(BodyEncoding::Multipart));
        assert_eq!(classify_media_type("application/octet-stream"), Some(BodyEncoding::Binary));
        assert_eq!(classify_media_type("application/pdf"), Some(BodyEncoding::Binary));
        assert_eq!(classify_media_type("text/plain"), Some(BodyEncoding::Text));
        assert_eq!(classify_media_type("undefined"), None);
    }
}
