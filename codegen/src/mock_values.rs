//! Values a mock server answers with: the spec's own examples when it has them, otherwise a
//! value derived from the schema so that it validates.
//!
//! A derived value is the smallest one the schema accepts that still reads naturally: its
//! `default` when it has one, the first documented enum value, a sample of its `format`
//! (uuid, date-time, date, email, uri, …), numbers and lengths moved inside their bounds
//! (`minimum`, `exclusiveMinimum`, `multipleOf`, `minLength`, `minItems`, …), objects with
//! every declared member near the top (so that the alternatives of a status, which often
//! differ only in optional members, decode as the alternative they were derived from) and
//! only their required ones deeper down, the discriminator value of the variant chosen.
//! Recursion is bounded: below a few levels, arrays are as short as allowed and nullable
//! members are `null`.

use serde_json::{Map, Number, Value};

use crate::ir::{
    Additional, Api, Bound, Constraints, DecimalWire, JsonSchema, JsonType, ResponseBody, Scalar,
    TypeDef, TypeExpr, TypeExprKind, TypeKind, UnionMode,
};

/// The name a derived value goes by beside the spec's named examples.
pub const DERIVED: &str = "derived";

/// Below this depth, arrays hold one item even when they may be empty.
const FILLED_DEPTH: usize = 3;
/// Below this depth, nothing optional is filled in and nullable values are `null`.
const MAX_DEPTH: usize = 12;

/// The values a response body can be mocked with, by name: the spec's examples in spec
/// order, or a single value named [`DERIVED`] derived from the body's type when it has none.
/// Empty for a body that is not JSON (no type) and has no example.
pub fn body_values(api: &Api, body: &ResponseBody) -> Vec<(String, Value)> {
    if !body.examples.is_empty() {
        return body
            .examples
            .iter()
            .map(|example| (example.name.clone(), example.value.clone()))
            .collect();
    }
    body.ty
        .iter()
        .map(|ty| (DERIVED.to_owned(), value_of(api, ty)))
        .collect()
}

/// A value of `ty` that its schema accepts.
pub fn value_of(api: &Api, ty: &TypeExpr) -> Value {
    Deriver { api }.expr(ty, 0, 0)
}

struct Deriver<'a> {
    api: &'a Api,
}

impl Deriver<'_> {
    /// A value of `ty`; `nth` varies it (for the distinct items of a `uniqueItems` array).
    fn expr(&self, ty: &TypeExpr, depth: usize, nth: usize) -> Value {
        if ty.nullable && depth >= MAX_DEPTH {
            return Value::Null;
        }
        let c = &ty.constraints;
        match &ty.kind {
            TypeExprKind::Named(name) => match self.api.type_def(name) {
                Some(def) => self.named(def, c, depth, nth),
                None => Value::Null,
            },
            TypeExprKind::Scalar(scalar) => scalar_value(*scalar, c, nth),
            TypeExprKind::Array(items) => {
                let wanted = if depth < FILLED_DEPTH { 1 } else { 0 };
                let count = c
                    .min_items
                    .unwrap_or(0)
                    .max(wanted)
                    .min(c.max_items.unwrap_or(u64::MAX));
                Value::Array(
                    (0..count as usize)
                        .map(|i| {
                            let index = if c.unique_items { nth + i } else { nth };
                            self.expr(items, depth + 1, index)
                        })
                        .collect(),
                )
            }
            TypeExprKind::Map(values) => {
                let count = c.min_properties.unwrap_or(0);
                Value::Object(
                    (0..count as usize)
                        .map(|i| {
                            (
                                format!("key{}", i + 1),
                                self.expr(values, depth + 1, nth + i),
                            )
                        })
                        .collect(),
                )
            }
            TypeExprKind::Any => Value::Object(Map::new()),
        }
    }

    /// A value of a JSON-value schema: a listed value, else one of the type its keywords
    /// are about (every declared member of an object), merged with a value of each `allOf`
    /// part and of the first `oneOf` / `anyOf` alternative; `null` when nothing says more
    /// (no keyword but `type`, `enum` and the combinators is about `null`).
    fn json(&self, schema: &JsonSchema, depth: usize, nth: usize) -> Value {
        if let Some(values) = schema.enum_values.as_ref().filter(|v| !v.is_empty()) {
            return values[nth % values.len()].clone();
        }
        let c = &schema.constraints;
        let ty = schema.ty.or_else(|| {
            if !schema.properties.is_empty()
                || !schema.required.is_empty()
                || !schema.dependent_required.is_empty()
            {
                Some(JsonType::Object)
            } else if schema.items.is_some()
                || !schema.prefix_items.is_empty()
                || c.min_items.is_some()
            {
                Some(JsonType::Array)
            } else if c.min_length.is_some() || c.pattern.is_some() || c.format.is_some() {
                Some(JsonType::String)
            } else if c.minimum.is_some() || c.maximum.is_some() || c.multiple_of.is_some() {
                Some(JsonType::Number)
            } else {
                None
            }
        });
        let mut value = match ty {
            Some(JsonType::Boolean) => Value::Bool(nth % 2 == 0),
            Some(JsonType::Integer) => number(c, true, nth),
            Some(JsonType::Number) => number(c, false, nth),
            Some(JsonType::String) => string(c, c.format.as_deref(), nth),
            Some(JsonType::Array) => {
                let count = c.min_items.unwrap_or(0).min(3) as usize;
                // Every `prefixItems` position is filled: a tuple is its positions.
                let count = count.max(schema.prefix_items.len());
                let item = schema.items.as_deref();
                Value::Array(
                    (0..count)
                        .map(|i| {
                            schema
                                .prefix_items
                                .get(i)
                                .or(item)
                                .map_or(Value::Null, |t| self.expr(t, depth + 1, nth + i))
                        })
                        .collect(),
                )
            }
            Some(JsonType::Object) => {
                let mut object = Map::new();
                if depth < MAX_DEPTH {
                    for (name, ty) in &schema.properties {
                        object.insert(name.clone(), self.expr(ty, depth + 1, nth));
                    }
                }
                for name in &schema.required {
                    object.entry(name.clone()).or_insert(Value::Null);
                }
                for (member, names) in &schema.dependent_required {
                    if object.contains_key(member) {
                        for name in names {
                            object.entry(name.clone()).or_insert(Value::Null);
                        }
                    }
                }
                Value::Object(object)
            }
            None => Value::Null,
        };
        let parts = schema
            .all_of
            .iter()
            .chain(schema.one_of.first())
            .chain(schema.any_of.first());
        for part in parts {
            match (&mut value, self.expr(part, depth + 1, nth)) {
                (Value::Object(own), Value::Object(more)) => {
                    // Under `additionalProperties: false`, only members this schema declares.
                    let closed = matches!(schema.additional, Additional::Forbidden);
                    own.extend(more.into_iter().filter(|(name, _)| {
                        !closed || schema.properties.iter().any(|(n, _)| n == name)
                    }));
                }
                (Value::Null, other) => value = other,
                _ => {}
            }
        }
        value
    }

    fn named(&self, def: &TypeDef, use_site: &Constraints, depth: usize, nth: usize) -> Value {
        if def.accepts_null && depth >= MAX_DEPTH {
            return Value::Null;
        }
        match &def.kind {
            TypeKind::Alias(expr) => {
                // Constraints written where the alias is used add to its own.
                if *use_site == Constraints::default() {
                    self.expr(expr, depth, nth)
                } else {
                    let mut merged = expr.clone();
                    merged.constraints.merge(use_site.clone());
                    self.expr(&merged, depth, nth)
                }
            }
            TypeKind::Enum(e) => match e.variants.len() {
                0 => Value::Null,
                n => e.variants[nth % n].value.clone(),
            },
            TypeKind::Json(schema) => self.json(schema, depth, nth),
            TypeKind::Union(union) => {
                let Some(first) = union.variants.first() else {
                    return Value::Null;
                };
                if let Some(discriminator) = &union.discriminator {
                    let mut value = self.expr(&first.ty, depth + 1, nth);
                    if let (Some((tag, _)), Value::Object(object)) = (
                        discriminator.mapping.iter().find(|(_, i)| *i == 0),
                        &mut value,
                    ) {
                        object.insert(discriminator.property.clone(), tag.clone().into());
                    }
                    return value;
                }
                if union.mode == UnionMode::AnyOf {
                    return self.expr(&first.ty, depth + 1, nth);
                }
                // `oneOf` without a discriminator: a value exactly one alternative accepts.
                let values: Vec<Value> = union
                    .variants
                    .iter()
                    .map(|v| self.expr(&v.ty, depth + 1, nth))
                    .collect();
                let matches = |value: &Value| {
                    union
                        .variants
                        .iter()
                        .filter(|v| self.accepts(&v.ty, value, 0))
                        .count()
                };
                if let Some(value) = values.iter().find(|value| matches(value) == 1) {
                    return value.clone();
                }
                // Objects that all accept each other's members: the first alternative's
                // value, with a member another alternative declares set to a value that
                // alternative rejects.
                let mut value = values[0].clone();
                for other in &union.variants[1..] {
                    let Some(Value::Object(object)) = Some(&mut value) else {
                        break;
                    };
                    if let Some(field) = self.struct_of(&other.ty).and_then(|s| {
                        s.fields
                            .iter()
                            .find(|f| !object.contains_key(f.json_name()) && !f.ty.nullable)
                    }) {
                        let wrong = match &field.ty.kind {
                            TypeExprKind::Array(_) => Value::Bool(false),
                            _ => Value::Array(Vec::new()),
                        };
                        object.insert(field.json_name().to_owned(), wrong);
                    }
                }
                if matches(&value) == 1 {
                    value
                } else {
                    values[0].clone()
                }
            }
            TypeKind::Struct(s) => {
                let mut object = Map::new();
                let required: Vec<_> = s.fields.iter().filter(|f| f.required).collect();
                let with_content = s
                    .fields
                    .iter()
                    .filter(|f| !f.required && f.required_with_content && !required.is_empty());
                let min = s.min_properties.unwrap_or(0) as usize;
                let optional = s
                    .fields
                    .iter()
                    .filter(|f| !f.required && !f.required_with_content);
                let fields = required
                    .iter()
                    .copied()
                    .chain(with_content)
                    .collect::<Vec<_>>();
                // Member sets decide which optional members may be there together: the
                // first set of each `anyOf` / `oneOf`, and nothing else.
                let chosen: Vec<&str> = s
                    .member_sets
                    .iter()
                    .filter(|rule| rule.mode != crate::ir::MemberSetMode::Not)
                    .filter_map(|rule| rule.sets.first())
                    .flatten()
                    .map(String::as_str)
                    .collect();
                let optional: Vec<_> = if s.member_sets.is_empty() {
                    optional.collect()
                } else {
                    optional
                        .filter(|f| chosen.contains(&f.json_name()))
                        .collect()
                };
                let extra = if depth < FILLED_DEPTH || !s.member_sets.is_empty() {
                    let max = s.max_properties.map_or(usize::MAX, |max| max as usize);
                    max.saturating_sub(fields.len())
                } else {
                    min.saturating_sub(fields.len())
                };
                for field in fields.into_iter().chain(optional.into_iter().take(extra)) {
                    let value = match &field.default {
                        Some(default) => default.clone(),
                        None => self.expr(&field.ty, depth + 1, nth),
                    };
                    object.insert(field.json_name().to_owned(), value);
                }
                let mut n = 0;
                while object.len() < min {
                    n += 1;
                    let value = match &s.additional {
                        Additional::Forbidden => break,
                        Additional::Any => Value::Object(Map::new()),
                        Additional::Typed(ty) => self.expr(ty, depth + 1, nth + n),
                    };
                    object.insert(format!("property{n}"), value);
                }
                if s.json_array {
                    // The JSON form is the list of the single repeated member.
                    return object.into_iter().next().map_or_else(
                        || Value::Array(Vec::new()),
                        |(_, value)| match value {
                            Value::Array(_) => value,
                            other => Value::Array(vec![other]),
                        },
                    );
                }
                Value::Object(object)
            }
        }
    }
}

impl Deriver<'_> {
    fn struct_of(&self, ty: &TypeExpr) -> Option<&crate::ir::Struct> {
        match &ty.kind {
            TypeExprKind::Named(name) => match &self.api.type_def(name)?.kind {
                TypeKind::Struct(s) => Some(s),
                TypeKind::Alias(expr) => self.struct_of(expr),
                _ => None,
            },
            _ => None,
        }
    }

    /// Whether `value` has the shape of `ty`: JSON types, enum values, required and
    /// forbidden members, member types; bounds and formats are not looked at (derived
    /// values already keep to them). Only tells alternatives apart.
    fn accepts(&self, ty: &TypeExpr, value: &Value, depth: usize) -> bool {
        if value.is_null() {
            return ty.nullable;
        }
        if depth > MAX_DEPTH {
            return true;
        }
        match &ty.kind {
            TypeExprKind::Any => true,
            TypeExprKind::Scalar(scalar) => match scalar {
                Scalar::Boolean => value.is_boolean(),
                Scalar::Int32 | Scalar::Int64 => value.as_f64().is_some_and(|v| v.fract() == 0.0),
                Scalar::Float32 | Scalar::Float64 | Scalar::Decimal(DecimalWire::Number) => {
                    value.is_number()
                }
                Scalar::Decimal(DecimalWire::String) => value.is_string() || value.is_number(),
                Scalar::String | Scalar::Uuid | Scalar::DateTime | Scalar::Date => {
                    value.is_string()
                }
            },
            TypeExprKind::Array(items) => value
                .as_array()
                .is_some_and(|a| a.iter().all(|v| self.accepts(items, v, depth + 1))),
            TypeExprKind::Map(values) => value
                .as_object()
                .is_some_and(|o| o.values().all(|v| self.accepts(values, v, depth + 1))),
            TypeExprKind::Named(name) => {
                let Some(def) = self.api.type_def(name) else {
                    return false;
                };
                match &def.kind {
                    TypeKind::Alias(expr) => self.accepts(expr, value, depth + 1),
                    // Told apart by the generated validation, not here.
                    TypeKind::Json(_) => true,
                    TypeKind::Enum(e) => !e.closed || e.variants.iter().any(|v| v.value == *value),
                    TypeKind::Union(u) => {
                        let count = u
                            .variants
                            .iter()
                            .filter(|v| self.accepts(&v.ty, value, depth + 1))
                            .count();
                        match u.mode {
                            UnionMode::OneOf if u.discriminator.is_none() => count == 1,
                            _ => count >= 1,
                        }
                    }
                    TypeKind::Struct(s) if s.json_array => value.is_array(),
                    TypeKind::Struct(s) => {
                        let Some(object) = value.as_object() else {
                            return false;
                        };
                        s.fields.iter().all(|f| {
                            !f.required
                                || object.contains_key(f.json_name())
                                || f.json_alias()
                                    .is_some_and(|alias| object.contains_key(alias))
                        }) && object.iter().all(|(key, member)| {
                            match s.fields.iter().find(|f| {
                                f.json_name() == key.as_str()
                                    || f.json_alias() == Some(key.as_str())
                            }) {
                                Some(field) => self.accepts(&field.ty, member, depth + 1),
                                None => match &s.additional {
                                    Additional::Forbidden => false,
                                    Additional::Any => true,
                                    Additional::Typed(ty) => self.accepts(ty, member, depth + 1),
                                },
                            }
                        })
                    }
                }
            }
        }
    }
}

fn scalar_value(scalar: Scalar, c: &Constraints, nth: usize) -> Value {
    match scalar {
        Scalar::Boolean => Value::Bool(nth % 2 == 0),
        Scalar::Int32 | Scalar::Int64 => number(c, true, nth),
        Scalar::Float32 | Scalar::Float64 => number(c, false, nth),
        Scalar::Decimal(DecimalWire::Number) => number(c, false, nth),
        Scalar::Decimal(DecimalWire::String) => match number(c, false, nth) {
            Value::Number(n) => Value::String(n.to_string()),
            other => other,
        },
        Scalar::Uuid => string(c, Some("uuid"), nth),
        Scalar::DateTime => string(c, Some("date-time"), nth),
        Scalar::Date => string(c, Some("date"), nth),
        Scalar::String => string(c, c.format.as_deref(), nth),
    }
}

/// A sample of a string `format`, varied by `nth`.
fn format_sample(format: &str, nth: usize) -> Option<String> {
    Some(match format {
        "uuid" => format!("3fa85f64-5717-4562-b3fc-{:012x}", 0x2c96_3f66_afa6 + nth),
        "date-time" => format!("2024-01-01T00:00:{:02}Z", nth % 60),
        "date" => format!("2024-01-{:02}", 1 + nth % 28),
        "time" => format!("00:00:{:02}", nth % 60),
        "email" => format!("user{}@example.com", suffix(nth)),
        "uri" | "url" | "uri-reference" | "iri" => format!("https://example.com/{}", suffix(nth)),
        "hostname" => format!("host{}.example.com", suffix(nth)),
        "ipv4" => format!("192.0.2.{}", 1 + nth % 254),
        "ipv6" => format!("2001:db8::{:x}", 1 + nth),
        // Base64 of "string".
        "byte" if nth == 0 => "c3RyaW5n".to_owned(),
        _ => return None,
    })
}

fn suffix(nth: usize) -> String {
    if nth == 0 {
        String::new()
    } else {
        nth.to_string()
    }
}

fn string(c: &Constraints, format: Option<&str>, nth: usize) -> Value {
    let base = format
        .and_then(|f| format_sample(f, nth))
        .unwrap_or_else(|| format!("string{}", suffix(nth)));
    let fit = |text: &str| -> String {
        let mut text: String = text.to_owned();
        let min = c.min_length.unwrap_or(0) as usize;
        let max = c.max_length.map_or(usize::MAX, |m| m as usize);
        while text.chars().count() < min {
            text.push('x');
        }
        if text.chars().count() > max {
            text = text.chars().take(max).collect();
        }
        text
    };
    let Some(pattern) = &c.pattern else {
        return Value::String(fit(&base));
    };
    // `regex` runs most patterns; the ECMA 262 engine the rest (look-around, back-references).
    let matcher: Box<dyn Fn(&str) -> bool> = match regex::Regex::new(pattern) {
        Ok(regex) => Box::new(move |text| regex.is_match(text)),
        Err(_) => match regress::Regex::new(pattern) {
            Ok(regex) => Box::new(move |text| regex.find(text).is_some()),
            Err(_) => return Value::String(fit(&base)),
        },
    };
    let shortest = shortest_match(pattern);
    let candidates = [
        base.as_str(),
        shortest.as_deref().unwrap_or_default(),
        "string",
        "a",
        "A",
        "0",
        "1",
        "abc",
        "ABC",
        "123",
        "a1",
        "A1",
        "",
        // Repeats, for back-references (`([a-z])\1`), which no syntax tree resolves.
        "aa",
        "aba",
        "abab",
        "11",
        "AA",
    ];
    candidates
        .iter()
        .map(|candidate| fit(candidate))
        .find(|candidate| matcher(candidate))
        .map_or_else(|| Value::String(fit(&base)), Value::String)
}

/// A short text `pattern` matches, read off its syntax tree: every repetition at its
/// minimum, the first alternative and the first character of each class. `None` for what
/// the tree cannot say (a pattern `regex_syntax` does not read, look-around).
fn shortest_match(pattern: &str) -> Option<String> {
    use regex_syntax::hir::{Class, Hir, HirKind};
    fn walk(hir: &Hir, out: &mut String) -> Option<()> {
        match hir.kind() {
            HirKind::Empty | HirKind::Look(_) => {}
            HirKind::Literal(literal) => out.push_str(std::str::from_utf8(&literal.0).ok()?),
            HirKind::Class(Class::Unicode(class)) => out.push(class.ranges().first()?.start()),
            HirKind::Class(Class::Bytes(class)) => {
                out.push(char::from(class.ranges().first()?.start()))
            }
            HirKind::Repetition(repetition) => {
                for _ in 0..repetition.min.min(64) {
                    walk(&repetition.sub, out)?;
                }
            }
            HirKind::Capture(capture) => walk(&capture.sub, out)?,
            HirKind::Concat(parts) => parts.iter().try_for_each(|part| walk(part, out))?,
            HirKind::Alternation(alternatives) => walk(alternatives.first()?, out)?,
        }
        Some(())
    }
    let hir = regex_syntax::Parser::new().parse(pattern).ok()?;
    let mut out = String::new();
    walk(&hir, &mut out)?;
    Some(out)
}

fn bound(bound: &Option<Bound>) -> Option<(f64, bool)> {
    bound
        .as_ref()
        .and_then(|b| Some((b.value.as_f64()?, b.exclusive)))
}

/// The number of decimals `factor` is written with (`0.25` → 2).
fn decimals(factor: &Number) -> usize {
    let text = factor.to_string();
    text.split_once('.')
        .map_or(0, |(_, fraction)| fraction.len())
}

/// A number within the bounds, a multiple of `multipleOf` when there is one, as close to
/// zero as allowed, then `nth` steps further.
fn number(c: &Constraints, integer: bool, nth: usize) -> Value {
    let low = bound(&c.minimum);
    let high = bound(&c.maximum);
    let above = |v: f64| low.is_none_or(|(l, exclusive)| if exclusive { v > l } else { v >= l });
    let below = |v: f64| high.is_none_or(|(h, exclusive)| if exclusive { v < h } else { v <= h });
    let factor = c
        .multiple_of
        .as_ref()
        .and_then(|f| f.as_f64().map(|v| (f, v)));
    let value = match factor {
        Some((text, step)) if step > 0.0 => {
            let places = decimals(text);
            let at = |k: f64| -> f64 {
                let v = k * step;
                format!("{v:.places$}").parse().unwrap_or(v)
            };
            let mut k = match low {
                Some((l, _)) if !above(0.0) => (l / step).ceil(),
                _ => 0.0,
            };
            for _ in 0..1000 {
                if above(at(k)) {
                    break;
                }
                k += 1.0;
            }
            if !integer || step.fract() == 0.0 {
                k += nth as f64;
            }
            let mut v = at(k);
            // Past the upper bound (a narrow range): the largest multiple below it.
            if !below(v) {
                if let Some((h, _)) = high {
                    let mut k = (h / step).floor();
                    for _ in 0..1000 {
                        if below(at(k)) {
                            break;
                        }
                        k -= 1.0;
                    }
                    v = at(k);
                }
            }
            v
        }
        _ => {
            let step = 1.0;
            let start = if above(0.0) && below(0.0) {
                0.0
            } else if let Some((l, exclusive)) = low.filter(|_| !above(0.0)) {
                let first = if integer {
                    if exclusive {
                        l.floor() + 1.0
                    } else {
                        l.ceil()
                    }
                } else if exclusive {
                    l + 1.0
                } else {
                    l
                };
                match high {
                    Some((h, _)) if !below(first) && !integer => (l + h) / 2.0,
                    _ => first,
                }
            } else if let Some((h, exclusive)) = high {
                if integer {
                    if exclusive {
                        h.ceil() - 1.0
                    } else {
                        h.floor()
                    }
                } else if exclusive {
                    h - 1.0
                } else {
                    h
                }
            } else {
                0.0
            };
            let moved = start + step * nth as f64;
            if below(moved) {
                moved
            } else {
                start
            }
        }
    };
    if (integer || value.fract() == 0.0) && value.abs() < 9.0e15 {
        Value::Number(Number::from(value as i64))
    } else {
        Number::from_f64(value).map_or(Value::Null, Value::Number)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn bounded(minimum: Option<(i64, bool)>, maximum: Option<(i64, bool)>) -> Constraints {
        let b = |(value, exclusive): (i64, bool)| Bound {
            value: value.into(),
            exclusive,
        };
        Constraints {
            minimum: minimum.map(b),
            maximum: maximum.map(b),
            ..Constraints::default()
        }
    }

    #[test]
    fn numbers_move_inside_their_bounds() {
        assert_eq!(number(&Constraints::default(), true, 0), json!(0));
        assert_eq!(number(&bounded(Some((0, true)), None), true, 0), json!(1));
        assert_eq!(number(&bounded(Some((5, false)), None), true, 0), json!(5));
        assert_eq!(number(&bounded(None, Some((-3, true))), true, 0), json!(-4));
        assert_eq!(
            number(&bounded(Some((0, true)), Some((1, true))), false, 0),
            json!(0.5)
        );
        let mut c = bounded(Some((1, false)), None);
        c.multiple_of = Some(Number::from_f64(0.01).unwrap());
        assert_eq!(number(&c, false, 0), json!(1));
        c.minimum = Some(Bound {
            value: Number::from_f64(0.295).unwrap(),
            exclusive: false,
        });
        assert_eq!(number(&c, false, 0), json!(0.3));
        let mut c = bounded(Some((7, true)), Some((12, false)));
        c.multiple_of = Some(5.into());
        assert_eq!(number(&c, true, 0), json!(10));
        assert_eq!(number(&c, true, 3), json!(10));
    }

    #[test]
    fn strings_follow_format_length_and_pattern() {
        let c = Constraints {
            min_length: Some(10),
            ..Constraints::default()
        };
        assert_eq!(string(&c, None, 0), json!("stringxxxx"));
        let c = Constraints {
            max_length: Some(3),
            ..Constraints::default()
        };
        assert_eq!(string(&c, None, 0), json!("str"));
        assert_eq!(
            string(&Constraints::default(), Some("email"), 0),
            json!("user@example.com")
        );
        let c = Constraints {
            pattern: Some("^[A-Z]+$".into()),
            ..Constraints::default()
        };
        assert_eq!(string(&c, None, 0), json!("A"));
        // Read off the pattern when no stock text fits; repeats for a back-reference.
        for (pattern, expected) in [
            (r"^[A-Z]{2}-\d{4}(x|y)?$", "AA-0000"),
            (r"^(?!test)[a-z]+$", "string"),
            (r"^([a-z])\1$", "aa"),
        ] {
            let c = Constraints {
                pattern: Some(pattern.into()),
                ..Constraints::default()
            };
            assert_eq!(string(&c, None, 0), json!(expected), "{pattern}");
        }
        assert_ne!(
            format_sample("uuid", 0),
            format_sample("uuid", 1),
            "unique items differ"
        );
    }
}
