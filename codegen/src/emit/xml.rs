//! XML codecs: `FromXml` / `ToXml` for structs and `XmlValue` for enums and scalar unions,
//! as straight-line code over the runtime's quick-xml reader and writer (no serde).
//!
//! What a member becomes follows its [`XmlNode`]: attributes are read from the start tag by
//! a `match` on the name bytes, child elements by a `match` in the child loop (a list pushes
//! one item per occurrence), text content through the runtime's text reader. The local
//! slots and the final values have exactly the field types the model emitter declares
//! (`Option` for optional members, `Option<Option<_>>` for optional nullable ones, `Box`
//! on recursive edges).
//!
//! Not supported, and skipped without failing the build: maps (and structs holding one),
//! unions with a structured alternative (and structs holding one), recursive aliases, and
//! structs with several text members or several members of one XML name. Types that are
//! skipped get no impls, and structs that need them are skipped too.

use std::collections::BTreeSet;

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::models::rust_type;
use super::{ident, Context};
use crate::ir::{
    Enum, EnumRepr, Field, Struct, TypeDef, TypeExpr, TypeExprKind, TypeKind, Union, XmlNode,
    ADDITIONAL_PROPERTIES_FIELD,
};

/// The XML codec emitter: `FromXml` / `ToXml` impls beside the models, when the API is an
/// XML format or the option asks for them.
pub(crate) struct XmlCodecs;

impl super::Emitter for XmlCodecs {
    fn emit(&self, cx: &Context, out: &mut super::OutputTree) {
        if cx.xml_codecs {
            out.item(&super::ModulePath::root(), xml_codecs(cx));
        }
    }

    fn limits(&self, cx: &Context) -> Vec<crate::diagnostics::Diagnostic> {
        if !cx.xml_codecs {
            return Vec::new();
        }
        let support = Support::new(cx);
        cx.api
            .types
            .iter()
            .filter(|ty| match &ty.kind {
                TypeKind::Struct(_) => !support.structs.contains(&ty.name),
                TypeKind::Union(_) => !support.value_unions.contains(&ty.name),
                TypeKind::Enum(_) | TypeKind::Alias(_) | TypeKind::Json(_) => false,
            })
            .map(|ty| {
                crate::diagnostics::Diagnostic::warning(
                    format!(
                        "`{}` gets no XML codec: its shape has no XML form the codecs support (a union of element types, a member of such a type, or a recursive value)",
                        ty.name
                    ),
                    Some(ty.origin.clone()),
                )
                .with_code(crate::diagnostics::Code::UnsupportedXmlShape)
                .with_help("its JSON form is unaffected; decode XML documents that hold it with a hand-written `FromXml`")
            })
            .collect()
    }
}

/// Every XML impl for the API's types, and `XmlRoot` for its global elements.
pub(crate) fn xml_codecs(cx: &Context) -> TokenStream {
    let support = Support::new(cx);
    let mut out = TokenStream::new();
    let mut values = Vec::new();
    for ty in &cx.api.types {
        match &ty.kind {
            TypeKind::Struct(s) if support.structs.contains(&ty.name) => {
                out.extend(struct_codec(&support, ty, s));
                out.extend(json_content(&support, ty, s));
            }
            TypeKind::Enum(e) => {
                out.extend(enum_value(ty, e));
                values.push(ident(&ty.name));
            }
            TypeKind::Union(u) if support.value_unions.contains(&ty.name) => {
                out.extend(union_value(ty, u));
                values.push(ident(&ty.name));
            }
            _ => {}
        }
    }
    // Values have no content rules; one line gives them the trait (a body may be one).
    if !values.is_empty() {
        out.extend(quote! { specgen_runtime::__no_json_content!(#(#values),*); });
    }
    let mut rooted = BTreeSet::new();
    for root in &cx.api.xml_roots {
        let Some(target) = support.root_type(&root.ty) else {
            continue;
        };
        // One root element per type: a trait constant cannot hold two names.
        if !rooted.insert(target.to_owned()) {
            continue;
        }
        let name = ident(target);
        let element = &root.element;
        let from_xml_doc = format!(" Decodes an XML document whose root element is `<{element}>` (unknown elements and attributes are skipped; see `specgen_runtime::xml::from_xml_with` for strict mode).");
        let to_xml_doc =
            format!(" Encodes this value as an XML document with root element `<{element}>`.");
        out.extend(quote! {
            impl specgen_runtime::xml::XmlRoot for #name {
                const ELEMENT: &'static str = #element;
            }

            impl #name {
                #[doc = #from_xml_doc]
                pub fn from_xml(bytes: &[u8]) -> ::core::result::Result<Self, specgen_runtime::xml::XmlError> {
                    specgen_runtime::xml::from_xml(bytes)
                }

                #[doc = #to_xml_doc]
                ///
                /// Fails, writing nothing, when a string holds a character XML 1.0 does not
                /// allow (a C0 control other than tab, line feed and carriage return, U+FFFE,
                /// U+FFFF), which only a value built in code or decoded from JSON can hold.
                pub fn to_xml(&self) -> ::core::result::Result<::std::vec::Vec<u8>, specgen_runtime::xml::XmlEncodeError> {
                    specgen_runtime::xml::to_xml(self)
                }

                /// Decodes the JSON form (the same members under their wire names); the error
                /// names the JSON Pointer of the value that does not fit. Documents over
                /// `specgen_runtime::xml::DEFAULT_MAX_BYTES` are rejected unread, as in XML,
                /// and the XML decoder's content rules apply (a member required once its
                /// element has content must be there), so that what decodes here can be
                /// written as XML and read back the same.
                pub fn from_json(bytes: &[u8]) -> ::core::result::Result<Self, specgen_runtime::DecodeError> {
                    specgen_runtime::__private::check_json_content(
                        specgen_runtime::__private::from_json_slice_limited(bytes, specgen_runtime::xml::DEFAULT_MAX_BYTES)?,
                    )
                }

                /// Encodes the JSON form.
                pub fn to_json(&self) -> ::std::vec::Vec<u8> {
                    specgen_runtime::serde_json::to_vec(self).expect("generated models always serialize")
                }
            }
        });
    }
    out
}

/// How a type travels in XML.
#[derive(Clone, Copy)]
enum Shape<'a> {
    /// Text (`XmlValue`): scalars, enums, scalar unions, lists of those in attributes.
    Value,
    /// An element with attributes and children (a supported struct).
    Struct,
    /// A repeated element; the item's type.
    List(&'a TypeExpr),
    Unsupported,
}

/// Which types get impls (worked out before any code is emitted, so that a struct is only
/// generated when everything it holds is).
struct Support<'a> {
    cx: &'a Context<'a>,
    structs: BTreeSet<String>,
    value_unions: BTreeSet<String>,
}

/// How one member is read and written.
enum Plan<'a> {
    /// An attribute, or the element's text: one `XmlValue`.
    Value,
    /// One child element.
    Single { boxed: bool, empty_ok: bool },
    /// A child element repeated once per item.
    List { item: &'a TypeExpr, empty_ok: bool },
}

impl<'a> Support<'a> {
    fn new(cx: &'a Context<'a>) -> Self {
        let mut support = Self {
            cx,
            structs: BTreeSet::new(),
            value_unions: BTreeSet::new(),
        };
        // Optimistic fixed points: assume everything works, then drop what does not until
        // nothing changes (recursive types stay in when their cycle is sound).
        support.value_unions = cx
            .api
            .types
            .iter()
            .filter(|t| matches!(t.kind, TypeKind::Union(_)))
            .map(|t| t.name.clone())
            .collect();
        loop {
            let failing: Vec<String> = cx
                .api
                .types
                .iter()
                .filter(|t| support.value_unions.contains(&t.name))
                .filter(|t| match &t.kind {
                    TypeKind::Union(u) => !u.variants.iter().all(|v| {
                        matches!(support.shape(&v.ty), Shape::Value)
                            && !cx.facts.boxed.contains(&(t.name.clone(), named(&v.ty)))
                    }),
                    _ => true,
                })
                .map(|t| t.name.clone())
                .collect();
            if failing.is_empty() {
                break;
            }
            for name in failing {
                support.value_unions.remove(&name);
            }
        }
        support.structs = cx
            .api
            .types
            .iter()
            .filter(|t| matches!(t.kind, TypeKind::Struct(_)))
            .map(|t| t.name.clone())
            .collect();
        loop {
            let failing: Vec<String> = cx
                .api
                .types
                .iter()
                .filter(|t| support.structs.contains(&t.name))
                .filter(|t| match &t.kind {
                    TypeKind::Struct(s) => !support.struct_ok(&t.name, s),
                    _ => true,
                })
                .map(|t| t.name.clone())
                .collect();
            if failing.is_empty() {
                break;
            }
            for name in failing {
                support.structs.remove(&name);
            }
        }
        support
    }

    fn struct_ok(&self, owner: &str, s: &'a Struct) -> bool {
        let texts = s.fields.iter().filter(|f| f.xml == XmlNode::Text).count();
        let mut attributes = BTreeSet::new();
        let mut elements = BTreeSet::new();
        let distinct = s.fields.iter().all(|f| match f.xml {
            XmlNode::Attribute => attributes.insert(f.name.wire.as_str()),
            XmlNode::Element => elements.insert(f.name.wire.as_str()),
            XmlNode::Text => true,
        });
        texts <= 1
            && distinct
            && s.fields.iter().all(|f| {
                f.name.rust != ADDITIONAL_PROPERTIES_FIELD && self.plan(owner, f).is_some()
            })
    }

    fn shape(&self, expr: &'a TypeExpr) -> Shape<'a> {
        match &expr.kind {
            TypeExprKind::Scalar(_) | TypeExprKind::Any => Shape::Value,
            TypeExprKind::Map(_) => Shape::Unsupported,
            TypeExprKind::Array(item) => match self.shape(item) {
                Shape::Value | Shape::Struct => Shape::List(item),
                _ => Shape::Unsupported,
            },
            TypeExprKind::Named(name) => match self.cx.facts.type_def(name).map(|t| &t.kind) {
                Some(TypeKind::Struct(_)) if self.structs.contains(name) => Shape::Struct,
                Some(TypeKind::Enum(_)) => Shape::Value,
                Some(TypeKind::Union(_)) if self.value_unions.contains(name) => Shape::Value,
                Some(TypeKind::Alias(inner)) if !self.cx.facts.recursive_aliases.contains(name) => {
                    let shape = self.shape(inner);
                    // `type A = Option<B>`: only text values have a nullable form.
                    if inner.nullable && inner.kind != TypeExprKind::Any {
                        match shape {
                            Shape::Value => Shape::Value,
                            _ => Shape::Unsupported,
                        }
                    } else {
                        shape
                    }
                }
                _ => Shape::Unsupported,
            },
        }
    }

    /// How a member is read and written, or `None` when it cannot be.
    fn plan(&self, owner: &str, field: &'a Field) -> Option<Plan<'a>> {
        let boxed = self.cx.facts.boxes_member(owner, field);
        let shape = self.shape(&field.ty);
        match field.xml {
            // Lists of values in an attribute or text are `xs:list`s (`Vec<T>: XmlValue`).
            XmlNode::Attribute | XmlNode::Text => match shape {
                Shape::Value if !boxed => Some(Plan::Value),
                Shape::List(item) if matches!(self.shape(item), Shape::Value) => Some(Plan::Value),
                _ => None,
            },
            XmlNode::Element => match shape {
                Shape::Value if !boxed => Some(Plan::Single {
                    boxed: false,
                    empty_ok: self.empty_ok(&field.ty),
                }),
                Shape::Struct => Some(Plan::Single {
                    boxed,
                    empty_ok: self.empty_ok(&field.ty),
                }),
                Shape::List(item) => Some(Plan::List {
                    item,
                    empty_ok: item.nullable || self.empty_ok(item),
                }),
                _ => None,
            },
        }
    }

    /// Whether an element with no attributes and no content decodes to a value of `expr`
    /// (an empty string, a struct of optional members); if not, such an element is a null.
    fn empty_ok(&self, expr: &TypeExpr) -> bool {
        self.empty_ok_in(expr, &mut Vec::new())
    }

    fn empty_ok_in(&self, expr: &TypeExpr, seen: &mut Vec<String>) -> bool {
        match &expr.kind {
            TypeExprKind::Scalar(scalar) => *scalar == crate::ir::Scalar::String,
            TypeExprKind::Any | TypeExprKind::Array(_) => true,
            TypeExprKind::Map(_) => false,
            TypeExprKind::Named(name) => {
                if seen.contains(name) {
                    return false;
                }
                seen.push(name.clone());
                let result = match self.cx.facts.type_def(name).map(|t| &t.kind) {
                    Some(TypeKind::Enum(e)) => e.repr == EnumRepr::String,
                    Some(TypeKind::Alias(inner)) => {
                        (inner.nullable && inner.kind != TypeExprKind::Any)
                            || self.empty_ok_in(inner, seen)
                    }
                    Some(TypeKind::Struct(s)) => s.fields.iter().all(|f| {
                        !f.required
                            || (f.xml == XmlNode::Element
                                && matches!(self.shape(&f.ty), Shape::List(_)))
                            || (f.xml == XmlNode::Text
                                && (f.ty.nullable || self.empty_ok_in(&f.ty, seen)))
                    }),
                    _ => false,
                };
                seen.pop();
                result
            }
        }
    }

    /// Whether values of `expr` hold a struct with codecs (directly, in a list, through
    /// aliases): members that must be walked for the JSON content rules.
    fn holds_struct(&self, expr: &TypeExpr) -> bool {
        match &expr.kind {
            TypeExprKind::Array(item) => self.holds_struct(item),
            TypeExprKind::Named(name) => match self.cx.facts.type_def(name).map(|t| &t.kind) {
                Some(TypeKind::Struct(_)) => self.structs.contains(name),
                Some(TypeKind::Alias(inner)) if !self.cx.facts.recursive_aliases.contains(name) => {
                    self.holds_struct(inner)
                }
                _ => false,
            },
            _ => false,
        }
    }

    /// The type a root element's `XmlRoot` impl goes on (through plain aliases).
    fn root_type(&self, name: &'a str) -> Option<&'a str> {
        match &self.cx.facts.type_def(name)?.kind {
            TypeKind::Struct(_) if self.structs.contains(name) => Some(name),
            TypeKind::Enum(_) => Some(name),
            TypeKind::Union(_) if self.value_unions.contains(name) => Some(name),
            TypeKind::Alias(TypeExpr {
                kind: TypeExprKind::Named(target),
                nullable: false,
                ..
            }) if !self.cx.facts.recursive_aliases.contains(name) => self.root_type(target),
            _ => None,
        }
    }
}

fn named(expr: &TypeExpr) -> String {
    match &expr.kind {
        TypeExprKind::Named(name) => name.clone(),
        _ => String::new(),
    }
}

/// The Rust type of a value of `expr` without the member's own `Option` layers.
fn value_type(expr: &TypeExpr) -> TokenStream {
    rust_type(
        &TypeExpr {
            nullable: false,
            ..expr.clone()
        },
        &TokenStream::new(),
    )
}

fn is_nullable(field: &Field) -> bool {
    field.ty.nullable && field.ty.kind != TypeExprKind::Any
}

fn struct_codec(support: &Support, ty: &TypeDef, s: &Struct) -> TokenStream {
    let name = ident(&ty.name);
    let plans: Vec<(&Field, Plan)> = s
        .fields
        .iter()
        .map(|f| (f, support.plan(&ty.name, f).expect("checked by struct_ok")))
        .collect();
    let decode = decode_body(support, &plans, !s.json_array);
    let encode = encode_body(&plans);
    quote! {
        impl specgen_runtime::xml::FromXml for #name {
            fn from_xml(
                reader: &mut specgen_runtime::xml::XmlReader<'_>,
                start: &specgen_runtime::xml::BytesStart<'_>,
            ) -> ::core::result::Result<Self, specgen_runtime::xml::XmlError> {
                #decode
            }
        }

        impl specgen_runtime::xml::ToXml for #name {
            fn to_xml(&self, writer: &mut specgen_runtime::xml::XmlWriter, element: &str) {
                #encode
            }
        }
    }
}

fn local(field: &Field) -> proc_macro2::Ident {
    ident(&format!("f_{}", field.name.rust))
}

fn decode_body(support: &Support, plans: &[(&Field, Plan)], catch_all: bool) -> TokenStream {
    let mut slots = Vec::new();
    let mut attribute_arms = Vec::new();
    let mut element_arms = Vec::new();
    let mut text_field = None;
    let mut finals = Vec::new();
    for (field, plan) in plans {
        let slot = local(field);
        let member = ident(&field.name.rust);
        let wire = &field.name.wire;
        let wire_bytes = Literal::byte_string(wire.as_bytes());
        let nullable = is_nullable(field);
        let value = value_type(&field.ty);
        let value_slot = if nullable {
            quote! { Option<#value> }
        } else {
            value.clone()
        };
        match (field.xml, plan) {
            (XmlNode::Attribute, _) => {
                slots.push(quote! { let mut #slot: Option<#value_slot> = None; });
                attribute_arms
                    .push(quote! { #wire_bytes => reader.attr_value(&mut #slot, &attr)?, });
                finals.push(if field.required {
                    quote! { #member: reader.required_attribute(#slot, #wire)?, }
                } else {
                    quote! { #member: #slot, }
                });
            }
            (XmlNode::Text, _) => {
                // Blank text is a value for strings (and nulls for nullable members);
                // otherwise it means "no value".
                let keep_blank = nullable || support.empty_ok(&field.ty);
                text_field = Some((slot.clone(), value_slot.clone(), keep_blank));
                finals.push(if field.required {
                    quote! { #member: reader.required_text(#slot)?, }
                } else {
                    quote! { #member: #slot, }
                });
            }
            (XmlNode::Element, Plan::Single { boxed, empty_ok }) => {
                let slot_type = match (boxed, nullable) {
                    (false, false) => quote! { #value },
                    (true, false) => quote! { Box<#value> },
                    (false, true) => quote! { Option<#value> },
                    (true, true) => quote! { Option<Box<#value>> },
                };
                slots.push(quote! { let mut #slot: Option<#slot_type> = None; });
                let wrap = |tokens: TokenStream| {
                    if *boxed {
                        quote! { Box::new(#tokens) }
                    } else {
                        tokens
                    }
                };
                let assign = if nullable {
                    let map = boxed.then(|| quote! { .map(Box::new) });
                    quote! { #slot = Some(reader.decode_nillable::<#value>(&child)? #map); }
                } else if *empty_ok {
                    let decoded = wrap(quote! {
                        <#value as specgen_runtime::xml::FromXml>::from_xml(reader, &child)?
                    });
                    quote! { #slot = Some(#decoded); }
                } else {
                    let decoded = wrap(quote! { value });
                    quote! {
                        if let Some(value) = reader.decode_nillable::<#value>(&child)? {
                            #slot = Some(#decoded);
                        }
                    }
                };
                element_arms.push(quote! {
                    #wire_bytes => {
                        reader.ensure_first(&#slot)?;
                        #assign
                    }
                });
                finals.push(if field.required {
                    quote! { #member: reader.required_element(#slot, #wire)?, }
                } else {
                    quote! { #member: #slot, }
                });
            }
            (XmlNode::Element, Plan::List { item, empty_ok }) => {
                let item_type = rust_type(item, &TokenStream::new());
                slots.push(quote! { let mut #slot: Option<Vec<#item_type>> = None; });
                let push = if item.nullable && item.kind != TypeExprKind::Any {
                    let inner = value_type(item);
                    quote! {
                        let item = reader.decode_nillable::<#inner>(&child)?;
                        reader.push_item(list, item)?;
                    }
                } else if *empty_ok {
                    quote! {
                        let item = <#item_type as specgen_runtime::xml::FromXml>::from_xml(reader, &child)?;
                        reader.push_item(list, item)?;
                    }
                } else {
                    // `decode_nillable` spelled out: the item goes straight into the list
                    // rather than through an `Option` (items can be large structs).
                    quote! {
                        if reader.is_nil(&child) {
                            reader.skip_element()?;
                        } else {
                            let item = <#item_type as specgen_runtime::xml::FromXml>::from_xml(reader, &child)?;
                            reader.push_item(list, item)?;
                        }
                    }
                };
                element_arms.push(quote! {
                    #wire_bytes => {
                        let list = #slot.get_or_insert_with(Vec::new);
                        #push
                    }
                });
                finals.push(match (field.required, nullable) {
                    (true, false) => quote! { #member: #slot.unwrap_or_default(), },
                    (true, true) | (false, false) => quote! { #member: #slot, },
                    (false, true) => quote! { #member: #slot.map(Some), },
                });
            }
            (XmlNode::Element, Plan::Value) => unreachable!("elements have element plans"),
        }
    }
    let attributes = if attribute_arms.is_empty() {
        quote! { reader.no_attributes(start)?; }
    } else {
        quote! {
            for attr in reader.attributes(start)? {
                match attr.key {
                    #(#attribute_arms)*
                    _ => reader.unknown_attribute(&attr)?,
                }
            }
        }
    };
    let element_loop = |next: TokenStream| {
        quote! {
            while let Some(child) = #next? {
                match child.name().as_ref() {
                    #(#element_arms)*
                    _ => reader.unknown_element(&child)?,
                }
            }
        }
    };
    let content = match (&text_field, element_arms.is_empty()) {
        (None, true) => quote! { reader.skip_content()?; },
        (None, false) => element_loop(quote! { reader.next_child() }),
        (Some((slot, value_slot, keep_blank)), true) => {
            if *keep_blank {
                quote! { let #slot: Option<#value_slot> = Some(reader.read_value::<#value_slot>()?); }
            } else {
                quote! { let #slot: Option<#value_slot> = reader.read_optional_value::<#value_slot>()?; }
            }
        }
        (Some((slot, value_slot, keep_blank)), false) => {
            let children = element_loop(quote! { reader.next_child_text(&mut text) });
            quote! {
                let mut text = String::new();
                #children
                let #slot: Option<#value_slot> = reader.parse_text::<#value_slot>(&text, #keep_blank)?;
            }
        }
    };
    // Members required once the element has content (a content model optional as a whole):
    // checked only when some child element was read.
    let element_slots: Vec<proc_macro2::Ident> = plans
        .iter()
        .filter(|(f, _)| f.xml == XmlNode::Element)
        .map(|(f, _)| local(f))
        .collect();
    let with_content: Vec<TokenStream> = plans
        .iter()
        .filter(|(f, _)| f.xml == XmlNode::Element && f.required_with_content && !f.required)
        .map(|(f, _)| {
            let slot = local(f);
            let message = format!("missing required element `{}`", f.name.wire);
            quote! {
                if has_content && #slot.is_none() {
                    return ::core::result::Result::Err(reader.error(#message));
                }
            }
        })
        .collect();
    let content_check = (!with_content.is_empty()).then(|| {
        quote! {
            let has_content = #(#element_slots.is_some())||*;
            #(#with_content)*
        }
    });
    // A list wrapper (`json_array`) has no catch-all member.
    let catch_all = catch_all.then(|| {
        let member = ident(ADDITIONAL_PROPERTIES_FIELD);
        quote! { #member: ::core::default::Default::default(), }
    });
    quote! {
        #(#slots)*
        #attributes
        #content
        #content_check
        ::core::result::Result::Ok(Self {
            #(#finals)*
            #catch_all
        })
    }
}

fn encode_body(plans: &[(&Field, Plan)]) -> TokenStream {
    let mut attributes = Vec::new();
    let mut content = Vec::new();
    for (field, plan) in plans {
        let member = ident(&field.name.rust);
        let wire = &field.name.wire;
        let nullable = is_nullable(field);
        match (field.xml, plan) {
            (XmlNode::Attribute, _) => attributes.push(if field.required {
                // Required and nullable: `Option<T>` writes `None` as an empty value.
                quote! { writer.attr(#wire, &self.#member); }
            } else {
                quote! {
                    if let Some(value) = &self.#member {
                        writer.attr(#wire, value);
                    }
                }
            }),
            (XmlNode::Text, _) => content.push(if field.required {
                quote! { writer.text(&self.#member); }
            } else {
                quote! {
                    if let Some(value) = &self.#member {
                        writer.text(value);
                    }
                }
            }),
            (XmlNode::Element, Plan::Single { boxed, .. }) => {
                let write = |value: TokenStream| {
                    let value = if *boxed {
                        quote! { &**#value }
                    } else {
                        value
                    };
                    quote! { specgen_runtime::xml::ToXml::to_xml(#value, writer, #wire) }
                };
                content.push(match (field.required, nullable) {
                    (true, false) => {
                        let write = if *boxed {
                            quote! { specgen_runtime::xml::ToXml::to_xml(&*self.#member, writer, #wire) }
                        } else {
                            quote! { specgen_runtime::xml::ToXml::to_xml(&self.#member, writer, #wire) }
                        };
                        quote! { #write; }
                    }
                    (true, true) => {
                        let write = write(quote! { value });
                        quote! {
                            match &self.#member {
                                Some(value) => #write,
                                None => writer.empty(#wire),
                            }
                        }
                    }
                    (false, false) => {
                        let write = write(quote! { value });
                        quote! {
                            if let Some(value) = &self.#member {
                                #write;
                            }
                        }
                    }
                    (false, true) => {
                        let write = write(quote! { value });
                        quote! {
                            match &self.#member {
                                Some(Some(value)) => #write,
                                Some(None) => writer.empty(#wire),
                                None => {}
                            }
                        }
                    }
                });
            }
            (XmlNode::Element, Plan::List { item, empty_ok }) => {
                let write = |items: TokenStream| {
                    if item.nullable && item.kind != TypeExprKind::Any {
                        quote! { writer.nullable_list(#items, #wire) }
                    } else {
                        // A present, empty optional list is written as one `<X/>` when an
                        // empty element reads back as "no item" (and so as an empty list).
                        let empty_as_null = !field.required && !empty_ok;
                        quote! { writer.list(#items, #wire, #empty_as_null) }
                    }
                };
                content.push(match (field.required, nullable) {
                    (true, false) => {
                        let write = write(quote! { &self.#member });
                        quote! { #write; }
                    }
                    (true, true) | (false, false) => {
                        let write = write(quote! { items });
                        quote! {
                            if let Some(items) = &self.#member {
                                #write;
                            }
                        }
                    }
                    (false, true) => {
                        let write = write(quote! { items });
                        quote! {
                            match &self.#member {
                                Some(Some(items)) => #write,
                                Some(None) => writer.empty(#wire),
                                None => {}
                            }
                        }
                    }
                });
            }
            (XmlNode::Element, Plan::Value) => unreachable!("elements have element plans"),
        }
    }
    quote! {
        writer.start(element);
        #(#attributes)*
        #(#content)*
        writer.end(element);
    }
}

/// `JsonContent` for a struct: the XML decoder's content rules on its JSON form (see
/// `specgen_runtime::xml::content`). Lists XML reads back as absent when empty become absent;
/// members that hold structs are checked; then, if the object has content (an element
/// member, as XML counts it), each member required with content must be there.
fn json_content(support: &Support, ty: &TypeDef, s: &Struct) -> TokenStream {
    let name = ident(&ty.name);
    let mut normalize = Vec::new();
    let mut recurse = Vec::new();
    let mut present = Vec::new();
    let mut checks = Vec::new();
    for field in s.fields.iter().filter(|f| f.xml == XmlNode::Element) {
        let member = ident(&field.name.rust);
        let wire = &field.name.wire;
        let nullable = is_nullable(field);
        let plan = support.plan(&ty.name, field).expect("checked by struct_ok");
        // `writer.list(…, false)` writes an empty list as nothing, read back as absent.
        if let Plan::List {
            item,
            empty_ok: true,
        } = plan
        {
            let plain_items = !(item.nullable && item.kind != TypeExprKind::Any);
            if !field.required && !nullable && plain_items && !s.json_array {
                normalize.push(
                    quote! { specgen_runtime::__private::absent_if_empty(&mut self.#member); },
                );
            }
        }
        if support.holds_struct(&field.ty) {
            recurse.push(if s.json_array {
                // A list wrapper is its list in JSON: no member of its own in the pointer.
                quote! { specgen_runtime::__private::JsonContent::json_content(&mut self.#member, pointer)?; }
            } else {
                quote! { specgen_runtime::__private::json_content_member(&mut self.#member, pointer, #wire)?; }
            });
        }
        present.push(match (field.required, &plan) {
            (true, Plan::List { .. }) if !nullable => quote! { !self.#member.is_empty() },
            (true, _) => quote! { true },
            (false, _) => quote! { self.#member.is_some() },
        });
        if field.required_with_content && !field.required {
            checks.push(quote! {
                if has_content && self.#member.is_none() {
                    return ::core::result::Result::Err(specgen_runtime::__private::missing_member(pointer, #wire));
                }
            });
        }
    }
    let content_check = (!checks.is_empty()).then(|| {
        quote! {
            let has_content = #(#present)||*;
            #(#checks)*
        }
    });
    let unused = (recurse.is_empty() && checks.is_empty()).then(|| quote! { let _ = pointer; });
    quote! {
        impl specgen_runtime::__private::JsonContent for #name {
            fn json_content(&mut self, pointer: &mut String) -> ::core::result::Result<(), specgen_runtime::DecodeError> {
                #unused
                #(#normalize)*
                #(#recurse)*
                #content_check
                ::core::result::Result::Ok(())
            }
        }
    }
}

fn enum_value(ty: &TypeDef, e: &Enum) -> TokenStream {
    let name = ident(&ty.name);
    let (parse, write) = match e.repr {
        EnumRepr::String => (
            quote! { ::core::result::Result::Ok(Self::from_wire(text)) },
            quote! { specgen_runtime::xml::escape_into(out, self.as_str(), escape); },
        ),
        EnumRepr::Integer => (
            quote! { <i64 as specgen_runtime::xml::XmlValue>::parse_xml(text).map(Self::from_code) },
            quote! { specgen_runtime::xml::XmlValue::write_xml(&self.code(), out, escape); },
        ),
    };
    quote! {
        impl specgen_runtime::xml::XmlValue for #name {
            fn parse_xml(text: &str) -> ::core::result::Result<Self, specgen_runtime::xml::ValueError> {
                #parse
            }

            fn write_xml(&self, out: &mut Vec<u8>, escape: specgen_runtime::xml::Escape) {
                #write
            }
        }
    }
}

fn union_value(ty: &TypeDef, u: &Union) -> TokenStream {
    let name = ident(&ty.name);
    let variants: Vec<_> = u.variants.iter().map(|v| ident(&v.name)).collect();
    let types: Vec<_> = u
        .variants
        .iter()
        .map(|v| rust_type(&v.ty, &TokenStream::new()))
        .collect();
    let expected = format!("a value of `{}`", ty.name);
    quote! {
        impl specgen_runtime::xml::XmlValue for #name {
            /// The first alternative, in spec order, that reads the text.
            fn parse_xml(text: &str) -> ::core::result::Result<Self, specgen_runtime::xml::ValueError> {
                #(
                    if let ::core::result::Result::Ok(value) = <#types as specgen_runtime::xml::XmlValue>::parse_xml(text) {
                        return ::core::result::Result::Ok(Self::#variants(value));
                    }
                )*
                ::core::result::Result::Err(specgen_runtime::xml::ValueError::expected(#expected, text))
            }

            fn write_xml(&self, out: &mut Vec<u8>, escape: specgen_runtime::xml::Escape) {
                match self {
                    #( Self::#variants(value) => specgen_runtime::xml::XmlValue::write_xml(value, out, escape), )*
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use serde_json::json;

    use crate::diagnostics::Location;
    use crate::ir::*;
    use crate::pipeline::Options;

    fn at() -> Location {
        Location {
            file: Arc::from("feed.xsd"),
            pointer: String::new(),
            line_col: None,
        }
    }

    fn name(wire: &str, rust: &str) -> Name {
        Name {
            wire: wire.into(),
            rust: rust.into(),
        }
    }

    fn scalar(scalar: Scalar) -> TypeExpr {
        TypeExpr::new(TypeExprKind::Scalar(scalar))
    }

    fn array(item: TypeExpr) -> TypeExpr {
        TypeExpr::new(TypeExprKind::Array(Box::new(item)))
    }

    fn nullable(mut expr: TypeExpr) -> TypeExpr {
        expr.nullable = true;
        expr
    }

    fn field(wire: &str, rust: &str, ty: TypeExpr, required: bool, xml: XmlNode) -> Field {
        Field {
            required_with_content: false,
            name: name(wire, rust),
            ty,
            required,
            docs: None,
            default: None,
            xml,
            origin: at(),
        }
    }

    fn attr(wire: &str, rust: &str, ty: TypeExpr, required: bool) -> Field {
        field(wire, rust, ty, required, XmlNode::Attribute)
    }

    fn elem(wire: &str, rust: &str, ty: TypeExpr, required: bool) -> Field {
        field(wire, rust, ty, required, XmlNode::Element)
    }

    fn text(rust: &str, ty: TypeExpr, required: bool) -> Field {
        field("$text", rust, ty, required, XmlNode::Text)
    }

    fn def(name: &str, kind: TypeKind) -> TypeDef {
        TypeDef {
            accepts_null: false,
            name: name.into(),
            source_name: name.into(),
            docs: None,
            origin: at(),
            kind,
        }
    }

    fn object(name: &str, model: ContentModel, fields: Vec<Field>) -> TypeDef {
        def(
            name,
            TypeKind::Struct(Struct {
                fields,
                additional: Additional::Forbidden,
                content_model: model,
                min_properties: None,
                max_properties: None,
                violation_report: None,
                json_array: false,
                member_sets: Vec::new(),
            }),
        )
    }

    fn code_table(name: &str, codes: &[(&str, i64)]) -> TypeDef {
        def(
            name,
            TypeKind::Enum(Enum {
                repr: EnumRepr::Integer,
                variants: codes
                    .iter()
                    .map(|(variant, code)| EnumVariant {
                        name: Name {
                            wire: code.to_string(),
                            rust: (*variant).into(),
                        },
                        value: json!(code),
                        docs: None,
                    })
                    .collect(),
                closed: false,
            }),
        )
    }

    /// A feed-like API exercising every member form the emitter knows: attributes (scalars,
    /// aliases, open enums, a scalar union, an `xs:list`), text content, single, optional,
    /// nullable, repeated and recursive (boxed) elements, mixed content, a type named
    /// `Result`, and a struct holding a map (which cannot be written as XML).
    pub(crate) fn feed_api() -> Api {
        use ContentModel::{Choice, Sequence};
        use TypeExpr as T;
        let decimal = scalar(Scalar::Decimal(DecimalWire::String));
        let types = vec![
            def("Id", TypeKind::Alias(scalar(Scalar::Int64))),
            def("Price", TypeKind::Alias(decimal.clone())),
            code_table("MessageType", &[("MarketUpdate", 3), ("KeepAlive", 31)]),
            code_table("BetStatus", &[("Open", 1), ("Suspended", 2)]),
            def(
                "Sport",
                TypeKind::Enum(Enum {
                    repr: EnumRepr::String,
                    variants: vec![EnumVariant {
                        name: name("Football", "Football"),
                        value: json!("Football"),
                        docs: None,
                    }],
                    closed: true,
                }),
            ),
            def(
                "IdOrName",
                TypeKind::Union(Union {
                    variants: vec![
                        UnionVariant {
                            name: "Id".into(),
                            ty: T::named("Id"),
                        },
                        UnionVariant {
                            name: "Name".into(),
                            ty: scalar(Scalar::String),
                        },
                    ],
                    mode: UnionMode::OneOf,
                    discriminator: None,
                }),
            ),
            object(
                "Message",
                Sequence,
                vec![
                    elem("Header", "header", T::named("Header"), true),
                    elem("Body", "body", T::named("Body"), false),
                ],
            ),
            object(
                "Header",
                Sequence,
                vec![
                    attr("Type", "type_", T::named("MessageType"), true),
                    attr("MsgGuid", "msg_guid", scalar(Scalar::Uuid), true),
                    attr(
                        "ServerTimestamp",
                        "server_timestamp",
                        scalar(Scalar::DateTime),
                        true,
                    ),
                    attr("MsgId", "msg_id", scalar(Scalar::Int64), false),
                    attr("Source", "source", T::named("IdOrName"), false),
                    attr(
                        "FeedInterrupted",
                        "feed_interrupted",
                        array(scalar(Scalar::Int32)),
                        false,
                    ),
                ],
            ),
            object(
                "Body",
                Choice,
                vec![
                    elem("Events", "events", T::named("Events"), false),
                    elem(
                        "Competition",
                        "competition",
                        T::named("Competitions"),
                        false,
                    ),
                    elem("Extension", "extension", T::named("Extension"), false),
                ],
            ),
            object(
                "Events",
                Sequence,
                vec![elem("Event", "event", array(T::named("Event")), true)],
            ),
            def(
                "Competitions",
                TypeKind::Alias(array(T::named("Competition"))),
            ),
            object(
                "Event",
                Sequence,
                vec![
                    attr("FixtureId", "fixture_id", T::named("Id"), true),
                    elem("Fixture", "fixture", T::named("Fixture"), false),
                    elem("Markets", "markets", T::named("Markets"), false),
                    elem("Periods", "periods", array(T::named("Period")), false),
                ],
            ),
            object(
                "Fixture",
                Sequence,
                vec![
                    elem("Sport", "sport", T::named("Sport"), true),
                    elem("Location", "location", nullable(T::named("IdName")), false),
                    elem("Time", "time", nullable(scalar(Scalar::Int32)), true),
                    elem("StartDate", "start_date", scalar(Scalar::DateTime), true),
                    elem("Note", "note", T::named("Note"), false),
                ],
            ),
            object(
                "IdName",
                Sequence,
                vec![
                    attr("Id", "id", T::named("Id"), true),
                    attr("Name", "name", scalar(Scalar::String), true),
                ],
            ),
            object(
                "Markets",
                Sequence,
                vec![elem("Market", "market", array(T::named("Market")), true)],
            ),
            object(
                "Market",
                Sequence,
                vec![
                    attr("Id", "id", T::named("Id"), true),
                    attr("Name", "name", scalar(Scalar::String), true),
                    elem("Bet", "bet", array(T::named("Bet")), true),
                ],
            ),
            object(
                "Bet",
                Sequence,
                vec![
                    attr("Id", "id", T::named("Id"), true),
                    attr("Name", "name", scalar(Scalar::String), true),
                    attr("Line", "line", scalar(Scalar::String), false),
                    attr("Status", "status", T::named("BetStatus"), true),
                    attr("StartPrice", "start_price", T::named("Price"), false),
                    attr("Price", "price", T::named("Price"), true),
                    attr("LastUpdate", "last_update", scalar(Scalar::DateTime), true),
                    attr("IsActive", "is_active", scalar(Scalar::Boolean), false),
                    attr(
                        "Probability",
                        "probability",
                        nullable(decimal.clone()),
                        false,
                    ),
                ],
            ),
            object(
                "Period",
                Sequence,
                vec![
                    elem("Type", "type_", T::named("BetStatus"), true),
                    elem("IsFinished", "is_finished", scalar(Scalar::Boolean), true),
                    elem("Results", "results", array(T::named("Result")), false),
                    elem("Incidents", "incidents", array(T::named("Incident")), false),
                    elem(
                        "SubPeriods",
                        "sub_periods",
                        array(T::named("Period")),
                        false,
                    ),
                    elem(
                        "SequenceNumber",
                        "sequence_number",
                        scalar(Scalar::Int32),
                        false,
                    ),
                    elem(
                        "Scores",
                        "scores",
                        array(nullable(T::named("Score"))),
                        false,
                    ),
                ],
            ),
            object(
                "Result",
                Sequence,
                vec![
                    elem("Position", "position", scalar(Scalar::String), true),
                    elem("Value", "value", scalar(Scalar::Int32), true),
                ],
            ),
            object(
                "Incident",
                Sequence,
                vec![
                    elem("Period", "period", scalar(Scalar::Int32), true),
                    elem("PlayerName", "player_name", scalar(Scalar::String), false),
                ],
            ),
            object(
                "Score",
                Sequence,
                vec![
                    attr("Position", "position", scalar(Scalar::Int32), true),
                    text("value", scalar(Scalar::String), true),
                ],
            ),
            object(
                "Note",
                Sequence,
                vec![
                    attr("Lang", "lang", scalar(Scalar::String), false),
                    text("value", scalar(Scalar::String), false),
                    elem("B", "b", scalar(Scalar::String), false),
                ],
            ),
            object(
                "Competition",
                Sequence,
                vec![
                    attr("Id", "id", T::named("Id"), true),
                    elem("Parent", "parent", T::named("Competition"), false),
                    elem(
                        "Competition",
                        "competitions",
                        array(T::named("Competition")),
                        false,
                    ),
                ],
            ),
            def(
                "Extension",
                TypeKind::Struct(Struct {
                    fields: vec![elem(
                        "Values",
                        "values",
                        TypeExpr::new(TypeExprKind::Map(Box::new(scalar(Scalar::String)))),
                        false,
                    )],
                    additional: Additional::Any,
                    content_model: Sequence,
                    min_properties: None,
                    max_properties: None,
                    violation_report: None,
                    json_array: false,
                    member_sets: Vec::new(),
                }),
            ),
        ];
        Api {
            module: "feed".into(),
            title: "Feed".into(),
            version: "1".into(),
            docs: None,
            sources: vec!["feed.xsd".into()],
            servers: Vec::new(),
            security_schemes: Vec::new(),
            types,
            operations: Vec::new(),
            xml_roots: vec![XmlRoot {
                element: "Message".into(),
                ty: "Message".into(),
                origin: at(),
                dispatch: None,
            }],
            lexical_json_numbers: true,
            // The assertions below spell out unboxed slots; `codegen/tests/xsd.rs` checks boxing.
            boxed_optional_structs: false,
        }
    }

    fn render(api: &Api) -> String {
        crate::pipeline::render_api(
            api,
            &Options {
                xml_codecs: true,
                ..Default::default()
            },
        )
    }

    #[test]
    fn generated_codecs_parse_and_cover_every_supported_type() {
        let api = feed_api();
        let source = render(&api);
        syn::parse_file(&source).expect("generated code parses");
        for ty in [
            "Header",
            "Event",
            "Fixture",
            "IdName",
            "Markets",
            "Market",
            "Bet",
            "Period",
            "Result",
            "Incident",
            "Score",
            "Note",
            "Competition",
        ] {
            assert!(
                source.contains(&format!("impl specgen_runtime::xml::FromXml for {ty} {{")),
                "no FromXml for {ty}"
            );
            assert!(
                source.contains(&format!("impl specgen_runtime::xml::ToXml for {ty} {{")),
                "no ToXml for {ty}"
            );
        }
        for ty in ["MessageType", "BetStatus", "Sport", "IdOrName"] {
            assert!(
                source.contains(&format!("impl specgen_runtime::xml::XmlValue for {ty} {{")),
                "no XmlValue for {ty}"
            );
        }
        // A map cannot be XML; the struct holding it, and the one holding that, are skipped.
        for ty in ["Extension", "Body"] {
            assert!(
                !source.contains(&format!("FromXml for {ty} ")),
                "{ty} should be skipped"
            );
        }
        // `Body` is skipped, so `Message` (which holds it) is too.
        assert!(!source.contains("XmlRoot for Message"));
    }

    #[test]
    fn member_forms_decode_into_the_model_field_types() {
        let mut api = feed_api();
        // Without the map, everything is supported (`Message` gets its root).
        api.types.retain(|t| t.name != "Extension");
        let TypeKind::Struct(body) = &mut api
            .types
            .iter_mut()
            .find(|t| t.name == "Body")
            .unwrap()
            .kind
        else {
            unreachable!()
        };
        body.fields.retain(|f| f.name.wire != "Extension");
        let source = render(&api);
        syn::parse_file(&source).expect("generated code parses");
        assert!(source.contains(
            "impl specgen_runtime::xml::XmlRoot for Message {\n    const ELEMENT: &'static str = \"Message\";"
        ));
        // Attributes: by name bytes, into `Option` slots; required ones are checked.
        assert!(source.contains("b\"FixtureId\" => reader.attr_value(&mut f_fixture_id, &attr)?,"));
        assert!(
            source.contains("fixture_id: reader.required_attribute(f_fixture_id, \"FixtureId\")?,")
        );
        // Nullable members: `Option<Option<_>>` and required `Option<_>`.
        assert!(source.contains("let mut f_location: Option<Option<IdName>> = None;"));
        assert!(source.contains("let mut f_time: Option<Option<i32>> = None;"));
        assert!(source.contains("time: reader.required_element(f_time, \"Time\")?,"));
        assert!(source.contains(
            "let mut f_probability: Option<Option<specgen_runtime::rust_decimal::Decimal>>"
        ));
        // A recursive member is boxed.
        assert!(source.contains("let mut f_parent: Option<Box<Competition>> = None;"));
        // Lists: one push per element; an empty item of a non-empty type is skipped.
        assert!(source.contains("let list = f_incidents.get_or_insert_with(Vec::new);"));
        assert!(source.contains("if reader.is_nil(&child) {"));
        assert!(source.contains("<Incident as specgen_runtime::xml::FromXml>::from_xml("));
        assert!(source.contains("let mut f_competition: Option<Vec<Competition>> = None;"));
        assert!(source.contains("competition: f_competition,"));
        assert!(source.contains("market: f_market.unwrap_or_default(),"));
        // Text content and mixed content.
        assert!(
            source.contains("let f_value: Option<String> = Some(reader.read_value::<String>()?);")
        );
        assert!(source.contains("reader.next_child_text(&mut text)"));
        // JSON: decimals read from their text; the XML content rules on what decodes.
        assert!(source.contains("deserialize_with = \"specgen_runtime::lexical::decimal\""));
        assert!(source.contains("impl specgen_runtime::__private::JsonContent for Market {"));
        assert!(source.contains("specgen_runtime::__no_json_content!("));
        assert!(source.contains("specgen_runtime::__private::check_json_content("));
        // Encoding writes attributes, then children, skipping absent ones.
        assert!(source.contains("writer.attr(\"Price\", &self.price);"));
        assert!(source.contains("writer.list(items, \"Incidents\", true);"));
        assert!(source.contains("Some(None) => writer.empty(\"Location\"),"));
    }

    /// The feed schemas, through the XSD front-end: every complex type gets codecs, every
    /// code table a value impl, and `Message` its root.
    #[test]
    fn feed_schemas_get_codecs_for_every_type() {
        for file in ["odds-service.xsd", "trade360.xsd"] {
            let mut source = crate::pipeline::ApiSource::new(
                std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("../spec/feed")
                    .join(file),
                file,
            );
            source.module = "feed".into();
            let api = crate::pipeline::lower(&source)
                .unwrap_or_else(|failure| panic!("{file}: {failure:?}"))
                .api;
            let source_code = render(&api);
            syn::parse_file(&source_code).expect("generated code parses");
            for ty in &api.types {
                let expected = match ty.kind {
                    TypeKind::Struct(_) => "FromXml",
                    TypeKind::Enum(_) => "XmlValue",
                    _ => continue,
                };
                assert!(
                    source_code.contains(&format!(
                        "impl specgen_runtime::xml::{expected} for {} {{",
                        ty.name
                    )),
                    "{file}: no {expected} for {}",
                    ty.name
                );
            }
            assert!(
                source_code.contains("impl specgen_runtime::xml::XmlRoot for Message {"),
                "{file}"
            );
        }
    }

    #[test]
    fn codecs_come_with_xml_roots_or_the_option() {
        // An API with XML root elements (from an XSD) always gets codecs.
        let api = feed_api();
        assert!(
            crate::pipeline::render_api(&api, &Options::default()).contains("specgen_runtime::xml")
        );
        // Without roots (an OpenAPI document) only the option adds them.
        let mut json_only = feed_api();
        json_only.xml_roots.clear();
        let plain = crate::pipeline::render_api(&json_only, &Options::default());
        assert!(!plain.contains("specgen_runtime::xml"));
        let with = render(&json_only);
        assert!(with.len() > plain.len());
    }
}
