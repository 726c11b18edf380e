//! The dispatch emitter: for an XML root with an [`ir::Dispatch`], a message type holding the
//! header and an enum of bodies, one variant per documented code plus `Unknown`, which keeps
//! the body as received. Decoding reads the header first and decodes the body only as what
//! its code says; encoding writes the same document shapes the root type does.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::docs::doc_attrs;
use super::{ident, models, Context};
use crate::ir::{
    Additional, CodeKind, Dispatch, DispatchCase, TypeExprKind, TypeKind, XmlRoot,
    ADDITIONAL_PROPERTIES_FIELD,
};

/// The dispatch emitter: a message type per XML root that declares a dispatch on a code.
pub(crate) struct DispatchTypes;

impl super::Emitter for DispatchTypes {
    fn emit(&self, cx: &Context, out: &mut super::OutputTree) {
        let root = super::ModulePath::root();
        let types = dispatch_types(cx);
        if !types.is_empty() {
            out.import(&root, quote! { specgen_runtime::serde });
            out.import(&root, quote! { specgen_runtime::xml });
            out.import(&root, quote! { specgen_runtime::__private });
            out.item(&root, types);
        }
    }
}

/// The message types of every XML root that declares a dispatch.
pub(crate) fn dispatch_types(cx: &Context) -> TokenStream {
    cx.api
        .xml_roots
        .iter()
        .filter_map(|root| Some(message_type(cx, root, root.dispatch.as_ref()?)))
        .collect()
}

fn message_type(cx: &Context, root: &XmlRoot, d: &Dispatch) -> TokenStream {
    let name = ident(&d.name);
    let body_enum = ident(&format!("{}Body", d.name));
    let header_ty = ident(&d.header_ty);
    let body_ty = ident(&d.body_ty);
    let header_field = ident(&d.header.rust);
    let code_field = ident(&d.code.rust);
    let (element, header_wire, body_wire) = (&root.element, &d.header.wire, &d.body.wire);
    let on = format!("{}/{}", d.header.wire, d.code.wire);

    let root_def = cx.facts.type_def(&root.ty);
    let root_struct = root_def.and_then(|t| match &t.kind {
        TypeKind::Struct(s) => Some(s),
        _ => None,
    });
    let body_struct = cx.facts.type_def(&d.body_ty).and_then(|t| match &t.kind {
        TypeKind::Struct(s) => Some(s),
        _ => None,
    });

    let code_of = match d.code_kind {
        CodeKind::IntEnum => quote! { header.#code_field.code() },
        CodeKind::Integer => quote! { i64::from(header.#code_field) },
    };

    let mut docs_text = d.docs.clone().unwrap_or_default();
    if !docs_text.is_empty() {
        docs_text.push_str("\n\n");
    }
    docs_text.push_str(&format!(
        "The `<{element}>` document as a typed message: `{on}` says what `{body_wire}` holds. A code the spec does not list decodes as `{}Body::Unknown`, keeping the body as received.",
        d.name
    ));
    let docs = doc_attrs(Some(&docs_text));
    let header_docs = doc_attrs(
        root_struct
            .and_then(|s| s.fields.iter().find(|f| f.name.wire == d.header.wire))
            .and_then(|f| f.docs.as_deref()),
    );
    let body_enum_docs = format!(" What a [`{}`] carries, by its `{on}` code.", d.name);

    let variants = d.cases.iter().map(|case| {
        let variant = ident(&case.variant);
        let mut text = case.docs.clone().unwrap_or_default();
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        text.push_str(&format!("`{on}` = {}", case.code));
        match &case.content {
            Some(content) => {
                text.push_str(&format!(
                    ", carrying `{body_wire}.{}`.",
                    content.member.wire
                ));
                let docs = doc_attrs(Some(&text));
                let ty = models::rust_type(&content.ty, &TokenStream::new());
                quote! { #docs #variant(#ty), }
            }
            None => {
                text.push_str(", without a body.");
                let docs = doc_attrs(Some(&text));
                quote! { #docs #variant, }
            }
        }
    });

    // Which member of the body a case carries, as an `Option` (see `content_type`).
    let pick = |case: &DispatchCase| -> TokenStream {
        let Some(content) = &case.content else {
            return quote! {};
        };
        let member = ident(&content.member.rust);
        let field =
            body_struct.and_then(|s| s.fields.iter().find(|f| f.name.wire == content.member.wire));
        let required = field.is_some_and(|f| f.required);
        let boxed = field.is_some_and(|f| cx.facts.boxes_member(&d.body_ty, f));
        match (required, boxed) {
            (true, false) => quote! { |b: #body_ty| Some(b.#member) },
            (true, true) => quote! { |b: #body_ty| Some(*b.#member) },
            (false, false) => quote! { |b: #body_ty| b.#member },
            (false, true) => quote! { |b: #body_ty| b.#member.map(|content| *content) },
        }
    };

    // A case's variant, from the runtime's reading of the body (`at`: `XmlDispatch` or
    // `JsonDispatch`), which reports a missing member or one the case does not carry.
    let case_arm = |case: &DispatchCase| -> TokenStream {
        let code = Literal::i64_unsuffixed(case.code);
        let variant = ident(&case.variant);
        let name = &case.variant;
        match &case.content {
            Some(content) => {
                let pick = pick(case);
                let member = &content.member.wire;
                let take = if matches!(content.ty.kind, TypeExprKind::Array(_)) {
                    quote! { list }
                } else if content.json_array {
                    quote! { required_list }
                } else {
                    quote! { required }
                };
                quote! { #code => #body_enum::#variant(at.#take(#name, #member, #pick)?), }
            }
            None => quote! {
                #code => {
                    at.empty(#name)?;
                    #body_enum::#variant
                }
            },
        }
    };

    let content_codes: Vec<Literal> = d
        .cases
        .iter()
        .filter(|c| c.content.is_some())
        .map(|c| Literal::i64_unsuffixed(c.code))
        .collect();
    let decode_body = if content_codes.is_empty() {
        quote! { |_: &#header_ty| false }
    } else {
        quote! { |header: &#header_ty| matches!(#code_of, #(#content_codes)|*) }
    };
    let arms: Vec<TokenStream> = d.cases.iter().map(case_arm).collect();

    let xml_write_arms = d.cases.iter().map(|case| {
        let variant = ident(&case.variant);
        match &case.content {
            Some(content) => {
                let member = &content.member.wire;
                let write = if matches!(content.ty.kind, TypeExprKind::Array(_)) {
                    quote! { wrapped_list }
                } else {
                    quote! { wrapped }
                };
                quote! { #body_enum::#variant(content) => writer.#write(#body_wire, content, #member), }
            }
            None => quote! { #body_enum::#variant => {} },
        }
    });

    let json_write_arms = d.cases.iter().map(|case| {
        let variant = ident(&case.variant);
        match &case.content {
            Some(content) => {
                let member = &content.member.wire;
                if d.bare_json_lists && content.json_array {
                    quote! { #body_enum::#variant(content) => message.bare(content), }
                } else {
                    quote! { #body_enum::#variant(content) => message.member(#member, content), }
                }
            }
            None => quote! { #body_enum::#variant => message.absent(), },
        }
    });

    // Which members of the body are present: a body holding more than its code carries is
    // an error, so nothing it holds is lost.
    let body_members = body_struct.map(|s| {
        let present = s.fields.iter().map(|f| {
            let member = ident(&f.name.rust);
            let wire = &f.name.wire;
            let is_list = matches!(f.ty.kind, TypeExprKind::Array(_));
            let present = match (f.required, is_list && !f.ty.nullable) {
                (false, _) => quote! { self.#member.is_some() },
                (true, true) => quote! { !self.#member.is_empty() },
                (true, false) => quote! { true },
            };
            quote! { (#wire, #present) }
        });
        let undeclared = match (&s.additional, s.json_array) {
            (Additional::Forbidden | Additional::Any, false) => {
                let catch_all = ident(ADDITIONAL_PROPERTIES_FIELD);
                quote! { Some(&self.#catch_all) }
            }
            _ => quote! { None },
        };
        quote! {
            impl __private::DispatchBody for #body_ty {
                fn other_member(&self, carried: &str) -> Option<::std::string::String> {
                    __private::other_member(carried, &[#(#present),*], #undeclared)
                }
            }
        }
    });

    // The root's members in document order, as the root type writes them.
    let header_first = root_struct.is_none_or(|s| {
        let position = |wire: &str| s.fields.iter().position(|f| f.name.wire == wire);
        position(&d.header.wire) <= position(&d.body.wire)
    });
    let write_header = quote! {
        writer.element(&self.#header_field, #header_wire);
    };
    let write_body = quote! {
        match &self.body {
            #(#xml_write_arms)*
            #body_enum::Unknown(Some(specgen_runtime::dispatch::RawBody::Xml(raw))) => {
                writer.start(#body_wire);
                writer.raw_markup(raw);
                writer.end(#body_wire);
            }
            #body_enum::Unknown(Some(raw)) => {
                return Err(__private::form_mismatch(self.code(), raw).into());
            }
            #body_enum::Unknown(None) => {}
        }
    };
    let (first, second) = if header_first {
        (write_header, write_body)
    } else {
        (write_body, write_header)
    };
    let from_xml_doc = format!(
        " Decodes an XML document whose root element is `<{element}>`: the header, then the body as its code says (unknown elements and attributes are skipped)."
    );
    let from_json_doc = format!(
        " Decodes the JSON form `{{\"{header_wire}\": …, \"{body_wire}\": …}}`. A body that is a list may also be the `{body_wire}` value itself (`\"{body_wire}\": [...]`). The error names the JSON Pointer of the value that does not fit."
    );
    let to_xml_doc = format!(
        " Encodes the message as an XML document with root element `<{element}>`; fails only for an unknown code whose body arrived as JSON, or for a string holding a character XML 1.0 does not allow (which only a value built in code or decoded from JSON can hold)."
    );
    // The decoders read the header into a local named `header`.
    let header_init = if d.header.rust == "header" {
        quote! { header }
    } else {
        quote! { #header_field: header }
    };
    let header_pointer = format!("/{}", crate::source::escape_pointer_token(header_wire));
    let body_pointer = format!("/{}", crate::source::escape_pointer_token(body_wire));
    let to_json_doc = if d.bare_json_lists {
        format!(" Encodes the JSON form; a list body is written as the `{body_wire}` value itself (`\"{body_wire}\": [...]`).")
    } else {
        " Encodes the JSON form.".to_owned()
    };

    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq)]
        pub struct #name {
            #header_docs
            pub #header_field: #header_ty,
            /// What the message carries, as its code says.
            pub body: #body_enum,
        }

        #[doc = #body_enum_docs]
        #[derive(Debug, Clone, PartialEq)]
        pub enum #body_enum {
            #(#variants)*
            /// A code the spec does not list: the body as received (`None` when there is none).
            Unknown(Option<specgen_runtime::dispatch::RawBody>),
        }

        #body_members

        impl #name {
            /// The code the message is dispatched on.
            pub fn code(&self) -> i64 {
                let header = &self.#header_field;
                #code_of
            }

            #[doc = #from_xml_doc]
            pub fn from_xml(bytes: &[u8]) -> ::core::result::Result<Self, xml::XmlError> {
                Self::from_xml_with(bytes, xml::XmlOptions::default())
            }

            /// [`Self::from_xml`] with explicit options (strict mode, depth limit).
            pub fn from_xml_with(
                bytes: &[u8],
                options: xml::XmlOptions,
            ) -> ::core::result::Result<Self, xml::XmlError> {
                let (header, body) = __private::xml_dispatch::<#header_ty, #body_ty>(
                    bytes,
                    [#element, #header_wire, #body_wire],
                    options,
                    #decode_body,
                )?;
                let code = #code_of;
                let at = __private::XmlDispatch::new(bytes, options, body, #on, code, #body_wire);
                let body = match code {
                    #(#arms)*
                    _ => #body_enum::Unknown(at.unknown()),
                };
                Ok(Self { #header_init, body })
            }

            #[doc = #to_xml_doc]
            pub fn to_xml(&self) -> ::core::result::Result<::std::vec::Vec<u8>, xml::XmlEncodeError> {
                let mut writer = xml::XmlWriter::new();
                writer.start(#element);
                #first
                #second
                writer.end(#element);
                writer.finish()
            }

            #[doc = #from_json_doc]
            pub fn from_json(bytes: &[u8]) -> ::core::result::Result<Self, specgen_runtime::DecodeError> {
                #[derive(serde::Deserialize)]
                #[serde(crate = "specgen_runtime::serde")]
                struct Envelope<'a> {
                    #[serde(rename = #header_wire)]
                    header: #header_ty,
                    #[serde(rename = #body_wire, default, borrow)]
                    body: Option<&'a specgen_runtime::serde_json::value::RawValue>,
                }
                let Envelope { mut header, body } =
                    __private::from_json_slice_limited(bytes, xml::DEFAULT_MAX_BYTES)?;
                let mut pointer = ::std::string::String::from(#header_pointer);
                __private::JsonContent::json_content(&mut header, &mut pointer)?;
                let code = #code_of;
                let at = __private::JsonDispatch::new(bytes, body, #body_pointer, #on, code, #body_wire);
                let body = match code {
                    #(#arms)*
                    _ => #body_enum::Unknown(at.unknown()),
                };
                Ok(Self { #header_init, body })
            }

            #[doc = #to_json_doc]
            /// Fails only for an unknown code whose body arrived as XML.
            pub fn to_json(&self) -> ::core::result::Result<::std::vec::Vec<u8>, specgen_runtime::dispatch::FormMismatch> {
                let message = __private::JsonMessage::new(#header_wire, &self.#header_field, #body_wire);
                Ok(match &self.body {
                    #(#json_write_arms)*
                    #body_enum::Unknown(Some(specgen_runtime::dispatch::RawBody::Json(raw))) => message.raw(raw),
                    #body_enum::Unknown(Some(raw)) => {
                        return Err(__private::form_mismatch(self.code(), raw));
                    }
                    #body_enum::Unknown(None) => message.absent(),
                })
            }
        }
    }
}
