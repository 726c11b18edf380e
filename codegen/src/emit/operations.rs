//! One module per operation: what the spec says about it, its request and its responses.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::docs::doc_attrs;
use super::models::{expr_uses, rust_type, undeclared_counter};
use super::plan::{OperationPlan, StatusBody};
use super::tree::{ModulePath, OutputTree};
use super::{ident, Context};
use crate::ir::{MediaKind, Operation, ParamLocation, Response, ResponseBody, StatusKey, TypeExpr};

/// The operations emitter: an `operations` module with one module per operation.
pub(crate) struct Operations;

impl super::Emitter for Operations {
    fn emit(&self, cx: &Context, out: &mut OutputTree) {
        if cx.api.operations.is_empty() {
            return;
        }
        let operations = ModulePath::root().child("operations");
        // An API whose module is itself called `operations` would trip clippy's
        // `module_inception` on `operations::operations`; the name is the user's choice.
        let inception =
            (cx.api.module == "operations").then(|| quote! { #[allow(clippy::module_inception)] });
        out.module_attributes(
            &operations,
            quote! {
                /// One module per operation: its description (`INFO`), request types and a `Response`
                /// enum with a variant per documented status.
                #inception
            },
        );
        for plan in &cx.plans {
            operation(cx, plan, out);
        }
    }
}

fn operation(cx: &Context, plan: &OperationPlan, out: &mut OutputTree) {
    let (op, module) = (plan.op, &plan.module);
    // Named types live at the API's root.
    let prefix = module.path_to(&ModulePath::root());
    let mut heading = format!("`{} {}`", op.method, op.path);
    if let Some(summary) = &op.summary {
        heading.push_str(&format!(": {summary}"));
    }
    if let Some(docs) = &op.docs {
        heading.push_str(&format!("\n\n{docs}"));
    }
    if !op.security.is_empty() {
        let alternatives: Vec<String> = op
            .security
            .iter()
            .map(|schemes| {
                if schemes.is_empty() {
                    "none".to_owned()
                } else {
                    schemes
                        .iter()
                        .map(|s| format!("`{s}`"))
                        .collect::<Vec<_>>()
                        .join(" + ")
                }
            })
            .collect();
        heading.push_str(&format!("\n\nSecurity: {}.", alternatives.join(" or ")));
    }
    if op.deprecated {
        heading.push_str("\n\nDeprecated by the spec.");
    }
    out.module_attributes(module, doc_attrs(Some(&heading)));
    let info = info_const(op);
    let request = op.request_body.as_ref().and_then(|body| {
        let ty = match (&body.ty, body.media) {
            (Some(ty), _) => rust_type(ty, &prefix),
            (None, MediaKind::Text) => quote! { String },
            (None, MediaKind::Bytes) => quote! { Vec<u8> },
            (None, MediaKind::Json | MediaKind::Form) => return None,
        };
        let text = format!(
            "The request body (`{}`, {}).{}",
            body.content_type,
            if body.required {
                "required"
            } else {
                "optional"
            },
            body.docs
                .as_ref()
                .map(|d| format!("\n\n{d}"))
                .unwrap_or_default()
        );
        let docs = doc_attrs(Some(&text));
        Some(quote! { #docs pub type RequestBody = #ty; })
    });
    let params = params_struct(op, &prefix);
    let request_struct = request_struct(op, params.is_some(), request.is_some());
    let (response, alternatives) = response_enum(cx, plan, &prefix);
    if !alternatives.is_empty() {
        out.import(module, quote! { specgen_runtime::serde });
    }
    // Alternatives' `Deserialize` impls read a `serde_json::Value` first; a body or
    // parameter of any JSON value is one.
    let names_json = !alternatives.is_empty()
        || op
            .request_body
            .iter()
            .filter_map(|body| body.ty.as_ref())
            .chain(op.params.iter().map(|param| &param.ty))
            .chain(
                plan.statuses
                    .iter()
                    .filter_map(|status| match &status.body {
                        StatusBody::One(ty) => Some(*ty),
                        _ => None,
                    }),
            )
            .any(expr_uses);
    if names_json {
        out.import(module, quote! { specgen_runtime::serde_json });
    }
    out.item(module, info);
    out.item(module, request.unwrap_or_default());
    out.item(module, params.unwrap_or_default());
    out.item(module, request_struct);
    out.item(module, response);
    for alternative in alternatives {
        out.item(module, alternative);
    }
}

/// `Request`: everything a caller sends, as the client takes it and the server hands it to
/// the handler.
fn request_struct(op: &Operation, has_params: bool, has_body: bool) -> TokenStream {
    if !has_params && !has_body {
        return TokenStream::new();
    }
    let params = has_params.then(|| {
        quote! {
            /// The path, query, header and cookie parameters.
            pub params: Params,
        }
    });
    let body = has_body.then(|| {
        let required = op.request_body.as_ref().is_some_and(|b| b.required);
        let ty = if required {
            quote! { RequestBody }
        } else {
            quote! { Option<RequestBody> }
        };
        quote! {
            /// The request body.
            pub body: #ty,
        }
    });
    quote! {
        /// The operation's request: what a client sends and a server handler receives.
        #[derive(Debug, Clone, PartialEq)]
        pub struct Request {
            #params
            #body
        }
    }
}

fn info_const(op: &Operation) -> TokenStream {
    let name = &op.name.rust;
    let operation_id = if op.has_operation_id {
        let id = &op.name.wire;
        quote! { Some(#id) }
    } else {
        quote! { None }
    };
    let method = op.method.as_str();
    let path = &op.path;
    let summary = match &op.summary {
        Some(summary) => quote! { Some(#summary) },
        None => quote! { None },
    };
    let responses = op.responses.iter().flat_map(|response| {
        response.alternatives.iter().map(move |body| {
            let status = match response.status {
                StatusKey::Code(code) => {
                    let code = Literal::u16_unsuffixed(code);
                    quote! { Some(#code) }
                }
                _ => quote! { None },
            };
            let key = &body.key;
            let description = &body.description;
            let body_type = match &body.ty {
                Some(ty) => {
                    let text = super::models::type_label(ty);
                    quote! { Some(#text) }
                }
                None => quote! { None },
            };
            quote! { (#status, #key, #description, #body_type), }
        })
    });
    quote! {
        /// What the spec documents about this operation, including every response body.
        pub const INFO: specgen_runtime::OperationInfo = specgen_runtime::OperationInfo {
            name: #name,
            operation_id: #operation_id,
            method: #method,
            path: #path,
            summary: #summary,
            responses: specgen_runtime::responses![#(#responses)*],
        };
    }
}

fn params_struct(op: &Operation, prefix: &TokenStream) -> Option<TokenStream> {
    if op.params.is_empty() {
        return None;
    }
    let fields = op.params.iter().map(|param| {
        let name = ident(&param.name.rust);
        let mut ty = rust_type(&param.ty, prefix);
        if !param.required && !param.ty.nullable {
            ty = quote! { Option<#ty> };
        }
        let place = match param.location {
            ParamLocation::Path => "path",
            ParamLocation::Query => "query",
            ParamLocation::Header => "header",
            ParamLocation::Cookie => "cookie",
        };
        let mut text = format!(
            "`{}` ({place} parameter{}).",
            param.name.wire,
            if param.required { ", required" } else { "" }
        );
        if let Some(docs) = &param.docs {
            text.push_str(&format!("\n\n{docs}"));
        }
        let docs = doc_attrs(Some(&text));
        quote! { #docs pub #name: #ty, }
    });
    Some(quote! {
        /// The operation's parameters.
        #[derive(Debug, Clone, PartialEq)]
        pub struct Params {
            #(#fields)*
        }
    })
}

fn response_enum(
    cx: &Context,
    plan: &OperationPlan,
    prefix: &TokenStream,
) -> (TokenStream, Vec<TokenStream>) {
    let mut codes = Vec::new();
    let mut classes = Vec::new();
    let mut default = None;
    let mut alternatives = Vec::new();
    for status in &plan.statuses {
        let response = status.response;
        let variant = ident(&status.variant);
        let descriptions: Vec<String> = response
            .alternatives
            .iter()
            .map(|b| b.description.clone())
            .filter(|d| !d.is_empty())
            .collect();
        let label = match response.status {
            StatusKey::Code(code) => code.to_string(),
            StatusKey::Range(class) => format!("{class}XX"),
            StatusKey::Default => "default".into(),
        };
        // A text or bytes body is taken as it is (text decoded as UTF-8, lossily).
        let (kind, body_type) = match (&status.body, status.raw_media()) {
            (StatusBody::None, Some(MediaKind::Text)) => (quote! { text }, Some(quote! { String })),
            (StatusBody::None, Some(_)) => (quote! { bytes }, Some(quote! { Vec<u8> })),
            (StatusBody::None, None) => (quote! { none }, None),
            (StatusBody::One(ty), _) => (quote! { json }, Some(rust_type(ty, prefix))),
            (
                StatusBody::Alternatives {
                    enum_name,
                    variants,
                },
                _,
            ) => {
                alternatives.push(alternatives_enum(cx, enum_name, response, variants, prefix));
                let name = ident(enum_name);
                (quote! { json }, Some(quote! { #name }))
            }
        };
        let text = format!(
            "`{label}`: {}",
            if descriptions.is_empty() {
                "(no description)".to_owned()
            } else {
                descriptions.join(" / ")
            }
        );
        let docs = doc_attrs(Some(&text));
        let body_type = body_type.map(|ty| quote! { (#ty) });
        match response.status {
            StatusKey::Code(code) => {
                let code = Literal::u16_unsuffixed(code);
                codes.push(quote! { #docs #variant = #code #kind #body_type; });
            }
            StatusKey::Range(class) => {
                let low = Literal::u16_unsuffixed(u16::from(class) * 100);
                let high = Literal::u16_unsuffixed(u16::from(class) * 100 + 99);
                classes.push(quote! { #docs #variant = #low..=#high #kind #body_type; });
            }
            StatusKey::Default => default = Some(quote! { #docs #variant #kind #body_type; }),
        }
    }
    let response = quote! {
        specgen_runtime::response_enum! {
            codes { #(#codes)* }
            classes { #(#classes)* }
            default { #default }
        }
    };
    (response, alternatives)
}

fn alternatives_enum(
    cx: &Context,
    name: &str,
    response: &Response,
    bodies: &[(String, &TypeExpr, Vec<&ResponseBody>)],
    prefix: &TokenStream,
) -> TokenStream {
    let type_name = ident(name);
    let mut text = format!(
        "The {} documented bodies of this status, in spec order:\n",
        response.alternatives.len()
    );
    let variant_names: Vec<&str> = bodies.iter().map(|(name, _, _)| name.as_str()).collect();
    for body in &response.alternatives {
        let variant = bodies
            .iter()
            .position(|(_, _, members)| members.iter().any(|m| std::ptr::eq(*m, body)))
            .map_or_else(
                || "(no body)".to_owned(),
                |i| format!("`{}`", variant_names[i]),
            );
        text.push_str(&format!(
            "\n- `{}` {}: {variant}",
            body.key, body.description
        ));
    }
    text.push_str("\n\nBodies of the same type cannot be told apart on the wire, so they share a variant. A body is decoded as the alternative that fits and leaves the fewest members undeclared.");
    let docs = doc_attrs(Some(&text));
    let variants: Vec<_> = variant_names.iter().map(|n| ident(n)).collect();
    let types: Vec<_> = bodies
        .iter()
        .map(|(_, ty, _)| rust_type(ty, prefix))
        .collect();
    let variant_docs = bodies.iter().map(|(_, _, members)| {
        let keys: Vec<String> = members.iter().map(|m| format!("`{}`", m.key)).collect();
        let text = format!("The body of {}.", keys.join(", "));
        doc_attrs(Some(&text))
    });
    let candidates = bodies.iter().zip(&variants).map(|((_, ty, _), variant)| {
        let counter = undeclared_counter(cx, ty, prefix);
        quote! { specgen_runtime::alternatives::candidate(&value, Self::#variant, #counter), }
    });
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, serde::Serialize)]
        #[serde(crate = "specgen_runtime::serde", untagged)]
        pub enum #type_name {
            #( #variant_docs #variants(#types), )*
        }

        impl<'de> serde::Deserialize<'de> for #type_name {
            fn deserialize<D: specgen_runtime::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
                specgen_runtime::alternatives::best_fit(#name, vec![#(#candidates)*])
                    .map_err(specgen_runtime::serde::de::Error::custom)
            }
        }
    }
}
