//! The typed validation emitter: for every named type, a function checking a decoded Rust
//! value with straight-line code over `specgen_runtime::Validator`.
//!
//! It reports what the JSON-value validation (`validation.rs`) reports for the value as it
//! encodes, with the same pointers, keywords and messages, but checks only what the Rust
//! type does not already hold: a decoded value has the right types and its required
//! members. Subtrees without any such constraint are not visited at all.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::validation::{
    array_rules_expr, number_rules_expr, optional_str, optional_u64, string_rules_expr,
    ValidatorNames,
};
use super::{ident, Context};
use crate::ir::{
    Additional, Constraints, DecimalWire, Enum, EnumRepr, Scalar, Struct, TypeDef, TypeExpr,
    TypeExprKind, TypeKind, ADDITIONAL_PROPERTIES_FIELD,
};

/// The typed validation emitter: a `typed_validation` module checking decoded values.
pub(crate) struct TypedValidation;

impl super::Emitter for TypedValidation {
    fn emit(&self, cx: &Context, out: &mut super::OutputTree) {
        out.item(&super::ModulePath::root(), typed_validation(cx));
    }
}

/// The `typed_validation` module of an API.
pub(crate) fn typed_validation(cx: &Context) -> TokenStream {
    let emitter = Emitter {
        cx,
        names: ValidatorNames::new(cx.api),
        needs: RefCell::new(BTreeMap::new()),
    };
    // Types whose typed function would be empty get none: their `Validate` impl has
    // nothing to check on decoded values.
    let mut functions = Vec::new();
    let (mut checked, mut plain) = (Vec::new(), Vec::new());
    for ty in &cx.api.types {
        let function = emitter.function(ty);
        let implements = !matches!(ty.kind, TypeKind::Alias(_) | TypeKind::Json(_));
        match (implements, function) {
            (true, None) => plain.push(ty),
            (true, Some(function)) => {
                checked.push(ty);
                functions.push(function);
            }
            (false, function) => {
                functions.push(function.unwrap_or_else(|| emitter.empty_function(ty)))
            }
        }
    }
    let impls = (!checked.is_empty() || !plain.is_empty()).then(|| {
        let types = checked.iter().map(|ty| ident(&ty.name));
        let names = checked.iter().map(|ty| emitter.names.of(&ty.name));
        let plain_types = plain.iter().map(|ty| ident(&ty.name));
        let plain_names = plain.iter().map(|ty| emitter.names.of(&ty.name));
        quote! {
            specgen_runtime::impl_validate! {
                #(#types => #names),*; #(#plain_types => #plain_names),*
            }
        }
    });
    let registry = cx
        .api
        .types
        .iter()
        .filter(|t| super::is_component_schema(&t.source_name))
        .map(|ty| {
            let pointer = &ty.source_name;
            if matches!(ty.kind, TypeKind::Alias(_) | TypeKind::Json(_)) {
                let function = emitter.names.of(&ty.name);
                quote! { (#pointer, |value, validator| validate_decoded(value, #function, validator)), }
            } else {
                // The type's `Validate` impl calls the function of this module; a schema that
                // admits `null` decodes as an `Option` of it.
                let name = ident(&ty.name);
                if ty.accepts_null {
                    quote! { (#pointer, validate_decoded_as::<Option<super::#name>>), }
                } else {
                    quote! { (#pointer, validate_decoded_as::<super::#name>), }
                }
            }
        });
    quote! {
        #impls

        /// Validation of decoded values: one function per type, checking the constraints
        /// the Rust type does not already guarantee and reporting what `validation` reports
        /// for the value as it encodes.
        #[allow(unused_imports, clippy::needless_borrow, clippy::match_single_binding)]
        pub mod typed_validation {
            use specgen_runtime::validate::{checks, validate_decoded, validate_decoded_as, ArrayRules, DecodeValidateFn, Format, NumberRules, Pattern, StringRules, Validator};

            /// Every named schema of the spec, by JSON Pointer: decodes a JSON value into the
            /// schema's type, validates it, and returns it re-encoded.
            pub const SCHEMAS: &[(&str, DecodeValidateFn)] = &[#(#registry)*];

            #(#functions)*
        }
    }
}

struct Emitter<'a> {
    cx: &'a Context<'a>,
    names: ValidatorNames,
    /// Whether a named type has anything to check, by name (memoized `type_needs`).
    needs: RefCell<BTreeMap<String, bool>>,
}

impl Emitter<'_> {
    /// The function of a type with nothing to check (an alias the registry still names).
    fn empty_function(&self, ty: &TypeDef) -> TokenStream {
        let function = self.names.of(&ty.name);
        let name = ident(&ty.name);
        let doc = format!(
            " Checks a decoded `{}` (`{}`): nothing to check.",
            ty.name, ty.source_name
        );
        quote! {
            #[doc = #doc]
            pub fn #function(_: &super::#name, _: &mut Validator) {}
        }
    }

    /// The type's function, or `None` when it would check nothing.
    fn function(&self, ty: &TypeDef) -> Option<TokenStream> {
        let function = self.names.of(&ty.name);
        let name = ident(&ty.name);
        let body = match &ty.kind {
            TypeKind::Struct(s) => self.struct_body(&ty.name, s),
            TypeKind::Enum(e) => enum_body(&name, e),
            // `oneOf` / `anyOf` count the alternatives the encoded value satisfies, which
            // the variant it was decoded as does not tell: checked on its encoding.
            TypeKind::Union(_) => {
                quote! { validator.encoded(value, super::validation::#function); }
            }
            TypeKind::Alias(expr) if self.cx.facts.recursive_aliases.contains(&ty.name) => {
                self.check(expr, &quote! { &value.0 })
            }
            TypeKind::Alias(expr) => self.check(expr, &quote! { value }),
            // The value is the JSON value itself.
            TypeKind::Json(_) => quote! { super::validation::#function(value, validator); },
        };
        let doc = format!(
            " Checks a decoded `{}` (`{}`) against the constraints its type does not hold.",
            ty.name, ty.source_name
        );
        if body.is_empty() {
            return None;
        }
        Some(quote! {
            #[doc = #doc]
            pub fn #function(value: &super::#name, validator: &mut Validator) {
                #body
            }
        })
    }

    fn struct_body(&self, owner: &str, s: &Struct) -> TokenStream {
        let catch_all = ident(ADDITIONAL_PROPERTIES_FIELD);
        let mut parts = Vec::new();
        // Same order as the JSON walk: member set first, then members in declaration order.
        if matches!(s.additional, Additional::Forbidden) {
            parts.push(quote! { validator.forbid_undeclared(&value.#catch_all); });
        }
        if s.min_properties.is_some() || s.max_properties.is_some() {
            let always = s.fields.iter().filter(|f| f.required).count();
            let always = Literal::usize_unsuffixed(always);
            let optional = s.fields.iter().filter(|f| !f.required).map(|f| {
                let field = ident(&f.name.rust);
                quote! { + usize::from(value.#field.is_some()) }
            });
            let min = optional_u64(s.min_properties);
            let max = optional_u64(s.max_properties);
            parts.push(quote! {
                let count = #always #(#optional)* + value.#catch_all.len();
                validator.property_count(count, #min, #max);
            });
        }
        let mut member_sets_part = None;
        if !s.member_sets.is_empty() {
            let sets = super::validation::member_sets_expr(&s.member_sets);
            let named: std::collections::BTreeSet<&str> = s
                .member_sets
                .iter()
                .flat_map(|rule| rule.sets.iter().flatten())
                .map(String::as_str)
                .collect();
            let arms = named.iter().filter_map(|wire| {
                let field = s.fields.iter().find(|f| f.name.wire == *wire)?;
                let presence = if field.required {
                    quote! { true }
                } else {
                    let name = ident(&field.name.rust);
                    quote! { value.#name.is_some() }
                };
                Some(quote! { #wire => #presence, })
            });
            let fallback = if s.json_array {
                quote! { _ => false, }
            } else {
                quote! { other => value.#catch_all.contains_key(other), }
            };
            let count = proc_macro2::Literal::usize_unsuffixed(s.member_sets.len());
            member_sets_part = Some(quote! {
                static MEMBER_SETS: [specgen_runtime::validate::MemberSets; #count] = #sets;
                for rule in &MEMBER_SETS {
                    validator.member_sets(rule, |name| match name {
                        #(#arms)*
                        #fallback
                    });
                }
            });
        }
        // Members required once the object has any member (`Field::required_with_content`).
        let with_content: Vec<TokenStream> = s
            .fields
            .iter()
            .filter(|f| f.required_with_content && !f.required)
            .map(|f| {
                let field = ident(&f.name.rust);
                let wire = f.json_name();
                let message = optional_str(f.ty.constraints.error_message.as_deref());
                quote! { (#wire, value.#field.is_some(), #message) }
            })
            .collect();
        if !with_content.is_empty() {
            if s.fields.iter().any(|f| f.required) {
                parts.push(quote! { validator.missing_members_if(true, &[#(#with_content),*]); });
            } else {
                let mut present: Vec<TokenStream> = s
                    .fields
                    .iter()
                    .map(|f| {
                        let field = ident(&f.name.rust);
                        quote! { value.#field.is_some() }
                    })
                    .collect();
                if !s.json_array {
                    present.push(quote! { !value.#catch_all.is_empty() });
                }
                parts.push(quote! {
                    let has_content = #(#present)||*;
                    validator.missing_members_if(has_content, &[#(#with_content),*]);
                });
            }
        }
        for field in &s.fields {
            let boxed = self.cx.facts.boxes_member(owner, field);
            let name = ident(&field.name.rust);
            let wire = field.json_name();
            // A list without constraints of its own: every item, at its index.
            if let (TypeExprKind::Array(item), false, None) = (
                &field.ty.kind,
                field.ty.nullable,
                field.ty.constraints.error_message.as_deref(),
            ) {
                if array_rules_expr(&field.ty.constraints).is_none() {
                    if let Some(checker) = self.checker(item, true) {
                        parts.push(match (s.json_array, field.required) {
                            // A list wrapper is its list in JSON: items at their index alone.
                            (true, true) => quote! { validator.each_item(&value.#name, #checker); },
                            (true, false) => quote! {
                                if let Some(items) = &value.#name {
                                    validator.each_item(items, #checker);
                                }
                            },
                            (false, true) => {
                                quote! { validator.items(#wire, &value.#name, #checker); }
                            }
                            (false, false) => {
                                quote! { validator.optional_items(#wire, &value.#name, #checker); }
                            }
                        });
                    }
                    continue;
                }
            }
            // A boxed member is checked through its box, by the type's own function.
            let through_box = boxed && !field.ty.nullable;
            let Some(checker) = self.checker(&field.ty, !boxed || through_box) else {
                continue;
            };
            let member = if through_box {
                quote! { &*value.#name }
            } else {
                quote! { &value.#name }
            };
            let optional = if through_box {
                quote! { value.#name.as_deref() }
            } else {
                quote! { value.#name.as_ref() }
            };
            parts.push(match (field.required, field.ty.constraints.error_message.as_deref()) {
                (true, None) => quote! { validator.member(#wire, #member, #checker); },
                (false, None) if through_box => {
                    quote! { validator.optional_ref_member(#wire, #optional, #checker); }
                }
                (false, None) => {
                    quote! { validator.optional_member(#wire, &value.#name, #checker); }
                }
                (true, Some(message)) => quote! {
                    validator.member_with_message(#wire, Some(#message), #member, #checker);
                },
                (false, Some(message)) => quote! {
                    validator.optional_member_with_message(#wire, Some(#message), #optional, #checker);
                },
            });
        }
        if let Additional::Typed(member) = &s.additional {
            if let Some(checker) = self.checker(member, true) {
                parts.push(quote! { validator.each_member(&value.#catch_all, #checker); });
            }
        }
        // Last, as the JSON walk checks them after the members.
        parts.extend(member_sets_part);
        quote! { #(#parts)* }
    }

    /// What checks a `&T` (`T` the Rust type of `expr`) against `expr`, as an argument of
    /// the runtime's `member`, `each_item`, …: the named type's function itself when `direct`
    /// allows (the value is not boxed), else a closure; `None` when there is nothing to check.
    fn checker(&self, expr: &TypeExpr, direct: bool) -> Option<TokenStream> {
        if let (TypeExprKind::Named(name), false, true) = (&expr.kind, expr.nullable, direct) {
            return self.type_needs(name).then(|| {
                let function = self.names.of(name);
                quote! { #function }
            });
        }
        let body = self.check(expr, &quote! { value });
        if body.is_empty() {
            return None;
        }
        if let Some(function) = format_check(expr) {
            return Some(function);
        }
        // A single call needs no block around it.
        if let Ok(block) = syn::parse2::<syn::Block>(quote! { { #body } }) {
            if let [syn::Stmt::Expr(
                call @ (syn::Expr::MethodCall(_) | syn::Expr::Call(_)),
                Some(_),
            )] = block.stmts.as_slice()
            {
                return Some(quote! { |value, validator| #call });
            }
        }
        Some(quote! { |value, validator| { #body } })
    }

    /// Checks `value` (an expression of type `&T`, `T` the Rust type of `expr`, `Option`
    /// included when nullable) against `expr`; empty when there is nothing to check.
    fn check(&self, expr: &TypeExpr, value: &TokenStream) -> TokenStream {
        if expr.nullable && expr.kind != TypeExprKind::Any {
            let inner = self.check_present(expr, &quote! { value });
            if inner.is_empty() {
                return inner;
            }
            return quote! { if let Some(value) = #value { #inner } };
        }
        self.check_present(expr, value)
    }

    /// `check` for a value that is not `null`.
    fn check_present(&self, expr: &TypeExpr, value: &TokenStream) -> TokenStream {
        let c = &expr.constraints;
        match &expr.kind {
            TypeExprKind::Named(name) => {
                if !self.type_needs(name) {
                    return TokenStream::new();
                }
                let function = self.names.of(name);
                quote! { #function(#value, validator); }
            }
            TypeExprKind::Any => TokenStream::new(),
            TypeExprKind::Scalar(scalar) => scalar_check(*scalar, c, value),
            TypeExprKind::Array(item) => {
                let rules = array_rules_expr(c).map(|rules| {
                    quote! { validator.array_rules(#value, &const { #rules }); }
                });
                // Array items are never boxed (a `Vec` is on the heap already).
                let items = self
                    .checker(item, true)
                    .map(|checker| quote! { validator.each_item(#value, #checker); });
                quote! { #rules #items }
            }
            TypeExprKind::Map(member) => {
                let count = (c.min_properties.is_some() || c.max_properties.is_some()).then(|| {
                    let min = optional_u64(c.min_properties);
                    let max = optional_u64(c.max_properties);
                    quote! { validator.property_count(#value.len(), #min, #max); }
                });
                let members = self
                    .checker(member, true)
                    .map(|checker| quote! { validator.each_member(#value, #checker); });
                quote! { #count #members }
            }
        }
    }

    /// Whether a value of the named type can break a constraint its Rust type does not hold,
    /// itself or anywhere inside.
    fn type_needs(&self, name: &str) -> bool {
        if let Some(known) = self.needs.borrow().get(name) {
            return *known;
        }
        let mut seen = BTreeSet::new();
        let needs = self.reaches_check(name, &mut seen);
        self.needs.borrow_mut().insert(name.to_owned(), needs);
        needs
    }

    /// Whether any type reachable from `name` (not yet in `seen`) has a check of its own.
    fn reaches_check(&self, name: &str, seen: &mut BTreeSet<String>) -> bool {
        if !seen.insert(name.to_owned()) {
            return false;
        }
        let Some(ty) = self.cx.facts.type_def(name) else {
            return false;
        };
        let mut named = Vec::new();
        let own = match &ty.kind {
            TypeKind::Struct(s) => {
                let mut own = matches!(s.additional, Additional::Forbidden)
                    || !s.member_sets.is_empty()
                    || s.min_properties.is_some()
                    || s.max_properties.is_some()
                    || s.fields
                        .iter()
                        .any(|f| f.required_with_content && !f.required);
                for field in &s.fields {
                    own |= expr_checks(&field.ty, &mut named);
                }
                if let Additional::Typed(member) = &s.additional {
                    own |= expr_checks(member, &mut named);
                }
                own
            }
            TypeKind::Enum(e) => e.closed,
            TypeKind::Union(_) | TypeKind::Json(_) => true,
            TypeKind::Alias(expr) => expr_checks(expr, &mut named),
        };
        own || named.iter().any(|target| self.reaches_check(target, seen))
    }
}

/// Whether `expr` has a check of its own (not counting named types, which it collects).
fn expr_checks(expr: &TypeExpr, named: &mut Vec<String>) -> bool {
    let c = &expr.constraints;
    match &expr.kind {
        TypeExprKind::Named(name) => {
            named.push(name.clone());
            false
        }
        TypeExprKind::Any => false,
        TypeExprKind::Scalar(scalar) => !scalar_check(*scalar, c, &quote! { value }).is_empty(),
        TypeExprKind::Array(item) => {
            let own = c.min_items.is_some() || c.max_items.is_some() || c.unique_items;
            expr_checks(item, named) || own
        }
        TypeExprKind::Map(member) => {
            let own = c.min_properties.is_some() || c.max_properties.is_some();
            expr_checks(member, named) || own
        }
    }
}

fn enum_body(name: &proc_macro2::Ident, e: &Enum) -> TokenStream {
    if !e.closed {
        return TokenStream::new();
    }
    match e.repr {
        EnumRepr::String => quote! {
            if !value.is_known() {
                validator.listed_string(value.as_str(), super::#name::VALUES);
            }
        },
        EnumRepr::Integer => quote! {
            if !value.is_known() {
                validator.listed_integer(value.code(), super::#name::CODES);
            }
        },
    }
}

/// The runtime function (`specgen_runtime::validate::checks`) that is the whole check of
/// `expr`, when its only check is the format of a typed scalar.
fn format_check(expr: &TypeExpr) -> Option<TokenStream> {
    let c = &expr.constraints;
    if expr.nullable || c.min_length.is_some() || c.max_length.is_some() || c.pattern.is_some() {
        return None;
    }
    match &expr.kind {
        TypeExprKind::Scalar(Scalar::DateTime) => Some(quote! { checks::date_time }),
        TypeExprKind::Scalar(Scalar::Date) => Some(quote! { checks::date }),
        TypeExprKind::Scalar(Scalar::Decimal(DecimalWire::String))
            if c.format.as_deref() == Some("decimal") =>
        {
            Some(quote! { checks::decimal })
        }
        _ => None,
    }
}

/// Checks a scalar `value` (`&T`) against its constraints; empty when the Rust type holds
/// them all.
fn scalar_check(scalar: Scalar, c: &Constraints, value: &TokenStream) -> TokenStream {
    match scalar {
        Scalar::Boolean => TokenStream::new(),
        Scalar::Int32 | Scalar::Int64 => {
            // The JSON walk checks the `int32` / `int64` range; the Rust type holds its own.
            let range = match (scalar, c.format.as_deref()) {
                (Scalar::Int64, Some("int32")) => Some(quote! { -2147483648, 2147483647 }),
                _ => None,
            };
            number_rules(
                quote! { integer_rules },
                if scalar == Scalar::Int32 {
                    quote! { i64::from(*#value) }
                } else {
                    quote! { *#value }
                },
                c,
                range,
            )
        }
        Scalar::Float32 => number_rules(quote! { float32_rules }, quote! { *#value }, c, None),
        Scalar::Float64 => number_rules(quote! { float_rules }, quote! { *#value }, c, None),
        Scalar::Decimal(DecimalWire::Number) => number_rules(
            quote! { numeric_decimal_rules },
            quote! { #value.get() },
            c,
            None,
        ),
        Scalar::String => string_rules(c, quote! { #value }, None),
        // The rest encode through `Display`; their own format holds by construction, except
        // what the decoder tolerates beyond it (zone-less date-times, years past 9999).
        Scalar::Decimal(DecimalWire::String) if c.format.as_deref() == Some("decimal") => {
            string_rules(
                c,
                quote! { &#value.to_string() },
                Some(quote! { validator.decimal_value(#value); }),
            )
        }
        Scalar::Decimal(DecimalWire::String) | Scalar::Uuid => {
            string_rules(c, quote! { &#value.to_string() }, None)
        }
        Scalar::DateTime => string_rules(
            c,
            quote! { &#value.to_string() },
            Some(quote! { validator.date_time_value(#value); }),
        ),
        Scalar::Date => string_rules(
            c,
            quote! { &#value.to_string() },
            Some(quote! { validator.date_value(#value); }),
        ),
    }
}

/// `minLength`, `maxLength`, `pattern` and (on plain strings) `email` over `text` (a `&str`
/// expression, evaluated only when there is a rule), after `format` (the format check of a
/// typed scalar).
fn string_rules(c: &Constraints, text: TokenStream, format: Option<TokenStream>) -> TokenStream {
    // Only a plain string can break `email`; the JSON walk checks it on strings only too.
    let email = (format.is_none() && c.format.as_deref() == Some("email"))
        .then(|| quote! { Format::Email });
    let (rules, pattern_static) = string_rules_expr(c, &ident("PATTERN"), email);
    let rules = rules.map(|rules| {
        quote! {
            #pattern_static
            static RULES: StringRules = #rules;
            validator.string_rules(#text, &RULES);
        }
    });
    let Some(rules) = rules else {
        return format.unwrap_or_default();
    };
    // The format first: the JSON walk reports it after the lengths and pattern of the same
    // string, but they land on the same pointer, and a set of violations has no order.
    quote! { { #format #rules } }
}

fn number_rules(
    method: TokenStream,
    number: TokenStream,
    c: &Constraints,
    range: Option<TokenStream>,
) -> TokenStream {
    match number_rules_expr(c, range) {
        Some(rules) => quote! { validator.#method(#number, &const { #rules }); },
        None => TokenStream::new(),
    }
}
