//! Emitters: IR → Rust token streams. They never parse specs and never touch files.

mod docs;
mod models;
mod operations;
mod recursion;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::Api;

pub use docs::sanitize as sanitize_docs;

/// Every item generated for one API: models, then an `operations` module.
pub fn api_items(api: &Api) -> TokenStream {
    let context = Context {
        api,
        boxed: recursion::boxed_edges(api),
    };
    let types = api.types.iter().map(|ty| models::type_def(&context, ty));
    let operations = operations::operations_module(&context);
    quote! {
        use specgen_runtime::serde::{Deserialize, Serialize};
        use specgen_runtime::serde_json;

        #(#types)*

        #operations
    }
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
}

pub(crate) fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}
