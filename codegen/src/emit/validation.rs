//! The validation emitter: for every named type, a function checking a JSON value against
//! the type's schema: a `static` rule table (`specgen_runtime::validate_table`) that the
//! runtime's `Validator` walks.

use proc_macro2::{Literal, TokenStream};
use quote::quote;
use serde_json::Number;

use super::{ident, Context};
use crate::ir::{
    Additional, Api, Constraints, Enum, EnumRepr, JsonSchema, JsonType, Scalar, Struct, TypeExpr,
    TypeExprKind, TypeKind, Union, UnionMode,
};
use crate::naming::{self, Scope};

/// Function names of the validators, one per type and one per operation parameter,
/// unique in the `validation` module.
pub(crate) struct ValidatorNames {
    names: Vec<(String, String)>,
    params: Vec<((String, String), String)>,
}

impl ValidatorNames {
    pub(crate) fn new(api: &Api) -> Self {
        let mut scope = Scope::with_reserved(&["SCHEMAS"]);
        let names = api
            .types
            .iter()
            .map(|t| (t.name.clone(), scope.take_snake(&naming::snake(&t.name))))
            .collect();
        let params = api
            .operations
            .iter()
            .flat_map(|op| op.params.iter().map(move |param| (op, param)))
            .map(|(op, param)| {
                let function = format!("{}_{}_param", op.name.rust, param.name.rust);
                (
                    (op.name.rust.clone(), param.name.rust.clone()),
                    scope.take_snake(&naming::snake(&function)),
                )
            })
            .collect();
        Self { names, params }
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

    /// The function checking parameter `param` of operation `op` (Rust names).
    pub(crate) fn of_param(&self, op: &str, param: &str) -> proc_macro2::Ident {
        let name = self
            .params
            .iter()
            .find(|((o, p), _)| o == op && p == param)
            .map(|(_, f)| f.as_str())
            .unwrap_or("missing_validator");
        ident(name)
    }
}

/// The JSON-value validation emitter: a `validation` module and the `Validate` impls.
pub(crate) struct JsonValidation;

impl super::Emitter for JsonValidation {
    fn emit(&self, cx: &Context, out: &mut super::OutputTree) {
        out.item(&super::ModulePath::root(), validation(cx));
    }
}

/// The `validation` module and the `Validate` impls of an API.
pub(crate) fn validation(cx: &Context) -> TokenStream {
    let names = ValidatorNames::new(cx.api);
    let param_functions: Vec<TokenStream> = cx
        .api
        .operations
        .iter()
        .flat_map(|op| op.params.iter().map(move |param| (op, param)))
        .map(|(op, param)| {
            let function = names.of_param(&op.name.rust, &param.name.rust);
            let mut rules = Rules {
                names: &names,
                patterns: Vec::new(),
            };
            let body = rules.check(&param.ty);
            let patterns = &rules.patterns;
            let doc = format!(
                " Checks the value of parameter `{}` of `{}`.",
                param.name.wire, op.name.wire
            );
            quote! {
                #[doc = #doc]
                pub fn #function(value: &Value, validator: &mut Validator) {
                    #(#patterns)*
                    #body
                }
            }
        })
        .collect();
    let functions = cx.api.types.iter().map(|ty| {
        let function = names.of(&ty.name);
        let mut rules = Rules {
            names: &names,
            patterns: Vec::new(),
        };
        let body = match &ty.kind {
            TypeKind::Struct(s) => rules.struct_body(s),
            TypeKind::Enum(e) => enum_body(e),
            TypeKind::Union(u) => rules.union_body(u),
            TypeKind::Alias(expr) => rules.check(expr),
            TypeKind::Json(schema) => rules.json_body(schema),
        };
        let patterns = &rules.patterns;
        // A `nullable` named schema admits `null` itself, wherever it is validated from.
        let null = ty.accepts_null.then(|| {
            quote! {
                if value.is_null() {
                    return;
                }
            }
        });
        let doc = format!(
            " Checks a JSON value against `{}` (`{}`).",
            ty.name, ty.source_name
        );
        quote! {
            #[doc = #doc]
            pub fn #function(value: &Value, validator: &mut Validator) {
                #(#patterns)*
                #null
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
    quote! {
        /// Validation of JSON values against the spec's schemas: one function per type,
        /// reporting every violation with its JSON Pointer.
        #[allow(unused_imports)]
        pub mod validation {
            use specgen_runtime::validate::{ArrayRules, Format, NumberRules, Pattern, StringRules, ValidateFn, Validator};
            use specgen_runtime::validate_table::{Literal, Member, Object, Rule, Schema, SchemaType, Value};

            /// Every named schema of the spec, by JSON Pointer, with its validation function.
            pub const SCHEMAS: &[(&str, ValidateFn)] = &[#(#registry)*];

            #(#functions)*
            #(#param_functions)*
        }
    }
}

/// Builds the rule tables of one validation function, collecting the `Pattern` statics
/// they refer to.
struct Rules<'a> {
    names: &'a ValidatorNames,
    patterns: Vec<TokenStream>,
}

impl Rules<'_> {
    fn struct_body(&mut self, s: &Struct) -> TokenStream {
        // A list wrapper's JSON form is its member's array (`null` when the member is optional).
        if let ([field], true) = (s.fields.as_slice(), s.json_array) {
            let body = self.check(&field.ty);
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
        let members: Vec<TokenStream> = s
            .fields
            .iter()
            .map(|field| {
                let wire = field.json_name();
                let rule = self.rule(&field.ty);
                let constructor = if field.required {
                    quote! { required }
                } else if field.required_with_content {
                    quote! { required_with_content }
                } else {
                    quote! { optional }
                };
                let message = field
                    .ty
                    .constraints
                    .error_message
                    .as_deref()
                    .map(|message| quote! { .message(#message) });
                quote! { Member::#constructor(#wire, #rule) #message }
            })
            .collect();
        let mut object = match &s.additional {
            Additional::Forbidden => quote! { Object::closed(&MEMBERS) },
            _ => quote! { Object::open(&MEMBERS) },
        };
        if let Additional::Typed(value_type) = &s.additional {
            let rule = self.rule(value_type);
            object = quote! { #object.additional(#rule) };
        }
        if s.min_properties.is_some() || s.max_properties.is_some() {
            let min = optional_u64(s.min_properties);
            let max = optional_u64(s.max_properties);
            object = quote! { #object.properties(#min, #max) };
        }
        if !s.member_sets.is_empty() {
            let sets = member_sets_expr(&s.member_sets);
            object = quote! { #object.member_sets(&#sets) };
        }
        let count = Literal::usize_unsuffixed(members.len());
        quote! {
            static MEMBERS: [Member; #count] = [#(#members),*];
            static OBJECT: Object<#count> = #object;
            validator.check_object(value, &OBJECT);
        }
    }

    fn union_body(&mut self, u: &Union) -> TokenStream {
        let alternatives: Vec<TokenStream> = u
            .variants
            .iter()
            .map(|variant| self.rule(&variant.ty))
            .collect();
        let count = Literal::usize_unsuffixed(alternatives.len());
        let any = u.mode == UnionMode::AnyOf;
        let check = match &u.discriminator {
            Some(discriminator) => {
                let property = &discriminator.property;
                let tags = discriminator.mapping.iter().map(|(tag, index)| {
                    let index = Literal::usize_unsuffixed(*index);
                    quote! { (#tag, #index) }
                });
                quote! {
                    validator.check_tagged_alternatives(value, &ALTERNATIVES, #any, #property, &[#(#tags),*]);
                }
            }
            None => quote! { validator.check_alternatives(value, &ALTERNATIVES, #any); },
        };
        quote! {
            static ALTERNATIVES: [Rule; #count] = [#(#alternatives),*];
            #check
        }
    }

    /// Statements checking `value` against a schema kept as a JSON value: a `static` [`Schema`]
    /// the runtime checks keyword by keyword.
    fn json_body(&mut self, schema: &JsonSchema) -> TokenStream {
        let c = &schema.constraints;
        let mut fields = Vec::new();
        if schema.nullable {
            fields.push(quote! { nullable: true });
        }
        if let Some(ty) = schema.ty {
            let ty = ident(&format!("{ty:?}"));
            fields.push(quote! { ty: Some(SchemaType::#ty) });
        }
        if let Some(values) = &schema.enum_values {
            let literals = values.iter().map(|value| match value {
                serde_json::Value::Null => quote! { Literal::Null },
                serde_json::Value::Bool(b) => quote! { Literal::Bool(#b) },
                serde_json::Value::Number(n) => {
                    let text = n.to_string();
                    quote! { Literal::Number(#text) }
                }
                serde_json::Value::String(s) => quote! { Literal::String(#s) },
                other => {
                    let text = other.to_string();
                    quote! { Literal::Json(#text) }
                }
            });
            fields.push(quote! { enumeration: Some(&[#(#literals),*]) });
        }
        // `int32` / `int64` are ranges of integers; other numbers keep them as annotations.
        let range = match (schema.ty, c.format.as_deref()) {
            (Some(JsonType::Integer), Some("int32")) => Some(quote! { -2147483648, 2147483647 }),
            (Some(JsonType::Integer), Some("int64")) => Some(quote! { i64::MIN, i64::MAX }),
            _ => None,
        };
        if let Some(rules) = number_rules_expr(c, range) {
            fields.push(quote! { number: Some(&#rules) });
        }
        let format = match c.format.as_deref() {
            Some("uuid") => Some(quote! { Format::Uuid }),
            Some("date-time") => Some(quote! { Format::DateTime }),
            Some("date") => Some(quote! { Format::Date }),
            Some("email") => Some(quote! { Format::Email }),
            Some("decimal") if schema.ty == Some(JsonType::String) => {
                Some(quote! { Format::Decimal })
            }
            _ => None,
        };
        let pattern = ident(&format!("PATTERN_{}", self.patterns.len()));
        let (rules, pattern_static) = string_rules_expr(c, &pattern, format);
        self.patterns.extend(pattern_static);
        if let Some(rules) = rules {
            fields.push(quote! { string: Some(&#rules) });
        }
        if let Some(rules) = array_rules_expr(c) {
            fields.push(quote! { array: Some(&#rules) });
        }
        if let Some(items) = &schema.items {
            let rule = self.rule(items);
            fields.push(quote! { items: #rule });
        }
        if !schema.prefix_items.is_empty() {
            let rules: Vec<TokenStream> = schema
                .prefix_items
                .iter()
                .map(|item| self.rule(item))
                .collect();
            fields.push(quote! { prefix_items: &[#(#rules),*] });
        }
        if let Some(names) = &schema.property_names {
            let rule = self.rule(names);
            fields.push(quote! { property_names: Some(&#rule) });
        }
        if !schema.dependent_required.is_empty() {
            let entries = schema
                .dependent_required
                .iter()
                .map(|(member, names)| quote! { (#member, &[#(#names),*]) });
            fields.push(quote! { dependent_required: &[#(#entries),*] });
        }
        if !schema.dependent_schemas.is_empty() {
            let entries: Vec<TokenStream> = schema
                .dependent_schemas
                .iter()
                .map(|(member, ty)| {
                    let rule = self.rule(ty);
                    quote! { (#member, #rule) }
                })
                .collect();
            fields.push(quote! { dependent_schemas: &[#(#entries),*] });
        }
        if !schema.properties.is_empty() {
            let members: Vec<TokenStream> = schema
                .properties
                .iter()
                .map(|(name, ty)| {
                    let rule = self.rule(ty);
                    quote! { (#name, #rule) }
                })
                .collect();
            fields.push(quote! { properties: &[#(#members),*] });
        }
        if !schema.required.is_empty() {
            let names = &schema.required;
            fields.push(quote! { required: &[#(#names),*] });
        }
        match &schema.additional {
            Additional::Any => {}
            Additional::Forbidden => fields.push(quote! { forbid_undeclared: true }),
            Additional::Typed(ty) => {
                let rule = self.rule(ty);
                fields.push(quote! { additional: #rule });
            }
        }
        if let Some(min) = c.min_properties {
            fields.push(quote! { min_properties: Some(#min) });
        }
        if let Some(max) = c.max_properties {
            fields.push(quote! { max_properties: Some(#max) });
        }
        for (field, parts) in [
            ("all_of", &schema.all_of),
            ("any_of", &schema.any_of),
            ("one_of", &schema.one_of),
        ] {
            if !parts.is_empty() {
                let field = ident(field);
                let rules: Vec<TokenStream> = parts.iter().map(|part| self.rule(part)).collect();
                fields.push(quote! { #field: &[#(#rules),*] });
            }
        }
        if let Some(not) = &schema.not {
            let rule = self.rule(not);
            fields.push(quote! { not: Some(&#rule) });
        }
        quote! {
            static SCHEMA: Schema = Schema { #(#fields,)* ..Schema::ANY };
            validator.check_schema(value, &SCHEMA);
        }
    }

    /// Statements checking `value` against `expr`.
    fn check(&mut self, expr: &TypeExpr) -> TokenStream {
        match &expr.kind {
            TypeExprKind::Named(name) if !expr.nullable => {
                let function = self.names.of(name);
                quote! { #function(value, validator); }
            }
            TypeExprKind::Any => quote! { let _ = (value, validator); },
            _ => {
                let rule = self.rule(expr);
                // A scalar without constraints: its type check alone.
                let plain = match rule.to_string().as_str() {
                    "Rule :: Boolean (false)" => Some(quote! { boolean }),
                    "Rule :: Integer (false , None)" => Some(quote! { integer }),
                    "Rule :: Number (false , None)" => Some(quote! { number }),
                    "Rule :: String (false , None)" => Some(quote! { string }),
                    _ => None,
                };
                match plain {
                    Some(check) => quote! { validator.#check(value, false); },
                    None => quote! {
                        static RULE: Rule = #rule;
                        validator.check(value, &RULE);
                    },
                }
            }
        }
    }

    /// The `Rule` (a constant expression) that checks a value against `expr`.
    fn rule(&mut self, expr: &TypeExpr) -> TokenStream {
        let nullable = expr.nullable;
        let c = &expr.constraints;
        match &expr.kind {
            TypeExprKind::Named(name) => {
                let function = self.names.of(name);
                if nullable {
                    quote! { Rule::NullableSchema(#function) }
                } else {
                    quote! { Rule::Schema(#function) }
                }
            }
            TypeExprKind::Any => quote! { Rule::Any },
            TypeExprKind::Scalar(Scalar::Boolean) => quote! { Rule::Boolean(#nullable) },
            TypeExprKind::Scalar(scalar @ (Scalar::Int32 | Scalar::Int64)) => {
                let range = match (scalar, c.format.as_deref()) {
                    (Scalar::Int32, _) | (_, Some("int32")) => {
                        Some(quote! { -2147483648, 2147483647 })
                    }
                    (_, Some("int64")) => Some(quote! { i64::MIN, i64::MAX }),
                    _ => None,
                };
                let rules = optional_ref(number_rules_expr(c, range));
                quote! { Rule::Integer(#nullable, #rules) }
            }
            TypeExprKind::Scalar(
                Scalar::Float32 | Scalar::Float64 | Scalar::Decimal(crate::ir::DecimalWire::Number),
            ) => {
                let rules = optional_ref(number_rules_expr(c, None));
                quote! { Rule::Number(#nullable, #rules) }
            }
            TypeExprKind::Scalar(scalar) => {
                let format = match scalar {
                    Scalar::Uuid => Some(quote! { Format::Uuid }),
                    Scalar::DateTime => Some(quote! { Format::DateTime }),
                    Scalar::Date => Some(quote! { Format::Date }),
                    // The OpenAPI `decimal` format; an XML Schema `xs:decimal` has its own
                    // lexical space, which the XML codecs check.
                    Scalar::Decimal(crate::ir::DecimalWire::String)
                        if c.format.as_deref() == Some("decimal") =>
                    {
                        Some(quote! { Format::Decimal })
                    }
                    _ if c.format.as_deref() == Some("email") => Some(quote! { Format::Email }),
                    _ => None,
                };
                let pattern = ident(&format!("PATTERN_{}", self.patterns.len()));
                let (rules, pattern_static) = string_rules_expr(c, &pattern, format);
                self.patterns.extend(pattern_static);
                let rules = optional_ref(rules);
                quote! { Rule::String(#nullable, #rules) }
            }
            TypeExprKind::Array(item) => {
                let item = self.rule(item);
                let rules = optional_ref(array_rules_expr(c));
                quote! { Rule::Array(#nullable, #rules, &#item) }
            }
            TypeExprKind::Map(member) => {
                let member = self.rule(member);
                let min = optional_u64(c.min_properties);
                let max = optional_u64(c.max_properties);
                quote! { Rule::Map(#nullable, #min, #max, &#member) }
            }
        }
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

/// `StringRules::NONE` with the lengths and pattern of `c`, and `format` (a `Format`),
/// as a chain of its builder methods (`None` when nothing is constrained), and the `static`
/// named `pattern` that the chain refers to.
pub(super) fn string_rules_expr(
    c: &Constraints,
    pattern: &proc_macro2::Ident,
    format: Option<TokenStream>,
) -> (Option<TokenStream>, Option<TokenStream>) {
    let mut calls = Vec::new();
    if let Some(min) = c.min_length {
        calls.push(quote! { .min_length(#min) });
    }
    if let Some(max) = c.max_length {
        calls.push(quote! { .max_length(#max) });
    }
    let pattern_static = c.pattern.as_ref().map(|source| {
        calls.push(quote! { .pattern(&#pattern) });
        quote! { static #pattern: Pattern = Pattern::new(#source); }
    });
    if let Some(format) = format {
        calls.push(quote! { .format(#format) });
    }
    let rules = (!calls.is_empty()).then(|| quote! { StringRules::NONE #(#calls)* });
    (rules, pattern_static)
}

/// `NumberRules::NONE` with the bounds of `c` and the integer `range` (`low, high`), as a
/// chain of its builder methods; `None` when nothing is constrained.
pub(super) fn number_rules_expr(
    c: &Constraints,
    range: Option<TokenStream>,
) -> Option<TokenStream> {
    let mut calls = Vec::new();
    if let Some(bound) = &c.minimum {
        let v = float(&bound.value);
        calls.push(if bound.exclusive {
            quote! { .greater_than(#v) }
        } else {
            quote! { .at_least(#v) }
        });
    }
    if let Some(bound) = &c.maximum {
        let v = float(&bound.value);
        calls.push(if bound.exclusive {
            quote! { .less_than(#v) }
        } else {
            quote! { .at_most(#v) }
        });
    }
    if let Some(factor) = &c.multiple_of {
        let v = float(factor);
        calls.push(quote! { .multiple_of(#v) });
    }
    if let Some(range) = range {
        calls.push(quote! { .in_range(#range) });
    }
    (!calls.is_empty()).then(|| quote! { NumberRules::NONE #(#calls)* })
}

/// `ArrayRules::NONE` with the item constraints of `c`, as a chain of its builder methods;
/// `None` when nothing is constrained.
pub(super) fn array_rules_expr(c: &Constraints) -> Option<TokenStream> {
    let mut calls = Vec::new();
    if let Some(min) = c.min_items {
        calls.push(quote! { .min_items(#min) });
    }
    if let Some(max) = c.max_items {
        calls.push(quote! { .max_items(#max) });
    }
    if c.unique_items {
        calls.push(quote! { .unique_items() });
    }
    (!calls.is_empty()).then(|| quote! { ArrayRules::NONE #(#calls)* })
}

/// `Some(&rules)`, or `None`.
/// `[MemberSets { … }, …]`: the member sets of an object, as a constant array expression.
pub(super) fn member_sets_expr(member_sets: &[crate::ir::MemberSets]) -> TokenStream {
    let rules = member_sets.iter().map(|rule| {
        let mode = match rule.mode {
            crate::ir::MemberSetMode::AnyOf => quote! { AnyOf },
            crate::ir::MemberSetMode::OneOf => quote! { OneOf },
            crate::ir::MemberSetMode::Not => quote! { Not },
        };
        let sets = rule.sets.iter().map(|set| quote! { &[#(#set),*] });
        quote! {
            specgen_runtime::validate::MemberSets {
                mode: specgen_runtime::validate::MemberSetMode::#mode,
                sets: &[#(#sets),*],
            }
        }
    });
    quote! { [#(#rules),*] }
}

fn optional_ref(rules: Option<TokenStream>) -> TokenStream {
    match rules {
        Some(rules) => quote! { Some(&#rules) },
        None => quote! { None },
    }
}

/// The bound as a literal that reads back as exactly the spec's `f64`: the shortest
/// round-trip form (`9.727837981879871e26f64`), not the digits `Display` pads with zeros.
fn float(number: &Number) -> Literal {
    let value = number.as_f64().unwrap_or_default();
    let mut text = format!("{value:?}");
    if let Some(whole) = text.strip_suffix(".0") {
        text = whole.to_owned();
    }
    text.push_str("f64");
    text.parse()
        .unwrap_or_else(|_| Literal::f64_suffixed(value))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_read_back_as_the_same_f64() {
        for value in [
            9.727837981879871e26,
            0.1,
            -2.5e-308,
            1e300,
            123456789012345680.0,
            3.0,
            -0.0,
            f64::MAX,
            f64::MIN_POSITIVE,
        ] {
            let number = Number::from_f64(value).unwrap();
            let text = float(&number).to_string();
            let digits = text.strip_suffix("f64").unwrap();
            assert_eq!(
                digits.parse::<f64>().unwrap().to_bits(),
                value.to_bits(),
                "{text}"
            );
            assert!(text.len() <= 28, "{text} is not the shortest form");
        }
    }
}
