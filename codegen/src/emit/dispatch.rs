//! The dispatch emitter: for an XML root with an [`ir::Dispatch`], a message type holding the
//! header and an enum of bodies, one variant per documented code plus `Unknown`, which keeps
//! the body as received. Decoding reads the header first and decodes the body only as what
//! its code says; encoding writes the same document shapes the root type does.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::docs::doc_attrs;
use super::{ident, models, Context};
use crate::ir::{CodeKind, Dispatch, DispatchCase, TypeExprKind, TypeKind, XmlRoot};

/// The dispatch emitter: a message type per XML root that declares a dispatch on a code.
pub(crate) struct DispatchTypes;

impl super::Emitter for DispatchTypes {
    fn emit(&self, cx: &Context, out: &mut super::OutputTree) {
        let root = super::ModulePath::root();
        let types = dispatch_types(cx);
        if !types.is_empty() {
            out.import(&root, quote! { specgen_runtime::serde });
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
            (true, false) => quote! { |body: #body_ty| Some(body.#member) },
            (true, true) => quote! { |body: #body_ty| Some(*body.#member) },
            (false, false) => quote! { |body: #body_ty| body.#member },
            (false, true) => quote! { |body: #body_ty| body.#member.map(|content| *content) },
        }
    };

    // A case's variant from its content (an `Option`), or the error for a missing one.
    let variant_from = |case: &DispatchCase, missing: TokenStream| -> TokenStream {
        let variant = ident(&case.variant);
        let Some(content) = &case.content else {
            return quote! { #body_enum::#variant };
        };
        if matches!(content.ty.kind, TypeExprKind::Array(_)) {
            // A list that is absent is an empty list.
            quote! { #body_enum::#variant(content.unwrap_or_default()) }
        } else {
            quote! {
                match content {
                    Some(content) => #body_enum::#variant(content),
                    None => return Err(#missing),
                }
            }
        }
    };

    // The errors of a body that does not fit its code, worded alike for XML and JSON.
    let missing_message = |case: &DispatchCase, member: &str| {
        format!(
            "`{on}` {} ({}) carries `{member}` in `{body_wire}`, which is missing",
            case.code, case.variant
        )
    };
    let unexpected_message = |case: &DispatchCase| {
        format!(
            "`{on}` {} ({}) has no body, but `{body_wire}` has content",
            case.code, case.variant
        )
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

    let xml_arms = d.cases.iter().map(|case| {
        let code = Literal::i64_unsuffixed(case.code);
        match &case.content {
            Some(content) => {
                let pick = pick(case);
                let message = missing_message(case, &content.member.wire);
                let missing = quote! {
                    specgen_runtime::__private::xml_body_mismatch(bytes, #body_wire, options, #message)
                };
                let value = variant_from(case, missing);
                quote! {
                    #code => {
                        let content = body.decoded().and_then(#pick);
                        #value
                    }
                }
            }
            None => {
                let value = variant_from(case, TokenStream::new());
                let message = unexpected_message(case);
                quote! {
                    #code => {
                        if body.raw().is_some_and(|raw| !specgen_runtime::__private::xml_is_blank(&raw)) {
                            return Err(specgen_runtime::__private::xml_body_mismatch(bytes, #body_wire, options, #message));
                        }
                        #value
                    }
                }
            }
        }
    });

    let json_arms = d.cases.iter().map(|case| {
        let code = Literal::i64_unsuffixed(case.code);
        let pointer = format!("/{}", crate::source::escape_pointer_token(body_wire));
        match &case.content {
            Some(content) => {
                let pick = pick(case);
                let member = &content.member.wire;
                let is_list = content.json_array;
                let message = missing_message(case, member);
                let missing = quote! { specgen_runtime::DecodeError::new(#pointer, #message) };
                let value = variant_from(case, missing);
                quote! {
                    #code => {
                        let content = specgen_runtime::__private::json_content(
                            bytes, envelope.body, #pointer, #member, #is_list, #pick,
                        )?;
                        #value
                    }
                }
            }
            None => {
                let value = variant_from(case, TokenStream::new());
                let message = unexpected_message(case);
                quote! {
                    #code => {
                        if !specgen_runtime::__private::json_is_empty(envelope.body) {
                            return Err(specgen_runtime::DecodeError::new(#pointer, #message));
                        }
                        #value
                    }
                }
            }
        }
    });

    let xml_write_arms = d.cases.iter().map(|case| {
        let variant = ident(&case.variant);
        match &case.content {
            Some(content) => {
                let member = &content.member.wire;
                let write = if matches!(content.ty.kind, TypeExprKind::Array(_)) {
                    quote! { writer.list(content, #member, false); }
                } else {
                    quote! { specgen_runtime::xml::ToXml::to_xml(content, &mut writer, #member); }
                };
                quote! {
                    #body_enum::#variant(content) => {
                        writer.start(#body_wire);
                        #write
                        writer.end(#body_wire);
                    }
                }
            }
            None => quote! { #body_enum::#variant => {} },
        }
    });

    let json_write_arms = d.cases.iter().map(|case| {
        let variant = ident(&case.variant);
        match &case.content {
            Some(content) => {
                let member = &content.member.wire;
                let body = if d.bare_json_lists && content.json_array {
                    quote! { specgen_runtime::__private::JsonBody::Bare(content) }
                } else {
                    quote! { specgen_runtime::__private::JsonBody::Member(#member, content) }
                };
                quote! {
                    #body_enum::#variant(content) => specgen_runtime::__private::json_message(
                        #header_wire, &self.#header_field, #body_wire, #body,
                    ),
                }
            }
            None => quote! {
                #body_enum::#variant => specgen_runtime::__private::json_message(
                    #header_wire, &self.#header_field, #body_wire,
                    specgen_runtime::__private::JsonBody::<()>::Absent,
                ),
            },
        }
    });

    // The root's members in document order, as the root type writes them.
    let header_first = root_struct.is_none_or(|s| {
        let position = |wire: &str| s.fields.iter().position(|f| f.name.wire == wire);
        position(&d.header.wire) <= position(&d.body.wire)
    });
    let write_header = quote! {
        specgen_runtime::xml::ToXml::to_xml(&self.#header_field, &mut writer, #header_wire);
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
                return Err(specgen_runtime::__private::form_mismatch(self.code(), raw).into());
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
    let header_pointer = format!("/{}", header_wire.replace('~', "~0").replace('/', "~1"));
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

        impl #name {
            /// The code the message is dispatched on.
            pub fn code(&self) -> i64 {
                let header = &self.#header_field;
                #code_of
            }

            #[doc = #from_xml_doc]
            pub fn from_xml(bytes: &[u8]) -> ::core::result::Result<Self, specgen_runtime::xml::XmlError> {
                Self::from_xml_with(bytes, specgen_runtime::xml::XmlOptions::default())
            }

            /// [`Self::from_xml`] with explicit options (strict mode, depth limit).
            pub fn from_xml_with(
                bytes: &[u8],
                options: specgen_runtime::xml::XmlOptions,
            ) -> ::core::result::Result<Self, specgen_runtime::xml::XmlError> {
                let (#header_field, body) = specgen_runtime::__private::xml_dispatch::<#header_ty, #body_ty>(
                    bytes,
                    [#element, #header_wire, #body_wire],
                    options,
                    #decode_body,
                )?;
                let code = {
                    let header = &#header_field;
                    #code_of
                };
                let body = match code {
                    #(#xml_arms)*
                    _ => #body_enum::Unknown(body.raw().map(specgen_runtime::dispatch::RawBody::Xml)),
                };
                Ok(Self { #header_field, body })
            }

            #[doc = #to_xml_doc]
            pub fn to_xml(&self) -> ::core::result::Result<::std::vec::Vec<u8>, specgen_runtime::xml::XmlEncodeError> {
                let mut writer = specgen_runtime::xml::XmlWriter::new();
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
                let mut envelope: Envelope<'_> = specgen_runtime::__private::from_json_slice_limited(
                    bytes,
                    specgen_runtime::xml::DEFAULT_MAX_BYTES,
                )?;
                specgen_runtime::__private::JsonContent::json_content(
                    &mut envelope.header,
                    &mut ::std::string::String::from(#header_pointer),
                )?;
                let code = {
                    let header = &envelope.header;
                    #code_of
                };
                let body = match code {
                    #(#json_arms)*
                    _ => #body_enum::Unknown(
                        envelope
                            .body
                            .filter(|raw| raw.get() != "null")
                            .map(|raw| specgen_runtime::dispatch::RawBody::Json(raw.to_owned())),
                    ),
                };
                Ok(Self { #header_field: envelope.header, body })
            }

            #[doc = #to_json_doc]
            /// Fails only for an unknown code whose body arrived as XML.
            pub fn to_json(&self) -> ::core::result::Result<::std::vec::Vec<u8>, specgen_runtime::dispatch::FormMismatch> {
                Ok(match &self.body {
                    #(#json_write_arms)*
                    #body_enum::Unknown(Some(specgen_runtime::dispatch::RawBody::Json(raw))) => {
                        specgen_runtime::__private::json_message(
                            #header_wire, &self.#header_field, #body_wire,
                            specgen_runtime::__private::JsonBody::<()>::Raw(raw),
                        )
                    }
                    #body_enum::Unknown(Some(raw)) => {
                        return Err(specgen_runtime::__private::form_mismatch(self.code(), raw));
                    }
                    #body_enum::Unknown(None) => specgen_runtime::__private::json_message(
                        #header_wire, &self.#header_field, #body_wire,
                        specgen_runtime::__private::JsonBody::<()>::Absent,
                    ),
                })
            }
        }
    }
}
