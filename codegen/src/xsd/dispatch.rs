//! The `dispatch` schema extension: a typed message view that picks the body's meaning from a
//! code in the document.
//!
//! It is declared in the `xs:appinfo` of a global element, in the namespace
//! [`EXTENSION_NAMESPACE`]:
//!
//! ```xml
//! <xs:element name="Message">
//!   <xs:annotation><xs:appinfo>
//!     <sg:dispatch xmlns:sg="urn:specgen:xsd" name="FeedMessage" on="Header/Type" body="Body"
//!                  bare-json-lists="true">
//!       <sg:case code="1" name="FixtureUpdate" content="Events">A fixture update.</sg:case>
//!       <sg:case code="32" name="Heartbeat">No body.</sg:case>
//!     </sg:dispatch>
//!   </xs:appinfo></xs:annotation>
//!   …
//! ```
//!
//! - `on`: `Member/Code`, a member of the root type and the member of its type holding the
//!   code (an integer, or an integer code table).
//! - `body`: the root type's member holding the body. The root may have no member other
//!   than these two, so the typed view loses nothing.
//! - `case`: a documented code, the Rust name of its variant, and `content`, the member of
//!   the body type it carries (none: the code has no body). Its text documents the variant.
//! - `bare-json-lists`: in JSON, a list content is written as the body itself
//!   (`"Body": [...]`). Decoding accepts both forms either way.
//!
//! Every problem is reported with the location of the offending extension element.

use std::collections::BTreeSet;

use super::document::{Node, XsdDocument};
use crate::diagnostics::Diagnostics;
use crate::ir::{
    CodeKind, Dispatch, DispatchCase, DispatchContent, EnumRepr, Field, Scalar, Struct, TypeDef,
    TypeExprKind, TypeKind, XmlNode,
};
use crate::naming;

/// The namespace of specgen's XSD extensions.
pub const EXTENSION_NAMESPACE: &str = "urn:specgen:xsd";

/// Reads the dispatch declared on the global element `element` (of Rust type `root_ty`),
/// if any. Problems go to `diagnostics`.
pub(super) fn dispatch(
    doc: &XsdDocument,
    element: &Node,
    root_ty: &str,
    types: &[TypeDef],
    diagnostics: &mut Diagnostics,
) -> Option<Dispatch> {
    let mut declarations = extension_elements(element);
    let declaration = declarations.next()?;
    for extra in declarations {
        diagnostics.error(
            "a second `dispatch` on the same element",
            Some(doc.location(extra)),
        );
    }
    let mut reader = Reader {
        doc,
        diagnostics,
        types,
    };
    reader.read(declaration, root_ty)
}

/// The specgen extension elements in the element's `xs:annotation/xs:appinfo`.
fn extension_elements(element: &Node) -> impl Iterator<Item = &Node> {
    element
        .children
        .iter()
        .filter(|c| c.local == "annotation" && c.extension.is_none())
        .flat_map(|a| a.children.iter().filter(|c| c.local == "appinfo"))
        .flat_map(|a| a.children.iter())
        .filter(|c| c.extension.as_deref() == Some(EXTENSION_NAMESPACE))
        .filter(|c| c.local == "dispatch")
}

struct Reader<'a> {
    doc: &'a XsdDocument,
    diagnostics: &'a mut Diagnostics,
    types: &'a [TypeDef],
}

impl<'a> Reader<'a> {
    fn error(&mut self, message: impl Into<String>, node: &Node) {
        let location = self.doc.location(node);
        self.diagnostics.error(message, Some(location));
    }

    fn read(&mut self, node: &Node, root_ty: &str) -> Option<Dispatch> {
        self.check_attributes(node, &["name", "on", "body", "bare-json-lists"]);
        let errors_before = self.diagnostics.error_count();
        let name = self.required(node, "name");
        let on = self.required(node, "on");
        let body_wire = self.required(node, "body");
        let bare_json_lists = match node.attr("bare-json-lists") {
            None | Some("false") => false,
            Some("true") => true,
            Some(other) => {
                self.error(
                    format!("`bare-json-lists` must be `true` or `false`, not `{other}`"),
                    node,
                );
                false
            }
        };
        let (name, on, body_wire) = (name?, on?, body_wire?);
        let name = self.type_name(node, name);

        let Some(root) = self.struct_named(root_ty) else {
            self.error(
                format!("a dispatch needs an element with child elements; `{root_ty}` has none"),
                node,
            );
            return None;
        };
        let Some((header_wire, code_wire)) = on
            .split_once('/')
            .filter(|(h, c)| !h.is_empty() && !c.is_empty() && !c.contains('/'))
        else {
            self.error(
                format!("`on` must be `Member/Code` (a member of the root, then the member of its type holding the code), not `{on}`"),
                node,
            );
            return None;
        };
        // Every part is checked even when another is wrong, so all problems show at once.
        let header = self.member(node, root, root_ty, header_wire);
        let body = self.member(node, root, root_ty, body_wire);
        for field in header.iter().chain(&body) {
            self.keeps_element_name(node, field);
        }
        for field in &root.fields {
            if field.name.wire != header_wire && field.name.wire != body_wire {
                self.error(
                    format!(
                        "the typed message keeps only `{header_wire}` and `{body_wire}`, but `{root_ty}` also has `{}`, which would be lost",
                        field.name.wire
                    ),
                    node,
                );
            }
        }
        if header.is_some_and(|h| !h.required) {
            self.error(
                format!("`{header_wire}` must be required: it holds the code"),
                node,
            );
        }
        let header_ty = header.and_then(|h| self.named_struct_of(node, h, header_wire));
        let body_ty = body.and_then(|b| self.named_struct_of(node, b, body_wire));
        let code = header_ty.as_deref().and_then(|ty| {
            let header_struct = self.struct_named(ty)?;
            self.member(node, header_struct, ty, code_wire)
        });
        let code_kind = code.and_then(|code| {
            if !code.required {
                self.error(format!("`{on}` must be required: it is the code"), node);
            }
            let kind = self.code_kind(&code.ty.kind);
            if kind.is_none() {
                self.error(
                    format!("`{on}` must be an integer or an integer code table"),
                    node,
                );
            }
            kind
        });
        let body_struct = body_ty.as_deref().and_then(|ty| self.struct_named(ty));
        let cases = self.cases(node, body_struct, body_ty.as_deref().unwrap_or(body_wire));
        if self.diagnostics.error_count() > errors_before {
            return None;
        }
        let (header, body, code) = (header?, body?, code?);
        let (header_ty, body_ty, code_kind) = (header_ty?, body_ty?, code_kind?);
        Some(Dispatch {
            name,
            docs: docs(node),
            header: header.name.clone(),
            header_ty,
            code: code.name.clone(),
            code_kind,
            body: body.name.clone(),
            body_ty,
            bare_json_lists,
            cases,
            origin: self.doc.location(node),
        })
    }

    fn code_kind(&self, kind: &TypeExprKind) -> Option<CodeKind> {
        match kind {
            TypeExprKind::Scalar(Scalar::Int32 | Scalar::Int64) => Some(CodeKind::Integer),
            TypeExprKind::Named(ty) => {
                match self.types.iter().find(|t| &t.name == ty).map(|t| &t.kind) {
                    Some(TypeKind::Enum(e)) if e.repr == EnumRepr::Integer => {
                        Some(CodeKind::IntEnum)
                    }
                    Some(TypeKind::Alias(alias)) => self.code_kind(&alias.kind),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// The cases; their content members are resolved when the body type is known.
    fn cases(&mut self, node: &Node, body: Option<&'a Struct>, body_ty: &str) -> Vec<DispatchCase> {
        let mut cases = Vec::new();
        let mut codes = BTreeSet::new();
        let mut variants = BTreeSet::from(["Unknown".to_owned()]);
        for child in &node.children {
            if child.extension.as_deref() != Some(EXTENSION_NAMESPACE) || child.local != "case" {
                if child.extension.as_deref() == Some(EXTENSION_NAMESPACE) {
                    self.error(
                        format!(
                            "unknown element `{}` in a dispatch (expected `case`)",
                            child.local
                        ),
                        child,
                    );
                }
                continue;
            }
            self.check_attributes(child, &["code", "name", "content"]);
            let code = self.required(child, "code").and_then(|code| {
                let parsed = code.trim().parse::<i64>().ok();
                if parsed.is_none() {
                    self.error(format!("`code` must be an integer, not `{code}`"), child);
                }
                parsed
            });
            let variant = self
                .required(child, "name")
                .map(|name| self.type_name(child, name));
            let content = child.attr("content").and_then(|wire| {
                let field = self.member(child, body?, body_ty, wire)?;
                self.keeps_element_name(child, field);
                if field.ty.nullable {
                    self.error(
                        format!("`{wire}` is nillable: a case's content must be a value"),
                        child,
                    );
                }
                Some(DispatchContent {
                    member: field.name.clone(),
                    json_array: self.json_array(&field.ty.kind),
                    ty: field.ty.clone(),
                })
            });
            let (Some(code), Some(variant)) = (code, variant) else {
                continue;
            };
            if !codes.insert(code) {
                self.error(format!("code {code} has two cases"), child);
            }
            if !variants.insert(variant.clone()) {
                self.error(
                    format!("the variant name `{variant}` is used twice (`Unknown` is reserved for codes without a case)"),
                    child,
                );
            }
            cases.push(DispatchCase {
                code,
                variant,
                docs: docs(child),
                content,
            });
        }
        if cases.is_empty() {
            self.error("a dispatch needs at least one `case`", node);
        }
        cases
    }

    fn json_array(&self, kind: &TypeExprKind) -> bool {
        match kind {
            TypeExprKind::Array(_) => true,
            TypeExprKind::Named(name) => self.struct_named(name).is_some_and(|s| s.json_array),
            _ => false,
        }
    }

    fn check_attributes(&mut self, node: &Node, known: &[&str]) {
        for (key, _) in &node.attrs {
            if !known.contains(&key.as_str()) {
                self.error(
                    format!(
                        "unknown attribute `{key}` on `{}` (expected {})",
                        node.local,
                        known
                            .iter()
                            .map(|k| format!("`{k}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                    node,
                );
            }
        }
    }

    fn required<'n>(&mut self, node: &'n Node, attr: &str) -> Option<&'n str> {
        let value = node.attr(attr).filter(|v| !v.trim().is_empty());
        if value.is_none() {
            self.error(format!("`{}` needs a `{attr}` attribute", node.local), node);
        }
        value
    }

    /// A Rust type or variant name from the schema: it must already be one.
    fn type_name(&mut self, node: &Node, name: &str) -> String {
        let camel = naming::camel(name);
        if camel != name {
            self.error(
                format!("`{name}` is not an UpperCamelCase Rust name (did you mean `{camel}`?)"),
                node,
            );
        } else if self.types.iter().any(|t| t.name == name) && node.local == "dispatch" {
            self.error(
                format!("`{name}` is already the name of a generated type"),
                node,
            );
        }
        camel
    }

    fn struct_named(&self, name: &str) -> Option<&'a Struct> {
        self.types.iter().find_map(|t| match &t.kind {
            TypeKind::Struct(s) if t.name == name => Some(s),
            _ => None,
        })
    }

    fn member(
        &mut self,
        node: &Node,
        owner: &'a Struct,
        owner_ty: &str,
        wire: &str,
    ) -> Option<&'a Field> {
        let field = owner
            .fields
            .iter()
            .find(|f| f.name.wire == wire && f.xml == XmlNode::Element);
        if field.is_none() {
            let known: Vec<String> = owner
                .fields
                .iter()
                .filter(|f| f.xml == XmlNode::Element)
                .map(|f| format!("`{}`", f.name.wire))
                .collect();
            self.error(
                format!(
                    "`{owner_ty}` has no child element `{wire}` (it has {})",
                    if known.is_empty() {
                        "none".to_owned()
                    } else {
                        known.join(", ")
                    }
                ),
                node,
            );
        }
        field
    }

    /// The generated message reads the header, the body and a case's content by their
    /// element names in JSON as well, so a `json` name on one of them is an error.
    fn keeps_element_name(&mut self, node: &Node, field: &Field) {
        if let Some(json) = &field.json_name {
            self.error(
                format!(
                    "`{}` has the JSON name `{json}` (a `json` extension), but a dispatch reads its header, body and case contents by their element names in JSON too: remove the extension",
                    field.name.wire
                ),
                node,
            );
        }
    }

    fn named_struct_of(&mut self, node: &Node, field: &Field, wire: &str) -> Option<String> {
        match &field.ty.kind {
            TypeExprKind::Named(ty) if self.struct_named(ty).is_some() && !field.ty.nullable => {
                Some(ty.clone())
            }
            _ => {
                self.error(
                    format!("`{wire}` must be a single element with child elements"),
                    node,
                );
                None
            }
        }
    }
}

fn docs(node: &Node) -> Option<String> {
    let text = node.text.split_whitespace().collect::<Vec<_>>().join(" ");
    (!text.is_empty()).then_some(text)
}
