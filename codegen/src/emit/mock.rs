//! The mock emitter: a `mock` module per API (behind the mock feature) with `Mock`, an
//! implementation of the server trait that answers every operation from a table of the
//! spec's examples and derived values (`crate::mock_values`), the effective OpenAPI
//! document as a constant, and `router()`. Choosing an answer (the `Prefer` header),
//! credentials and `/openapi.json` live in `specgen_runtime::http::mock`.

use std::str::FromStr;

use proc_macro2::TokenStream;
use quote::quote;

use super::plan::{OperationPlan, StatusBody};
use super::tree::{ModulePath, OutputTree};
use super::{ident, Context};
use crate::ir::{MediaKind, StatusKey};
use crate::mock_values::{body_values, DERIVED};

/// The mock emitter.
pub(crate) struct Mock;

impl super::Emitter for Mock {
    fn emit(&self, cx: &Context, out: &mut OutputTree) {
        let Some(feature) = &cx.mock_feature else {
            return;
        };
        // The mock implements the server trait: no server, no mock.
        if cx.api.operations.is_empty() || cx.server_feature.is_none() {
            return;
        }
        let module = ModulePath::root().child("mock");
        let server = module.path_to(&ModulePath::root().child("server"));
        out.module_attributes(
            &module,
            quote! {
                /// A mock server: [`Mock`](mock::Mock) answers every operation with a documented
                /// response, from the spec's examples or values derived from its schemas, chosen
                /// with a `Prefer: code=<status>, example=<name>` request header (see
                /// `specgen_runtime::http::mock`); [`router`](mock::router) serves it.
                #[cfg(feature = #feature)]
            },
        );
        out.import(&module, quote! { specgen_runtime::http::mock as rt });
        out.import(
            &module,
            quote! { specgen_runtime::http::server as server_rt },
        );
        let methods = cx.plans.iter().map(|plan| method(cx, plan, &module));
        let (openapi, served) = match cx.effective_document {
            Some(document) => {
                let text = raw_string(&document.to_string());
                (
                    quote! {
                        /// The effective OpenAPI document (overlays applied, alternative responses
                        /// merged), served at `GET /openapi.json`.
                        pub const OPENAPI_JSON: &str = #text;
                    },
                    quote! { rt::router(server, OPENAPI_JSON) },
                )
            }
            None => (TokenStream::new(), quote! { server }),
        };
        out.item(
            &module,
            quote! {
                #openapi

                /// Answers every operation from the spec (see the module documentation).
                #[derive(Debug, Clone, Copy, Default)]
                pub struct Mock;

                impl #server Api for Mock {
                    #(#methods)*
                }

                /// The server's router around [`Mock`], accepting any credentials (a missing one
                /// is still 401).
                pub fn router() -> specgen_runtime::http::axum::Router {
                    router_with(rt::config())
                }

                /// The server's router around [`Mock`] with `config` (e.g.
                /// [`rt::config_accepting`] to accept one credential only).
                pub fn router_with(
                    config: specgen_runtime::http::server::ServerConfig,
                ) -> specgen_runtime::http::axum::Router {
                    let server = #server router_with(Mock, config);
                    #served
                }
            },
        );
    }
}

fn method(cx: &Context, plan: &OperationPlan, mock: &ModulePath) -> TokenStream {
    let name = ident(&plan.op.name.rust);
    let operation = mock.path_to(&plan.module);
    let has_request = !plan.op.params.is_empty()
        || plan.body.as_ref().is_some_and(|body| {
            body.ty.is_some() || matches!(body.media, MediaKind::Text | MediaKind::Bytes)
        });
    let request = has_request.then(|| quote! { _request: #operation Request, });
    let answers = answers(cx, plan)
        .into_iter()
        .map(|(status, example, body)| {
            let body = raw_string(&body);
            quote! { (#status, #example, #body), }
        });
    quote! {
        async fn #name(&self, #request context: server_rt::RequestContext)
            -> Result<#operation Response, server_rt::HandlerError> {
            rt::answer(&context, &[#(#answers)*], #operation Response::from_json)
        }
    }
}

/// Every answer of an operation: response key, example name and JSON body, in spec order.
fn answers(cx: &Context, plan: &OperationPlan) -> Vec<(String, String, String)> {
    let mut answers = Vec::new();
    for status in &plan.statuses {
        let key = match status.response.status {
            StatusKey::Code(code) => code.to_string(),
            StatusKey::Range(class) => format!("{class}XX"),
            StatusKey::Default => "default".to_owned(),
        };
        let json = !matches!(status.body, StatusBody::None);
        let before = answers.len();
        for (index, body) in status.response.alternatives.iter().enumerate() {
            if !json || body.ty.is_none() {
                continue;
            }
            for (name, value) in body_values(cx.api, body) {
                let name = if name == DERIVED && index > 0 {
                    format!("{DERIVED}-{}", index + 1)
                } else {
                    name
                };
                answers.push((key.clone(), name, value.to_string()));
            }
        }
        if answers.len() == before {
            answers.push((key, DERIVED.to_owned(), String::new()));
        }
    }
    answers
}

/// `text` as a raw string literal (`r#"…"#`, with as many `#` as it needs).
fn raw_string(text: &str) -> TokenStream {
    let mut hashes = String::new();
    while text.contains(&format!("\"{hashes}")) {
        hashes.push('#');
    }
    TokenStream::from_str(&format!("r{hashes}\"{text}\"{hashes}"))
        .unwrap_or_else(|_| quote! { #text })
}
