//! Path items and operations → IR operations.

use serde_json::{Map, Value};

use super::schema::docs_of;
use super::Lowerer;
use crate::ir::{
    HttpMethod, MediaKind, Name, Operation, Param, ParamLocation, PathTemplate, RequestBody,
    Response, ResponseBody, StatusKey,
};
use crate::naming::{self, Scope};
use crate::source::escape_pointer_token;

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];
const PATH_ITEM_KEYS: &[&str] = &["$ref", "summary", "description", "servers", "parameters"];

/// How a response key is read.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum ResponseKey {
    Standard(StatusKey),
    /// The non-standard `"400 (2)"` form: another body for an already documented status.
    Alternative(u16),
}

pub(crate) fn parse_response_key(key: &str) -> Option<ResponseKey> {
    if key == "default" {
        return Some(ResponseKey::Standard(StatusKey::Default));
    }
    let code = |digits: &str| {
        digits
            .parse::<u16>()
            .ok()
            .filter(|c| (100..=599).contains(c) && digits.len() == 3)
    };
    if let Some(code) = code(key) {
        return Some(ResponseKey::Standard(StatusKey::Code(code)));
    }
    if key.len() == 3 && key[1..].eq_ignore_ascii_case("XX") {
        let class = key.as_bytes()[0];
        if (b'1'..=b'5').contains(&class) {
            return Some(ResponseKey::Standard(StatusKey::Range(class - b'0')));
        }
    }
    let (digits, rest) = key.split_at(key.find(|c: char| !c.is_ascii_digit()).unwrap_or(key.len()));
    let index = rest.trim().strip_prefix('(')?.strip_suffix(')')?;
    if index.trim().parse::<u32>().is_ok() {
        return code(digits).map(ResponseKey::Alternative);
    }
    None
}

/// A readable, stable name for an operation without `operationId`: method, then path words.
/// `POST /cart/place-bet` → `post_cart_place_bet`; `GET /bets/{id}` → `get_bets_by_id`.
pub fn derived_operation_name(method: &str, path: &str) -> String {
    let mut words = vec![method.to_ascii_lowercase()];
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(param) => words.push(format!("by_{}", naming::snake(param).trim_end_matches('_'))),
            None => words.push(naming::snake(segment).trim_end_matches('_').to_owned()),
        }
    }
    words.join("_")
}

/// The media type of a `content` map that generated code uses, and where it is.
struct ChosenMedia<'v> {
    media_type: String,
    object: &'v Value,
    pointer: String,
    schema: Option<(&'v Value, String)>,
}

impl Lowerer<'_> {
    pub(crate) fn lower_operations(&mut self) -> Vec<Operation> {
        let Some(paths) = self.root().get("paths") else {
            return Vec::new();
        };
        let Some(paths) = paths.as_object() else {
            self.error("`paths` must be an object", "/paths");
            return Vec::new();
        };
        let mut names = Scope::default();
        let mut operations = Vec::new();
        for (path, item) in paths {
            let item_pointer = format!("/paths/{}", escape_pointer_token(path));
            if !path.starts_with('/') {
                self.error(format!("path `{path}` must start with `/`"), &item_pointer);
            }
            let Some((item, item_pointer)) = self.resolve(item, &item_pointer) else {
                continue;
            };
            let Some(item) = item.as_object() else {
                self.error("a path item must be an object", &item_pointer);
                continue;
            };
            for key in item.keys() {
                if !METHODS.contains(&key.as_str())
                    && !PATH_ITEM_KEYS.contains(&key.as_str())
                    && !key.starts_with("x-")
                {
                    self.warning(
                        crate::diagnostics::Code::UnknownPathItemMember,
                        format!("unknown path item member `{key}` is ignored"),
                        &format!("{item_pointer}/{}", escape_pointer_token(key)),
                    );
                }
            }
            for (method, operation) in item.iter().filter(|(k, _)| METHODS.contains(&k.as_str())) {
                let pointer = format!("{item_pointer}/{method}");
                if let Some(operation) = self.lower_operation(
                    path,
                    method,
                    operation,
                    item,
                    &item_pointer,
                    &pointer,
                    &mut names,
                ) {
                    operations.push(operation);
                }
            }
        }
        operations
    }

    #[allow(clippy::too_many_arguments)]
    fn lower_operation(
        &mut self,
        path: &str,
        method: &str,
        operation: &Value,
        item: &Map<String, Value>,
        item_pointer: &str,
        pointer: &str,
        names: &mut Scope,
    ) -> Option<Operation> {
        let Some(object) = operation.as_object() else {
            self.error("an operation must be an object", pointer);
            return None;
        };
        let operation_id = object.get("operationId").and_then(Value::as_str);
        let wire = operation_id.map_or_else(
            || format!("{} {path}", method.to_ascii_uppercase()),
            str::to_owned,
        );
        let preferred =
            operation_id.map_or_else(|| derived_operation_name(method, path), naming::snake);
        let rust = names.take(&preferred);
        if operation_id.is_some() && rust != preferred {
            self.error(
                format!("operationId `{wire}` is not unique"),
                &format!("{pointer}/operationId"),
            );
        }
        let type_prefix = naming::camel(&rust);
        let text = |key: &str| {
            object
                .get(key)
                .and_then(Value::as_str)
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
        };

        let params = self.lower_params(item, item_pointer, object, pointer, &type_prefix);
        let path_template = match PathTemplate::parse(path) {
            Some(template) => template,
            None => {
                self.error(
                    format!("path template `{path}` has an unbalanced or empty `{{…}}`"),
                    item_pointer,
                );
                PathTemplate {
                    segments: Vec::new(),
                }
            }
        };
        for name in path_template.params() {
            if !params
                .iter()
                .any(|p| p.location == ParamLocation::Path && p.name.wire == name)
            {
                self.error(
                    format!("path parameter `{name}` of `{path}` is not declared in `parameters`"),
                    pointer,
                );
            }
        }
        for param in params.iter().filter(|p| p.location == ParamLocation::Path) {
            if !path_template.params().any(|name| name == param.name.wire) {
                self.error(
                    format!(
                        "path parameter `{}` does not appear in the path `{path}`",
                        param.name.wire
                    ),
                    &param.origin.pointer,
                );
            }
        }
        let request_body = object.get("requestBody").and_then(|body| {
            self.lower_request_body(body, &format!("{pointer}/requestBody"), &type_prefix)
        });
        let responses = self.lower_responses(object, pointer, &type_prefix);
        let security = self.lower_security(
            object
                .get("security")
                .map(|s| (s, format!("{pointer}/security"))),
        );
        Some(Operation {
            name: Name { wire, rust },
            has_operation_id: operation_id.is_some(),
            method: HttpMethod::from_key(method)?,
            path: path.to_owned(),
            path_template,
            summary: text("summary"),
            docs: text("description"),
            deprecated: object
                .get("deprecated")
                .and_then(Value::as_bool)
                .unwrap_or(false),
            params,
            request_body,
            responses,
            security,
            origin: self.at(pointer),
        })
    }

    fn lower_params(
        &mut self,
        item: &Map<String, Value>,
        item_pointer: &str,
        object: &Map<String, Value>,
        pointer: &str,
        prefix: &str,
    ) -> Vec<Param> {
        let mut raw: Vec<(Value, String)> = Vec::new();
        for (owner, owner_pointer) in [(item, item_pointer), (object, pointer)] {
            let Some(list) = owner.get("parameters") else {
                continue;
            };
            let Some(list) = list.as_array() else {
                self.error(
                    "`parameters` must be a list",
                    &format!("{owner_pointer}/parameters"),
                );
                continue;
            };
            for (index, param) in list.iter().enumerate() {
                let at = format!("{owner_pointer}/parameters/{index}");
                let Some((param, at)) = self.resolve(param, &at) else {
                    continue;
                };
                // An operation's parameter overrides the path item's one with the same name and place.
                let key = |p: &Value| (p.get("name").cloned(), p.get("in").cloned());
                raw.retain(|(existing, _)| key(existing) != key(param));
                raw.push((param.clone(), at));
            }
        }
        let rust_names = naming::field_names(
            raw.iter()
                .map(|(p, _)| p.get("name").and_then(Value::as_str).unwrap_or("param")),
            &[],
        );
        let mut params = Vec::new();
        for ((param, at), rust) in raw.into_iter().zip(rust_names) {
            let Some(name) = param.get("name").and_then(Value::as_str) else {
                self.error("a parameter needs a `name`", &at);
                continue;
            };
            let location = match param.get("in").and_then(Value::as_str) {
                Some("path") => ParamLocation::Path,
                Some("query") => ParamLocation::Query,
                Some("header") => ParamLocation::Header,
                Some("cookie") => ParamLocation::Cookie,
                other => {
                    self.error(
                        format!("parameter `{name}` has an invalid `in`: {other:?}"),
                        &format!("{at}/in"),
                    );
                    continue;
                }
            };
            let required = param
                .get("required")
                .and_then(Value::as_bool)
                .unwrap_or(false);
            if location == ParamLocation::Path && !required {
                self.error(
                    format!("path parameter `{name}` must be `required: true`"),
                    &at,
                );
            }
            let ty = match param.get("schema") {
                Some(schema) => self.lower_schema(
                    schema,
                    &format!("{at}/schema"),
                    &naming::camel(&format!("{prefix}_{name}")),
                    false,
                ),
                None => {
                    self.error(format!("parameter `{name}` has no `schema` (parameters described by `content` are not supported)"), &at);
                    continue;
                }
            };
            let (style, explode) = self.param_style(&param, location, &at);
            params.push(Param {
                name: Name {
                    wire: name.to_owned(),
                    rust,
                },
                location,
                required,
                ty,
                style,
                explode,
                docs: docs_of(&param),
                origin: self.at(&at),
            });
        }
        params
    }

    /// Picks the JSON media type of a `content` map; other media types are kept by name only.
    fn json_content<'v>(&mut self, content: &'v Value, pointer: &str) -> Option<ChosenMedia<'v>> {
        let Some(content) = content.as_object() else {
            self.error("`content` must be an object", pointer);
            return None;
        };
        let json = content
            .iter()
            .find(|(media, _)| media.as_str() == "application/json")
            .or_else(|| content.iter().find(|(media, _)| media.contains("json")));
        match json {
            Some((media, body)) => {
                let at = format!("{pointer}/{}", escape_pointer_token(media));
                let schema = body.get("schema").map(|s| (s, format!("{at}/schema")));
                Some(ChosenMedia {
                    media_type: media.clone(),
                    object: body,
                    pointer: at,
                    schema,
                })
            }
            None => content.iter().next().map(|(media, body)| {
                let at = format!("{pointer}/{}", escape_pointer_token(media));
                ChosenMedia {
                    media_type: media.clone(),
                    object: body,
                    pointer: at,
                    schema: None,
                }
            }),
        }
    }

    fn lower_request_body(
        &mut self,
        body: &Value,
        pointer: &str,
        prefix: &str,
    ) -> Option<RequestBody> {
        let (body, pointer) = self.resolve(body, pointer)?;
        let Some(content) = body.get("content") else {
            self.error("a request body needs `content`", &pointer);
            return None;
        };
        let ChosenMedia {
            media_type: content_type,
            object: media_object,
            pointer: media_at,
            schema,
        } = self.json_content(content, &format!("{pointer}/content"))?;
        let media = self.media_kind(&content_type, &media_at);
        let examples = self.examples(media_object, &media_at);
        let ty = schema
            .map(|(schema, at)| self.lower_schema(schema, &at, &format!("{prefix}Request"), false));
        Some(RequestBody {
            content_type,
            media,
            examples,
            ty,
            required: body
                .get("required")
                .and_then(Value::as_bool)
                .unwrap_or(false),
            docs: docs_of(body),
        })
    }

    fn lower_responses(
        &mut self,
        object: &Map<String, Value>,
        pointer: &str,
        prefix: &str,
    ) -> Vec<Response> {
        let Some(responses) = object.get("responses").and_then(Value::as_object) else {
            self.error("an operation needs a `responses` object", pointer);
            return Vec::new();
        };
        let mut grouped: Vec<Response> = Vec::new();
        for (key, response) in responses {
            let at = format!("{pointer}/responses/{}", escape_pointer_token(key));
            if key.starts_with("x-") {
                continue;
            }
            let status = match parse_response_key(key) {
                Some(ResponseKey::Standard(status)) => status,
                Some(ResponseKey::Alternative(code)) => {
                    self.warning(
                        crate::diagnostics::Code::NonStandardResponseKey,
                        format!("non-standard response key `{key}` read as another body of status {code} (OpenAPI allows one response per status; standard parsers drop this key)"),
                        &at,
                    );
                    StatusKey::Code(code)
                }
                None => {
                    self.error(format!("response key `{key}` is neither a status code, a range like `4XX`, nor `default`"), &at);
                    continue;
                }
            };
            let Some((response, at)) = self.resolve(response, &at) else {
                continue;
            };
            let alternatives = grouped.iter().position(|r| r.status == status);
            let index = alternatives.map_or(0, |i| grouped[i].alternatives.len());
            let status_name = naming::status_name(status);
            let hint = if index == 0 {
                format!("{prefix}{status_name}Body")
            } else {
                format!("{prefix}{status_name}Body{}", index + 1)
            };
            let mut media: Option<MediaKind> = None;
            let mut examples = Vec::new();
            let (content_type, ty) = match response.get("content") {
                Some(content) => match self.json_content(content, &format!("{at}/content")) {
                    Some(ChosenMedia {
                        media_type: content_type,
                        object: media_object,
                        pointer: media_at,
                        schema,
                    }) => {
                        media = Some(self.media_kind(&content_type, &media_at));
                        examples = self.examples(media_object, &media_at);
                        (
                            Some(content_type),
                            schema.map(|(schema, schema_at)| {
                                self.lower_schema(schema, &schema_at, &hint, false)
                            }),
                        )
                    }
                    None => (None, None),
                },
                None => (None, None),
            };
            let headers = match response.as_object() {
                Some(object) => self.response_headers(object, &at, &hint),
                None => Vec::new(),
            };
            let description = response
                .get("description")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .trim()
                .to_owned();
            let body = ResponseBody {
                key: key.clone(),
                description,
                content_type,
                media,
                examples,
                headers,
                ty,
                origin: self.at(&at),
            };
            match alternatives {
                Some(i) => grouped[i].alternatives.push(body),
                None => grouped.push(Response {
                    status,
                    alternatives: vec![body],
                }),
            }
        }
        grouped
    }

    fn lower_security(&mut self, own: Option<(&Value, String)>) -> Vec<Vec<String>> {
        let (requirements, pointer) = match own {
            Some((value, pointer)) => (value.clone(), pointer),
            None => match self.root().get("security") {
                Some(value) => (value.clone(), "/security".to_owned()),
                None => return Vec::new(),
            },
        };
        let schemes = self
            .root()
            .pointer("/components/securitySchemes")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        let Some(list) = requirements.as_array() else {
            self.error("`security` must be a list of requirement objects", &pointer);
            return Vec::new();
        };
        let mut out = Vec::new();
        for (index, requirement) in list.iter().enumerate() {
            let Some(requirement) = requirement.as_object() else {
                self.error(
                    "a security requirement must be an object",
                    &format!("{pointer}/{index}"),
                );
                continue;
            };
            for name in requirement.keys() {
                if !schemes.contains_key(name) {
                    self.error(format!("security scheme `{name}` is not declared in `components/securitySchemes`"), &format!("{pointer}/{index}/{}", escape_pointer_token(name)));
                }
            }
            out.push(requirement.keys().cloned().collect());
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn response_keys() {
        assert_eq!(
            parse_response_key("200"),
            Some(ResponseKey::Standard(StatusKey::Code(200)))
        );
        assert_eq!(
            parse_response_key("4XX"),
            Some(ResponseKey::Standard(StatusKey::Range(4)))
        );
        assert_eq!(
            parse_response_key("default"),
            Some(ResponseKey::Standard(StatusKey::Default))
        );
        assert_eq!(
            parse_response_key("400 (1)"),
            Some(ResponseKey::Alternative(400))
        );
        assert_eq!(
            parse_response_key("400(12)"),
            Some(ResponseKey::Alternative(400))
        );
        assert_eq!(parse_response_key("ok"), None);
        assert_eq!(parse_response_key("999"), None);
        assert_eq!(parse_response_key("400 (x)"), None);
    }

    #[test]
    fn derived_names() {
        assert_eq!(
            derived_operation_name("post", "/cart/place-bet"),
            "post_cart_place_bet"
        );
        assert_eq!(
            derived_operation_name("get", "/bets/{betId}/legs"),
            "get_bets_by_bet_id_legs"
        );
        assert_eq!(
            derived_operation_name("post", "/customer-integration/fixture-metadata"),
            "post_customer_integration_fixture_metadata"
        );
    }
}
