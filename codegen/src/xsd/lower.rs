//! xsd-parser's interpreted and optimized types ([`MetaTypes`]) → IR.
//!
//! The schema tree ([`XsdDocument`]) gives the document order of global declarations and the
//! [`Location`] of every type and member; xsd-parser gives their meaning.

use std::collections::{BTreeSet, HashMap};

use serde_json::{Number, Value};
use xsd_parser::models::meta::{
    AttributeMetaVariant, BuildInMeta, ComplexMeta, Constrains, ElementMeta, ElementMetaVariant,
    ElementMode, EnumerationMeta, GroupMeta, MetaType, MetaTypeVariant, MetaTypes, UnionMeta,
};
use xsd_parser::models::schema::xs::{ProcessContentsType, Use};
use xsd_parser::models::schema::{MaxOccurs, NamespaceId};
use xsd_parser::models::{IdentType, TypeIdent};

use super::document::{Node, XsdDocument};
use crate::diagnostics::{Diagnostics, Location};
use crate::ir::{
    self, Additional, Bound, ContentModel, DecimalWire, Enum, EnumRepr, EnumVariant, Field, Name,
    Scalar, Struct, TypeDef, TypeExpr, TypeExprKind, TypeKind, Union, UnionMode, UnionVariant,
    XmlNode, XmlRoot, ADDITIONAL_PROPERTIES_FIELD,
};
use crate::naming::{self, Scope};

/// The wire name of a [`XmlNode::Text`] member (an element's text has no XML name).
const TEXT_WIRE_NAME: &str = "$text";
/// The Rust name of a [`XmlNode::Text`] member.
const TEXT_RUST_NAME: &str = "value";

/// How deep reference chains and nested groups may go before the schema is called cyclic.
/// Above the type nesting that [`crate::source::MAX_NESTING`] levels of XML allow (each
/// nested anonymous type takes two), so a schema within the nesting limit is never called
/// cyclic for its depth alone.
const MAX_DEPTH: usize = crate::source::MAX_NESTING;

/// A named type of the API and where it is defined.
#[derive(Clone)]
struct Declared<'a> {
    rust: String,
    node: &'a Node,
    /// Whose documentation the type gets (a global element's, for its anonymous type).
    docs_from: TypeIdent,
}

/// An element particle after nested groups are flattened: its occurrences are the product
/// of the occurrences of every enclosing particle (0 for an alternative of a choice).
struct Particle<'a> {
    element: &'a ElementMeta,
    min: u64,
    max: Option<u64>,
}

#[derive(Default)]
struct Flattened<'a> {
    particles: Vec<Particle<'a>>,
    /// An `xs:any` (lax or skip) was met.
    wildcard: bool,
    /// A nested group was met.
    nested: bool,
    /// Some repeated group has several members, so their elements interleave.
    interleaved: bool,
}

/// One member before Rust names are given (they are chosen for all members at once).
struct Member {
    wire: String,
    ty: TypeExpr,
    required: bool,
    /// Required whenever the element has content (see `ir::Field::required_with_content`).
    required_with_content: bool,
    docs: Option<String>,
    default: Option<Value>,
    xml: XmlNode,
    origin: Location,
    /// A JSON name from a `json` extension, and where the extension is.
    json: Option<(String, Location)>,
}

pub(super) struct Lowerer<'a> {
    doc: &'a XsdDocument,
    meta: &'a MetaTypes,
    xs: NamespaceId,
    diagnostics: &'a mut Diagnostics,
    type_names: Scope,
    named: HashMap<TypeIdent, Declared<'a>>,
    /// `XKnown` enumerations only used as the known codes of open code tables: the open
    /// table carries them, so they get no type of their own.
    hidden: BTreeSet<TypeIdent>,
    types: Vec<TypeDef>,
    depth: usize,
}

/// Lowers the interpreted schema. Problems go to `diagnostics`.
pub(super) fn lower(
    doc: &XsdDocument,
    meta: &MetaTypes,
    xs: NamespaceId,
    module: &str,
    sources: Vec<String>,
    diagnostics: &mut Diagnostics,
) -> ir::Api {
    let mut lowerer = Lowerer {
        doc,
        meta,
        xs,
        diagnostics,
        type_names: Scope::default(),
        named: HashMap::new(),
        hidden: BTreeSet::new(),
        types: Vec::new(),
        depth: 0,
    };
    lowerer.hidden = lowerer.hidden_known_tables();
    let (order, roots) = lowerer.declare_globals();
    for ident in &order {
        lowerer.lower_named(ident);
    }
    let xml_roots = roots
        .into_iter()
        .filter_map(|(element, node, ident)| {
            let ty = lowerer.named.get(&ident)?.rust.clone();
            let dispatch =
                super::dispatch::dispatch(doc, node, &ty, &lowerer.types, lowerer.diagnostics);
            Some(XmlRoot {
                element,
                ty,
                origin: doc.location(node),
                dispatch,
            })
        })
        .collect();
    let title = sources
        .first()
        .map(|s| {
            std::path::Path::new(s)
                .file_name()
                .map_or_else(|| s.clone(), |n| n.to_string_lossy().into_owned())
        })
        .unwrap_or_else(|| module.to_owned());
    ir::Api {
        module: module.to_owned(),
        title,
        version: doc.root.attr("version").unwrap_or_default().to_owned(),
        docs: doc.schema_docs(),
        sources,
        servers: Vec::new(),
        security_schemes: Vec::new(),
        types: lowerer.types,
        operations: Vec::new(),
        xml_roots,
        lexical_json_numbers: true,
        boxed_optional_structs: true,
    }
}

impl<'a> Lowerer<'a> {
    fn error(&mut self, message: impl Into<String>, at: &Location) {
        self.diagnostics.error(message, Some(at.clone()));
    }

    fn warning(
        &mut self,
        code: crate::diagnostics::Code,
        message: impl Into<String>,
        at: &Location,
    ) {
        self.diagnostics.warning(code, message, Some(at.clone()));
    }

    fn item(&self, ident: &TypeIdent) -> Option<&'a MetaType> {
        self.meta.items.get(ident)
    }

    /// Gives every global type (and the anonymous type of every global element) its Rust
    /// name, in document order. Returns the types to lower, in that order, and the roots:
    /// element name, declaration, and the ident whose Rust name is the root's type.
    #[allow(clippy::type_complexity)]
    fn declare_globals(&mut self) -> (Vec<TypeIdent>, Vec<(String, &'a Node, TypeIdent)>) {
        let mut index: HashMap<(IdentType, &str), &'a TypeIdent> = HashMap::new();
        for ident in self.meta.items.keys() {
            if ident.ns != self.xs {
                if let Some(name) = ident.name.as_named_str() {
                    index.insert((ident.type_, name), ident);
                }
            }
        }
        let doc = self.doc;
        let mut order = Vec::new();
        let mut roots = Vec::new();
        for node in &doc.root.children {
            let Some(name) = node.name() else { continue };
            match node.local.as_str() {
                "complexType" | "simpleType" => {
                    let Some(&ident) = index.get(&(IdentType::Type, name)) else {
                        continue;
                    };
                    if self.hidden.contains(ident) {
                        continue;
                    }
                    self.declare(ident, name, node, ident.clone());
                    order.push(ident.clone());
                }
                "element" => {
                    let Some(&element) = index.get(&(IdentType::Element, name)) else {
                        continue;
                    };
                    let Some(MetaTypeVariant::Reference(reference)) =
                        self.item(element).map(|t| &t.variant)
                    else {
                        self.error(
                            format!("xsd-parser gave the global element `{name}` no type"),
                            &doc.location(node),
                        );
                        continue;
                    };
                    let target = &reference.type_;
                    let anonymous = target.type_ == IdentType::ElementType;
                    let named_type = target.ns != self.xs
                        && target.type_ == IdentType::Type
                        && target.name.is_named();
                    if anonymous {
                        let type_node = node
                            .child("complexType")
                            .or_else(|| node.child("simpleType"))
                            .unwrap_or(node);
                        self.declare(target, name, type_node, element.clone());
                        order.push(target.clone());
                        roots.push((name.to_owned(), node, target.clone()));
                    } else if named_type && reference.is_simple() {
                        roots.push((name.to_owned(), node, target.clone()));
                    } else {
                        // A built-in type (or a list of something): an alias names it.
                        self.declare(element, name, node, element.clone());
                        order.push(element.clone());
                        roots.push((name.to_owned(), node, element.clone()));
                    }
                }
                _ => {}
            }
        }
        (order, roots)
    }

    fn declare(&mut self, ident: &TypeIdent, name: &str, node: &'a Node, docs_from: TypeIdent) {
        let rust = self.type_names.take(&naming::camel(name));
        self.named.insert(
            ident.clone(),
            Declared {
                rust,
                node,
                docs_from,
            },
        );
    }

    /// Known-code enumerations referenced only as the enumeration member of open code tables.
    fn hidden_known_tables(&self) -> BTreeSet<TypeIdent> {
        let mut consumed = BTreeSet::new();
        let mut referenced = BTreeSet::new();
        for (ident, ty) in &self.meta.items {
            if ident.ns == self.xs {
                continue;
            }
            match &ty.variant {
                MetaTypeVariant::Union(union) => {
                    let open = self.open_code_table(union).map(|(ident, _)| ident);
                    for member in union.types.iter() {
                        if Some(&member.type_) == open {
                            consumed.insert(member.type_.clone());
                        } else {
                            referenced.insert(member.type_.clone());
                        }
                    }
                    referenced.extend(union.base.as_ident().cloned());
                }
                MetaTypeVariant::ComplexType(complex) => {
                    referenced.extend(complex.base.as_ident().cloned());
                    referenced.extend(complex.content.clone());
                    for attribute in complex.attributes.iter() {
                        if let AttributeMetaVariant::Type(t) = &attribute.variant {
                            referenced.insert(t.clone());
                        }
                    }
                }
                MetaTypeVariant::All(group)
                | MetaTypeVariant::Choice(group)
                | MetaTypeVariant::Sequence(group) => {
                    for element in group.elements.iter() {
                        if let ElementMetaVariant::Type { type_, .. } = &element.variant {
                            referenced.insert(type_.clone());
                        }
                    }
                }
                MetaTypeVariant::Reference(reference) => {
                    referenced.insert(reference.type_.clone());
                }
                MetaTypeVariant::SimpleType(simple) => {
                    referenced.insert(simple.base.clone());
                }
                MetaTypeVariant::Enumeration(enumeration) => {
                    referenced.extend(enumeration.base.as_ident().cloned());
                    for variant in enumeration.variants.iter() {
                        referenced.extend(variant.type_.clone());
                    }
                }
                _ => {}
            }
        }
        consumed.difference(&referenced).cloned().collect()
    }

    fn reserve_slot(&mut self, name: &str, origin: Location) -> usize {
        self.types.push(TypeDef {
            accepts_null: false,
            name: name.to_owned(),
            source_name: origin.pointer.clone(),
            docs: None,
            origin,
            kind: TypeKind::Alias(TypeExpr::new(TypeExprKind::Any)),
        });
        self.types.len() - 1
    }

    fn lower_named(&mut self, ident: &TypeIdent) {
        let Some(declared) = self.named.get(ident).cloned() else {
            return;
        };
        let Some(ty) = self.item(ident) else { return };
        let origin = self.doc.location(declared.node);
        let slot = self.reserve_slot(&declared.rust, origin.clone());
        let kind = self.lower_kind(ty, &declared.rust, Some(declared.node), &origin);
        let mut docs = self
            .item(&declared.docs_from)
            .map_or_else(Vec::new, |t| t.documentation.clone());
        if declared.docs_from != *ident {
            docs.extend(ty.documentation.iter().cloned());
        }
        let typedef = &mut self.types[slot];
        typedef.docs = join_docs(&docs);
        typedef.kind = kind;
    }

    /// The definition of a type that gets a name of its own.
    fn lower_kind(
        &mut self,
        ty: &'a MetaType,
        name: &str,
        node: Option<&'a Node>,
        at: &Location,
    ) -> TypeKind {
        match &ty.variant {
            MetaTypeVariant::ComplexType(complex) => {
                TypeKind::Struct(self.lower_struct(complex, name, node, at))
            }
            MetaTypeVariant::Enumeration(enumeration) => {
                match self.lower_enum(enumeration, true, at) {
                    Some(lowered) => TypeKind::Enum(lowered),
                    None => TypeKind::Alias(self.enumeration_base(enumeration, name, at)),
                }
            }
            MetaTypeVariant::Union(union) => self.lower_union(union, name, at),
            other => TypeKind::Alias(self.variant_expr(other, name, node, at)),
        }
    }

    /// A use of the type `ident`; anonymous complex types, enumerations and unions become
    /// named types (called `hint`), anonymous restrictions stay inline with their facets.
    /// `declaration` is the element or attribute the use belongs to, whose child is the
    /// anonymous type.
    fn type_expr(
        &mut self,
        ident: &TypeIdent,
        hint: &str,
        declaration: Option<&'a Node>,
        at: &Location,
    ) -> TypeExpr {
        if ident.ns == self.xs {
            return self.builtin(ident.name.as_str(), at);
        }
        if let Some(declared) = self.named.get(ident) {
            return TypeExpr::named(declared.rust.clone());
        }
        let Some(ty) = self.item(ident) else {
            self.error(format!("xsd-parser produced no type for `{ident}`"), at);
            return TypeExpr::new(TypeExprKind::Any);
        };
        if self.depth > MAX_DEPTH {
            self.error(
                format!("the definition of `{ident}` refers to itself (or nests more than {MAX_DEPTH} types deep)"),
                at,
            );
            return TypeExpr::new(TypeExprKind::Any);
        }
        match &ty.variant {
            MetaTypeVariant::ComplexType(_)
            | MetaTypeVariant::Enumeration(_)
            | MetaTypeVariant::Union(_) => {
                let node = declaration.map(|d| {
                    d.child("complexType")
                        .or_else(|| d.child("simpleType"))
                        .unwrap_or(d)
                });
                let origin = node.map_or_else(|| at.clone(), |n| self.doc.location(n));
                let name = self.type_names.take(hint);
                let slot = self.reserve_slot(&name, origin.clone());
                self.depth += 1;
                let kind = self.lower_kind(ty, &name, node, &origin);
                self.depth -= 1;
                let typedef = &mut self.types[slot];
                typedef.docs = join_docs(&ty.documentation);
                typedef.kind = kind;
                TypeExpr::named(name)
            }
            other => {
                self.depth += 1;
                let expr = self.variant_expr(other, hint, declaration, at);
                self.depth -= 1;
                expr
            }
        }
    }

    /// A simple type that stays an expression: a reference, a restriction with facets, a
    /// built-in.
    fn variant_expr(
        &mut self,
        variant: &'a MetaTypeVariant,
        hint: &str,
        declaration: Option<&'a Node>,
        at: &Location,
    ) -> TypeExpr {
        let any = TypeExpr::new(TypeExprKind::Any);
        match variant {
            MetaTypeVariant::Reference(reference) => {
                if !reference.is_single() {
                    self.error(
                        "list types (`xs:list`) are not supported: use a repeated element",
                        at,
                    );
                    return any;
                }
                let mut expr = self.type_expr(&reference.type_, hint, declaration, at);
                expr.nullable |= reference.nillable;
                expr
            }
            MetaTypeVariant::SimpleType(simple) => {
                if simple.is_list {
                    self.error(
                        "list types (`xs:list`) are not supported: use a repeated element",
                        at,
                    );
                    return any;
                }
                let mut expr = self.type_expr(&simple.base, hint, declaration, at);
                self.apply_facets(&mut expr, &simple.constrains, at);
                expr
            }
            MetaTypeVariant::BuildIn(build_in) => match build_in_scalar(build_in) {
                Some(scalar) => TypeExpr::new(TypeExprKind::Scalar(scalar)),
                None => {
                    self.error(format!("the built-in type `{build_in}` has no IR form"), at);
                    any
                }
            },
            MetaTypeVariant::Dynamic(_) => {
                self.error(
                    "abstract types and substitution groups are not supported",
                    at,
                );
                any
            }
            MetaTypeVariant::Custom(custom) => {
                self.error(format!("unexpected custom type `{}`", custom.name()), at);
                any
            }
            MetaTypeVariant::All(_) | MetaTypeVariant::Choice(_) | MetaTypeVariant::Sequence(_) => {
                self.error("a model group is used where a type is expected", at);
                any
            }
            MetaTypeVariant::ComplexType(_)
            | MetaTypeVariant::Enumeration(_)
            | MetaTypeVariant::Union(_) => {
                self.error("an anonymous type cannot be used here", at);
                any
            }
        }
    }

    /// An XSD built-in type by its local name.
    fn builtin(&mut self, name: &str, at: &Location) -> TypeExpr {
        if name == "anyType" {
            return TypeExpr::new(TypeExprKind::Any);
        }
        let Some(scalar) = builtin_scalar(name) else {
            self.error(
                format!("the built-in type `xs:{name}` is not supported"),
                at,
            );
            return TypeExpr::new(TypeExprKind::Any);
        };
        let mut expr = TypeExpr::new(TypeExprKind::Scalar(scalar));
        // The value spaces of the derived integer types, as facets: the Rust integer is wider.
        let (minimum, maximum): (Option<i64>, Option<i64>) = match name {
            "short" => (Some(i64::from(i16::MIN)), Some(i64::from(i16::MAX))),
            "byte" => (Some(i64::from(i8::MIN)), Some(i64::from(i8::MAX))),
            "unsignedShort" => (Some(0), Some(i64::from(u16::MAX))),
            "unsignedByte" => (Some(0), Some(i64::from(u8::MAX))),
            "unsignedInt" => (Some(0), Some(i64::from(u32::MAX))),
            // Values above i64::MAX do not decode: xs:unsignedLong is an Int64 (with this
            // lower bound) because the IR has no unsigned 64-bit scalar.
            "unsignedLong" | "nonNegativeInteger" => (Some(0), None),
            "positiveInteger" => (Some(1), None),
            "negativeInteger" => (None, Some(-1)),
            "nonPositiveInteger" => (None, Some(0)),
            _ => (None, None),
        };
        let bound = |value: i64| Bound {
            value: Number::from(value),
            exclusive: false,
        };
        expr.constraints.minimum = minimum.map(bound);
        expr.constraints.maximum = maximum.map(bound);
        expr
    }

    /// Facets of a restriction, as constraints on `expr`.
    fn apply_facets(&mut self, expr: &mut TypeExpr, facets: &Constrains, at: &Location) {
        use std::ops::Bound as B;
        let numeric = matches!(
            self.expr_scalar(expr),
            Some(
                Scalar::Int32
                    | Scalar::Int64
                    | Scalar::Float32
                    | Scalar::Float64
                    | Scalar::Decimal(_)
            )
        );
        for (bound, is_minimum) in [(&facets.range.start, true), (&facets.range.end, false)] {
            let (text, exclusive) = match bound {
                B::Included(text) => (text, false),
                B::Excluded(text) => (text, true),
                B::Unbounded => continue,
            };
            let facet = match (is_minimum, exclusive) {
                (true, false) => "minInclusive",
                (true, true) => "minExclusive",
                (false, false) => "maxInclusive",
                (false, true) => "maxExclusive",
            };
            if !numeric {
                self.warning(
                    crate::diagnostics::Code::UnenforcedFacet,
                    format!(
                        "the facet `{facet}=\"{text}\"` on a non-numeric value is not enforced"
                    ),
                    at,
                );
                continue;
            }
            let Some(value) = parse_number(text) else {
                self.error(
                    format!("the facet `{facet}` has the non-numeric value `{text}`"),
                    at,
                );
                continue;
            };
            let bound = Some(Bound { value, exclusive });
            if is_minimum {
                expr.constraints.minimum = bound;
            } else {
                expr.constraints.maximum = bound;
            }
        }
        if let Some(length) = facets.min_length {
            expr.constraints.min_length = Some(length as u64);
        }
        if let Some(length) = facets.max_length {
            expr.constraints.max_length = Some(length as u64);
        }
        if !facets.patterns.is_empty() {
            match xsd_pattern(&facets.patterns) {
                Ok(pattern) => expr.constraints.pattern = Some(pattern),
                Err(message) => self.error(message, at),
            }
        }
    }

    /// The scalar `expr` is, looking through aliases already lowered.
    fn expr_scalar(&self, expr: &TypeExpr) -> Option<Scalar> {
        match &expr.kind {
            TypeExprKind::Scalar(scalar) => Some(*scalar),
            TypeExprKind::Named(name) => match &self.types.iter().find(|t| t.name == *name)?.kind {
                TypeKind::Alias(inner) => self.expr_scalar(inner),
                _ => None,
            },
            _ => None,
        }
    }

    /// The scalar an xsd-parser simple type stands for, following references, restrictions
    /// and enumeration bases.
    fn scalar_of(&self, ident: &TypeIdent, depth: usize) -> Option<Scalar> {
        if depth > MAX_DEPTH {
            return None;
        }
        if ident.ns == self.xs {
            return builtin_scalar(ident.name.as_str());
        }
        match &self.item(ident)?.variant {
            MetaTypeVariant::Reference(r) if r.is_single() => self.scalar_of(&r.type_, depth + 1),
            MetaTypeVariant::SimpleType(s) if !s.is_list => self.scalar_of(&s.base, depth + 1),
            MetaTypeVariant::Enumeration(e) => self.scalar_of(e.base.as_ident()?, depth + 1),
            MetaTypeVariant::BuildIn(b) => build_in_scalar(b),
            _ => None,
        }
    }

    /// The enumeration `ident` is (through plain references).
    fn enumeration_of(&self, ident: &'a TypeIdent) -> Option<(&'a TypeIdent, &'a EnumerationMeta)> {
        let mut ident = ident;
        for _ in 0..MAX_DEPTH {
            if ident.ns == self.xs {
                return None;
            }
            match &self.item(ident)?.variant {
                MetaTypeVariant::Enumeration(e) => return Some((ident, e)),
                MetaTypeVariant::Reference(r) if r.is_simple() => ident = &r.type_,
                _ => return None,
            }
        }
        None
    }

    /// The documented open code table pattern: `xs:union` of an enumeration of known codes
    /// and its own base type (`memberTypes="XKnown xs:int"`), so that unknown codes stay
    /// valid. Returns the enumeration.
    fn open_code_table(
        &self,
        union: &'a UnionMeta,
    ) -> Option<(&'a TypeIdent, &'a EnumerationMeta)> {
        let members: Vec<&TypeIdent> = union.types.iter().map(|m| &m.type_).collect();
        if members.len() != 2 {
            return None;
        }
        for (known, other) in [(0, 1), (1, 0)] {
            let Some((ident, enumeration)) = self.enumeration_of(members[known]) else {
                continue;
            };
            if self.enumeration_of(members[other]).is_some() {
                continue;
            }
            let codes = enumeration
                .base
                .as_ident()
                .and_then(|b| self.scalar_of(b, 0));
            let rest = self.scalar_of(members[other], 0);
            let integer = |s: Option<Scalar>| matches!(s, Some(Scalar::Int32 | Scalar::Int64));
            if (integer(codes) && integer(rest))
                || (codes == Some(Scalar::String) && rest == Some(Scalar::String))
            {
                return Some((ident, enumeration));
            }
        }
        None
    }

    fn lower_union(&mut self, union: &'a UnionMeta, name: &str, at: &Location) -> TypeKind {
        if let Some((_, enumeration)) = self.open_code_table(union) {
            if let Some(lowered) = self.lower_enum(enumeration, false, at) {
                return TypeKind::Enum(lowered);
            }
        }
        let mut names = Scope::default();
        let mut variants = Vec::new();
        for (index, member) in union.types.iter().enumerate() {
            let ty = self.type_expr(
                &member.type_,
                &format!("{name}Variant{}", index + 1),
                None,
                at,
            );
            let preferred = match &ty.kind {
                TypeExprKind::Named(type_name) => type_name.clone(),
                TypeExprKind::Scalar(scalar) => naming::camel(&format!("{scalar:?}")),
                TypeExprKind::Array(_) => "Array".into(),
                TypeExprKind::Map(_) => "Map".into(),
                TypeExprKind::Any => "Any".into(),
            };
            variants.push(UnionVariant {
                name: names.take(&preferred),
                ty,
            });
        }
        if variants.is_empty() {
            self.error("an `xs:union` without member types", at);
        }
        TypeKind::Union(Union {
            variants,
            // An XSD union value is the first member type that accepts it.
            mode: UnionMode::AnyOf,
            discriminator: None,
        })
    }

    /// An enumeration; `None` (after a warning) when its values are not strings or integers.
    fn lower_enum(
        &mut self,
        enumeration: &'a EnumerationMeta,
        closed: bool,
        at: &Location,
    ) -> Option<Enum> {
        let base = enumeration
            .base
            .as_ident()
            .and_then(|b| self.scalar_of(b, 0));
        let repr = match base {
            Some(Scalar::Int32 | Scalar::Int64) => EnumRepr::Integer,
            Some(Scalar::String) => EnumRepr::String,
            other => {
                let what = other.map_or_else(|| "these".to_owned(), |s| format!("{s:?}"));
                self.warning(
                    crate::diagnostics::Code::UncheckedEnum,
                    format!("an enumeration of {what} values is not generated as a Rust enum; the values are not checked"),
                    at,
                );
                return None;
            }
        };
        let mut scope = Scope::with_reserved(&["Unknown"]);
        let mut variants: Vec<EnumVariant> = Vec::new();
        for variant in enumeration.variants.iter() {
            let text = variant.ident.name.as_str().trim().to_owned();
            let (value, wire) = match repr {
                EnumRepr::Integer => match text.trim_start_matches('+').parse::<i64>() {
                    Ok(number) => (Value::from(number), number.to_string()),
                    Err(_) => {
                        self.error(
                            format!("the enumeration value `{text}` is not an integer"),
                            at,
                        );
                        continue;
                    }
                },
                EnumRepr::String => (Value::String(text.clone()), text.clone()),
            };
            if variants.iter().any(|v| v.value == value) {
                continue;
            }
            let (documented_name, docs) = code_documentation(&variant.documentation);
            let preferred = documented_name.unwrap_or_else(|| naming::variant_name(&wire));
            variants.push(EnumVariant {
                name: Name {
                    rust: scope.take(&naming::camel(&preferred)),
                    wire,
                },
                value,
                docs,
            });
        }
        Some(Enum {
            repr,
            variants,
            closed,
        })
    }

    /// The base of an enumeration that is not generated as an enum, with its other facets.
    fn enumeration_base(
        &mut self,
        enumeration: &'a EnumerationMeta,
        hint: &str,
        at: &Location,
    ) -> TypeExpr {
        let mut expr = match enumeration.base.as_ident() {
            Some(base) => self.type_expr(base, hint, None, at),
            None => TypeExpr::new(TypeExprKind::Any),
        };
        self.apply_facets(&mut expr, &enumeration.constrains, at);
        expr
    }

    fn lower_struct(
        &mut self,
        complex: &'a ComplexMeta,
        name: &str,
        node: Option<&'a Node>,
        at: &Location,
    ) -> Struct {
        if complex.is_mixed {
            self.error(
                "mixed content (text between child elements) is not supported",
                at,
            );
        }
        if complex.is_dynamic {
            self.error("abstract types are not supported", at);
        }
        let mut seen: HashMap<(&'static str, String), usize> = HashMap::new();
        let mut declaration = |doc: &'a XsdDocument, kind: &'static str, wire: &str| {
            let nth = seen.entry((kind, wire.to_owned())).or_default();
            let found = node.and_then(|n| doc.find_declaration(n, kind, wire, *nth));
            *nth += 1;
            found
        };
        let mut members: Vec<Member> = Vec::new();
        let mut wildcard = false;
        for attribute in complex.attributes.iter() {
            let t = match &attribute.variant {
                AttributeMetaVariant::Any(any) => {
                    wildcard = true;
                    if any.process_contents == ProcessContentsType::Strict {
                        self.error(
                            "`xs:anyAttribute` with processContents=\"strict\" is not supported",
                            at,
                        );
                    }
                    continue;
                }
                AttributeMetaVariant::Type(t) => t,
            };
            if attribute.use_ == Use::Prohibited {
                continue;
            }
            let wire = attribute.ident.name.as_str().to_owned();
            let decl = declaration(self.doc, "attribute", &wire);
            let origin = decl.map_or_else(|| at.clone(), |d| self.doc.location(d));
            let ty = self.type_expr(t, &naming::camel(&format!("{name}_{wire}")), decl, &origin);
            let default = attribute
                .default
                .as_deref()
                .or_else(|| decl.and_then(|d| d.attr("fixed")))
                .map(|raw| typed_default(&ty, raw));
            members.push(Member {
                wire,
                ty,
                required: attribute.use_ == Use::Required,
                required_with_content: false,
                docs: join_docs(&attribute.documentation),
                default,
                xml: XmlNode::Attribute,
                origin,
                json: None,
            });
        }
        let mut content_model = ContentModel::Sequence;
        let mut text: Option<Member> = None;
        if let Some(content) = &complex.content {
            let group = match self.item(content).map(|t| &t.variant) {
                Some(MetaTypeVariant::Sequence(g)) => Some((g, GroupKind::Sequence)),
                Some(MetaTypeVariant::Choice(g)) => Some((g, GroupKind::Choice)),
                Some(MetaTypeVariant::All(g)) => Some((g, GroupKind::All)),
                _ => None,
            };
            match group {
                Some((group, kind)) => {
                    let mut flat = Flattened::default();
                    let min = complex.min_occurs as u64;
                    let max = max_occurs(complex.max_occurs);
                    // Occurrences are products, so the content group's own minimum is applied
                    // after flattening: a member required within a content model that is
                    // optional as a whole (an empty element is allowed) is required as soon as
                    // the element has content.
                    let whole_optional = min == 0 && max == Some(1);
                    let inner_min = if whole_optional { 1 } else { min };
                    self.flatten(
                        group,
                        kind == GroupKind::Choice,
                        inner_min,
                        max,
                        &mut flat,
                        at,
                        0,
                    );
                    wildcard |= flat.wildcard;
                    let single = max == Some(1);
                    let alternatives = group.elements.len();
                    content_model = match kind {
                        GroupKind::Sequence if !flat.interleaved => ContentModel::Sequence,
                        GroupKind::Choice
                            if single && min >= 1 && !flat.nested && alternatives > 1 =>
                        {
                            ContentModel::Choice
                        }
                        GroupKind::Choice if alternatives <= 1 && !flat.interleaved => {
                            ContentModel::Sequence
                        }
                        _ => ContentModel::All,
                    };
                    for particle in flat.particles {
                        let element = particle.element;
                        let ElementMetaVariant::Type { type_, .. } = &element.variant else {
                            continue;
                        };
                        if particle.max == Some(0) {
                            continue;
                        }
                        let wire = element.ident.name.as_str().to_owned();
                        let decl = declaration(self.doc, "element", &wire);
                        let origin = decl.map_or_else(|| at.clone(), |d| self.doc.location(d));
                        let hint = naming::camel(&format!("{name}_{wire}"));
                        let mut item = self.type_expr(type_, &hint, decl, &origin);
                        if element.nillable {
                            item.nullable = true;
                        }
                        let repeated = particle.max != Some(1);
                        let ty = if repeated {
                            let mut array = TypeExpr::new(TypeExprKind::Array(Box::new(item)));
                            array.constraints.min_items =
                                (particle.min > 0).then_some(particle.min);
                            array.constraints.max_items = particle.max;
                            array
                        } else {
                            item
                        };
                        let mut docs = element.documentation.clone();
                        if docs.is_empty() && type_.type_ == IdentType::Element {
                            docs = self
                                .item(type_)
                                .map(|t| t.documentation.clone())
                                .unwrap_or_default();
                        }
                        let default = (!repeated)
                            .then(|| {
                                decl.and_then(|d| d.attr("default").or_else(|| d.attr("fixed")))
                            })
                            .flatten()
                            .map(|raw| typed_default(&ty, raw));
                        let json = decl
                            .and_then(super::json_name::declared)
                            .map(|(json, at)| (json.to_owned(), self.doc.location(at)));
                        members.push(Member {
                            wire,
                            ty,
                            required: particle.min >= 1 && !whole_optional,
                            required_with_content: particle.min >= 1 && whole_optional,
                            docs: join_docs(&docs),
                            default,
                            xml: XmlNode::Element,
                            origin,
                            json,
                        });
                    }
                }
                None => {
                    let ty =
                        self.type_expr(content, &naming::camel(&format!("{name}_value")), None, at);
                    text = Some(Member {
                        wire: TEXT_WIRE_NAME.to_owned(),
                        ty,
                        required: true,
                        required_with_content: false,
                        docs: None,
                        default: None,
                        xml: XmlNode::Text,
                        origin: at.clone(),
                        json: None,
                    });
                }
            }
        }
        self.check_json_names(&members, text.as_ref(), wildcard);
        let reserved: &[&str] = if text.is_some() {
            &[ADDITIONAL_PROPERTIES_FIELD, TEXT_RUST_NAME]
        } else {
            &[ADDITIONAL_PROPERTIES_FIELD]
        };
        let rust_names = naming::field_names(members.iter().map(|m| m.wire.as_str()), reserved);
        let mut fields: Vec<Field> = members
            .into_iter()
            .zip(rust_names)
            .map(|(member, rust)| member.into_field(rust))
            .collect();
        if let Some(text) = text {
            let position = fields
                .iter()
                .position(|f| f.xml != XmlNode::Attribute)
                .unwrap_or(fields.len());
            fields.insert(position, text.into_field(TEXT_RUST_NAME.to_owned()));
        }
        let forbidden = !wildcard && node.is_some_and(|n| self.doc.forbids_extension(n));
        // A list wrapper: nothing but one repeated child element. Its list is always there
        // (empty when the element has no item), so that `<X/>` and `[]` are the same value.
        let json_array = !wildcard
            && matches!(fields.as_slice(), [only] if only.xml == XmlNode::Element
                && matches!(only.ty.kind, TypeExprKind::Array(_)));
        if json_array {
            fields[0].required = true;
        }
        Struct {
            fields,
            additional: if forbidden {
                Additional::Forbidden
            } else {
                Additional::Any
            },
            content_model,
            min_properties: None,
            max_properties: None,
            violation_report: None,
            json_array,
            member_sets: Vec::new(),
        }
    }

    /// The `json` names of a struct's members: none may be another member's JSON or XML
    /// name, and the only member of a list wrapper (JSON: the array itself) has none.
    fn check_json_names(&mut self, members: &[Member], text: Option<&Member>, wildcard: bool) {
        let list_wrapper = !wildcard
            && text.is_none()
            && matches!(members, [only] if only.xml == XmlNode::Element
                && matches!(only.ty.kind, TypeExprKind::Array(_)));
        let all: Vec<&Member> = members.iter().chain(text).collect();
        for (i, member) in all.iter().enumerate() {
            let Some((json, at)) = &member.json else {
                continue;
            };
            if list_wrapper {
                self.error(
                    format!(
                        "`{}` is the only member of a list wrapper, whose JSON form is the array itself: a JSON name would never be used",
                        member.wire
                    ),
                    at,
                );
            }
            for (j, other) in all.iter().enumerate() {
                // A name two members configure alike is reported once, at the second.
                let same_json = j < i && other.json.as_ref().is_some_and(|(o, _)| o == json);
                if j != i && (other.wire == *json || same_json) {
                    self.error(
                        format!(
                            "the JSON name `{json}` of `{}` is also the {} of the member `{}`: JSON could not tell them apart",
                            member.wire,
                            if same_json { "JSON name" } else { "XML name" },
                            other.wire
                        ),
                        at,
                    );
                }
            }
        }
    }

    /// Collects the element particles of `group` (occurring `min`..`max` times), entering
    /// nested groups.
    #[allow(clippy::too_many_arguments)]
    fn flatten(
        &mut self,
        group: &'a GroupMeta,
        choice: bool,
        min: u64,
        max: Option<u64>,
        flat: &mut Flattened<'a>,
        at: &Location,
        depth: usize,
    ) {
        if depth > MAX_DEPTH {
            self.error(
                "model groups nest too deeply (a group refers to itself?)",
                at,
            );
            return;
        }
        let several = group.elements.len() > 1
            || group.elements.iter().any(|e| {
                matches!(
                    e.variant,
                    ElementMetaVariant::Type {
                        mode: ElementMode::Group,
                        ..
                    }
                )
            });
        if max != Some(1) && several {
            flat.interleaved = true;
        }
        let alternative = choice && group.elements.len() > 1;
        for element in group.elements.iter() {
            let element_min = element.min_occurs as u64;
            let particle_min = if alternative {
                0
            } else {
                min.saturating_mul(element_min)
            };
            let particle_max = match (max, max_occurs(element.max_occurs)) {
                (Some(a), Some(b)) => Some(a.saturating_mul(b)),
                _ => None,
            };
            match &element.variant {
                ElementMetaVariant::Any { meta } => {
                    flat.wildcard = true;
                    if meta.process_contents == ProcessContentsType::Strict {
                        self.error(
                            "`xs:any` with processContents=\"strict\" is not supported",
                            at,
                        );
                    }
                }
                ElementMetaVariant::Text => {}
                ElementMetaVariant::Type {
                    type_,
                    mode: ElementMode::Group,
                } => {
                    flat.nested = true;
                    match self.item(type_).map(|t| &t.variant) {
                        Some(MetaTypeVariant::Sequence(g) | MetaTypeVariant::All(g)) => {
                            self.flatten(g, false, particle_min, particle_max, flat, at, depth + 1);
                        }
                        Some(MetaTypeVariant::Choice(g)) => {
                            self.flatten(g, true, particle_min, particle_max, flat, at, depth + 1);
                        }
                        _ => self.error(format!("the model group `{type_}` has no particles"), at),
                    }
                }
                ElementMetaVariant::Type {
                    mode: ElementMode::Element,
                    ..
                } => flat.particles.push(Particle {
                    element,
                    min: particle_min,
                    max: particle_max,
                }),
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum GroupKind {
    Sequence,
    Choice,
    All,
}

impl Member {
    fn into_field(self, rust: String) -> Field {
        let json_name = self
            .json
            .map(|(json, _)| json)
            .filter(|json| *json != self.wire);
        Field {
            name: Name {
                wire: self.wire,
                rust,
            },
            ty: self.ty,
            required: self.required,
            required_with_content: self.required_with_content,
            docs: self.docs,
            default: self.default,
            xml: self.xml,
            json_name,
            origin: self.origin,
        }
    }
}

fn max_occurs(max: MaxOccurs) -> Option<u64> {
    match max {
        MaxOccurs::Bounded(n) => Some(n as u64),
        MaxOccurs::Unbounded => None,
    }
}

/// The IR scalar of an XSD built-in type (by local name).
fn builtin_scalar(name: &str) -> Option<Scalar> {
    Some(match name {
        "string" | "normalizedString" | "token" | "language" | "Name" | "NCName" | "NMTOKEN"
        | "ID" | "IDREF" | "ENTITY" | "QName" | "NOTATION" | "anyURI" | "base64Binary"
        | "hexBinary" | "duration" | "time" | "gYearMonth" | "gYear" | "gMonthDay" | "gDay"
        | "gMonth" | "anySimpleType" => Scalar::String,
        "boolean" => Scalar::Boolean,
        "int" | "short" | "byte" | "unsignedShort" | "unsignedByte" => Scalar::Int32,
        "long" | "integer" | "unsignedInt" | "unsignedLong" | "nonNegativeInteger"
        | "positiveInteger" | "negativeInteger" | "nonPositiveInteger" => Scalar::Int64,
        "decimal" => Scalar::Decimal(DecimalWire::String),
        "double" => Scalar::Float64,
        "float" => Scalar::Float32,
        "dateTime" => Scalar::DateTime,
        "date" => Scalar::Date,
        _ => return None,
    })
}

fn build_in_scalar(build_in: &BuildInMeta) -> Option<Scalar> {
    Some(match build_in {
        BuildInMeta::String | BuildInMeta::Str => Scalar::String,
        BuildInMeta::Bool => Scalar::Boolean,
        BuildInMeta::I8
        | BuildInMeta::I16
        | BuildInMeta::I32
        | BuildInMeta::U8
        | BuildInMeta::U16 => Scalar::Int32,
        BuildInMeta::I64
        | BuildInMeta::U32
        | BuildInMeta::U64
        | BuildInMeta::Isize
        | BuildInMeta::Usize => Scalar::Int64,
        BuildInMeta::F32 => Scalar::Float32,
        BuildInMeta::F64 => Scalar::Float64,
        BuildInMeta::I128 | BuildInMeta::U128 => return None,
    })
}

/// Documentation strings as one text.
fn join_docs(docs: &[String]) -> Option<String> {
    let parts: Vec<&str> = docs
        .iter()
        .map(|d| d.trim())
        .filter(|d| !d.is_empty())
        .collect();
    (!parts.is_empty()).then(|| parts.join("\n\n"))
}

/// A code's documentation in the `Name: description` convention: the variant name and the
/// description. Without it, no name and the whole text as documentation.
fn code_documentation(docs: &[String]) -> (Option<String>, Option<String>) {
    let Some(text) = join_docs(docs) else {
        return (None, None);
    };
    if let Some((head, rest)) = text.split_once(':') {
        let head = head.trim();
        let is_name = head.starts_with(|c: char| c.is_alphabetic() || c == '_')
            && head.chars().all(|c| c.is_alphanumeric() || c == '_');
        if is_name {
            let rest = rest.trim();
            return (
                Some(head.to_owned()),
                (!rest.is_empty()).then(|| rest.to_owned()),
            );
        }
    }
    (None, Some(text))
}

/// An XSD numeric literal (`+1`, `.5`, `5.`, `1.01`) as a JSON number.
fn parse_number(text: &str) -> Option<Number> {
    let text = text.trim();
    let text = text.strip_prefix('+').unwrap_or(text);
    let (sign, digits) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text),
    };
    let mut normalized = String::from(sign);
    if digits.starts_with('.') {
        normalized.push('0');
    }
    normalized.push_str(digits);
    if normalized.ends_with('.') {
        normalized.push('0');
    }
    serde_json::from_str::<Number>(&normalized).ok()
}

/// A default or fixed value as JSON, typed like the member where that is plain.
fn typed_default(ty: &TypeExpr, raw: &str) -> Value {
    let text = raw.trim();
    let typed = match &ty.kind {
        TypeExprKind::Scalar(Scalar::Int32 | Scalar::Int64) => text
            .trim_start_matches('+')
            .parse::<i64>()
            .ok()
            .map(Value::from),
        TypeExprKind::Scalar(Scalar::Float32 | Scalar::Float64) => {
            parse_number(text).map(Value::Number)
        }
        TypeExprKind::Scalar(Scalar::Boolean) => match text {
            "true" | "1" => Some(Value::Bool(true)),
            "false" | "0" => Some(Value::Bool(false)),
            _ => None,
        },
        _ => None,
    };
    typed.unwrap_or_else(|| Value::String(raw.to_owned()))
}

/// XSD patterns as one anchored regular expression for the `regex` crate.
///
/// XSD patterns match the whole value (no anchors) and treat `^` and `$` as ordinary
/// characters. Several patterns of one type are alternatives (as in one restriction step;
/// xsd-parser merges the patterns of every step of a derivation into one list).
fn xsd_pattern(patterns: &[String]) -> Result<String, String> {
    let mut parts = Vec::new();
    for pattern in patterns {
        let mut out = String::new();
        let mut chars = pattern.chars().peekable();
        let mut class_depth = 0usize;
        while let Some(c) = chars.next() {
            match c {
                '\\' => {
                    let Some(next) = chars.next() else {
                        return Err(format!("pattern `{pattern}` ends with a lone `\\`"));
                    };
                    if matches!(next, 'i' | 'I' | 'c' | 'C') {
                        return Err(format!(
                            "pattern `{pattern}` uses `\\{next}` (XML name characters), which cannot be enforced"
                        ));
                    }
                    out.push('\\');
                    out.push(next);
                }
                '[' => {
                    class_depth += 1;
                    out.push(c);
                }
                ']' => {
                    class_depth = class_depth.saturating_sub(1);
                    out.push(c);
                }
                '-' if class_depth > 0 && chars.peek() == Some(&'[') => {
                    return Err(format!(
                        "pattern `{pattern}` uses character class subtraction (`-[…]`), which cannot be enforced"
                    ));
                }
                '^' | '$' if class_depth == 0 => {
                    out.push('\\');
                    out.push(c);
                }
                _ => out.push(c),
            }
        }
        parts.push(format!("(?:{out})"));
    }
    let pattern = format!("^(?:{})$", parts.join("|"));
    regex::Regex::new(&pattern).map_err(|error| {
        let detail = error.to_string();
        let detail = detail.lines().last().unwrap_or_default().trim();
        format!(
            "pattern `{}` cannot be enforced: {}",
            patterns.join("` | `"),
            detail.trim_start_matches("error: ")
        )
    })?;
    Ok(pattern)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_are_anchored_and_literal_anchors_escaped() {
        assert_eq!(
            xsd_pattern(&["[0-9]{2}".into()]).unwrap(),
            "^(?:(?:[0-9]{2}))$"
        );
        assert_eq!(
            xsd_pattern(&["a$".into(), "b".into()]).unwrap(),
            "^(?:(?:a\\$)|(?:b))$"
        );
        assert!(xsd_pattern(&["\\i\\c*".into()]).is_err());
        assert!(xsd_pattern(&["[a-z-[aeiou]]".into()]).is_err());
    }

    #[test]
    fn code_documentation_splits_name_and_description() {
        assert_eq!(
            code_documentation(&["Open: the bet is open".into()]),
            (Some("Open".into()), Some("the bet is open".into()))
        );
        assert_eq!(
            code_documentation(&["see note 3: unclear".into()]),
            (None, Some("see note 3: unclear".into()))
        );
        assert_eq!(code_documentation(&[]), (None, None));
    }

    #[test]
    fn numbers_in_xsd_spelling() {
        assert_eq!(parse_number("+5"), Some(Number::from(5)));
        assert_eq!(
            parse_number(".5").map(|n| n.to_string()),
            Some("0.5".into())
        );
        assert_eq!(
            parse_number("-1.01").map(|n| n.to_string()),
            Some("-1.01".into())
        );
        assert_eq!(parse_number("INF"), None);
    }
}
