//! Named types: structs, open enums, unions and aliases.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::doc_attrs;
use super::tree::{ModulePath, OutputTree};
use super::{ident, Context};
use crate::ir::{
    Additional, DecimalWire, Enum, EnumRepr, Field, Scalar, Struct, TypeDef, TypeExpr,
    TypeExprKind, TypeKind, Union, ADDITIONAL_PROPERTIES_FIELD,
};

/// The models emitter: one Rust type per IR type, at the API's root.
pub(crate) struct Models;

impl super::Emitter for Models {
    fn emit(&self, cx: &Context, out: &mut OutputTree) {
        let root = ModulePath::root();
        let derives_serde = |ty: &&TypeDef| match &ty.kind {
            TypeKind::Struct(_) | TypeKind::Union(_) => true,
            TypeKind::Alias(_) => cx.facts.recursive_aliases.contains(&ty.name),
            TypeKind::Enum(_) | TypeKind::Json(_) => false,
        };
        let derives_serde = cx.api.types.iter().any(|ty| derives_serde(&ty));
        // The derives name `serde::Serialize` through the module, so spec types may be
        // called `Serialize` too. schemars' derive also names `serde::Serializer` (for a
        // member with both a default and a serde `with`): without derives of our own, the
        // path is imported for it alone.
        if derives_serde {
            out.import(&root, quote! { specgen_runtime::serde });
        } else if let Some(feature) = &cx.schemars_feature {
            out.item(
                &root,
                quote! {
                    #[cfg(feature = #feature)]
                    #[allow(unused_imports)]
                    use specgen_runtime::serde;
                },
            );
        }
        for ty in &cx.api.types {
            out.item(&root, type_def(cx, ty));
        }
        if cx.api.types.iter().any(uses_json_values) {
            out.import(&root, quote! { specgen_runtime::serde_json });
        }
    }
}

/// Whether the Rust type of `expr` is or holds a `serde_json` type.
pub(crate) fn expr_uses(expr: &TypeExpr) -> bool {
    match &expr.kind {
        TypeExprKind::Any => true,
        TypeExprKind::Array(item) | TypeExprKind::Map(item) => expr_uses(item),
        TypeExprKind::Named(_) | TypeExprKind::Scalar(_) => false,
    }
}

/// Whether the Rust form of `ty` names `serde_json` (untyped members, maps of them, the
/// tag lookup of a union).
fn uses_json_values(ty: &TypeDef) -> bool {
    match &ty.kind {
        TypeKind::Struct(s) => {
            s.fields.iter().any(|f| expr_uses(&f.ty))
                || matches!(&s.additional, Additional::Typed(value) if expr_uses(value))
        }
        TypeKind::Union(_) | TypeKind::Json(_) => true,
        TypeKind::Alias(expr) => expr_uses(expr),
        TypeKind::Enum(_) => false,
    }
}

pub(crate) fn type_def(cx: &Context, ty: &TypeDef) -> TokenStream {
    let docs = doc_attrs(ty.docs.as_deref());
    match &ty.kind {
        TypeKind::Struct(s) => struct_def(cx, ty, s, docs),
        TypeKind::Enum(e) => enum_def(cx, ty, e, docs),
        TypeKind::Union(u) => union_def(cx, ty, u, docs),
        TypeKind::Alias(expr) if cx.facts.recursive_aliases.contains(&ty.name) => {
            // `type A = Vec<A>` does not compile: a recursive alias becomes a newtype with
            // the same wire form.
            let name = ident(&ty.name);
            let target = rust_type(expr, &TokenStream::new());
            let default = default_derive(cx, ty);
            let schemars = schemars_derive(cx);
            quote! {
                #docs
                #[derive(Debug, Clone, PartialEq, #default serde::Serialize, serde::Deserialize)]
                #schemars
                #[serde(crate = "specgen_runtime::serde", transparent)]
                pub struct #name(pub #target);
            }
        }
        TypeKind::Alias(expr) => {
            let name = ident(&ty.name);
            let target = rust_type(expr, &TokenStream::new());
            quote! { #docs pub type #name = #target; }
        }
        TypeKind::Json(_) => {
            let name = ident(&ty.name);
            quote! { #docs pub type #name = serde_json::Value; }
        }
    }
}

/// The Rust type of `expr` (wrapped in `Option` when it is nullable); `prefix` qualifies
/// named types (`super::super::` inside operation modules).
pub(crate) fn rust_type(expr: &TypeExpr, prefix: &TokenStream) -> TokenStream {
    let inner = rust_type_inner(expr, prefix);
    if expr.nullable && expr.kind != TypeExprKind::Any {
        quote! { Option<#inner> }
    } else {
        inner
    }
}

fn rust_type_inner(expr: &TypeExpr, prefix: &TokenStream) -> TokenStream {
    match &expr.kind {
        TypeExprKind::Named(name) => {
            let name = ident(name);
            quote! { #prefix #name }
        }
        TypeExprKind::Scalar(scalar) => scalar_type(*scalar),
        TypeExprKind::Array(item) => {
            let item = rust_type(item, prefix);
            quote! { Vec<#item> }
        }
        TypeExprKind::Map(value) if value.kind == TypeExprKind::Any => {
            quote! { serde_json::Map<String, serde_json::Value> }
        }
        TypeExprKind::Map(value) => {
            let value = rust_type(value, prefix);
            quote! { ::std::collections::BTreeMap<String, #value> }
        }
        TypeExprKind::Any => quote! { serde_json::Value },
    }
}

/// The Rust type of `expr` as text, as a user reads it (`Vec<Item>`, `Option<String>`).
pub(crate) fn type_label(expr: &TypeExpr) -> String {
    let inner = match &expr.kind {
        TypeExprKind::Named(name) => name.clone(),
        TypeExprKind::Scalar(scalar) => scalar_label(*scalar).to_owned(),
        TypeExprKind::Array(item) => format!("Vec<{}>", type_label(item)),
        TypeExprKind::Map(value) if value.kind == TypeExprKind::Any => {
            "serde_json::Map<String, serde_json::Value>".to_owned()
        }
        TypeExprKind::Map(value) => format!("BTreeMap<String, {}>", type_label(value)),
        TypeExprKind::Any => return "serde_json::Value".to_owned(),
    };
    if expr.nullable {
        format!("Option<{inner}>")
    } else {
        inner
    }
}

fn scalar_label(scalar: Scalar) -> &'static str {
    match scalar {
        Scalar::String => "String",
        Scalar::Boolean => "bool",
        Scalar::Int32 => "i32",
        Scalar::Int64 => "i64",
        Scalar::Float32 => "f32",
        Scalar::Float64 => "f64",
        Scalar::Decimal(DecimalWire::String) => "Decimal",
        Scalar::Decimal(DecimalWire::Number) => "NumericDecimal",
        Scalar::Uuid => "Uuid",
        Scalar::DateTime => "DateTime",
        Scalar::Date => "NaiveDate",
    }
}

fn scalar_type(scalar: Scalar) -> TokenStream {
    match scalar {
        Scalar::String => quote! { String },
        Scalar::Boolean => quote! { bool },
        Scalar::Int32 => quote! { i32 },
        Scalar::Int64 => quote! { i64 },
        Scalar::Float32 => quote! { f32 },
        Scalar::Float64 => quote! { f64 },
        Scalar::Decimal(DecimalWire::String) => quote! { specgen_runtime::rust_decimal::Decimal },
        Scalar::Decimal(DecimalWire::Number) => quote! { specgen_runtime::NumericDecimal },
        Scalar::Uuid => quote! { specgen_runtime::uuid::Uuid },
        Scalar::DateTime => quote! { specgen_runtime::DateTime },
        Scalar::Date => quote! { specgen_runtime::chrono::NaiveDate },
    }
}

/// Whether `Default` can be derived for a value of this type.
/// `Default,` in the derive list of a struct whose every member has a default.
fn default_derive(cx: &Context, ty: &TypeDef) -> Option<TokenStream> {
    cx.facts
        .derives_default(&ty.name)
        .then(|| quote! { Default, })
}

fn struct_def(cx: &Context, ty: &TypeDef, s: &Struct, docs: TokenStream) -> TokenStream {
    let name = ident(&ty.name);
    let fields = s
        .fields
        .iter()
        .map(|field| struct_field(cx, &ty.name, field));
    let catch_all = ident(ADDITIONAL_PROPERTIES_FIELD);
    let (catch_all_type, catch_all_docs) = match &s.additional {
        Additional::Forbidden => (
            quote! { specgen_runtime::UndeclaredMembers },
            "Members the spec does not declare. It forbids them (`additionalProperties: false`): they are kept so that validation can report them and re-encoding loses nothing.",
        ),
        Additional::Any => (
            quote! { specgen_runtime::UndeclaredMembers },
            "Members the spec does not declare, kept as received.",
        ),
        Additional::Typed(value) => {
            let value = rust_type(value, &TokenStream::new());
            (quote! { ::std::collections::BTreeMap<String, #value> }, "Members beyond the declared ones (`additionalProperties`).")
        }
    };
    let catch_all_docs = doc_attrs(Some(catch_all_docs));
    if s.json_array {
        return list_wrapper_def(cx, ty, s, docs);
    }
    let default = default_derive(cx, ty);
    let report = violation_report(cx, &name, s);
    let schemars = schemars_derive(cx);
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, #default serde::Serialize, serde::Deserialize)]
        #schemars
        #[serde(crate = "specgen_runtime::serde")]
        pub struct #name {
            #(#fields)*
            #catch_all_docs
            #[serde(flatten)]
            pub #catch_all: #catch_all_type,
        }

        #report
    }
}

/// A struct whose JSON form is its one member's array ([`crate::ir::Struct::json_array`]):
/// serde-transparent, and without a catch-all (an array has no undeclared members).
fn list_wrapper_def(cx: &Context, ty: &TypeDef, s: &Struct, docs: TokenStream) -> TokenStream {
    let name = ident(&ty.name);
    let fields = s.fields.iter().map(|field| {
        let member = ident(&field.name.rust);
        let ty = rust_type(&field.ty, &TokenStream::new());
        let ty = if field.required {
            ty
        } else {
            quote! { Option<#ty> }
        };
        let lexical = lexical_number(cx, field)
            .map(|function| quote! { #[serde(deserialize_with = #function)] });
        let docs = doc_attrs(field.docs.as_deref());
        let schemars = schemars_field(cx, field);
        quote! {
            #docs
            #lexical
            #schemars
            pub #member: #ty,
        }
    });
    let default = default_derive(cx, ty);
    let schemars = schemars_derive(cx);
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, #default serde::Serialize, serde::Deserialize)]
        #schemars
        #[serde(crate = "specgen_runtime::serde", transparent)]
        pub struct #name {
            #(#fields)*
        }
    }
}

/// The `specgen_runtime::lexical` function decoding a numeric member that may arrive as a
/// JSON string ([`crate::ir::Api::lexical_json_numbers`]), if the member is numeric: plain
/// numbers through `number` and its kin, `xs:decimal`s through `decimal` and its kin (which
/// read a JSON number's own text, never an `f64`, with the XML decoder's rules).
fn lexical_number(cx: &Context, field: &Field) -> Option<String> {
    if !cx.api.lexical_json_numbers || field.ty.nullable {
        return None;
    }
    let list_item = match &field.ty.kind {
        TypeExprKind::Array(item) if !item.nullable => Some(&**item),
        _ => None,
    };
    let (single, list) = if is_plain_number(cx, &field.ty)
        || list_item.is_some_and(|item| is_plain_number(cx, item))
    {
        ("number", "numbers")
    } else if is_string_decimal(cx, &field.ty)
        || list_item.is_some_and(|item| is_string_decimal(cx, item))
    {
        ("decimal", "decimals")
    } else {
        return None;
    };
    let function = match (list_item.is_some(), field.required) {
        (false, true) => single.to_owned(),
        (false, false) => format!("optional_{single}"),
        (true, true) => list.to_owned(),
        (true, false) => format!("optional_{list}"),
    };
    Some(format!("specgen_runtime::lexical::{function}"))
}

/// Whether a member of an OpenAPI model holds decimals written as strings
/// (`rust_decimal::Decimal`, in lists, maps and aliases too): those decode through
/// `specgen_runtime::decimal_string`, exactly or not at all, where `rust_decimal`'s own serde
/// would round past 28 digits. (XML Schema models read theirs through [`lexical_number`].)
fn exact_decimals(cx: &Context, field: &Field) -> bool {
    !cx.api.lexical_json_numbers && contains_string_decimal(cx, &field.ty)
}

/// Whether values of `expr` are `rust_decimal::Decimal`s (directly or through aliases).
fn is_string_decimal(cx: &Context, expr: &TypeExpr) -> bool {
    if expr.nullable {
        return false;
    }
    match &expr.kind {
        TypeExprKind::Scalar(scalar) => *scalar == Scalar::Decimal(DecimalWire::String),
        TypeExprKind::Named(name) => {
            alias_target(cx, name).is_some_and(|target| is_string_decimal(cx, target))
        }
        _ => false,
    }
}

/// Whether values of `expr` are Rust integers or floats (directly or through aliases).
fn is_plain_number(cx: &Context, expr: &TypeExpr) -> bool {
    if expr.nullable {
        return false;
    }
    match &expr.kind {
        TypeExprKind::Scalar(scalar) => matches!(
            scalar,
            Scalar::Int32 | Scalar::Int64 | Scalar::Float32 | Scalar::Float64
        ),
        TypeExprKind::Named(name) => {
            alias_target(cx, name).is_some_and(|target| is_plain_number(cx, target))
        }
        _ => false,
    }
}

/// Wraps `value` for a member, following how the member is represented (see `struct_field`).
fn member_value(fields: &[Field], rust_name: &str, value: TokenStream) -> TokenStream {
    let Some(field) = fields.iter().find(|f| f.name.rust == rust_name) else {
        return value;
    };
    let nullable = field.ty.nullable && field.ty.kind != TypeExprKind::Any;
    match (field.required, nullable) {
        (true, false) => value,
        (true, true) | (false, false) => quote! { Some(#value) },
        (false, true) => quote! { Some(Some(#value)) },
    }
}

/// `from_violations` for an error-report object (`x-violation-report`).
fn violation_report(cx: &Context, name: &proc_macro2::Ident, s: &Struct) -> TokenStream {
    let Some(report) = &s.violation_report else {
        return TokenStream::new();
    };
    let mut members = Vec::new();
    let mut doc =
        String::from("Builds this error report from validation violations (`x-violation-report`)");
    if let Some(summary) = &report.summary {
        let text = match &report.summary_text {
            Some(text) => quote! { #text.to_owned() },
            None => {
                quote! { violations.first().map(|violation| violation.message.clone()).unwrap_or_default() }
            }
        };
        let value = member_value(&s.fields, summary, text);
        let field = ident(summary);
        members.push(quote! { #field: #value, });
        doc.push_str(&format!(
            ": `{summary}` gets {}",
            match &report.summary_text {
                Some(text) => format!("\"{text}\""),
                None => "the first violation's message".to_owned(),
            }
        ));
    }
    if let Some(list) = &report.list {
        let entry = match &report.entry {
            None => quote! { violation.to_string() },
            Some((item_type, entry_field)) => {
                let item = ident(item_type);
                let entry = ident(entry_field);
                let item_fields = match cx.facts.type_def(item_type).map(|t| &t.kind) {
                    Some(TypeKind::Struct(item)) => item.fields.clone(),
                    _ => Vec::new(),
                };
                let value =
                    member_value(&item_fields, entry_field, quote! { violation.to_string() });
                quote! { #item { #entry: #value, ..Default::default() } }
            }
        };
        let value = member_value(
            &s.fields,
            list,
            quote! { violations.iter().map(|violation| #entry).collect() },
        );
        let field = ident(list);
        members.push(quote! { #field: #value, });
        doc.push_str(&format!(
            "{} `{list}` gets one entry per violation",
            if report.summary.is_some() {
                ", and"
            } else {
                ":"
            }
        ));
    }
    for (member, value) in &report.fixed {
        let literal = match value {
            serde_json::Value::Bool(flag) => quote! { #flag },
            serde_json::Value::String(text) => quote! { #text.to_owned() },
            _ => continue,
        };
        doc.push_str(&format!("; `{member}` is `{value}`"));
        let value = member_value(&s.fields, member, literal);
        let field = ident(member);
        members.push(quote! { #field: #value, });
    }
    doc.push('.');
    let doc = format!(" {doc}");
    quote! {
        impl #name {
            #[doc = #doc]
            pub fn from_violations(violations: &[specgen_runtime::Violation]) -> Self {
                Self { #(#members)* ..Default::default() }
            }
        }
    }
}

fn struct_field(cx: &Context, owner: &str, field: &Field) -> TokenStream {
    let name = ident(&field.name.rust);
    // JSON names: the configured one, and the wire (XML) name as an alias (`Field::json_name`).
    let wire = field.json_name();
    let alias = field.json_alias().map(|alias| quote! { alias = #alias, });
    let rename =
        (field.name.rust != wire || alias.is_some()).then(|| quote! { rename = #wire, #alias });
    let mut inner = rust_type_inner(&field.ty, &TokenStream::new());
    if cx.facts.boxes_member(owner, field) {
        inner = quote! { Box<#inner> };
    }
    let is_any = field.ty.kind == TypeExprKind::Any;
    let nullable = field.ty.nullable && !is_any;
    // Two attributes: the member's name and presence, then how its value is read and
    // written; each usually fits on a line of the formatted output.
    let optional = quote! { default, skip_serializing_if = "Option::is_none", };
    let (ty, presence, codec) = match (field.required, nullable) {
        (true, false) => (inner, quote! {}, None),
        // Required but nullable: present-and-null is `None`; absent is a decode error.
        (true, true) => (
            quote! { Option<#inner> },
            quote! {},
            Some(quote! { deserialize_with = "specgen_runtime::nullable::required" }),
        ),
        // An optional member that may be `null` (or, for untyped members, may hold `null`):
        // absent and `null` must stay distinct to re-encode faithfully.
        (false, true) => (
            quote! { Option<Option<#inner>> },
            optional,
            Some(quote! { with = "specgen_runtime::nullable" }),
        ),
        (false, false) if is_any => (
            quote! { Option<#inner> },
            optional,
            Some(quote! { deserialize_with = "specgen_runtime::nullable::present" }),
        ),
        (false, false) => (quote! { Option<#inner> }, optional, None),
    };
    let lexical = lexical_number(cx, field).map(|function| quote! { deserialize_with = #function });
    let codecs: Vec<TokenStream> = match lexical {
        Some(lexical) => codec.into_iter().chain(Some(lexical)).collect(),
        // Decimal strings read exactly (or an error), never through a rounding parse.
        None if exact_decimals(cx, field) => match (field.required, nullable) {
            (false, true) => vec![
                quote! { serialize_with = "specgen_runtime::nullable::serialize" },
                quote! { deserialize_with = "specgen_runtime::decimal_string::nullable" },
            ],
            _ => vec![quote! { deserialize_with = "specgen_runtime::decimal_string::deserialize" }],
        },
        None => codec.into_iter().collect(),
    };
    let presence_attr =
        (rename.is_some() || !presence.is_empty()).then(|| quote! { #[serde(#rename #presence)] });
    let codec_attr = (!codecs.is_empty()).then(|| quote! { #[serde(#(#codecs),*)] });
    let serde_attr = quote! { #presence_attr #codec_attr };
    let mut text = field.docs.clone().unwrap_or_default();
    if let Some(default) = &field.default {
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        text.push_str(&format!("Default: `{default}`."));
    }
    if let Some(alias) = field.json_alias() {
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        text.push_str(&format!(
            "JSON: `{}`; decoding also accepts the XML name `{alias}`.",
            field.json_name()
        ));
    }
    let docs = doc_attrs((!text.is_empty()).then_some(text.as_str()));
    let schemars = schemars_field(cx, field);
    quote! {
        #docs
        #serde_attr
        #schemars
        pub #name: #ty,
    }
}

/// An open enum: its definition, documented from the spec, and one runtime macro call for
/// its impls (wire values, serde, `Display`, and the JSON Schema behind the schemars
/// feature, written out since a derive would describe the `Unknown` variant).
fn enum_def(cx: &Context, ty: &TypeDef, e: &Enum, docs: TokenStream) -> TokenStream {
    let name = ident(&ty.name);
    let variants: Vec<_> = e.variants.iter().map(|v| ident(&v.name.rust)).collect();
    let variant_docs = e.variants.iter().map(|v| {
        let text = match &v.docs {
            Some(docs) => format!("`{}`: {docs}", v.name.wire),
            None => format!("`{}`", v.name.wire),
        };
        doc_attrs(Some(&text))
    });
    let unknown_docs = if e.closed {
        "A value the spec does not list. It is invalid per the spec, but kept as received so decoding never fails on it."
    } else {
        "A code the spec does not document yet. The table is open: new codes are expected and kept as received."
    };
    let unknown_docs = doc_attrs(Some(unknown_docs));
    let note = if e.closed {
        "Values the spec does not list decode to `Unknown` instead of failing."
    } else {
        "An open code table: undocumented codes decode to `Unknown`."
    };
    let docs = if docs.is_empty() {
        doc_attrs(Some(note))
    } else {
        let note = format!(" {note}");
        quote! { #docs #[doc = ""] #[doc = #note] }
    };
    let feature = cx
        .schemars_feature
        .as_ref()
        .map(|feature| quote! { , #feature });
    match e.repr {
        EnumRepr::String => {
            let wires = e.variants.iter().map(|v| v.name.wire.as_str());
            quote! {
                #docs
                #[derive(Debug, Clone, PartialEq, Eq, Hash)]
                pub enum #name {
                    #( #variant_docs #variants, )*
                    #unknown_docs
                    Unknown(String),
                }

                specgen_runtime::open_string_enum!(#name #feature { #(#variants = #wires),* });
            }
        }
        EnumRepr::Integer => {
            let codes = e.variants.iter().map(|v| {
                proc_macro2::Literal::i64_unsuffixed(v.value.as_i64().unwrap_or_default())
            });
            let schema = feature.as_ref().map(|feature| {
                if e.closed {
                    quote! { #feature, closed }
                } else {
                    quote! { #feature, open }
                }
            });
            quote! {
                #docs
                #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
                pub enum #name {
                    #( #variant_docs #variants, )*
                    #unknown_docs
                    Unknown(i64),
                }

                specgen_runtime::open_int_enum!(#name #schema { #(#variants = #codes),* });
            }
        }
    }
}

/// The function counting members an alternative does not declare (see `alternatives`).
pub(crate) fn undeclared_counter(
    cx: &Context,
    expr: &TypeExpr,
    prefix: &TokenStream,
) -> TokenStream {
    if let TypeExprKind::Named(name) = &expr.kind {
        if !expr.nullable
            && matches!(
                cx.facts.type_def(name).map(|t| &t.kind),
                Some(TypeKind::Struct(s)) if !s.json_array
            )
        {
            let ty = rust_type(expr, prefix);
            let field = ident(ADDITIONAL_PROPERTIES_FIELD);
            return quote! { |value: &#ty| value.#field.len() };
        }
    }
    quote! { specgen_runtime::alternatives::none }
}

fn union_def(cx: &Context, ty: &TypeDef, u: &Union, docs: TokenStream) -> TokenStream {
    let name = ident(&ty.name);
    let schemars = schemars_derive(cx);
    let type_name = &ty.name;
    let prefix = TokenStream::new();
    let variants: Vec<_> = u.variants.iter().map(|v| ident(&v.name)).collect();
    let boxed: Vec<bool> = u
        .variants
        .iter()
        .map(|v| matches!(&v.ty.kind, TypeExprKind::Named(t) if cx.facts.boxed.contains(&(ty.name.clone(), t.clone()))))
        .collect();
    let types = u.variants.iter().zip(&boxed).map(|(v, boxed)| {
        let inner = rust_type(&v.ty, &prefix);
        if *boxed {
            quote! { Box<#inner> }
        } else {
            inner
        }
    });
    let wrap = |index: usize| -> TokenStream {
        let variant = &variants[index];
        if boxed[index] {
            quote! { |value| Self::#variant(Box::new(value)) }
        } else {
            quote! { Self::#variant }
        }
    };
    let body = match &u.discriminator {
        Some(discriminator) => {
            let property = &discriminator.property;
            let arms = discriminator.mapping.iter().map(|(tag, index)| {
                let wrap = wrap(*index);
                quote! { Some(#tag) => specgen_runtime::from_json_value(value).map(#wrap), }
            });
            let missing = format!("missing discriminator member `{property}`");
            // The member's JSON Pointer, escaped (RFC 6901) here rather than with `concat!`.
            let tag_pointer = format!(
                "/{}",
                crate::source::escape_pointer_token(&discriminator.property)
            );
            quote! {
                let tag = value.get(#property).and_then(serde_json::Value::as_str).map(str::to_owned);
                match tag.as_deref() {
                    #(#arms)*
                    Some(other) => Err(specgen_runtime::DecodeError::new(
                        #tag_pointer,
                        format!("`{other}` is not a documented value of discriminator `{}`", #property),
                    )),
                    None => Err(specgen_runtime::DecodeError::new("", #missing)),
                }
            }
        }
        None => {
            let candidates = u.variants.iter().enumerate().map(|(index, v)| {
                let wrap = wrap(index);
                let counter = undeclared_counter(cx, &v.ty, &prefix);
                quote! { specgen_runtime::alternatives::candidate(&value, #wrap, #counter), }
            });
            quote! { specgen_runtime::alternatives::best_fit(#type_name, vec![#(#candidates)*]) }
        }
    };
    // `__D`, not `D`: the alternatives are named unqualified in the body, and one of them
    // may be a schema called `D`.
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, serde::Serialize)]
        #schemars
        #[serde(crate = "specgen_runtime::serde", untagged)]
        // Alternatives differ in size by nature (a large object beside a string); boxing
        // them would only make matching clumsier (recursive ones are boxed already).
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #( #[doc = concat!(" The `", stringify!(#variants), "` shape.")] #variants(#types), )*
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<__D: specgen_runtime::serde::Deserializer<'de>>(deserializer: __D) -> Result<Self, __D::Error> {
                let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
                let decoded: Result<Self, specgen_runtime::DecodeError> = { #body };
                decoded.map_err(specgen_runtime::serde::de::Error::custom)
            }
        }
    }
}

/// `derive(JsonSchema)` behind the configured feature, or nothing.
fn schemars_derive(cx: &Context) -> TokenStream {
    let Some(feature) = &cx.schemars_feature else {
        return TokenStream::new();
    };
    // Two attributes, not one with both: each fits on a line of the formatted output.
    quote! {
        #[cfg_attr(feature = #feature, derive(specgen_runtime::schemars::JsonSchema))]
        #[cfg_attr(feature = #feature, schemars(crate = "specgen_runtime::schemars"))]
    }
}

/// The type whose JSON Schema describes values of `expr` (without the member's own
/// optionality): the Rust type, except that exact decimals sent as strings are described
/// as `format: decimal` rather than by the decimal crate's pattern.
fn schema_type(cx: &Context, expr: &TypeExpr) -> TokenStream {
    let inner = match &expr.kind {
        TypeExprKind::Scalar(Scalar::Decimal(DecimalWire::String)) => {
            quote! { specgen_runtime::schema::DecimalString }
        }
        // Through an alias, so that a `Price = Decimal` member is still described as a decimal.
        TypeExprKind::Named(name) if contains_string_decimal(cx, expr) => {
            let target = alias_target(cx, name).expect("only aliases lead to decimals");
            let nullable = expr.nullable || target.nullable;
            return schema_type(
                cx,
                &TypeExpr {
                    nullable,
                    ..target.clone()
                },
            );
        }
        TypeExprKind::Array(item) => {
            let item = schema_type(cx, item);
            quote! { Vec<#item> }
        }
        TypeExprKind::Map(value) if value.kind != TypeExprKind::Any => {
            let value = schema_type(cx, value);
            quote! { ::std::collections::BTreeMap<String, #value> }
        }
        _ => rust_type_inner(expr, &TokenStream::new()),
    };
    if expr.nullable && expr.kind != TypeExprKind::Any {
        quote! { Option<#inner> }
    } else {
        inner
    }
}

/// The target of a (non-recursive) alias type.
fn alias_target<'a>(cx: &'a Context, name: &str) -> Option<&'a TypeExpr> {
    match cx.facts.type_def(name).map(|t| &t.kind) {
        Some(TypeKind::Alias(target)) if !cx.facts.recursive_aliases.contains(name) => Some(target),
        _ => None,
    }
}

fn contains_string_decimal(cx: &Context, expr: &TypeExpr) -> bool {
    match &expr.kind {
        TypeExprKind::Scalar(Scalar::Decimal(DecimalWire::String)) => true,
        TypeExprKind::Named(name) => {
            alias_target(cx, name).is_some_and(|target| contains_string_decimal(cx, target))
        }
        TypeExprKind::Array(inner) | TypeExprKind::Map(inner) => contains_string_decimal(cx, inner),
        _ => false,
    }
}

/// The `format` the schema of a scalar's Rust type already carries.
fn natural_format(expr: &TypeExpr) -> Option<&'static str> {
    match &expr.kind {
        TypeExprKind::Scalar(scalar) => match scalar {
            Scalar::Uuid => Some("uuid"),
            Scalar::DateTime => Some("date-time"),
            Scalar::Date => Some("date"),
            Scalar::Decimal(_) => Some("decimal"),
            Scalar::Int32 => Some("int32"),
            Scalar::Int64 => Some("int64"),
            Scalar::Float32 => Some("float"),
            Scalar::Float64 => Some("double"),
            Scalar::String | Scalar::Boolean => None,
        },
        _ => None,
    }
}

fn number_tokens(number: &serde_json::Number) -> TokenStream {
    number.to_string().parse().unwrap_or_else(|_| quote! { 0 })
}

/// A member's schema attributes: which type describes it, whether it is required although
/// it is an `Option`, and every constraint of the spec (as `extend`, so the keyword and
/// value are exactly the spec's).
fn schemars_field(cx: &Context, field: &Field) -> TokenStream {
    let Some(feature) = &cx.schemars_feature else {
        return TokenStream::new();
    };
    let is_any = field.ty.kind == TypeExprKind::Any;
    let nullable = field.ty.nullable && !is_any;
    let mut parts = Vec::new();
    let value_type = schema_type(
        cx,
        &TypeExpr {
            nullable: false,
            ..field.ty.clone()
        },
    );
    let with = match (field.required, nullable) {
        (true, false) if contains_string_decimal(cx, &field.ty) => Some(value_type),
        (true, false) => None,
        (true, true) | (false, true) => Some(quote! { Option<#value_type> }),
        (false, false) => Some(value_type),
    };
    if let Some(with) = with {
        let with = with.to_string();
        parts.push(quote! { with = #with });
    }
    if field.required && nullable {
        parts.push(quote! { required });
    }
    let c = &field.ty.constraints;
    let mut extend = Vec::new();
    if !matches!(field.ty.kind, TypeExprKind::Named(_)) {
        if let Some(bound) = &c.minimum {
            let value = number_tokens(&bound.value);
            extend.push(quote! { "minimum" = #value });
            if bound.exclusive {
                extend.push(quote! { "exclusiveMinimum" = true });
            }
        }
        if let Some(bound) = &c.maximum {
            let value = number_tokens(&bound.value);
            extend.push(quote! { "maximum" = #value });
            if bound.exclusive {
                extend.push(quote! { "exclusiveMaximum" = true });
            }
        }
        if let Some(factor) = &c.multiple_of {
            let value = number_tokens(factor);
            extend.push(quote! { "multipleOf" = #value });
        }
        for (key, value) in [
            ("minLength", c.min_length),
            ("maxLength", c.max_length),
            ("minItems", c.min_items),
            ("maxItems", c.max_items),
            ("minProperties", c.min_properties),
            ("maxProperties", c.max_properties),
        ] {
            if let Some(value) = value {
                extend.push(quote! { #key = #value });
            }
        }
        if let Some(pattern) = &c.pattern {
            extend.push(quote! { "pattern" = #pattern });
        }
        if c.unique_items {
            extend.push(quote! { "uniqueItems" = true });
        }
        if let Some(format) = &c.format {
            if natural_format(&field.ty) != Some(format.as_str()) {
                extend.push(quote! { "format" = #format });
            }
        }
    }
    if !extend.is_empty() {
        parts.push(quote! { extend(#(#extend),*) });
    }
    if parts.is_empty() {
        return TokenStream::new();
    }
    quote! { #[cfg_attr(feature = #feature, schemars(#(#parts),*))] }
}
