//! HTTP facts of a document beyond types: security schemes, parameter styles, media types,
//! examples and response headers.

use serde_json::{Map, Value};

use super::Lowerer;
use crate::diagnostics::Code;
use crate::ir::{
    Example, MediaKind, Name, ParamLocation, ParamStyle, SecurityKind, SecurityScheme,
};
use crate::naming;
use crate::source::escape_pointer_token;

impl Lowerer<'_> {
    /// Every scheme of `components/securitySchemes`, in spec order.
    pub(crate) fn lower_security_schemes(&mut self) -> Vec<SecurityScheme> {
        let Some(schemes) = self.root().pointer("/components/securitySchemes").cloned() else {
            return Vec::new();
        };
        let Some(schemes) = schemes.as_object() else {
            self.error(
                "`securitySchemes` must be an object",
                "/components/securitySchemes",
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        let mut names = naming::Scope::default();
        for (name, scheme) in schemes {
            let at = format!("/components/securitySchemes/{}", escape_pointer_token(name));
            let Some((scheme, at)) = self.resolve(scheme, &at) else {
                continue;
            };
            let scheme = scheme.clone();
            if let Some(kind) = self.security_kind(&scheme, &at) {
                out.push(SecurityScheme {
                    name: Name {
                        wire: name.clone(),
                        rust: names.take(&naming::camel(name)),
                    },
                    kind,
                    docs: super::schema::docs_of(&scheme),
                    forwarded_identity_header: scheme
                        .get("x-forwarded-identity-header")
                        .and_then(Value::as_str)
                        .map(str::to_owned),
                    origin: self.at(&at),
                });
            }
        }
        out
    }

    fn security_kind(&mut self, scheme: &Value, at: &str) -> Option<SecurityKind> {
        let text = |key: &str| scheme.get(key).and_then(Value::as_str);
        match text("type") {
            Some("http") => match text("scheme").map(str::to_ascii_lowercase).as_deref() {
                Some("bearer") => Some(SecurityKind::Bearer {
                    format: text("bearerFormat").map(str::to_owned),
                }),
                Some("basic") => Some(SecurityKind::Basic),
                Some(other) => Some(SecurityKind::OtherHttp {
                    scheme: other.to_owned(),
                }),
                None => {
                    self.error("an `http` security scheme needs a `scheme`", at);
                    None
                }
            },
            Some("apiKey") => {
                let location = match text("in") {
                    Some("header") => ParamLocation::Header,
                    Some("query") => ParamLocation::Query,
                    Some("cookie") => ParamLocation::Cookie,
                    other => {
                        self.error(
                            format!("an `apiKey` scheme travels `in` header, query or cookie, not {other:?}"),
                            &format!("{at}/in"),
                        );
                        return None;
                    }
                };
                let Some(name) = text("name") else {
                    self.error("an `apiKey` scheme needs a `name`", at);
                    return None;
                };
                Some(SecurityKind::ApiKey {
                    location,
                    name: name.to_owned(),
                })
            }
            Some("oauth2") => {
                let mut scopes: Vec<(String, String)> = Vec::new();
                if let Some(flows) = scheme.get("flows").and_then(Value::as_object) {
                    for flow in flows.values() {
                        if let Some(flow_scopes) = flow.get("scopes").and_then(Value::as_object) {
                            for (scope, description) in flow_scopes {
                                if !scopes.iter().any(|(s, _)| s == scope) {
                                    scopes.push((
                                        scope.clone(),
                                        description.as_str().unwrap_or_default().to_owned(),
                                    ));
                                }
                            }
                        }
                    }
                } else {
                    self.error("an `oauth2` scheme needs `flows`", at);
                }
                Some(SecurityKind::OAuth2 { scopes })
            }
            Some("openIdConnect") => match text("openIdConnectUrl") {
                Some(url) => Some(SecurityKind::OpenIdConnect {
                    url: url.to_owned(),
                }),
                None => {
                    self.error("an `openIdConnect` scheme needs `openIdConnectUrl`", at);
                    None
                }
            },
            other => {
                self.error(
                    format!("unknown security scheme type {other:?} (expected `http`, `apiKey`, `oauth2` or `openIdConnect`)"),
                    &format!("{at}/type"),
                );
                None
            }
        }
    }

    /// `style` and `explode` of a parameter, with OpenAPI's defaults for its location.
    pub(crate) fn param_style(
        &mut self,
        param: &Value,
        location: ParamLocation,
        at: &str,
    ) -> (ParamStyle, bool) {
        let default = match location {
            ParamLocation::Query | ParamLocation::Cookie => ParamStyle::Form,
            ParamLocation::Path | ParamLocation::Header => ParamStyle::Simple,
        };
        let style = match param.get("style").and_then(Value::as_str) {
            None => default,
            Some(style) => {
                let parsed = match style {
                    "form" => Some(ParamStyle::Form),
                    "simple" => Some(ParamStyle::Simple),
                    "label" => Some(ParamStyle::Label),
                    "matrix" => Some(ParamStyle::Matrix),
                    "spaceDelimited" => Some(ParamStyle::SpaceDelimited),
                    "pipeDelimited" => Some(ParamStyle::PipeDelimited),
                    "deepObject" => Some(ParamStyle::DeepObject),
                    _ => None,
                };
                let allowed = match parsed {
                    Some(ParamStyle::Form) => {
                        matches!(location, ParamLocation::Query | ParamLocation::Cookie)
                    }
                    Some(ParamStyle::Simple) => {
                        matches!(location, ParamLocation::Path | ParamLocation::Header)
                    }
                    Some(ParamStyle::Label | ParamStyle::Matrix) => location == ParamLocation::Path,
                    Some(
                        ParamStyle::SpaceDelimited
                        | ParamStyle::PipeDelimited
                        | ParamStyle::DeepObject,
                    ) => location == ParamLocation::Query,
                    None => false,
                };
                if !allowed {
                    self.error(
                        format!("style `{style}` is not allowed for a parameter in {location:?}"),
                        &format!("{at}/style"),
                    );
                }
                if allowed && parsed == Some(ParamStyle::DeepObject) {
                    self.warning(
                        Code::UnsupportedParameterStyle,
                        "style `deepObject` is not read by generated servers: the parameter is \
                         looked up as a `form` parameter of its own name",
                        &format!("{at}/style"),
                    );
                }
                parsed.unwrap_or(default)
            }
        };
        let explode = param
            .get("explode")
            .and_then(Value::as_bool)
            .unwrap_or(style == ParamStyle::Form);
        (style, explode)
    }

    /// The examples of a media type object: `examples` by name (each an Example Object,
    /// possibly a `$ref`; external ones are skipped) or a lone `example` named `default`.
    pub(crate) fn examples(&mut self, media: &Value, at: &str) -> Vec<Example> {
        if let Some(examples) = media.get("examples").and_then(Value::as_object) {
            let mut out = Vec::new();
            for (name, example) in examples {
                let example_at = format!("{at}/examples/{}", escape_pointer_token(name));
                let Some((example, _)) = self.resolve(example, &example_at) else {
                    continue;
                };
                if let Some(value) = example.get("value") {
                    out.push(Example {
                        name: name.clone(),
                        value: value.clone(),
                    });
                }
            }
            return out;
        }
        media
            .get("example")
            .map(|value| {
                vec![Example {
                    name: "default".into(),
                    value: value.clone(),
                }]
            })
            .unwrap_or_default()
    }

    /// The media kind of `media_type`, warning when generated code can only pass its bytes.
    pub(crate) fn media_kind(&mut self, media_type: &str, at: &str) -> MediaKind {
        let kind = MediaKind::of(media_type);
        let opaque = media_type.eq_ignore_ascii_case("application/octet-stream")
            || media_type == "*/*"
            || media_type.to_ascii_lowercase().starts_with("image/");
        if kind == MediaKind::Bytes && !opaque {
            self.warning(
                Code::UnsupportedMediaType,
                format!(
                    "media type `{media_type}` is not decoded: its body is passed as raw bytes"
                ),
                at,
            );
        }
        kind
    }

    /// The headers of a response object, except `Content-Type` (which OpenAPI ignores there).
    pub(crate) fn response_headers(
        &mut self,
        response: &Map<String, Value>,
        at: &str,
        type_prefix: &str,
    ) -> Vec<crate::ir::ResponseHeader> {
        let Some(headers) = response.get("headers").and_then(Value::as_object) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (name, header) in headers {
            if name.eq_ignore_ascii_case("content-type") {
                continue;
            }
            let header_at = format!("{at}/headers/{}", escape_pointer_token(name));
            let Some((header, header_at)) = self.resolve(header, &header_at) else {
                continue;
            };
            let header = header.clone();
            let Some(schema) = header.get("schema") else {
                self.error(
                    format!("response header `{name}` has no `schema`"),
                    &header_at,
                );
                continue;
            };
            let ty = self.lower_schema(
                schema,
                &format!("{header_at}/schema"),
                &naming::camel(&format!("{type_prefix}_{name}_header")),
                false,
            );
            out.push(crate::ir::ResponseHeader {
                name: name.clone(),
                required: header
                    .get("required")
                    .and_then(Value::as_bool)
                    .unwrap_or(false),
                ty,
                docs: super::schema::docs_of(&header),
            });
        }
        out
    }
}
