//! The `json` schema extension: the JSON name of a member whose JSON form does not use its
//! XML name.
//!
//! A JSON form may name a repeated element by a plural (`"Providers": [...]`) where XML
//! repeats the element (`<Provider/><Provider/>`). The name is declared in the `xs:appinfo`
//! of the local element declaration, in the namespace [`EXTENSION_NAMESPACE`]:
//!
//! ```xml
//! <xs:element name="Provider" type="Provider" minOccurs="0" maxOccurs="unbounded">
//!   <xs:annotation><xs:appinfo>
//!     <sg:json xmlns:sg="urn:specgen:xsd" name="Providers"/>
//!   </xs:appinfo></xs:annotation>
//! </xs:element>
//! ```
//!
//! The member's [`crate::ir::Field::json_name`] is then `Providers`: XML keeps the element
//! name, JSON encoding writes `Providers`, and JSON decoding accepts both `Providers` and
//! `Provider` (serde's `alias`; one object holding both is serde's duplicate-field error, at
//! that object's JSON Pointer). JSON Pointers: a decode error points through the spelling the
//! document used (`/Providers/0/Id` or `/Provider/0/Id`); the content rules, which run on the
//! decoded value, point through the configured name. Validation of JSON values and the JSON
//! Schema describe the configured name, the form the encoder writes.
//!
//! Errors, each at the extension element, all reported together:
//! - a `json` that is not on a local `xs:element` (a global element, an attribute, a type, …);
//! - a missing or blank `name`, another attribute, content, or a second `json` on one element;
//! - a name equal to another member's JSON name or XML name (JSON could not tell them apart);
//! - a name on the only element of a list wrapper, whose JSON form is the array itself;
//! - a name on a member a dispatch reads (see [`super::dispatch`]);
//! - an extension element of the namespace that specgen does not know, or a `dispatch`
//!   that is not on a global element.

use super::dispatch::EXTENSION_NAMESPACE;
use super::document::{Node, XsdDocument};
use crate::diagnostics::Diagnostics;

/// The local name of the extension element.
const JSON: &str = "json";
/// The local name of the dispatch extension element (read by [`super::dispatch`]).
const DISPATCH: &str = "dispatch";

/// Checks where every specgen extension element of the schema is, and the form of each
/// `json` element. Problems go to `diagnostics`.
pub(super) fn check(doc: &XsdDocument, diagnostics: &mut Diagnostics) {
    visit(doc, &doc.root, None, diagnostics);
}

fn visit(doc: &XsdDocument, node: &Node, parent: Option<&Node>, diagnostics: &mut Diagnostics) {
    let global = parent.is_some_and(|p| std::ptr::eq(p, &doc.root));
    let mut jsons = 0;
    for extension in extension_elements(node) {
        let location = doc.location(extension);
        match extension.local.as_str() {
            JSON if node.local != "element" => diagnostics.error(
                format!(
                    "a `json` name belongs on a local `xs:element` (a member of a complex type), not on `xs:{}`",
                    node.local
                ),
                Some(location),
            ),
            JSON if global => diagnostics.error(
                "a `json` name on a global element: a document's root element has no member name in JSON (put it on the local element declarations that use it)",
                Some(location),
            ),
            JSON => {
                jsons += 1;
                if jsons > 1 {
                    diagnostics.error("a second `json` on the same element", Some(location));
                    continue;
                }
                check_form(doc, extension, diagnostics);
            }
            DISPATCH if node.local != "element" || !global => diagnostics.error(
                format!(
                    "a `dispatch` belongs on a global `xs:element`, not on {}",
                    if node.local == "element" {
                        "a local one".to_owned()
                    } else {
                        format!("`xs:{}`", node.local)
                    }
                ),
                Some(location),
            ),
            DISPATCH => {}
            other => diagnostics.error(
                format!(
                    "unknown specgen extension `{other}` (expected `dispatch` on a global element or `json` on a local element)"
                ),
                Some(location),
            ),
        }
    }
    for child in &node.children {
        if child.extension.is_none() && child.local != "annotation" {
            visit(doc, child, Some(node), diagnostics);
        }
    }
}

fn check_form(doc: &XsdDocument, extension: &Node, diagnostics: &mut Diagnostics) {
    let location = || Some(doc.location(extension));
    for (key, _) in &extension.attrs {
        if key != "name" {
            diagnostics.error(
                format!("unknown attribute `{key}` on `json` (expected `name`)"),
                location(),
            );
        }
    }
    if extension
        .attr("name")
        .is_none_or(|name| name.trim().is_empty())
    {
        diagnostics.error(
            "`json` needs a `name` attribute: the member's JSON name",
            location(),
        );
    }
    if !extension.children.is_empty() || !extension.text.trim().is_empty() {
        diagnostics.error(
            "`json` has no content: the name is its `name` attribute",
            location(),
        );
    }
}

/// The specgen extension elements in the `xs:annotation/xs:appinfo` of `node`.
fn extension_elements(node: &Node) -> impl Iterator<Item = &Node> {
    node.children
        .iter()
        .filter(|c| c.local == "annotation" && c.extension.is_none())
        .flat_map(|a| a.children.iter().filter(|c| c.local == "appinfo"))
        .flat_map(|a| a.children.iter())
        .filter(|c| c.extension.as_deref() == Some(EXTENSION_NAMESPACE))
}

/// The JSON name declared on the local element declaration `element`, and the extension
/// element declaring it: the first `json` with a usable name ([`check`] reports the rest).
pub(super) fn declared(element: &Node) -> Option<(&str, &Node)> {
    extension_elements(element)
        .filter(|e| e.local == JSON)
        .find_map(|e| {
            let name = e.attr("name").filter(|n| !n.trim().is_empty())?;
            Some((name, e))
        })
}
