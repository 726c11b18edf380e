//! Emitters: IR → Rust token streams. They never parse specs and never touch files.

mod client;
mod dispatch;
mod docs;
mod mock;
mod models;
mod operations;
mod plan;
mod server;
mod tree;
mod typed_validation;
mod validation;
mod xml;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::analysis::TypeFacts;
use crate::ir::Api;
use tree::{ModulePath, OutputTree};

pub use docs::sanitize as sanitize_docs;

/// One concern of the generated code (models, codecs, operations, validation, …). Each
/// emitter adds its items to the output tree where they belong and asks for the imports
/// they use; none knows about the others, so a new one is one more entry in [`EMITTERS`].
pub(crate) trait Emitter {
    /// Adds this emitter's items for `cx.api` to `out`.
    fn emit(&self, cx: &Context, out: &mut OutputTree);

    /// What this emitter cannot generate for `cx.api`, as located warnings: a part it
    /// leaves out is reported, never skipped silently.
    fn limits(&self, _cx: &Context) -> Vec<crate::diagnostics::Diagnostic> {
        Vec::new()
    }
}

/// Every emitter, in the order their items appear in a generated module.
const EMITTERS: &[&dyn Emitter] = &[
    &models::Models,
    &xml::XmlCodecs,
    &dispatch::DispatchTypes,
    &operations::Operations,
    &validation::JsonValidation,
    &typed_validation::TypedValidation,
    &JsonSchemas,
    &server::Server,
    &client::Client,
    &mock::Mock,
];

/// Every item generated for one API: models, then an `operations` module.
/// `effective_document` is the API's effective OpenAPI document, which the mock serves
/// (see `pipeline::effective_document`).
pub fn api_items(
    api: &Api,
    options: &crate::pipeline::Options,
    effective_document: Option<&serde_json::Value>,
) -> (TokenStream, Vec<crate::diagnostics::Diagnostic>) {
    let context = Context {
        effective_document,
        api,
        schemars_feature: options.schemars_feature.clone(),
        // An API with XML root elements (an XSD) is an XML format: it always gets codecs.
        xml_codecs: options.xml_codecs || !api.xml_roots.is_empty(),
        server_feature: options.server_feature.clone(),
        client_feature: options.client_feature.clone(),
        mock_feature: options.mock_feature.clone(),
        facts: TypeFacts::new(api),
        plans: api
            .operations
            .iter()
            .map(|op| plan::OperationPlan::new(api, op))
            .collect(),
    };
    let mut out = OutputTree::default();
    let mut limits = Vec::new();
    for emitter in EMITTERS {
        limits.extend(emitter.limits(&context));
        emitter.emit(&context, &mut out);
    }
    (out.into_tokens(), limits)
}

/// One module declaration per API for a crate root, documented from each spec's info.
pub fn module_declarations(apis: &[&Api]) -> TokenStream {
    let modules = apis.iter().map(|api| {
        let name = ident(&api.module);
        let mut text = format!("{} (version {})", api.title, api.version);
        if let Some(docs) = &api.docs {
            text.push_str("\n\n");
            text.push_str(docs);
        }
        text.push_str(&format!(
            "\n\nGenerated from {}.",
            api.sources
                .iter()
                .map(|s| format!("`{s}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
        let docs = docs::doc_attrs(Some(&text));
        // prettyplease's layout is the reference: rustfmt must not rewrite generated modules,
        // or `cargo specgen check` would see a difference.
        quote! { #docs #[rustfmt::skip] pub mod #name; }
    });
    quote! { #(#modules)* }
}

/// `json_schemas()`: every component schema's JSON Schema as derived from the generated
/// types, by JSON Pointer (behind the schemars feature).
struct JsonSchemas;

impl Emitter for JsonSchemas {
    fn emit(&self, cx: &Context, out: &mut OutputTree) {
        out.item(&ModulePath::root(), json_schemas(cx));
    }
}

fn json_schemas(cx: &Context) -> TokenStream {
    let Some(feature) = &cx.schemars_feature else {
        return TokenStream::new();
    };
    let entries: Vec<TokenStream> = cx
        .api
        .types
        .iter()
        .filter(|t| is_component_schema(&t.source_name))
        .map(|ty| {
            let pointer = &ty.source_name;
            let name = ident(&ty.name);
            quote! { (#pointer, <#name as specgen_runtime::schemars::JsonSchema>::json_schema(generator)), }
        })
        .collect();
    // APIs without named schemas (an XSD's types are not JSON Schema components) get none.
    if entries.is_empty() {
        return TokenStream::new();
    }
    quote! {
        /// The JSON Schema of every named schema of the spec, derived from the generated
        /// types, by JSON Pointer: proof that no constraint was lost between spec and code.
        #[cfg(feature = #feature)]
        pub fn json_schemas(
            generator: &mut specgen_runtime::schemars::SchemaGenerator,
        ) -> Vec<(&'static str, specgen_runtime::schemars::Schema)> {
            vec![#(#entries)*]
        }
    }
}

/// Whether a type is a named schema of the spec (`/components/schemas/<name>`), not an
/// inline schema inside one.
pub(crate) fn is_component_schema(source_name: &str) -> bool {
    source_name
        .strip_prefix("/components/schemas/")
        .is_some_and(|name| !name.contains('/'))
}

pub(crate) struct Context<'a> {
    pub api: &'a Api,
    /// Derive `JsonSchema` under this cargo feature (see `Options`).
    pub schemars_feature: Option<String>,
    /// Generate `FromXml` / `ToXml` (see `Options::xml_codecs`).
    pub xml_codecs: bool,
    /// The cargo features of the HTTP modules (see `Options::server_feature` and the like).
    pub server_feature: Option<String>,
    pub client_feature: Option<String>,
    pub mock_feature: Option<String>,
    /// Facts about the types, computed once (the analysis stage).
    pub facts: TypeFacts<'a>,
    /// One plan per operation, in spec order.
    pub plans: Vec<plan::OperationPlan<'a>>,
    /// The effective OpenAPI document, when the API has one and the mock is generated.
    pub effective_document: Option<&'a serde_json::Value>,
}

pub(crate) fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}
