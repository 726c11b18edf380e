//! The output of emission: a tree of modules, each with its imports and items, that
//! emitters fill in and that becomes one token stream at the end. Paths between modules are
//! computed here, so no emitter spells `super::` itself.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

use super::ident;

/// A module below the API's root module (`[]` is the root itself).
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct ModulePath(Vec<String>);

impl ModulePath {
    /// The API's root module.
    pub fn root() -> Self {
        Self::default()
    }

    /// The child module `name` of this one.
    pub fn child(&self, name: &str) -> Self {
        let mut segments = self.0.clone();
        segments.push(name.to_owned());
        Self(segments)
    }

    /// A path prefix that names items of `target` from inside this module: empty for the
    /// same module, `super::` per level up, then the child segments down.
    pub fn path_to(&self, target: &ModulePath) -> TokenStream {
        let common = self
            .0
            .iter()
            .zip(&target.0)
            .take_while(|(a, b)| a == b)
            .count();
        let ups = (common..self.0.len()).map(|_| quote! { super:: });
        let downs = target.0[common..].iter().map(|segment| {
            let segment = ident(segment);
            quote! { #segment:: }
        });
        quote! { #(#ups)* #(#downs)* }
    }
}

/// One generated module: what it imports, and its items and child modules in the order
/// they were added.
#[derive(Default)]
struct Module {
    path: ModulePath,
    /// Attributes and doc comments of the `mod` item itself.
    attributes: TokenStream,
    /// By their text, so that each is written once and in a stable order.
    imports: BTreeMap<String, TokenStream>,
    entries: Vec<Entry>,
}

enum Entry {
    Item(TokenStream),
    Child(usize),
}

/// Every module of one API.
pub(crate) struct OutputTree {
    /// `modules[0]` is the root.
    modules: Vec<Module>,
}

impl Default for OutputTree {
    fn default() -> Self {
        Self {
            modules: vec![Module::default()],
        }
    }
}

impl OutputTree {
    fn index(&mut self, path: &ModulePath) -> usize {
        if let Some(index) = self.modules.iter().position(|m| m.path == *path) {
            return index;
        }
        let parent = match path.0.split_last() {
            Some((_, rest)) => self.index(&ModulePath(rest.to_vec())),
            None => 0,
        };
        self.modules.push(Module {
            path: path.clone(),
            ..Module::default()
        });
        let index = self.modules.len() - 1;
        self.modules[parent].entries.push(Entry::Child(index));
        index
    }

    /// Adds an item to `module`.
    pub fn item(&mut self, module: &ModulePath, item: TokenStream) {
        if !item.is_empty() {
            let index = self.index(module);
            self.modules[index].entries.push(Entry::Item(item));
        }
    }

    /// Makes `module` import `path` (a `use` path such as `specgen_runtime::serde_json`).
    /// Each import is written once, sorted, whoever asks for it.
    pub fn import(&mut self, module: &ModulePath, path: TokenStream) {
        let index = self.index(module);
        self.modules[index].imports.insert(path.to_string(), path);
    }

    /// Sets the doc comments and attributes of the `mod` item of `module`.
    pub fn module_attributes(&mut self, module: &ModulePath, attributes: TokenStream) {
        let index = self.index(module);
        self.modules[index].attributes = attributes;
    }

    /// The whole tree as the items of the root module.
    pub fn into_tokens(self) -> TokenStream {
        self.render(0)
    }

    fn render(&self, index: usize) -> TokenStream {
        let module = &self.modules[index];
        let imports = module.imports.values().map(|path| quote! { use #path; });
        let entries = module.entries.iter().map(|entry| match entry {
            Entry::Item(item) => item.clone(),
            Entry::Child(child) => {
                let attributes = &self.modules[*child].attributes;
                let name = ident(
                    self.modules[*child]
                        .path
                        .0
                        .last()
                        .map_or("", String::as_str),
                );
                let body = self.render(*child);
                quote! { #attributes pub mod #name { #body } }
            }
        });
        quote! {
            #(#imports)*
            #(#entries)*
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_between_modules() {
        let root = ModulePath::root();
        let operations = root.child("operations");
        let place_bet = operations.child("place_bet");
        let validation = root.child("validation");
        assert_eq!(place_bet.path_to(&root).to_string(), "super :: super ::");
        assert_eq!(
            place_bet.path_to(&validation).to_string(),
            "super :: super :: validation ::"
        );
        assert_eq!(
            root.path_to(&place_bet).to_string(),
            "operations :: place_bet ::"
        );
        assert_eq!(operations.path_to(&operations).to_string(), "");
    }

    #[test]
    fn modules_nest_with_sorted_imports_once() {
        let mut tree = OutputTree::default();
        let root = ModulePath::root();
        let child = root.child("operations").child("get");
        tree.item(&child, quote! { pub struct A; });
        tree.import(&child, quote! { specgen_runtime::serde_json });
        tree.import(
            &child,
            quote! { specgen_runtime::serde::{Deserialize, Serialize} },
        );
        tree.import(&child, quote! { specgen_runtime::serde_json });
        tree.item(&root, quote! { pub struct B; });
        let text = tree.into_tokens().to_string();
        assert_eq!(
            text,
            "pub mod operations { pub mod get { \
             use specgen_runtime :: serde :: { Deserialize , Serialize } ; \
             use specgen_runtime :: serde_json ; pub struct A ; } } pub struct B ;"
        );
    }
}
