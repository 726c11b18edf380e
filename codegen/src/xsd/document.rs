//! The XSD text as a light tree of schema elements, read with quick-xml.
//!
//! xsd-parser keeps no positions, so this tree gives every declaration its [`Location`]:
//! an XPath-like path (`/complexType[@name='Bet']/attribute[@name='Price']`) and the line and
//! column of its start tag. It also makes the checks xsd-parser does not make (or makes by
//! panicking): well-formedness with a position, unsupported constructs, and references that
//! name nothing, all reported at once before xsd-parser runs.

use std::cell::Cell;
use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use quick_xml::events::{BytesStart, Event};
use quick_xml::{Decoder, Reader};

use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::source::MAX_NESTING;

/// The XML Schema namespace.
pub const XS_NAMESPACE: &str = "http://www.w3.org/2001/XMLSchema";
const XML_NAMESPACE: &str = "http://www.w3.org/XML/1998/namespace";

/// The XSD 1.0 built-in datatypes (plus `anyType`), as xsd-parser's interpreter must know them.
pub const BUILTIN_TYPES: &[&str] = &[
    "anyType",
    "anySimpleType",
    "string",
    "normalizedString",
    "token",
    "language",
    "Name",
    "NCName",
    "NMTOKEN",
    "NMTOKENS",
    "ID",
    "IDREF",
    "IDREFS",
    "ENTITY",
    "ENTITIES",
    "QName",
    "NOTATION",
    "anyURI",
    "base64Binary",
    "hexBinary",
    "boolean",
    "decimal",
    "integer",
    "nonPositiveInteger",
    "negativeInteger",
    "long",
    "int",
    "short",
    "byte",
    "nonNegativeInteger",
    "unsignedLong",
    "unsignedInt",
    "unsignedShort",
    "unsignedByte",
    "positiveInteger",
    "float",
    "double",
    "duration",
    "dateTime",
    "time",
    "date",
    "gYearMonth",
    "gYear",
    "gMonthDay",
    "gDay",
    "gMonth",
];

/// Built-in list types: values are whitespace-separated lists, which the IR has no form for.
const BUILTIN_LIST_TYPES: &[&str] = &["NMTOKENS", "IDREFS", "ENTITIES"];

/// One element of the XML Schema namespace, or an application element inside `xs:appinfo`
/// (schema extensions such as [`super::extensions`] read). Other foreign elements, such as
/// markup inside `xs:documentation`, are not kept.
#[derive(Debug)]
pub struct Node {
    /// Local name (`complexType`, `element`, …).
    pub local: String,
    /// Unqualified attributes, in document order, values unescaped.
    pub attrs: Vec<(String, String)>,
    /// Namespace declarations on this element: prefix (empty for the default) → URI.
    ns_decls: Vec<(String, String)>,
    /// 1-based line and column of the start tag's `<`.
    pub line_col: (usize, usize),
    /// XPath-like path from the `xs:schema` element (which has the empty path).
    pub pointer: String,
    /// Schema elements inside this one, in document order.
    pub children: Vec<Node>,
    /// For `xs:documentation` and application elements: their text content.
    pub text: String,
    /// For an application element inside `xs:appinfo`: its namespace URI; `None` for the
    /// elements of the XML Schema namespace.
    pub extension: Option<String>,
}

impl Node {
    /// The value of an unqualified attribute.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    /// The `name` attribute.
    pub fn name(&self) -> Option<&str> {
        self.attr("name")
    }

    /// The first child with this local name.
    pub fn child(&self, local: &str) -> Option<&Node> {
        self.children.iter().find(|c| c.local == local)
    }

    /// Whether `attr`'s whitespace-separated value contains `token`.
    fn attr_has(&self, attr: &str, token: &str) -> bool {
        self.attr(attr)
            .is_some_and(|v| v.split_whitespace().any(|t| t == token))
    }
}

/// A parsed XSD file.
#[derive(Debug)]
pub struct XsdDocument {
    /// The file as the user named it.
    pub file: Arc<str>,
    /// The `xs:schema` element.
    pub root: Node,
}

/// The local part of a QName.
pub fn local_part(qname: &str) -> &str {
    qname.rsplit(':').next().unwrap_or(qname)
}

/// Byte offsets to lines and columns (in characters).
struct LineIndex<'t> {
    text: &'t str,
    starts: Vec<usize>,
    /// The last offset asked for and its column (0-based): the reader asks in document
    /// order, so counting on from there keeps a schema written on one line linear.
    cursor: Cell<(usize, usize)>,
}

impl<'t> LineIndex<'t> {
    fn new(text: &'t str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Self {
            text,
            starts,
            cursor: Cell::new((0, 0)),
        }
    }

    fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&start| start <= offset);
        let start = self.starts[line - 1];
        let (cursor, cursor_column) = self.cursor.get();
        let (from, base) = if (start..=offset).contains(&cursor) {
            (cursor, cursor_column)
        } else {
            (start, 0)
        };
        let column = base
            + self
                .text
                .get(from..offset)
                .map_or(offset - from, |s| s.chars().count());
        self.cursor.set((offset, column));
        (line, column + 1)
    }
}

/// The namespace declarations in scope: for each prefix, the URIs bound to it by the open
/// elements, innermost last. Resolving a prefix is one lookup however deep the element is.
#[derive(Default)]
struct NamespaceScopes {
    bindings: HashMap<String, Vec<String>>,
}

impl NamespaceScopes {
    fn enter(&mut self, decls: &[(String, String)]) {
        for (prefix, uri) in decls {
            self.bindings
                .entry(prefix.clone())
                .or_default()
                .push(uri.clone());
        }
    }

    fn leave(&mut self, decls: &[(String, String)]) {
        for (prefix, _) in decls {
            if let Some(uris) = self.bindings.get_mut(prefix) {
                uris.pop();
            }
        }
    }

    fn resolve(&self, prefix: &str) -> Option<&str> {
        self.bindings
            .get(prefix)
            .and_then(|uris| uris.last())
            .map(String::as_str)
    }
}

struct Frame {
    node: Option<Node>,
    qname: String,
    decls: Vec<(String, String)>,
    /// Inside `xs:documentation` / `xs:appinfo` or a foreign element: markup is content.
    opaque: bool,
    offset: usize,
    /// The index in the stack of the closest enclosing frame that has a node: where this
    /// frame's node (or text) goes.
    parent_node: Option<usize>,
}

/// The frame whose node receives what is read at the top of `stack`.
fn current_node(stack: &[Frame]) -> Option<usize> {
    let top = stack.last()?;
    if top.node.is_some() {
        Some(stack.len() - 1)
    } else {
        top.parent_node
    }
}

impl XsdDocument {
    /// Parses `text`; a document that is not well-formed XML, or not an XML Schema, is one
    /// error with the position of the problem.
    pub fn parse(file: Arc<str>, text: &str) -> Result<Self, Diagnostic> {
        let lines = LineIndex::new(text);
        let at = |offset: usize| {
            Some(Location {
                file: file.clone(),
                pointer: String::new(),
                line_col: Some(lines.line_col(offset)),
            })
        };
        let malformed = |message: String, offset: usize| {
            Diagnostic::error(
                format!("the XSD is not well-formed XML: {message}"),
                at(offset),
            )
        };
        let mut reader = Reader::from_str(text);
        let mut stack: Vec<Frame> = Vec::new();
        let mut scopes = NamespaceScopes::default();
        let mut root: Option<Node> = None;
        loop {
            let offset = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
            let event = match reader.read_event() {
                Ok(event) => event,
                Err(error) => {
                    let position = usize::try_from(reader.error_position()).unwrap_or(usize::MAX);
                    return Err(malformed(error.to_string(), position));
                }
            };
            match event {
                Event::Start(_) | Event::Empty(_) if root.is_some() && stack.is_empty() => {
                    return Err(malformed(
                        "a second top-level element after the schema".into(),
                        offset,
                    ));
                }
                Event::Start(ref start) | Event::Empty(ref start) => {
                    // Checked before anything recursive sees the document: xsd-parser reads
                    // elements with one native stack frame per level, and overflowed the
                    // stack on a few thousand.
                    if stack.len() >= MAX_NESTING {
                        return Err(Diagnostic::error(
                            format!("the document nests deeper than {MAX_NESTING} levels"),
                            at(offset),
                        ));
                    }
                    let frame =
                        open_frame(start, reader.decoder(), &stack, &mut scopes, offset, &lines)
                            .map_err(|m| malformed(m, offset))?;
                    if stack.is_empty() && frame.node.is_none() {
                        return Err(Diagnostic::error(
                            format!(
                                "not an XML Schema: the root element is `<{}>`, expected `xs:schema` in namespace `{XS_NAMESPACE}`",
                                frame.qname
                            ),
                            at(offset),
                        ));
                    }
                    stack.push(frame);
                    if matches!(event, Event::Empty(_)) {
                        close_frame(&mut stack, &mut scopes, &mut root);
                    }
                }
                Event::End(_) => close_frame(&mut stack, &mut scopes, &mut root),
                Event::Text(content) => {
                    let content = content
                        .decode()
                        .map_err(|e| malformed(e.to_string(), offset))?;
                    append_documentation(&mut stack, &content);
                }
                Event::CData(content) => {
                    let content = content
                        .decode()
                        .map_err(|e| malformed(e.to_string(), offset))?;
                    append_documentation(&mut stack, &content);
                }
                Event::GeneralRef(reference) => {
                    let resolved = match reference.resolve_char_ref() {
                        Ok(Some(c)) => c.to_string(),
                        Ok(None) => {
                            let name = reference
                                .decode()
                                .map_err(|e| malformed(e.to_string(), offset))?;
                            match name.as_ref() {
                                "amp" => "&".into(),
                                "lt" => "<".into(),
                                "gt" => ">".into(),
                                "quot" => "\"".into(),
                                "apos" => "'".into(),
                                other => format!("&{other};"),
                            }
                        }
                        Err(error) => return Err(malformed(error.to_string(), offset)),
                    };
                    append_documentation(&mut stack, &resolved);
                }
                Event::Eof => break,
                Event::Decl(_) | Event::PI(_) | Event::DocType(_) | Event::Comment(_) => {}
            }
        }
        if let Some(open) = stack.last() {
            return Err(malformed(
                format!("`<{}>` is never closed", open.qname),
                open.offset,
            ));
        }
        let Some(mut root) = root else {
            return Err(Diagnostic::error(
                "the XSD has no root element (expected `xs:schema`)",
                at(0),
            ));
        };
        if root.local != "schema" {
            return Err(Diagnostic::error(
                format!(
                    "not an XML Schema: the root element is `{}`, expected `xs:schema` in namespace `{XS_NAMESPACE}`",
                    root.local
                ),
                at(0).map(|mut l| {
                    l.line_col = Some(root.line_col);
                    l
                }),
            ));
        }
        assign_pointers(&mut root, "");
        Ok(Self { file, root })
    }

    /// Where `node` is.
    pub fn location(&self, node: &Node) -> Location {
        Location {
            file: self.file.clone(),
            pointer: node.pointer.clone(),
            line_col: Some(node.line_col),
        }
    }

    /// The `targetNamespace`, if any.
    pub fn target_namespace(&self) -> Option<&str> {
        self.root.attr("targetNamespace")
    }

    /// The text of the schema's top-level `xs:annotation/xs:documentation`.
    pub fn schema_docs(&self) -> Option<String> {
        let texts: Vec<&str> = self
            .root
            .children
            .iter()
            .filter(|c| c.local == "annotation")
            .flat_map(|a| a.children.iter().filter(|c| c.local == "documentation"))
            .map(|d| d.text.trim())
            .filter(|t| !t.is_empty())
            .collect();
        (!texts.is_empty()).then(|| texts.join("\n\n"))
    }

    /// The global declaration `<xs:{local} name="{name}">`.
    pub fn global(&self, local: &str, name: &str) -> Option<&Node> {
        self.root
            .children
            .iter()
            .find(|c| c.local == local && c.name() == Some(name))
    }

    /// Whether the complex type at `node` may not be extended (`final="extension"` or
    /// `"#all"`, or the schema's `finalDefault`).
    pub fn forbids_extension(&self, node: &Node) -> bool {
        let forbids =
            |n: &Node, attr: &str| n.attr_has(attr, "extension") || n.attr_has(attr, "#all");
        if node.attr("final").is_some() {
            forbids(node, "final")
        } else {
            node.local == "complexType"
                && node.name().is_some()
                && forbids(&self.root, "finalDefault")
        }
    }

    /// The `nth` (0-based) declaration of an `element` or `attribute` named `name` that
    /// belongs to the type at `scope`: its own particles and attributes, those of the named
    /// groups and attribute groups it uses and those of the type it extends (first, as
    /// xsd-parser lists inherited members first). Nested anonymous types are not entered.
    pub fn find_declaration<'d>(
        &'d self,
        scope: &'d Node,
        kind: &str,
        name: &str,
        nth: usize,
    ) -> Option<&'d Node> {
        let mut remaining = nth;
        self.search(scope, kind, name, &mut remaining, 0)
    }

    fn search<'d>(
        &'d self,
        scope: &'d Node,
        kind: &str,
        name: &str,
        remaining: &mut usize,
        depth: usize,
    ) -> Option<&'d Node> {
        if depth > 32 {
            return None;
        }
        for child in &scope.children {
            match child.local.as_str() {
                local if local == kind => {
                    let declared = child.name().or_else(|| child.attr("ref").map(local_part));
                    if declared == Some(name) {
                        if *remaining == 0 {
                            return Some(child);
                        }
                        *remaining -= 1;
                    }
                }
                "group" | "attributeGroup" if child.attr("ref").is_some() => {
                    let target = local_part(child.attr("ref").unwrap_or_default());
                    if let Some(definition) = self.global(&child.local, target) {
                        if let Some(found) =
                            self.search(definition, kind, name, remaining, depth + 1)
                        {
                            return Some(found);
                        }
                    }
                }
                "extension" => {
                    if let Some(base) = child
                        .attr("base")
                        .and_then(|b| self.global("complexType", local_part(b)))
                    {
                        if let Some(found) = self.search(base, kind, name, remaining, depth + 1) {
                            return Some(found);
                        }
                    }
                    if let Some(found) = self.search(child, kind, name, remaining, depth + 1) {
                        return Some(found);
                    }
                }
                "sequence" | "choice" | "all" | "complexContent" | "simpleContent"
                | "restriction" | "group" | "attributeGroup" => {
                    if let Some(found) = self.search(child, kind, name, remaining, depth + 1) {
                        return Some(found);
                    }
                }
                _ => {}
            }
        }
        None
    }

    /// Reports what this front-end cannot map (and what xsd-parser would mishandle) and every
    /// reference that names nothing. Errors here stop lowering before xsd-parser runs.
    pub fn check(&self, diagnostics: &mut Diagnostics) {
        let mut globals = Globals::default();
        for child in &self.root.children {
            let global = matches!(
                child.local.as_str(),
                "complexType" | "simpleType" | "element" | "attribute" | "group" | "attributeGroup"
            );
            let Some(name) = child.name() else {
                // xsd-parser reaches an `unreachable!` on an unnamed global type.
                if global {
                    diagnostics.error(
                        format!(
                            "a top-level `xs:{}` must have a `name` attribute",
                            child.local
                        ),
                        Some(self.location(child)),
                    );
                }
                continue;
            };
            let set = match child.local.as_str() {
                "complexType" | "simpleType" => &mut globals.types,
                "element" => &mut globals.elements,
                "attribute" => &mut globals.attributes,
                "group" => &mut globals.groups,
                "attributeGroup" => &mut globals.attribute_groups,
                _ => continue,
            };
            if !set.insert(name.to_owned()) {
                diagnostics.error(
                    format!(
                        "`{name}` is declared twice as a global `xs:{}`",
                        child.local
                    ),
                    Some(self.location(child)),
                );
            }
        }
        if let Some(namespace) = self.target_namespace() {
            diagnostics.warning(
                crate::diagnostics::Code::UnrepresentedNamespace,
                format!("the target namespace `{namespace}` is not represented in the generated code: documents are matched by local names"),
                Some(self.location(&self.root)),
            );
        }
        let mut scopes = NamespaceScopes::default();
        scopes.enter(&self.root.ns_decls);
        for child in &self.root.children {
            self.check_node(child, &globals, &mut scopes, diagnostics);
        }
    }

    fn check_node(
        &self,
        node: &Node,
        globals: &Globals,
        scopes: &mut NamespaceScopes,
        diagnostics: &mut Diagnostics,
    ) {
        if node.local == "annotation" {
            return;
        }
        scopes.enter(&node.ns_decls);
        let here = || Some(self.location(node));
        let mut unsupported = |what: &str, help: &str| {
            diagnostics.push(
                Diagnostic::error(format!("{what} is not supported"), here()).with_help(help),
            );
        };
        match node.local.as_str() {
            "include" | "import" => unsupported(
                &format!("`xs:{}`", node.local),
                "bundle the included or imported components into this schema (one self-contained file)",
            ),
            "redefine" | "override" => unsupported(
                &format!("`xs:{}`", node.local),
                "write the redefined components into the schema itself",
            ),
            "list" => unsupported(
                "`xs:list` (whitespace-separated list values)",
                "use a repeated element instead",
            ),
            "assert" | "assertion" | "alternative" | "openContent" | "defaultOpenContent" => {
                unsupported(
                    &format!("the XSD 1.1 construct `xs:{}`", node.local),
                    "specgen reads XSD 1.0",
                )
            }
            "any" | "anyAttribute" => {
                let mode = node.attr("processContents").unwrap_or("strict");
                if mode == "strict" {
                    unsupported(
                        &format!("`xs:{}` with processContents=\"strict\" (the default)", node.local),
                        "declare the content, or use processContents=\"lax\" or \"skip\" to accept (and ignore) anything",
                    );
                }
            }
            "element" => {
                if node.attr("substitutionGroup").is_some() {
                    unsupported(
                        "a substitution group",
                        "list the alternative elements in an `xs:choice` instead",
                    );
                }
                if node.attr("abstract") == Some("true") || node.attr("abstract") == Some("1") {
                    unsupported("an abstract element", "declare the concrete elements instead");
                }
            }
            "complexType" | "complexContent" => {
                if node.attr("mixed") == Some("true") || node.attr("mixed") == Some("1") {
                    unsupported(
                        "mixed content (text between child elements)",
                        "use `xs:simpleContent` for text with attributes, or child elements only",
                    );
                }
                if node.attr("abstract") == Some("true") || node.attr("abstract") == Some("1") {
                    unsupported(
                        "an abstract type (documents would select the type with `xsi:type`)",
                        "use the concrete types directly, or an `xs:choice` of elements",
                    );
                }
            }
            "key" | "keyref" | "unique" => diagnostics.warning(
                crate::diagnostics::Code::UnenforcedIdentityConstraint,
                format!("the identity constraint `xs:{}` is not enforced", node.local),
                here(),
            ),
            "totalDigits" | "fractionDigits" => diagnostics.warning(
                crate::diagnostics::Code::UnenforcedFacet,
                format!("the facet `xs:{}` is not enforced (the IR has no such constraint)", node.local),
                here(),
            ),
            _ => {}
        }
        let references: &[(&str, Kind)] = match node.local.as_str() {
            "element" => &[("type", Kind::Type), ("ref", Kind::Element)],
            "attribute" => &[("type", Kind::Type), ("ref", Kind::Attribute)],
            "restriction" | "extension" => &[("base", Kind::Type)],
            "group" => &[("ref", Kind::Group)],
            "attributeGroup" => &[("ref", Kind::AttributeGroup)],
            "list" => &[("itemType", Kind::Type)],
            "union" => &[("memberTypes", Kind::Type)],
            _ => &[],
        };
        for (attr, kind) in references {
            let Some(value) = node.attr(attr) else {
                continue;
            };
            for qname in value.split_whitespace() {
                if let Err(message) = self.resolve_reference(qname, *kind, globals, scopes) {
                    diagnostics.error(format!("`{attr}=\"{qname}\"`: {message}"), here());
                }
            }
        }
        for child in &node.children {
            self.check_node(child, globals, scopes, diagnostics);
        }
        scopes.leave(&node.ns_decls);
    }

    fn resolve_reference(
        &self,
        qname: &str,
        kind: Kind,
        globals: &Globals,
        scopes: &NamespaceScopes,
    ) -> Result<(), String> {
        let (prefix, local) = qname.split_once(':').unwrap_or(("", qname));
        let declared = scopes.resolve(prefix);
        let namespace = match declared {
            _ if prefix == "xml" => Some(XML_NAMESPACE),
            Some(uri) => Some(uri).filter(|uri| !uri.is_empty()),
            // An unprefixed name without a default namespace is in no namespace.
            None if prefix.is_empty() => None,
            None => return Err(format!("the prefix `{prefix}` is not declared")),
        };
        if namespace == Some(XS_NAMESPACE) {
            return match kind {
                Kind::Type if BUILTIN_LIST_TYPES.contains(&local) => Err(format!(
                    "the built-in list type `{local}` (whitespace-separated values) is not supported"
                )),
                Kind::Type if BUILTIN_TYPES.contains(&local) => Ok(()),
                Kind::Type => Err(format!("`{local}` is not an XSD 1.0 built-in type")),
                _ => Err(format!("the XML Schema namespace declares no {}", kind.noun())),
            };
        }
        if namespace != self.target_namespace() {
            let target = self.target_namespace().map_or_else(
                || "has no target namespace".to_owned(),
                |t| format!("defines namespace `{t}`"),
            );
            let named =
                namespace.map_or_else(|| "no namespace".to_owned(), |n| format!("namespace `{n}`"));
            return Err(format!(
                "names a component in {named}, but this schema {target} (imports are not supported)"
            ));
        }
        let set = match kind {
            Kind::Type => &globals.types,
            Kind::Element => &globals.elements,
            Kind::Attribute => &globals.attributes,
            Kind::Group => &globals.groups,
            Kind::AttributeGroup => &globals.attribute_groups,
        };
        if set.contains(local) {
            Ok(())
        } else {
            Err(format!(
                "no global {} `{local}` is declared in this schema",
                kind.noun()
            ))
        }
    }
}

#[derive(Default)]
struct Globals {
    types: BTreeSet<String>,
    elements: BTreeSet<String>,
    attributes: BTreeSet<String>,
    groups: BTreeSet<String>,
    attribute_groups: BTreeSet<String>,
}

#[derive(Debug, Clone, Copy)]
enum Kind {
    Type,
    Element,
    Attribute,
    Group,
    AttributeGroup,
}

impl Kind {
    fn noun(self) -> &'static str {
        match self {
            Kind::Type => "type",
            Kind::Element => "element",
            Kind::Attribute => "attribute",
            Kind::Group => "group",
            Kind::AttributeGroup => "attribute group",
        }
    }
}

fn open_frame(
    start: &BytesStart<'_>,
    decoder: Decoder,
    stack: &[Frame],
    scopes: &mut NamespaceScopes,
    offset: usize,
    lines: &LineIndex<'_>,
) -> Result<Frame, String> {
    let qname = String::from_utf8_lossy(start.name().as_ref()).into_owned();
    let mut decls = Vec::new();
    let mut attrs = Vec::new();
    for attribute in start.attributes() {
        let attribute = attribute.map_err(|e| e.to_string())?;
        let key = String::from_utf8_lossy(attribute.key.as_ref()).into_owned();
        let value = attribute
            .decode_and_unescape_value(decoder)
            .map_err(|e| e.to_string())?
            .into_owned();
        if key == "xmlns" {
            decls.push((String::new(), value));
        } else if let Some(prefix) = key.strip_prefix("xmlns:") {
            decls.push((prefix.to_owned(), value));
        } else if !key.contains(':') {
            attrs.push((key, value));
        }
    }
    let opaque_parent = stack.last().is_some_and(|f| f.opaque);
    let (prefix, local) = qname.split_once(':').unwrap_or(("", &qname));
    // Entered here and left by `close_frame`, once the frame is on the stack.
    scopes.enter(&decls);
    let namespace = scopes.resolve(prefix);
    let is_schema_element = !opaque_parent && namespace == Some(XS_NAMESPACE);
    // Application elements are kept when they sit directly in `xs:appinfo` or in another
    // kept application element.
    let in_appinfo = stack
        .last()
        .and_then(|f| f.node.as_ref())
        .is_some_and(|parent| parent.extension.is_some() || parent.local == "appinfo");
    let extension = match namespace {
        Some(uri) if in_appinfo && uri != XS_NAMESPACE => Some(uri.to_owned()),
        _ => None,
    };
    let node = (is_schema_element || extension.is_some()).then(|| Node {
        local: local.to_owned(),
        attrs,
        ns_decls: decls.clone(),
        line_col: lines.line_col(offset),
        pointer: String::new(),
        children: Vec::new(),
        text: String::new(),
        extension,
    });
    let opaque =
        opaque_parent || !is_schema_element || local == "documentation" || local == "appinfo";
    Ok(Frame {
        node,
        qname,
        decls,
        opaque,
        offset,
        parent_node: current_node(stack),
    })
}

fn close_frame(stack: &mut Vec<Frame>, scopes: &mut NamespaceScopes, root: &mut Option<Node>) {
    let Some(frame) = stack.pop() else { return };
    scopes.leave(&frame.decls);
    let Some(node) = frame.node else { return };
    if stack.is_empty() {
        *root = Some(node);
    } else if let Some(parent) = frame
        .parent_node
        .and_then(|index| stack.get_mut(index))
        .and_then(|f| f.node.as_mut())
    {
        parent.children.push(node);
    }
}

fn append_documentation(stack: &mut [Frame], content: &str) {
    if !stack.last().is_some_and(|f| f.opaque) {
        return;
    }
    let index = current_node(stack);
    if let Some(node) = index
        .and_then(|index| stack.get_mut(index))
        .and_then(|f| f.node.as_mut())
    {
        if node.local == "documentation" || node.extension.is_some() {
            node.text.push_str(content);
        }
    }
}

/// Gives every node its path: `local[@name='…']`, `local[@ref='…']`, or `local` with a
/// 1-based position when several unnamed siblings share the local name.
fn assign_pointers(node: &mut Node, pointer: &str) {
    node.pointer = pointer.to_owned();
    let plain: Vec<Option<String>> = node
        .children
        .iter()
        .map(|c| {
            if c.name().is_some() || c.attr("ref").is_some() {
                None
            } else {
                Some(c.local.clone())
            }
        })
        .collect();
    let mut seen: Vec<(String, usize)> = Vec::new();
    for child in &mut node.children {
        let segment = if let Some(name) = child.name() {
            format!("{}[@name='{name}']", child.local)
        } else if let Some(reference) = child.attr("ref") {
            format!("{}[@ref='{reference}']", child.local)
        } else {
            let local = child.local.clone();
            let total = plain
                .iter()
                .filter(|p| p.as_deref() == Some(&local))
                .count();
            let position = match seen.iter_mut().find(|(l, _)| *l == local) {
                Some((_, count)) => {
                    *count += 1;
                    *count
                }
                None => {
                    seen.push((local.clone(), 1));
                    1
                }
            };
            if total > 1 {
                format!("{local}[{position}]")
            } else {
                local
            }
        };
        let child_pointer = format!("{pointer}/{segment}");
        assign_pointers(child, &child_pointer);
    }
}
