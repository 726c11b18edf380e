//! Emitters: IR → Rust token streams. They never parse specs and never touch files.

mod dispatch;
mod docs;
mod models;
mod operations;
mod recursion;
mod typed_validation;
mod validation;
mod xml;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::Api;

pub use docs::sanitize as sanitize_docs;

/// Every item generated for one API: models, then an `operations` module.
pub fn api_items(api: &Api, options: &crate::pipeline::Options) -> TokenStream {
    let context = Context {
        api,
        schemars_feature: options.schemars_feature.clone(),
        // An API with XML root elements (an XSD) is an XML format: it always gets codecs.
        xml_codecs: options.xml_codecs || !api.xml_roots.is_empty(),
        boxed: recursion::boxed_edges(api),
        recursive_aliases: recursion::recursive_aliases(api),
    };
    let types: TokenStream = api
        .types
        .iter()
        .map(|ty| models::type_def(&context, ty))
        .collect();
    let xml_codecs = if context.xml_codecs {
        xml::xml_codecs(&context)
    } else {
        TokenStream::new()
    };
    let dispatch_types = dispatch::dispatch_types(&context);
    let operations = operations::operations_module(&context);
    let validation = validation::validation(&context);
    let typed_validation = typed_validation::typed_validation(&context);
    let json_schemas = json_schemas(&context);
    // Import only what the models use: an API of enums and aliases alone (or of operations
    // whose bodies are scalars) would otherwise fail `unused_imports`. The `operations`
    // module has imports of its own.
    let serde_traits = (mentions(&types, "Serialize")
        || mentions(&types, "Deserialize")
        || mentions(&dispatch_types, "Deserialize"))
    .then(|| quote! { use specgen_runtime::serde::{Deserialize, Serialize}; });
    let serde_json = (mentions(&types, "serde_json") || mentions(&validation, "serde_json"))
        .then(|| quote! { use specgen_runtime::serde_json; });
    // schemars' derive names `serde::Serializer` when a member has both a default and a
    // serde `with`; the generated module must make that path resolve.
    let serde_for_schemars = context.schemars_feature.as_ref().map(|feature| {
        quote! {
            #[cfg(feature = #feature)]
            #[allow(unused_imports)]
            use specgen_runtime::serde;
        }
    });
    quote! {
        #serde_traits
        #serde_json
        #serde_for_schemars

        #types

        #xml_codecs

        #dispatch_types

        #operations

        #validation

        #typed_validation

        #json_schemas
    }
}

/// Whether `tokens` use the identifier `name` anywhere (outside string literals).
fn mentions(tokens: &TokenStream, name: &str) -> bool {
    tokens.clone().into_iter().any(|token| match token {
        proc_macro2::TokenTree::Ident(ident) => ident == name,
        proc_macro2::TokenTree::Group(group) => mentions(&group.stream(), name),
        _ => false,
    })
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
    pub boxed: std::collections::BTreeSet<(String, String)>,
    /// Aliases that refer to themselves (`A` = array of `A`): emitted as newtype structs.
    pub recursive_aliases: std::collections::BTreeSet<String>,
}

pub(crate) fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}
