//! The client emitter: a `client` module per API (behind the client feature) with a
//! `Client` that has one async method per operation. Each method only describes its call
//! (the operation's `INFO`, where each parameter goes and how it is written, the body, the
//! security requirement, the documented statuses and their media types) and hands it to
//! `specgen_runtime::http::client`, which builds the request, sends it and decodes the
//! response with the operation's `Response::from_json`.

use std::collections::BTreeSet;

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::docs::doc_attrs;
use super::plan::{OperationPlan, StatusBody};
use super::tree::{ModulePath, OutputTree};
use super::validation::ValidatorNames;
use super::{ident, Context};
use crate::ir::{
    MediaKind, ParamLocation, ParamStyle, SecurityKind, SecurityScheme, StatusKey, TypeExprKind,
};
use crate::naming::Scope;

/// The client emitter.
pub(crate) struct Client;

impl super::Emitter for Client {
    fn emit(&self, cx: &Context, out: &mut OutputTree) {
        let Some(feature) = &cx.client_feature else {
            return;
        };
        // An API without operations (an XSD's message formats) has nothing to call.
        if cx.api.operations.is_empty() {
            return;
        }
        let module = ModulePath::root().child("client");
        let api = cx.api;
        let default_base_url = api.servers.first().map_or("/", String::as_str);
        let mut text = format!(
            "A reqwest client of {} (version {}): one async method per operation.\n\n\
             Each method sends the operation's `Request` and returns its `Response`, with a \
             variant per documented status; a status the spec does not document (neither \
             itself nor by a range or `default`), a body that does not decode and a content \
             type other than the documented one are errors (`ClientError`).",
            api.title, api.version
        );
        if !api.security_schemes.is_empty() {
            text.push_str(
                "\n\nCredentials are configured per security scheme, by name \
                 (`ClientConfig::bearer_token`, `api_key`, …):\n",
            );
            for scheme in &api.security_schemes {
                text.push_str(&format!("\n- `{}`: {}", scheme.name.wire, describe(scheme)));
            }
        }
        let docs = doc_attrs(Some(&text));
        out.module_attributes(&module, quote! { #docs #[cfg(feature = #feature)] });

        let mut used = BTreeSet::from(["ClientConfig", "ClientCore", "ClientError"]);
        let names = ValidatorNames::new(api);
        let mut methods = Scope::with_reserved(&["new", "with_config", "base_url", "default"]);
        let methods: Vec<TokenStream> = cx
            .plans
            .iter()
            .map(|plan| method(plan, &module, &names, &mut methods, &mut used))
            .collect();
        let imports = used.iter().map(|name| ident(name));
        out.import(
            &module,
            quote! { specgen_runtime::http::client::{#(#imports),*} },
        );
        let struct_docs = doc_attrs(Some(&format!(
            "The client of {}. Cheap to clone: clones share the connection pool.",
            api.title
        )));
        let base_docs = doc_attrs(Some(&format!(
            "The spec's first server URL{}.",
            if api.servers.is_empty() {
                " (the spec lists none: set one with `ClientConfig::base_url`)"
            } else {
                ""
            }
        )));
        out.item(
            &module,
            quote! {
                #struct_docs
                #[derive(Debug, Clone)]
                pub struct Client {
                    inner: ClientCore,
                }

                impl Client {
                    #base_docs
                    pub const DEFAULT_BASE_URL: &'static str = #default_base_url;

                    /// A client of the default base URL, with a default `reqwest::Client` and no credentials.
                    pub fn new() -> Self {
                        Self::with_config(ClientConfig::new())
                    }

                    /// A client configured by `config` (base URL, HTTP client, timeout, credentials, …).
                    pub fn with_config(config: ClientConfig) -> Self {
                        Self {
                            inner: ClientCore::new(config, Self::DEFAULT_BASE_URL),
                        }
                    }

                    /// The base URL requests go to.
                    pub fn base_url(&self) -> &str {
                        self.inner.base_url()
                    }

                    #(#methods)*
                }

                impl Default for Client {
                    fn default() -> Self {
                        Self::new()
                    }
                }
            },
        );
    }
}

/// One operation's method.
fn method(
    plan: &OperationPlan,
    module: &ModulePath,
    names: &ValidatorNames,
    methods: &mut Scope,
    used: &mut BTreeSet<&'static str>,
) -> TokenStream {
    let op = plan.op;
    let name = ident(&methods.take_snake(&op.name.rust));
    let ops = module.path_to(&plan.module);
    let root = module.path_to(&ModulePath::root());

    let mut calls = Vec::new();
    for param in &op.params {
        let location = ident(match param.location {
            ParamLocation::Path => "path",
            ParamLocation::Query => "query",
            ParamLocation::Header => "header",
            ParamLocation::Cookie => "cookie",
        });
        let wire = &param.name.wire;
        let field = ident(&param.name.rust);
        let style = ident(match param.style {
            ParamStyle::Form => "Form",
            ParamStyle::Simple => "Simple",
            ParamStyle::Label => "Label",
            ParamStyle::Matrix => "Matrix",
            ParamStyle::SpaceDelimited => "SpaceDelimited",
            ParamStyle::PipeDelimited => "PipeDelimited",
            ParamStyle::DeepObject => "DeepObject",
        });
        let explode = param.explode;
        used.insert("Style");
        calls.push(quote! { .#location(#wire, &request.params.#field, Style::#style, #explode) });
    }

    // The body, when the operation module declares a `RequestBody` for it.
    let body = op.request_body.as_ref().filter(|body| {
        body.ty.is_some() || matches!(body.media, MediaKind::Text | MediaKind::Bytes)
    });
    if let Some(body) = body {
        let content_type = &body.content_type;
        let validator = match &body.ty {
            Some(ty) if !ty.nullable => match &ty.kind {
                TypeExprKind::Named(type_name) => {
                    let function = names.of(type_name);
                    quote! { Some(#root validation::#function) }
                }
                _ => quote! { None },
            },
            _ => quote! { None },
        };
        let (by_ref, by_value) = if body.required {
            (
                quote! { Some(&request.body) },
                quote! { Some(request.body) },
            )
        } else {
            (quote! { request.body.as_ref() }, quote! { request.body })
        };
        calls.push(match body.media {
            MediaKind::Json => quote! { .json(#content_type, #by_ref, #validator) },
            MediaKind::Form => quote! { .form(#content_type, #by_ref, #validator) },
            MediaKind::Text => quote! { .text(#content_type, #by_value) },
            MediaKind::Bytes => quote! { .bytes(#content_type, #by_value) },
        });
    }

    if !plan.security.is_empty() {
        used.insert("Scheme");
        let alternatives = plan.security.iter().map(|schemes| {
            let schemes = schemes.iter().map(|scheme| scheme_value(scheme, used));
            quote! { &[#(#schemes),*] }
        });
        calls.push(quote! { .security(&[#(#alternatives),*]) });
    }

    let documented: Vec<TokenStream> = plan
        .statuses
        .iter()
        .map(|status| {
            let media = ident(match (status.raw_media(), &status.body) {
                (Some(MediaKind::Text), _) => "Text",
                (Some(_), _) => "Bytes",
                (None, StatusBody::None) => "Empty",
                (None, _) => "Json",
            });
            match status.response.status {
                StatusKey::Code(code) => {
                    let code = Literal::u16_unsuffixed(code);
                    quote! { Documented::Status(#code, Media::#media) }
                }
                StatusKey::Range(class) => {
                    let class = Literal::u8_unsuffixed(class);
                    quote! { Documented::Class(#class, Media::#media) }
                }
                StatusKey::Default => quote! { Documented::Default(Media::#media) },
            }
        })
        .collect();
    if !documented.is_empty() {
        used.insert("Documented");
        used.insert("Media");
    }

    let has_request = !op.params.is_empty() || body.is_some();
    let argument = has_request.then(|| quote! { request: #ops Request });
    let mut heading = format!("`{} {}`", op.method, op.path);
    if let Some(summary) = &op.summary {
        heading.push_str(&format!(": {summary}"));
    }
    if op.deprecated {
        heading.push_str("\n\nDeprecated by the spec.");
    }
    let docs = doc_attrs(Some(&heading));
    quote! {
        #docs
        pub async fn #name(&self, #argument) -> Result<#ops Response, ClientError> {
            self.inner
                .call(&#ops INFO)
                #(#calls)*
                .send(&[#(#documented),*], #ops Response::from_json)
                .await
        }
    }
}

/// The runtime's description of a security scheme.
fn scheme_value(scheme: &SecurityScheme, used: &mut BTreeSet<&'static str>) -> TokenStream {
    let name = &scheme.name.wire;
    match &scheme.kind {
        SecurityKind::Bearer { .. }
        | SecurityKind::OAuth2 { .. }
        | SecurityKind::OpenIdConnect { .. } => quote! { Scheme::Bearer(#name) },
        SecurityKind::Basic => quote! { Scheme::Basic(#name) },
        SecurityKind::OtherHttp { .. } => quote! { Scheme::Authorization(#name) },
        SecurityKind::ApiKey {
            location,
            name: key,
        } => {
            used.insert("ApiKeyLocation");
            let location = ident(match location {
                ParamLocation::Query => "Query",
                ParamLocation::Cookie => "Cookie",
                ParamLocation::Header | ParamLocation::Path => "Header",
            });
            quote! { Scheme::ApiKey { scheme: #name, location: ApiKeyLocation::#location, name: #key } }
        }
    }
}

/// What a scheme's credential is, for the client's documentation.
fn describe(scheme: &SecurityScheme) -> String {
    match &scheme.kind {
        SecurityKind::Bearer { format } => match format {
            Some(format) => format!("a bearer token ({format})"),
            None => "a bearer token".to_owned(),
        },
        SecurityKind::OAuth2 { .. } => "an OAuth2 bearer token".to_owned(),
        SecurityKind::OpenIdConnect { .. } => "an OpenID Connect bearer token".to_owned(),
        SecurityKind::Basic => "basic credentials".to_owned(),
        SecurityKind::OtherHttp { scheme } => {
            format!("an `Authorization` value (`{scheme}` scheme)")
        }
        SecurityKind::ApiKey { location, name } => {
            let place = match location {
                ParamLocation::Query => "query parameter",
                ParamLocation::Cookie => "cookie",
                ParamLocation::Header | ParamLocation::Path => "header",
            };
            format!("an API key in the {place} `{name}`")
        }
    }
}
