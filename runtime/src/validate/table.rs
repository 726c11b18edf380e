//! Table-driven validation of JSON values, used by generated code.
//!
//! A generated `validation` function describes its schema with a `static` [`Object`] (the
//! declared members, each with its [`Rule`]) or a `static` [`Rule`], and hands it to
//! [`Validator::check_object`] / [`Validator::check`], which walk the value. A member that
//! refers to another named schema holds that schema's validation function
//! ([`Rule::Schema`]), so the tables form the same call graph as the schemas.
//!
//! What is reported (pointers, keywords, messages, order) is what straight-line code over
//! the [`Validator`] primitives reports: the member set first (required members in
//! declaration order, undeclared members in document order, member counts), then every
//! declared member present in declaration order, then the undeclared members that
//! `additionalProperties` types, in document order.

use serde_json::Map;

/// The JSON value the tables check (re-exported for generated code).
pub use serde_json::Value;

pub use super::schema::{Literal, Schema, SchemaType};

use crate::validate::{ArrayRules, MemberSets, NumberRules, StringRules, ValidateFn, Validator};

/// How one value is checked: the schema of a member, an item, a map value, an alternative or
/// a named type. The `bool` of the scalar and container rules is `nullable`: a `null`
/// is then accepted without any other check.
#[derive(Debug, Clone, Copy)]
pub enum Rule {
    /// Any value.
    Any,
    /// A named schema, checked by its generated validation function.
    Schema(ValidateFn),
    /// A named schema, or `null`.
    NullableSchema(ValidateFn),
    /// A boolean.
    Boolean(bool),
    /// An integer (no fraction), with its numeric constraints if any.
    Integer(bool, Option<&'static NumberRules>),
    /// A number, with its numeric constraints if any.
    Number(bool, Option<&'static NumberRules>),
    /// A string, with its constraints if any.
    String(bool, Option<&'static StringRules>),
    /// An array, with its own constraints if any, and the rule of every item.
    Array(bool, Option<&'static ArrayRules>, &'static Rule),
    /// An object used as a map: `minProperties`, `maxProperties`, and the rule of every
    /// member's value.
    Map(bool, Option<u64>, Option<u64>, &'static Rule),
}

/// Whether a declared member must be there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// It may be absent.
    Optional,
    /// It is `required`.
    Required,
    /// It is required once the object has any member at all (an empty object is valid).
    RequiredWithContent,
}

/// A declared member of an object schema.
#[derive(Debug, Clone, Copy)]
pub struct Member {
    /// The member's name on the wire.
    pub name: &'static str,
    /// Whether it must be there.
    pub presence: Presence,
    /// The spec's own message (`x-error-message`) for everything reported about it.
    pub message: Option<&'static str>,
    /// How its value is checked.
    pub rule: Rule,
    /// [`NameKey`] of `name`, to find the member without comparing strings.
    key: NameKey,
}

impl Member {
    /// A member that may be absent.
    pub const fn optional(name: &'static str, rule: Rule) -> Self {
        Self {
            name,
            presence: Presence::Optional,
            message: None,
            rule,
            key: NameKey::of(name.as_bytes()),
        }
    }

    /// A required member.
    pub const fn required(name: &'static str, rule: Rule) -> Self {
        Self {
            presence: Presence::Required,
            ..Self::optional(name, rule)
        }
    }

    /// A member required once the object has any member.
    pub const fn required_with_content(name: &'static str, rule: Rule) -> Self {
        Self {
            presence: Presence::RequiredWithContent,
            ..Self::optional(name, rule)
        }
    }

    /// The same member, reported with the spec's own `message`.
    pub const fn message(self, message: &'static str) -> Self {
        Self {
            message: Some(message),
            ..self
        }
    }
}

/// An object schema: its declared members, in declaration order, and what it says about
/// the members it does not declare.
#[derive(Debug, Clone, Copy)]
pub struct Object<const N: usize> {
    members: &'static [Member; N],
    forbid_undeclared: bool,
    additional: Rule,
    min_properties: Option<u64>,
    max_properties: Option<u64>,
    /// How many members are [`Presence::Required`] / [`Presence::RequiredWithContent`].
    required: usize,
    required_with_content: usize,
    /// Which combinations of members must be present (`anyOf: [{required: …}, …]`).
    member_sets: &'static [MemberSets],
}

impl<const N: usize> Object<N> {
    /// An object that allows members it does not declare.
    pub const fn open(members: &'static [Member; N]) -> Self {
        let mut required = 0;
        let mut required_with_content = 0;
        let mut index = 0;
        while index < members.len() {
            match members[index].presence {
                Presence::Optional => {}
                Presence::Required => required += 1,
                Presence::RequiredWithContent => required_with_content += 1,
            }
            index += 1;
        }
        Self {
            members,
            forbid_undeclared: false,
            additional: Rule::Any,
            min_properties: None,
            max_properties: None,
            required,
            required_with_content,
            member_sets: &[],
        }
    }

    /// An object that forbids members it does not declare (`additionalProperties: false`).
    pub const fn closed(members: &'static [Member; N]) -> Self {
        Self {
            forbid_undeclared: true,
            ..Self::open(members)
        }
    }

    /// The same object, whose undeclared members must each satisfy `rule`
    /// (`additionalProperties` with a schema).
    pub const fn additional(self, rule: Rule) -> Self {
        Self {
            additional: rule,
            ..self
        }
    }

    /// The same object with `minProperties` / `maxProperties`.
    pub const fn properties(self, min: Option<u64>, max: Option<u64>) -> Self {
        Self {
            min_properties: min,
            max_properties: max,
            ..self
        }
    }

    /// Combinations of members that must (or must not) be present together.
    pub const fn member_sets(self, member_sets: &'static [MemberSets]) -> Self {
        Self {
            member_sets,
            ..self
        }
    }

    /// The object without the member count in its type.
    #[inline]
    fn shape(&self) -> Shape<'_> {
        Shape {
            members: self.members,
            forbid_undeclared: self.forbid_undeclared,
            additional: &self.additional,
            min_properties: self.min_properties,
            max_properties: self.max_properties,
            required: self.required,
            required_with_content: self.required_with_content,
            member_sets: self.member_sets,
        }
    }
}

impl Shape<'_> {
    /// Whether the member set is fine, from what one pass over the members found.
    #[inline]
    fn member_set_holds(
        &self,
        map: &Map<String, Value>,
        required: usize,
        required_with_content: usize,
        undeclared: usize,
    ) -> bool {
        let length = map.len() as u64;
        required == self.required
            && (map.is_empty() || required_with_content == self.required_with_content)
            && (undeclared == 0 || !self.forbid_undeclared)
            && self.min_properties.is_none_or(|min| length >= min)
            && self.max_properties.is_none_or(|max| length <= max)
    }
}

/// An [`Object`] seen through a slice of its members, so that checking it is compiled
/// once, not once per member count (in release builds it is inlined into each generated
/// function, where the count is known again).
#[derive(Clone, Copy)]
struct Shape<'a> {
    members: &'a [Member],
    forbid_undeclared: bool,
    additional: &'a Rule,
    min_properties: Option<u64>,
    max_properties: Option<u64>,
    required: usize,
    required_with_content: usize,
    member_sets: &'a [MemberSets],
}

impl Shape<'_> {
    fn declares(&self, name: &str) -> bool {
        self.members.iter().any(|member| member.name == name)
    }
}

/// The index of the member named `name`. Members usually arrive in declaration order, so
/// the one right after the previous one found (`next`) is tried first.
#[cfg_attr(debug_assertions, inline)]
#[cfg_attr(not(debug_assertions), inline(always))]
fn find(members: &[Member], next: usize, name: &str) -> Option<usize> {
    let key = NameKey::of_name(name.as_bytes());
    let matches = |member: &Member| member.key == key && (key.length <= 16 || member.name == name);
    if next < members.len() && matches(&members[next]) {
        return Some(next);
    }
    (0..members.len()).find(|&index| matches(&members[index]))
}

/// A name's length and up to 16 of its bytes, as integers: for a name of at most 16 bytes,
/// equal keys mean equal names, so finding a member among the declared ones takes integer
/// comparisons, no `memcmp` call (longer names are compared in full once their keys match).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct NameKey {
    length: usize,
    low: u64,
    high: u64,
}

impl NameKey {
    /// The key: for 8 bytes or more, the first and the last 8 bytes (overlapping when
    /// shorter than 16); for 4 to 7, the first and the last 4; below, the first, middle and
    /// last byte. The loads are those of the run-time path, in `const` form.
    #[inline]
    const fn of(bytes: &[u8]) -> Self {
        let length = bytes.len();
        let (low, high) = if length >= 8 {
            (load(bytes, 0, 8), load(bytes, length - 8, 8))
        } else if length >= 4 {
            (load(bytes, 0, 4) | load(bytes, length - 4, 4) << 32, 0)
        } else if length > 0 {
            let spread = bytes[0] as u64
                | (bytes[length / 2] as u64) << 8
                | (bytes[length - 1] as u64) << 16;
            (spread, 0)
        } else {
            (0, 0)
        };
        Self { length, low, high }
    }

    /// [`NameKey::of`] at run time (the same value, with unaligned word loads).
    #[cfg_attr(debug_assertions, inline)]
    #[cfg_attr(not(debug_assertions), inline(always))]
    fn of_name(bytes: &[u8]) -> Self {
        let length = bytes.len();
        let word = |at: usize| u64::from_le_bytes(bytes[at..at + 8].try_into().unwrap_or([0; 8]));
        let half = |at: usize| {
            u64::from(u32::from_le_bytes(
                bytes[at..at + 4].try_into().unwrap_or([0; 4]),
            ))
        };
        let (low, high) = if length >= 8 {
            (word(0), word(length - 8))
        } else if length >= 4 {
            (half(0) | half(length - 4) << 32, 0)
        } else {
            return Self::of(bytes);
        };
        Self { length, low, high }
    }
}

/// `count` (at most 8) bytes of `bytes` from `at`, little-endian.
const fn load(bytes: &[u8], at: usize, count: usize) -> u64 {
    let mut value = 0u64;
    let mut index = 0;
    while index < count {
        value |= (bytes[at + index] as u64) << (8 * index);
        index += 1;
    }
    value
}

impl Validator {
    /// Checks `value` against `rule`.
    #[cfg_attr(debug_assertions, inline)]
    #[cfg_attr(not(debug_assertions), inline(always))]
    pub fn check(&mut self, value: &Value, rule: &Rule) {
        match *rule {
            Rule::Any => {}
            Rule::Schema(check) => check(value, self),
            Rule::NullableSchema(check) => {
                if !value.is_null() {
                    check(value, self);
                }
            }
            Rule::Boolean(nullable) => self.boolean(value, nullable),
            Rule::Integer(nullable, rules) => {
                if let (Some(number), Some(rules)) = (self.integer(value, nullable), rules) {
                    self.number_rules(number, rules);
                }
            }
            Rule::Number(nullable, rules) => {
                if let (Some(number), Some(rules)) = (self.number(value, nullable), rules) {
                    self.number_rules(number, rules);
                }
            }
            Rule::String(nullable, rules) => {
                if let (Some(text), Some(rules)) = (self.string(value, nullable), rules) {
                    self.string_rules(text, rules);
                }
            }
            Rule::Array(..) | Rule::Map(..) => self.check_container(value, rule),
        }
    }

    /// [`Validator::check`] for arrays and maps (out of line: it recurses into their items).
    #[inline(never)]
    fn check_container(&mut self, value: &Value, rule: &Rule) {
        match *rule {
            Rule::Array(nullable, rules, item) => {
                let Some(items) = self.array(value, nullable) else {
                    return;
                };
                if let Some(rules) = rules {
                    self.json_array_rules(items, rules);
                }
                if matches!(item, Rule::Any) {
                } else if self.is_tracking() {
                    for (index, value) in items.iter().enumerate() {
                        let mark = self.enter_index(index);
                        self.check(value, item);
                        self.leave(mark);
                    }
                } else {
                    for value in items {
                        self.check(value, item);
                    }
                }
            }
            Rule::Map(nullable, min, max, member) => {
                let Some(object) = self.object(value, nullable) else {
                    return;
                };
                if min.is_some() || max.is_some() {
                    self.member_count(object, min, max);
                }
                if !matches!(member, Rule::Any) {
                    for (name, value) in object {
                        let mark = self.enter_member(name, None);
                        self.check(value, member);
                        self.leave(mark);
                    }
                }
            }
            _ => self.check(value, rule),
        }
    }

    /// Checks that `value` is an object satisfying `object`. In release builds, inlined into
    /// each generated function with its own table, so that what is known of the table at
    /// compile time shapes the code (the members' checks, the names to look for); in debug
    /// builds, one function serves every table, which keeps generated crates quick to build.
    #[cfg_attr(debug_assertions, inline)]
    #[cfg_attr(not(debug_assertions), inline(always))]
    pub fn check_object<const N: usize>(&mut self, value: &Value, object: &Object<N>) {
        let mut found: [Option<&Value>; N] = [None; N];
        self.check_object_members(value, object.shape(), &mut found);
    }

    /// [`Self::check_object`], with room for the value of each declared member (`found`).
    #[cfg_attr(not(debug_assertions), inline(always))]
    fn check_object_members<'v>(
        &mut self,
        value: &'v Value,
        object: Shape<'_>,
        found: &mut [Option<&'v Value>],
    ) {
        let Some(map) = self.object(value, false) else {
            return;
        };
        let members = object.members;
        let mut undeclared = 0usize;
        let mut required = 0usize;
        let mut required_with_content = 0usize;
        let mut next = 0usize;
        for (name, value) in map {
            match find(members, next, name) {
                Some(index) => {
                    found[index] = Some(value);
                    match members[index].presence {
                        Presence::Optional => {}
                        Presence::Required => required += 1,
                        Presence::RequiredWithContent => required_with_content += 1,
                    }
                    next = index + 1;
                }
                None => undeclared += 1,
            }
        }
        if !object.member_set_holds(map, required, required_with_content, undeclared) {
            self.member_set_report(map, object, found, undeclared);
        }
        let tracking = self.is_tracking();
        for (member, value) in members.iter().zip(found.iter()) {
            if let (Some(value), false) = (value, matches!(member.rule, Rule::Any)) {
                if tracking {
                    let mark = self.enter_member(member.name, member.message);
                    self.check(value, &member.rule);
                    self.leave(mark);
                } else {
                    self.check(value, &member.rule);
                }
            }
        }
        if undeclared > 0 && !matches!(object.additional, Rule::Any) {
            self.undeclared_values(map, object);
        }
        for sets in object.member_sets {
            self.member_sets(sets, |name| map.contains_key(name));
        }
    }

    /// `oneOf` (exactly one of `alternatives` holds) or, with `any`, `anyOf` (at least one).
    pub fn check_alternatives(&mut self, value: &Value, alternatives: &[Rule], any: bool) {
        let holding = alternatives
            .iter()
            .filter(|rule| {
                let mut scratch = Validator::fast();
                scratch.check(value, rule);
                scratch.is_valid()
            })
            .count();
        if any && holding == 0 {
            self.report("anyOf", || "matches none of the alternatives".to_owned());
        } else if !any && holding != 1 {
            self.report("oneOf", || {
                format!("must match exactly one alternative, matches {holding}")
            });
        }
    }

    /// [`Self::check_alternatives`] for a union with a discriminator: `tags` maps each value
    /// of member `property` to the index of the alternative it selects. Validity is the
    /// `oneOf` / `anyOf` one; when it fails and the tag selects an alternative, the report
    /// says what that alternative finds wrong (pointers relative to the union's value).
    pub fn check_tagged_alternatives(
        &mut self,
        value: &Value,
        alternatives: &[Rule],
        any: bool,
        property: &str,
        tags: &[(&str, usize)],
    ) {
        let holding = alternatives
            .iter()
            .filter(|rule| {
                let mut scratch = Validator::fast();
                scratch.check(value, rule);
                scratch.is_valid()
            })
            .count();
        if (any && holding >= 1) || (!any && holding == 1) {
            return;
        }
        let (keyword, summary) = if any {
            ("anyOf", "matches none of the alternatives".to_owned())
        } else {
            (
                "oneOf",
                format!("must match exactly one alternative, matches {holding}"),
            )
        };
        self.report(keyword, || {
            let tag = value.get(property).and_then(Value::as_str);
            let selected = tag.and_then(|tag| tags.iter().find(|(t, _)| *t == tag));
            let Some((tag, index)) = selected else {
                return match tag {
                    Some(tag) => format!("{summary}; `{tag}` is no documented `{property}`"),
                    None => format!("{summary}; `{property}` is missing"),
                };
            };
            let mut inner = Validator::new();
            inner.check(value, &alternatives[*index]);
            let found: Vec<String> = inner
                .violations()
                .iter()
                .map(ToString::to_string)
                .collect();
            if found.is_empty() {
                format!("{summary}; `{property}` `{tag}` selects an alternative it matches, but others match too")
            } else {
                format!(
                    "{summary}; as `{property}` `{tag}` selects: {}",
                    found.join("; ")
                )
            }
        });
    }

    /// Checks the members `object` does not declare against its `additionalProperties`.
    #[inline(never)]
    fn undeclared_values(&mut self, map: &Map<String, Value>, object: Shape<'_>) {
        for (name, value) in map {
            if !object.declares(name) {
                let mark = self.enter_member(name, None);
                self.check(value, object.additional);
                self.leave(mark);
            }
        }
    }

    #[cold]
    #[inline(never)]
    fn member_set_report(
        &mut self,
        map: &Map<String, Value>,
        object: Shape<'_>,
        found: &[Option<&Value>],
        undeclared: usize,
    ) {
        for (member, value) in object.members.iter().zip(found) {
            let required = match member.presence {
                Presence::Optional => false,
                Presence::Required => true,
                Presence::RequiredWithContent => !map.is_empty(),
            };
            if required && value.is_none() {
                self.missing_member(member.name, member.message);
            }
        }
        if object.forbid_undeclared && undeclared > 0 {
            for name in map.keys() {
                if !object.declares(name) {
                    self.report("additionalProperties", || {
                        format!("member `{name}` is not allowed")
                    });
                }
            }
        }
        self.property_count(map.len(), object.min_properties, object.max_properties);
    }
}

/// Implements [`crate::Validate`] for generated types, each with its `validation` and
/// `typed_validation` function of the same name: `impl_validate!(Type => function, …)`;
/// after a `;`, types whose decoded values have nothing left to check (their Rust type holds
/// every constraint) and so only a `validation` function. Used by generated code.
#[doc(hidden)]
#[macro_export]
macro_rules! impl_validate {
    (
        $($type:ident => $function:ident),* $(,)?
        $(; $($plain:ident => $plain_function:ident),* $(,)?)?
    ) => {
        $(
            impl $crate::Validate for $type {
                fn validate_json(value: &$crate::serde_json::Value, validator: &mut $crate::Validator) {
                    validation::$function(value, validator)
                }

                fn validate_into(&self, validator: &mut $crate::Validator) {
                    typed_validation::$function(self, validator)
                }
            }
        )*
        $($(
            impl $crate::Validate for $plain {
                fn validate_json(value: &$crate::serde_json::Value, validator: &mut $crate::Validator) {
                    validation::$plain_function(value, validator)
                }

                fn validate_into(&self, _: &mut $crate::Validator) {}
            }
        )*)?
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::{collect_violations, Format, Pattern};
    use serde_json::json;

    fn found(check: ValidateFn, value: Value) -> Vec<(String, &'static str, String)> {
        match collect_violations(check, &value) {
            Ok(()) => Vec::new(),
            Err(violations) => violations
                .into_iter()
                .map(|v| (v.pointer, v.keyword, v.message))
                .collect(),
        }
    }

    fn tag(value: &Value, validator: &mut Validator) {
        static PATTERN: Pattern = Pattern::new("^[a-z]+$");
        static RULE: Rule = Rule::String(
            false,
            Some(&StringRules {
                max_length: Some(5),
                pattern: Some(&PATTERN),
                ..StringRules::NONE
            }),
        );
        validator.check(value, &RULE);
    }

    fn item(value: &Value, validator: &mut Validator) {
        static OBJECT: Object<3> = Object::closed(&[
            Member::required("id", Rule::Integer(false, None)).message("Every item needs an id"),
            Member::optional("tags", Rule::Array(true, None, &Rule::Schema(tag))),
            Member::optional(
                "when",
                Rule::String(
                    false,
                    Some(&StringRules {
                        format: Some(Format::Date),
                        ..StringRules::NONE
                    }),
                ),
            ),
        ]);
        validator.check_object(value, &OBJECT);
    }

    fn order(value: &Value, validator: &mut Validator) {
        static OBJECT: Object<5> = Object::closed(&[
            Member::required("name", Rule::String(false, None)),
            Member::required(
                "items",
                Rule::Array(
                    false,
                    Some(&ArrayRules {
                        min_items: Some(1),
                        ..ArrayRules::NONE
                    }),
                    &Rule::Schema(item),
                ),
            ),
            Member::optional(
                "total",
                Rule::Number(
                    false,
                    Some(&NumberRules {
                        minimum: Some(0.0),
                        ..NumberRules::NONE
                    }),
                ),
            ),
            Member::optional("note", Rule::NullableSchema(tag)),
            Member::optional("extra", Rule::Any),
        ])
        .properties(None, Some(5));
        validator.check_object(value, &OBJECT);
    }

    #[test]
    fn valid_objects_in_any_member_order() {
        assert!(found(order, json!({"name": "a", "items": [{"id": 1}]})).is_empty());
        assert!(found(
            order,
            json!({"extra": [1, {}], "note": null, "total": 2.5, "items": [{"tags": ["x"], "id": 1}, {"when": "2024-02-29", "id": 2, "tags": null}], "name": "a"})
        )
        .is_empty());
    }

    #[test]
    fn reports_the_member_set_then_members_in_declaration_order() {
        let value = json!({
            "total": -1,
            "bogus": true,
            "items": [{"id": 1.5, "tags": ["ok", "NOT OK"]}, {"tags": [], "x": 1}],
            "note": "toolongtag",
        });
        assert_eq!(
            found(order, value),
            [
                ("".into(), "required", "member `name` is required".into()),
                (
                    "".into(),
                    "additionalProperties",
                    "member `bogus` is not allowed".into()
                ),
                (
                    "/items/0/id".into(),
                    "type",
                    "Every item needs an id".into()
                ),
                (
                    "/items/0/tags/1".into(),
                    "maxLength",
                    "must be at most 5 characters long, is 6".into()
                ),
                (
                    "/items/0/tags/1".into(),
                    "pattern",
                    "must match the pattern `^[a-z]+$`".into()
                ),
                (
                    "/items/1".into(),
                    "required",
                    "Every item needs an id".into()
                ),
                (
                    "/items/1".into(),
                    "additionalProperties",
                    "member `x` is not allowed".into()
                ),
                (
                    "/total".into(),
                    "minimum",
                    "must be at least 0, is -1".into()
                ),
                (
                    "/note".into(),
                    "maxLength",
                    "must be at most 5 characters long, is 10".into()
                ),
            ]
        );
        assert_eq!(
            found(
                order,
                json!({"name": 1, "items": [], "a": 0, "b": 0, "c": 0, "d": 0})
            ),
            [
                (
                    "".into(),
                    "additionalProperties",
                    "member `a` is not allowed".into()
                ),
                (
                    "".into(),
                    "additionalProperties",
                    "member `b` is not allowed".into()
                ),
                (
                    "".into(),
                    "additionalProperties",
                    "member `c` is not allowed".into()
                ),
                (
                    "".into(),
                    "additionalProperties",
                    "member `d` is not allowed".into()
                ),
                (
                    "".into(),
                    "maxProperties",
                    "must have at most 5 members, has 6".into()
                ),
                (
                    "/name".into(),
                    "type",
                    "expected a string, found an integer".into()
                ),
                (
                    "/items".into(),
                    "minItems",
                    "must have at least 1 items, has 0".into()
                ),
            ]
        );
        assert_eq!(
            found(order, json!([])),
            [(
                "".into(),
                "type",
                "expected an object, found an array".into()
            )]
        );
    }

    fn with_content(value: &Value, validator: &mut Validator) {
        static OBJECT: Object<2> = Object::open(&[
            Member::required_with_content("kind", Rule::String(false, None)),
            Member::optional("size", Rule::Integer(false, None)),
        ])
        .additional(Rule::Map(false, None, Some(1), &Rule::Boolean(false)));
        validator.check_object(value, &OBJECT);
    }

    #[test]
    fn required_with_content_and_typed_additional_members() {
        assert!(found(with_content, json!({})).is_empty());
        assert!(found(with_content, json!({"kind": "a", "more": {"x": true}})).is_empty());
        assert_eq!(
            found(
                with_content,
                json!({"size": 1, "more": {"x": 1, "y": false}})
            ),
            [
                ("".into(), "required", "member `kind` is required".into()),
                (
                    "/more".into(),
                    "maxProperties",
                    "must have at most 1 members, has 2".into()
                ),
                (
                    "/more/x".into(),
                    "type",
                    "expected a boolean, found an integer".into()
                ),
            ]
        );
    }

    #[test]
    fn name_keys_tell_names_apart() {
        let names = [
            "",
            "a",
            "b",
            "ab",
            "ba",
            "abc",
            "acb",
            "abcd",
            "abce",
            "abcde",
            "abdde",
            "Header",
            "Status",
            "StartDate",
            "StartData",
            "LastUpdate",
            "FixtureExtraData",
            "FixtureExtraDatb",
            "FixtureExtraData1",
            "FixtureExtraData2",
            "ÄÖÜ",
            "äöü",
        ];
        for a in names {
            assert_eq!(
                NameKey::of(a.as_bytes()),
                NameKey::of_name(a.as_bytes()),
                "{a}"
            );
            for b in names {
                if a.len() <= 16 && b.len() <= 16 {
                    assert_eq!(
                        NameKey::of(a.as_bytes()) == NameKey::of_name(b.as_bytes()),
                        a == b,
                        "{a} {b}"
                    );
                }
            }
        }
    }

    #[test]
    fn many_members_and_alternatives() {
        // More declared members than fit on the stack.
        static MEMBERS: [Member; 40] = {
            const NAMES: [&str; 40] = [
                "m0", "m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "m9", "m10", "m11", "m12",
                "m13", "m14", "m15", "m16", "m17", "m18", "m19", "m20", "m21", "m22", "m23", "m24",
                "m25", "m26", "m27", "m28", "m29", "m30", "m31", "m32", "m33", "m34", "m35", "m36",
                "m37", "m38", "m39",
            ];
            let mut members = [Member::optional("", Rule::Any); 40];
            let mut index = 0;
            while index < 40 {
                members[index] = Member::optional(NAMES[index], Rule::Boolean(false));
                index += 1;
            }
            members[39] = Member::required(NAMES[39], Rule::Boolean(false));
            members
        };
        fn wide(value: &Value, validator: &mut Validator) {
            static OBJECT: Object<40> = Object::closed(&MEMBERS);
            validator.check_object(value, &OBJECT);
        }
        assert!(found(wide, json!({"m39": true, "m0": false})).is_empty());
        assert_eq!(
            found(wide, json!({"m38": 1})),
            [
                ("".into(), "required", "member `m39` is required".into()),
                (
                    "/m38".into(),
                    "type",
                    "expected a boolean, found an integer".into()
                ),
            ]
        );

        fn one_of(value: &Value, validator: &mut Validator) {
            static ALTERNATIVES: [Rule; 2] = [Rule::Schema(tag), Rule::Integer(false, None)];
            validator.check_alternatives(value, &ALTERNATIVES, false);
        }
        assert!(found(one_of, json!("abc")).is_empty());
        assert!(found(one_of, json!(3)).is_empty());
        assert_eq!(
            found(one_of, json!(true)),
            [(
                "".into(),
                "oneOf",
                "must match exactly one alternative, matches 0".into()
            )]
        );
    }
}
