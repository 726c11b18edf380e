//! The validation emitter: for every named type, a function checking a JSON value against
//! the type's schema with straight-line code over `specgen_runtime::Validator`.

use proc_macro2::{Literal, TokenStream};
use quote::quote;
use serde_json::Number;

use super::{ident, Context};
use crate::ir::{
    Additional, Constraints, Enum, EnumRepr, Scalar, Struct, TypeDef, TypeExpr, TypeExprKind,
    TypeKind, Union, UnionMode,
};
use crate::naming::{self, Scope};

/// Function names of the validators, one per type, unique in the `validation` module.
pub(crate) struct ValidatorNames {
    names: Vec<(String, String)>,
}

impl ValidatorNames {
    pub(crate) fn new(types: &[TypeDef]) -> Self {
        let mut scope = Scope::with_reserved(&["SCHEMAS"]);
        Self {
            names: types
                .iter()
                .map(|t| (t.name.clone(), scope.take_snake(&naming::snake(&t.name))))
                .collect(),
        }
    }

    pub(crate) fn of(&self, type_name: &str) -> proc_macro2::Ident {
        let name = self
            .names
            .iter()
            .find(|(t, _)| t == type_name)
            .map(|(_, f)| f.as_str())
            .unwrap_or("missing_validator");
        ident(name)
    }
}

/// The JSON-value validation emitter: a `validation` module and the `Validate` impls.
pub(crate) struct JsonValidation;

impl super::Emitter for JsonValidation {
    fn emit(&self, cx: &Context, out: &mut super::OutputTree) {
        let root = super::ModulePath::root();
        if cx
            .api
            .types
            .iter()
            .any(|t| !matches!(t.kind, TypeKind::Alias(_)))
        {
            // The `Validate` impls name `serde_json::Value`.
            out.import(&root, quote! { specgen_runtime::serde_json });
        }
        out.item(&root, validation(cx));
    }
}

/// The `validation` module and the `Validate` impls of an API.
pub(crate) fn validation(cx: &Context) -> TokenStream {
    let names = ValidatorNames::new(&cx.api.types);
    let functions = cx.api.types.iter().map(|ty| {
        let function = names.of(&ty.name);
        let body = match &ty.kind {
            TypeKind::Struct(s) => struct_body(&names, s),
            TypeKind::Enum(e) => enum_body(e),
            TypeKind::Union(u) => union_body(&names, u),
            TypeKind::Alias(expr) => check(&names, expr, &quote! { value }),
        };
        // A `nullable` named schema admits `null` itself, wherever it is validated from.
        let body = if ty.accepts_null {
            quote! {
                if value.is_null() {
                    return;
                }
                #body
            }
        } else {
            body
        };
        let doc = format!(
            " Checks a JSON value against `{}` (`{}`).",
            ty.name, ty.source_name
        );
        quote! {
            #[doc = #doc]
            pub fn #function(value: &Value, validator: &mut Validator) {
                #body
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
            let function = names.of(&ty.name);
            quote! { (#pointer, #function), }
        });
    let impls = cx.api.types.iter().filter(|t| !matches!(t.kind, TypeKind::Alias(_))).map(|ty| {
        let name = ident(&ty.name);
        let function = names.of(&ty.name);
        quote! {
            impl specgen_runtime::Validate for #name {
                fn validate_json(value: &serde_json::Value, validator: &mut specgen_runtime::Validator) {
                    validation::#function(value, validator)
                }

                fn validate_into(&self, validator: &mut specgen_runtime::Validator) {
                    typed_validation::#function(self, validator)
                }
            }
        }
    });
    quote! {
        #(#impls)*

        /// Validation of JSON values against the spec's schemas: one function per type,
        /// reporting every violation with its JSON Pointer.
        #[allow(unused_imports, clippy::needless_borrow)]
        pub mod validation {
            use specgen_runtime::serde_json::Value;
            use specgen_runtime::validate::{ArrayRules, Format, NumberRules, ObjectRules, Pattern, StringRules, ValidateFn, Validator};

            /// Every named schema of the spec, by JSON Pointer, with its validation function.
            pub const SCHEMAS: &[(&str, ValidateFn)] = &[#(#registry)*];

            #(#functions)*
        }
    }
}

fn struct_body(names: &ValidatorNames, s: &Struct) -> TokenStream {
    // A list wrapper's JSON form is its member's array (`null` when the member is optional).
    if let ([field], true) = (s.fields.as_slice(), s.json_array) {
        let body = check(names, &field.ty, &quote! { value });
        return if field.required {
            body
        } else {
            quote! {
                if value.is_null() {
                    return;
                }
                #body
            }
        };
    }
    let required_of = |with_content: bool| -> Vec<TokenStream> {
        s.fields
            .iter()
            .filter(|f| f.required || (with_content && f.required_with_content))
            .map(|f| {
                let wire = &f.name.wire;
                let message = optional_str(f.ty.constraints.error_message.as_deref());
                quote! { (#wire, #message), }
            })
            .collect()
    };
    let required = required_of(false);
    let required_with_content = required_of(true);
    let declared: Vec<&String> = s.fields.iter().map(|f| &f.name.wire).collect();
    let forbid = matches!(s.additional, Additional::Forbidden);
    let min = optional_u64(s.min_properties);
    let max = optional_u64(s.max_properties);
    // One pass over the object's members finds the declared ones (a `match` on the name,
    // no hashing); they are then checked in declaration order, as the spec lists them.
    let count = s.fields.len();
    let length = Literal::usize_unsuffixed(count);
    let slots = (0..count).map(Literal::usize_unsuffixed);
    let present_of = |with_content: bool| -> Vec<TokenStream> {
        s.fields
            .iter()
            .enumerate()
            .filter(|(_, f)| f.required || (with_content && f.required_with_content))
            .map(|(index, _)| {
                let index = Literal::usize_unsuffixed(index);
                quote! { members[#index].is_some() }
            })
            .collect()
    };
    let present = present_of(false);
    let present_with_content = present_of(true);
    let members = s.fields.iter().enumerate().filter_map(|(index, field)| {
        let wire = &field.name.wire;
        let body = check(names, &field.ty, &quote! { value });
        if body.is_empty() {
            return None;
        }
        let index = Literal::usize_unsuffixed(index);
        let message = optional_str(field.ty.constraints.error_message.as_deref());
        Some(quote! {
            if let Some(value) = members[#index] {
                let mark = validator.enter_member(#wire, #message);
                #body
                validator.leave(mark);
            }
        })
    });
    let find_members = if count == 0 {
        quote! { let undeclared = object.len(); }
    } else {
        let slots_for = slots.clone();
        let names_for = declared.iter();
        quote! {
            let mut members: [Option<&Value>; #length] = [None; #length];
            let mut undeclared = 0usize;
            for (name, value) in object {
                match name.as_str() {
                    #(#names_for => members[#slots_for] = Some(value),)*
                    _ => undeclared += 1,
                }
            }
        }
    };
    let additional = match &s.additional {
        Additional::Typed(value_type) => {
            let body = check(names, value_type, &quote! { value });
            let check_member = quote! {
                let mark = validator.enter_member(name, None);
                #body
                validator.leave(mark);
            };
            let each = if count == 0 {
                check_member
            } else {
                let names_skip = declared.iter();
                quote! {
                    match name.as_str() {
                        #(#names_skip)|* => {}
                        _ => { #check_member }
                    }
                }
            };
            quote! {
                if undeclared > 0 {
                    for (name, value) in object {
                        #each
                    }
                }
            }
        }
        _ => TokenStream::new(),
    };
    // Members required once the object has any member (see `Field::required_with_content`).
    let object_members = if required_with_content.len() == required.len() {
        quote! { validator.object_members(object, &[#(#present),*], undeclared, &RULES); }
    } else {
        quote! {
            static RULES_WITH_CONTENT: ObjectRules = ObjectRules {
                required: &[#(#required_with_content)*],
                declared: &[#(#declared),*],
                forbid_undeclared: #forbid,
                min_properties: #min,
                max_properties: #max,
            };
            if object.is_empty() {
                validator.object_members(object, &[#(#present),*], undeclared, &RULES);
            } else {
                validator.object_members(object, &[#(#present_with_content),*], undeclared, &RULES_WITH_CONTENT);
            }
        }
    };
    quote! {
        static RULES: ObjectRules = ObjectRules {
            required: &[#(#required)*],
            declared: &[#(#declared),*],
            forbid_undeclared: #forbid,
            min_properties: #min,
            max_properties: #max,
        };
        let Some(object) = validator.object(value, false) else { return };
        #find_members
        #object_members
        #(#members)*
        #additional
    }
}

fn enum_body(e: &Enum) -> TokenStream {
    match (e.repr, e.closed) {
        (EnumRepr::String, true) => {
            let values = e.variants.iter().map(|v| &v.name.wire);
            quote! { validator.string_enum(value, false, &[#(#values),*]); }
        }
        (EnumRepr::String, false) => quote! { validator.string(value, false); },
        (EnumRepr::Integer, true) => {
            let values = e
                .variants
                .iter()
                .map(|v| v.value.as_i64().unwrap_or_default());
            quote! { validator.integer_enum(value, false, &[#(#values),*]); }
        }
        (EnumRepr::Integer, false) => quote! { validator.integer(value, false); },
    }
}

fn union_body(names: &ValidatorNames, u: &Union) -> TokenStream {
    let alternatives: Vec<proc_macro2::Ident> = (1..=u.variants.len())
        .map(|i| ident(&format!("alternative_{i}")))
        .collect();
    let bodies = u.variants.iter().zip(&alternatives).map(|(variant, name)| {
        let body = check(names, &variant.ty, &quote! { value });
        quote! { fn #name(value: &Value, validator: &mut Validator) { #body } }
    });
    let any = u.mode == UnionMode::AnyOf;
    quote! {
        #(#bodies)*
        validator.alternatives(value, &[#(#alternatives),*], #any);
    }
}

/// Checks `value` (an expression of type `&Value`) against `expr`.
fn check(names: &ValidatorNames, expr: &TypeExpr, value: &TokenStream) -> TokenStream {
    let nullable = expr.nullable;
    let c = &expr.constraints;
    match &expr.kind {
        TypeExprKind::Named(name) => {
            let function = names.of(name);
            if nullable {
                quote! { if !#value.is_null() { #function(#value, validator); } }
            } else {
                quote! { #function(#value, validator); }
            }
        }
        TypeExprKind::Any => TokenStream::new(),
        TypeExprKind::Scalar(Scalar::Boolean) => quote! { validator.boolean(#value, #nullable); },
        TypeExprKind::Scalar(scalar @ (Scalar::Int32 | Scalar::Int64)) => {
            let range = match (scalar, c.format.as_deref()) {
                (Scalar::Int32, _) | (_, Some("int32")) => {
                    quote! { Some((-2147483648, 2147483647)) }
                }
                (_, Some("int64")) => quote! { Some((i64::MIN, i64::MAX)) },
                _ => quote! { None },
            };
            number_check(quote! { integer }, value, nullable, c, range)
        }
        TypeExprKind::Scalar(
            Scalar::Float32 | Scalar::Float64 | Scalar::Decimal(crate::ir::DecimalWire::Number),
        ) => number_check(quote! { number }, value, nullable, c, quote! { None }),
        TypeExprKind::Scalar(scalar) => {
            let format = match scalar {
                Scalar::Uuid => quote! { Some(Format::Uuid) },
                Scalar::DateTime => quote! { Some(Format::DateTime) },
                Scalar::Date => quote! { Some(Format::Date) },
                _ if c.format.as_deref() == Some("email") => quote! { Some(Format::Email) },
                _ => quote! { None },
            };
            let has_rules = c.min_length.is_some()
                || c.max_length.is_some()
                || c.pattern.is_some()
                || format.to_string() != "None";
            if !has_rules {
                return quote! { validator.string(#value, #nullable); };
            }
            let (mut fields, pattern_static) = string_rule_fields(c);
            if format.to_string() != "None" {
                fields.push(quote! { format: #format, });
            }
            quote! {
                if let Some(text) = validator.string(#value, #nullable) {
                    #pattern_static
                    validator.string_rules(text, &StringRules { #(#fields)* ..StringRules::NONE });
                }
            }
        }
        TypeExprKind::Array(item) => {
            let item_check = check(names, item, &quote! { value });
            let mut fields = Vec::new();
            if let Some(min) = c.min_items {
                fields.push(quote! { min_items: Some(#min), });
            }
            if let Some(max) = c.max_items {
                fields.push(quote! { max_items: Some(#max), });
            }
            if c.unique_items {
                fields.push(quote! { unique_items: true, });
            }
            let rules = (!fields.is_empty()).then(|| quote! { validator.array_rules(items, &ArrayRules { #(#fields)* ..ArrayRules::NONE }); });
            let items_loop = (!item_check.is_empty()).then(|| {
                quote! {
                    for (index, value) in items.iter().enumerate() {
                        let mark = validator.enter_index(index);
                        #item_check
                        validator.leave(mark);
                    }
                }
            });
            if rules.is_none() && items_loop.is_none() {
                return quote! { validator.array(#value, #nullable); };
            }
            quote! {
                if let Some(items) = validator.array(#value, #nullable) {
                    #rules
                    #items_loop
                }
            }
        }
        TypeExprKind::Map(member) => {
            let member_check = check(names, member, &quote! { value });
            let count = (c.min_properties.is_some() || c.max_properties.is_some()).then(|| {
                let min = optional_u64(c.min_properties);
                let max = optional_u64(c.max_properties);
                quote! { validator.member_count(object, #min, #max); }
            });
            if member_check.is_empty() && count.is_none() {
                return quote! { validator.object(#value, #nullable); };
            }
            let members = (!member_check.is_empty()).then(|| {
                quote! {
                    for (name, value) in object {
                        let mark = validator.enter_member(name, None);
                        #member_check
                        validator.leave(mark);
                    }
                }
            });
            quote! {
                if let Some(object) = validator.object(#value, #nullable) {
                    #count
                    #members
                }
            }
        }
    }
}

fn number_check(
    kind: TokenStream,
    value: &TokenStream,
    nullable: bool,
    c: &Constraints,
    range: TokenStream,
) -> TokenStream {
    let fields = number_rule_fields(c, &range);
    if fields.is_empty() {
        return quote! { validator.#kind(#value, #nullable); };
    }
    quote! {
        if let Some(number) = validator.#kind(#value, #nullable) {
            validator.number_rules(number, &NumberRules { #(#fields)* ..NumberRules::NONE });
        }
    }
}

/// The length and pattern members of a `StringRules` literal for `c`, and the `PATTERN`
/// static the pattern member refers to (the caller adds `format`).
pub(super) fn string_rule_fields(c: &Constraints) -> (Vec<TokenStream>, Option<TokenStream>) {
    let mut fields = Vec::new();
    if let Some(min) = c.min_length {
        fields.push(quote! { min_length: Some(#min), });
    }
    if let Some(max) = c.max_length {
        fields.push(quote! { max_length: Some(#max), });
    }
    let pattern_static = c.pattern.as_ref().map(|source| {
        fields.push(quote! { pattern: Some(&PATTERN), });
        quote! { static PATTERN: Pattern = Pattern::new(#source); }
    });
    (fields, pattern_static)
}

/// The members of a `NumberRules` literal for `c` (empty when nothing is constrained).
pub(super) fn number_rule_fields(c: &Constraints, range: &TokenStream) -> Vec<TokenStream> {
    let mut fields = Vec::new();
    if let Some(bound) = &c.minimum {
        let v = float(&bound.value);
        fields.push(quote! { minimum: Some(#v), });
        if bound.exclusive {
            fields.push(quote! { exclusive_minimum: true, });
        }
    }
    if let Some(bound) = &c.maximum {
        let v = float(&bound.value);
        fields.push(quote! { maximum: Some(#v), });
        if bound.exclusive {
            fields.push(quote! { exclusive_maximum: true, });
        }
    }
    if let Some(factor) = &c.multiple_of {
        let v = float(factor);
        fields.push(quote! { multiple_of: Some(#v), });
    }
    if range.to_string() != "None" {
        fields.push(quote! { integer_range: #range, });
    }
    fields
}

fn float(number: &Number) -> Literal {
    Literal::f64_suffixed(number.as_f64().unwrap_or_default())
}

pub(super) fn optional_u64(value: Option<u64>) -> TokenStream {
    match value {
        Some(v) => quote! { Some(#v) },
        None => quote! { None },
    }
}

pub(super) fn optional_str(value: Option<&str>) -> TokenStream {
    match value {
        Some(v) => quote! { Some(#v) },
        None => quote! { None },
    }
}
