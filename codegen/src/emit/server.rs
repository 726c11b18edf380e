//! The server emitter: a `server` module per API (behind the server feature) with a trait
//! `Api`, one method per operation, and `router` / `router_with`, which describe each
//! operation to `specgen_runtime::http::server::Routes` in a few lines: its info, security,
//! body, how to build its `Request` from the parsed input and its `Response` for an error
//! the layer produces. Routing, authentication, decoding and encoding live in the runtime.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::docs::doc_attrs;
use super::plan::{OperationPlan, StatusBody};
use super::tree::{ModulePath, OutputTree};
use super::validation::ValidatorNames;
use super::{ident, Context};
use crate::ir::{
    MediaKind, ParamLocation, ParamStyle, SecurityKind, SecurityScheme, StatusKey, TypeExpr,
    TypeExprKind, TypeKind,
};

/// The server emitter.
pub(crate) struct Server;

impl super::Emitter for Server {
    fn emit(&self, cx: &Context, out: &mut OutputTree) {
        let Some(feature) = &cx.server_feature else {
            return;
        };
        if cx.api.operations.is_empty() {
            return;
        }
        let module = ModulePath::root().child("server");
        out.module_attributes(
            &module,
            quote! {
                /// An axum server: implement [`Api`](server::Api) (one method per operation) and
                /// serve [`router`](server::router). Requests are routed, authenticated, size-limited, decoded and
                /// validated before a method is called; errors are answered with the spec's
                /// documented bodies.
                #[cfg(feature = #feature)]
            },
        );
        out.import(&module, quote! { specgen_runtime::http::server as rt });
        let methods = cx.plans.iter().map(|plan| trait_method(plan, &module));
        // One naming of the validators for every operation's parameter checks.
        let names = ValidatorNames::new(cx.api);
        let operations = cx
            .plans
            .iter()
            .map(|plan| operation(cx, plan, &module, &names));
        out.item(
            &module,
            quote! {
                /// The operations of the API, as the server calls them. Implement each with
                /// `async fn`; the returned future must be `Send`.
                pub trait Api: Send + Sync + 'static {
                    #(#methods)*
                }

                /// The router of an [`Api`], with the default [`rt::ServerConfig`].
                pub fn router<A: Api>(api: A) -> specgen_runtime::http::axum::Router {
                    router_with(api, rt::ServerConfig::default())
                }

                /// The router of an [`Api`], configured (body limit, credential verifiers, error hook).
                pub fn router_with<A: Api>(api: A, config: rt::ServerConfig) -> specgen_runtime::http::axum::Router {
                    rt::Routes::new(api, config)
                        #(#operations)*
                        .into_router()
                }
            },
        );
    }
}

/// Whether the operation module declares a `Request` (parameters or a typed body).
fn has_request(plan: &OperationPlan) -> bool {
    !plan.op.params.is_empty() || request_body_kind(plan).is_some()
}

/// The operation's body as the `Request` holds it: its media kind and type.
fn request_body_kind<'a>(plan: &OperationPlan<'a>) -> Option<(MediaKind, Option<&'a TypeExpr>)> {
    let body = plan.body.as_ref()?;
    match (body.ty, body.media) {
        (Some(ty), media) => Some((media, Some(ty))),
        (None, MediaKind::Text | MediaKind::Bytes) => Some((body.media, None)),
        (None, MediaKind::Json | MediaKind::Form) => None,
    }
}

fn trait_method(plan: &OperationPlan, server: &ModulePath) -> TokenStream {
    let op = plan.op;
    let name = ident(&op.name.rust);
    let module = server.path_to(&plan.module);
    let mut text = format!("`{} {}`", op.method, op.path);
    if let Some(summary) = &op.summary {
        text.push_str(&format!(": {summary}"));
    }
    if op.deprecated {
        text.push_str("\n\nDeprecated by the spec.");
    }
    let docs = doc_attrs(Some(&text));
    let request = has_request(plan).then(|| quote! { request: #module Request, });
    quote! {
        #docs
        fn #name(&self, #request context: rt::RequestContext)
            -> impl std::future::Future<Output = Result<#module Response, rt::HandlerError>> + Send;
    }
}

fn operation(
    cx: &Context,
    plan: &OperationPlan,
    server: &ModulePath,
    names: &ValidatorNames,
) -> TokenStream {
    let name = ident(&plan.op.name.rust);
    let module = server.path_to(&plan.module);
    let security = security(plan);
    let body = match &plan.body {
        Some(body) => {
            let content_type = body.content_type;
            let required = body.required;
            quote! { Some(rt::BodySpec { content_type: #content_type, required: #required }) }
        }
        None => quote! { None },
    };
    let content_types = content_types(plan);
    let request = request_fn(cx, plan, &module, server, names);
    let error = error_fn(cx, plan, &module, server);
    let handler = if has_request(plan) {
        quote! { |api, request, context| async move { api.#name(request, context).await } }
    } else {
        quote! { |api, (), context| async move { api.#name(context).await } }
    };
    quote! {
        .operation(
            rt::Operation {
                info: &#module INFO,
                security: &[#security],
                body: #body,
                content_types: &[#content_types],
                request: #request,
                status: #module Response::status,
                encode: #module Response::into_body,
                error: #error,
            },
            #handler,
        )
    }
}

fn security(plan: &OperationPlan) -> TokenStream {
    let alternatives = plan.security.iter().map(|schemes| {
        let schemes = schemes.iter().map(|scheme| scheme_tokens(scheme));
        quote! { &[#(#schemes),*] }
    });
    quote! { #(#alternatives),* }
}

fn scheme_tokens(scheme: &SecurityScheme) -> TokenStream {
    let forwarded = match &scheme.forwarded_identity_header {
        Some(header) => {
            let header = header.to_ascii_lowercase();
            quote! { Some(#header) }
        }
        None => quote! { None },
    };
    match &scheme.kind {
        SecurityKind::Bearer { .. }
        | SecurityKind::OAuth2 { .. }
        | SecurityKind::OpenIdConnect { .. } => {
            quote! { rt::Scheme::Bearer { forwarded: #forwarded } }
        }
        SecurityKind::Basic => quote! { rt::Scheme::Basic { forwarded: #forwarded } },
        SecurityKind::ApiKey { location, name } => {
            let location = location_tokens(*location);
            quote! { rt::Scheme::ApiKey { location: #location, name: #name, forwarded: #forwarded } }
        }
        SecurityKind::OtherHttp { .. } => quote! { rt::Scheme::Other { forwarded: #forwarded } },
    }
}

fn location_tokens(location: ParamLocation) -> TokenStream {
    match location {
        ParamLocation::Path => quote! { rt::In::Path },
        ParamLocation::Query => quote! { rt::In::Query },
        ParamLocation::Header => quote! { rt::In::Header },
        ParamLocation::Cookie => quote! { rt::In::Cookie },
    }
}

/// The media types of response bodies other than `application/json` (other JSON types, and
/// the text and bytes bodies), exact statuses first, then ranges, then `default`.
fn content_types(plan: &OperationPlan) -> TokenStream {
    let mut entries: Vec<(u8, u16, u16, &str)> = Vec::new();
    for status in &plan.statuses {
        let Some(media) = status.response.alternatives.iter().find_map(|body| {
            let content_type = body.content_type.as_deref()?;
            let json = body.media == Some(MediaKind::Json) && body.ty.is_some();
            (json || status.raw_media().is_some()).then_some(content_type)
        }) else {
            continue;
        };
        if media.eq_ignore_ascii_case("application/json") {
            continue;
        }
        let (rank, low, high) = match status.response.status {
            StatusKey::Code(code) => (0, code, code),
            StatusKey::Range(class) => (1, u16::from(class) * 100, u16::from(class) * 100 + 99),
            StatusKey::Default => (2, 100, 599),
        };
        entries.push((rank, low, high, media));
    }
    entries.sort_by_key(|(rank, ..)| *rank);
    let entries = entries.iter().map(|(_, low, high, media)| {
        let (low, high) = (
            Literal::u16_unsuffixed(*low),
            Literal::u16_unsuffixed(*high),
        );
        quote! { (#low, #high, #media) }
    });
    quote! { #(#entries),* }
}

/// Whether a body type has a validator (`Validate`): a named type other than an alias or a
/// JSON value, used as is.
fn validated(cx: &Context, ty: &TypeExpr) -> bool {
    match &ty.kind {
        TypeExprKind::Named(name) => {
            !ty.nullable
                && cx
                    .api
                    .type_def(name)
                    .is_some_and(|t| !matches!(t.kind, TypeKind::Alias(_) | TypeKind::Json(_)))
        }
        _ => false,
    }
}

/// The name of a body type kept as a JSON value ([`TypeKind::Json`]), used as is: such a
/// body is checked by its validation function.
fn json_value_type<'a>(cx: &Context, ty: &'a TypeExpr) -> Option<&'a str> {
    match &ty.kind {
        TypeExprKind::Named(name)
            if !ty.nullable
                && cx
                    .api
                    .type_def(name)
                    .is_some_and(|t| matches!(t.kind, TypeKind::Json(_))) =>
        {
            Some(name)
        }
        _ => None,
    }
}

fn request_fn(
    cx: &Context,
    plan: &OperationPlan,
    module: &TokenStream,
    server: &ModulePath,
    names: &ValidatorNames,
) -> TokenStream {
    if !has_request(plan) {
        return quote! { |_| Ok(()) };
    }
    let root = server.path_to(&ModulePath::root());
    let params = (!plan.op.params.is_empty()).then(|| {
        let fields = plan.op.params.iter().map(|param| {
            let field = ident(&param.name.rust);
            let wire = &param.name.wire;
            let location = location_tokens(param.location);
            let explode = param.explode;
            let style = match param.style {
                ParamStyle::Form | ParamStyle::DeepObject => {
                    quote! { rt::Style::Form { explode: #explode } }
                }
                ParamStyle::Simple => quote! { rt::Style::Simple },
                ParamStyle::Label => quote! { rt::Style::Label { explode: #explode } },
                ParamStyle::Matrix => quote! { rt::Style::Matrix { explode: #explode } },
                ParamStyle::SpaceDelimited => quote! { rt::Style::SpaceDelimited },
                ParamStyle::PipeDelimited => quote! { rt::Style::PipeDelimited },
            };
            let check = names.of_param(&plan.op.name.rust, &param.name.rust);
            quote! { #field: input.checked_param(#location, #wire, #style, #root validation::#check)?, }
        });
        quote! { params: #module Params { #(#fields)* }, }
    });
    let body = request_body_kind(plan).map(|(media, ty)| {
        let required = plan.body.as_ref().is_some_and(|b| b.required);
        if let (MediaKind::Json, Some(name)) = (media, ty.and_then(|ty| json_value_type(cx, ty))) {
            let check = names.of(name);
            let method = ident(if required {
                "json_checked"
            } else {
                "optional_json_checked"
            });
            return quote! { body: input.#method(#root validation::#check)?, };
        }
        let method = match (media, ty) {
            (MediaKind::Text, _) => "text",
            (MediaKind::Bytes, _) => "bytes",
            (MediaKind::Form, Some(ty)) if validated(cx, ty) => "form",
            (MediaKind::Json | MediaKind::Form, Some(ty)) if validated(cx, ty) => "json",
            _ => "json_unvalidated",
        };
        let method = if required {
            ident(method)
        } else {
            ident(&format!("optional_{method}"))
        };
        quote! { body: input.#method()?, }
    });
    quote! { |input| Ok(#module Request { #params #body }) }
}

/// `|status, violations| …`: the documented response of each exact status the layer can
/// answer with a body it builds: an error report (`from_violations`) or no body at all.
fn error_fn(
    cx: &Context,
    plan: &OperationPlan,
    module: &TokenStream,
    server: &ModulePath,
) -> TokenStream {
    let root = server.path_to(&ModulePath::root());
    let mut arms = Vec::new();
    let mut reports = false;
    for status in &plan.statuses {
        let StatusKey::Code(code) = status.response.status else {
            continue;
        };
        let variant = ident(&status.variant);
        let literal = Literal::u16_unsuffixed(code);
        let value = match &status.body {
            // A text or bytes body cannot be built from violations.
            StatusBody::None if status.raw_media().is_some() => continue,
            StatusBody::None => quote! { #module Response::#variant },
            StatusBody::One(ty) => {
                let Some(report) = report_type(cx, ty) else {
                    continue;
                };
                let report = ident(report);
                reports = true;
                quote! { #module Response::#variant(#root #report::from_violations(violations)) }
            }
            StatusBody::Alternatives { enum_name, .. } => {
                let Some(error) = plan.error_body(&cx.facts, code) else {
                    continue;
                };
                let (Some(alternative), Some(report)) = (error.alternative, error.report_type)
                else {
                    continue;
                };
                let (enum_name, alternative, report) =
                    (ident(enum_name), ident(alternative), ident(report));
                reports = true;
                quote! {
                    #module Response::#variant(#module #enum_name::#alternative(#root #report::from_violations(violations)))
                }
            }
        };
        arms.push(quote! { #literal => Some(#value), });
    }
    if arms.is_empty() {
        return quote! { |_, _| None };
    }
    let violations = if reports {
        quote! { violations }
    } else {
        quote! { _ }
    };
    quote! {
        |status, #violations| match status {
            #(#arms)*
            _ => None,
        }
    }
}

/// The error-report type of a body used as is (not nullable), if it is one.
fn report_type<'a>(cx: &'a Context, ty: &TypeExpr) -> Option<&'a str> {
    let TypeExprKind::Named(name) = &ty.kind else {
        return None;
    };
    if ty.nullable {
        return None;
    }
    cx.api
        .type_def(name)
        .filter(|t| matches!(&t.kind, TypeKind::Struct(s) if s.violation_report.is_some()))
        .map(|t| t.name.as_str())
}
