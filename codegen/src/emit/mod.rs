//! Emitters: IR → Rust token streams. They never parse specs and never touch files.

mod docs;
mod models;
mod operations;
mod recursion;
mod validation;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::Api;

pub use docs::sanitize as sanitize_docs;

/// Every item generated for one API: models, then an `operations` module.
pub fn api_items(api: &Api) -> TokenStream {
    let context = Context {
        api,
        boxed: recursion::boxed_edges(api),
        recursive_aliases: recursion::recursive_aliases(api),
    };
    let types: TokenStream = api
        .types
        .iter()
        .map(|ty| models::type_def(&context, ty))
        .collect();
    let operations = operations::operations_module(&context);
    let validation = validation::validation(&context);
    // Import only what the models use: an API of enums and aliases alone (or of operations
    // whose bodies are scalars) would otherwise fail `unused_imports`. The `operations`
    // module has imports of its own.
    let serde_traits = (mentions(&types, "Serialize") || mentions(&types, "Deserialize"))
        .then(|| quote! { use specgen_runtime::serde::{Deserialize, Serialize}; });
    let serde_json = (mentions(&types, "serde_json") || mentions(&validation, "serde_json"))
        .then(|| quote! { use specgen_runtime::serde_json; });
    quote! {
        #serde_traits
        #serde_json

        #types

        #operations

        #validation
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
pub fn module_declarations(apis: &[Api]) -> TokenStream {
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

pub(crate) struct Context<'a> {
    pub api: &'a Api,
    pub boxed: std::collections::BTreeSet<(String, String)>,
    /// Aliases that refer to themselves (`A` = array of `A`): emitted as newtype structs.
    pub recursive_aliases: std::collections::BTreeSet<String>,
}

pub(crate) fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}
