//! Turning wire names into Rust names that are idiomatic, never keywords, and unique.

use std::collections::BTreeSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "static", "struct", "super", "trait", "true", "type", "unsafe",
    "use", "where", "while", "abstract", "become", "box", "do", "final", "macro", "override",
    "priv", "try", "typeof", "unsized", "virtual", "yield", "union",
];

/// Type names generated code uses unqualified; a spec type may not shadow them.
const RESERVED_TYPES: &[&str] = &[
    "Self", "Option", "Some", "None", "Result", "Ok", "Err", "Vec", "String", "Box",
];

/// Keeps identifier characters; an empty result becomes `fallback`, a leading digit gets
/// `digit_prefix` in front.
///
/// "Identifier character" is Unicode's `XID_Continue`, what Rust accepts: `char::is_alphanumeric`
/// also admits characters such as `²` or `½`, which made `Ident::new` panic on member names
/// like `x²`. Likewise a name must start with `XID_Start` (or `_`), not just "not an ASCII digit".
fn sanitize(candidate: String, fallback: &str, digit_prefix: &str) -> String {
    let mut name: String = candidate
        .chars()
        .filter(|c| unicode_ident::is_xid_continue(*c))
        .collect();
    if name.trim_matches('_').is_empty() {
        name = fallback.to_owned();
    }
    if !name.starts_with(|c: char| c == '_' || unicode_ident::is_xid_start(c)) {
        name = format!("{digit_prefix}{name}");
    }
    name
}

/// Whether `name` is a Rust keyword (strict, reserved or edition-dependent).
pub fn is_keyword(name: &str) -> bool {
    KEYWORDS.contains(&name) || name == "Self"
}

/// `snake_case` for fields, operations, modules; keywords get a trailing `_`.
pub fn snake(wire: &str) -> String {
    let name = sanitize(wire.to_snake_case(), "value", "value_");
    if KEYWORDS.contains(&name.as_str()) {
        format!("{name}_")
    } else {
        name
    }
}

/// `UpperCamelCase` for types and variants; reserved names get a trailing `_`.
pub fn camel(wire: &str) -> String {
    let mut name = sanitize(wire.to_upper_camel_case(), "Value", "V");
    if name.starts_with('_') {
        name = name.trim_start_matches('_').to_owned();
    }
    if RESERVED_TYPES.contains(&name.as_str()) || KEYWORDS.contains(&name.as_str()) {
        format!("{name}_")
    } else {
        name
    }
}

/// The name an enum value gets when the spec documents none, before [`camel`]. Both
/// front-ends (OpenAPI and XSD) use this one function, so a value is named alike whichever
/// kind of spec lists it.
///
/// `""` is `Empty`; an integer is its digits after `V` (`5` → `V5`) or after `Minus`
/// (`-1` → `Minus1`, and a lone `-` → `Minus`, rather than the fallback `Value` that would
/// tell it apart from nothing); anything else is the value itself, left to [`camel`]
/// (`dark blue` → `DarkBlue`, `1st` → `V1st`, and a value without identifier characters,
/// such as `+`, → `Value`).
pub fn variant_name(wire: &str) -> String {
    if wire.is_empty() {
        return "Empty".into();
    }
    if let Some(digits) = wire.strip_prefix('-') {
        if digits.bytes().all(|b| b.is_ascii_digit()) {
            return format!("Minus{digits}");
        }
    }
    if wire.bytes().all(|b| b.is_ascii_digit()) {
        return format!("V{wire}");
    }
    wire.to_owned()
}

/// Hands out names that are unique within one scope (a struct's fields, an API's types).
#[derive(Debug, Default, Clone)]
pub struct Scope {
    taken: BTreeSet<String>,
}

impl Scope {
    /// A scope where `reserved` names are already taken.
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Self {
            taken: reserved.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    /// Whether `name` is taken.
    pub fn contains(&self, name: &str) -> bool {
        self.taken.contains(name)
    }

    /// Takes `preferred`, or `preferred2`, `preferred3`, … when it is taken (`_2` after a digit).
    pub fn take(&mut self, preferred: &str) -> String {
        let joiner = if preferred.ends_with(|c: char| c.is_ascii_digit()) {
            "_"
        } else {
            ""
        };
        self.take_joined(preferred, joiner)
    }

    /// Takes `preferred`, or `preferred_2`, `preferred_3`, … (for snake_case names).
    pub fn take_snake(&mut self, preferred: &str) -> String {
        self.take_joined(preferred, "_")
    }

    fn take_joined(&mut self, preferred: &str, joiner: &str) -> String {
        let mut name = preferred.to_owned();
        let mut counter = 2;
        while self.taken.contains(&name) {
            name = format!("{preferred}{joiner}{counter}");
            counter += 1;
        }
        self.taken.insert(name.clone());
        name
    }
}

/// Rust field names for one object's members, in order.
///
/// Members whose `snake_case` forms collide are told apart without guessing from order: the
/// member spelled exactly like the Rust name keeps it; a member that only differs by leading
/// underscores gets an `underscore_` prefix per underscore (`_id` → `underscore_id` beside
/// `id`); anything still colliding gets a numeric suffix.
pub fn field_names<'a>(
    wire_names: impl IntoIterator<Item = &'a str>,
    reserved: &[&str],
) -> Vec<String> {
    let wires: Vec<&str> = wire_names.into_iter().collect();
    let preferred: Vec<String> = wires.iter().map(|w| snake(w)).collect();
    let mut scope = Scope::with_reserved(reserved);
    let mut names = vec![String::new(); wires.len()];
    // Exact spellings first, so they keep their natural name whatever the member order.
    for (index, wire) in wires.iter().enumerate() {
        if *wire == preferred[index] && !scope.contains(wire) {
            names[index] = scope.take_snake(wire);
        }
    }
    for index in 0..wires.len() {
        if !names[index].is_empty() {
            continue;
        }
        let mut name = preferred[index].clone();
        if scope.contains(&name) {
            let underscores = wires[index].len() - wires[index].trim_start_matches('_').len();
            if underscores > 0 {
                name = format!(
                    "{}{}",
                    "underscore_".repeat(underscores),
                    name.trim_start_matches('_')
                );
            }
        }
        names[index] = scope.take_snake(&name);
    }
    names
}

/// `UpperCamelCase` name of a response status: `Ok`, `BadRequest`, `Status299`, `Status4xx`, `Default`.
pub fn status_name(status: crate::ir::StatusKey) -> String {
    use crate::ir::StatusKey;
    match status {
        StatusKey::Code(code) => http::StatusCode::from_u16(code)
            .ok()
            .and_then(|s| s.canonical_reason())
            // Variants are always written `Self::Ok`, so prelude names need no escaping here.
            .map_or_else(
                || format!("Status{code}"),
                |reason| reason.replace('\'', "").to_upper_camel_case(),
            ),
        StatusKey::Range(class) => format!("Status{class}xx"),
        StatusKey::Default => "Default".into(),
    }
}

/// Levenshtein distance, for "did you mean" hints between short names.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != *cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

/// The name of `known` closest to `name` within a few edits, for a "did you mean" hint.
pub fn closest<'a>(name: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (name.chars().count() / 3).clamp(1, 3);
    known
        .into_iter()
        .map(|candidate| {
            (
                edit_distance(&name.to_lowercase(), &candidate.to_lowercase()),
                candidate,
            )
        })
        .filter(|(distance, _)| *distance <= limit)
        .min()
        .map(|(_, candidate)| candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idiomatic_names() {
        assert_eq!(snake("FixtureId"), "fixture_id");
        assert_eq!(snake("_multiple_detail"), "multiple_detail");
        assert_eq!(snake("type"), "type_");
        assert_eq!(snake("Self"), "self_");
        assert_eq!(snake("2fa"), "value_2fa");
        assert_eq!(snake("données-clé"), "données_clé");
        assert_eq!(camel("bet_context"), "BetContext");
        assert_eq!(camel("Option"), "Option_");
        assert_eq!(camel("100"), "V100");
        assert_eq!(camel("-"), "Value");
        // Alphanumeric, but not identifier characters.
        assert_eq!(snake("x²"), "x");
        assert_eq!(snake("٣abc"), "value_٣abc");
        assert_eq!(camel("½"), "Value");
    }

    #[test]
    fn colliding_members_stay_distinct() {
        assert_eq!(
            field_names(["_id", "id", "name"], &[]),
            ["underscore_id", "id", "name"]
        );
        assert_eq!(
            field_names(["fooBar", "foo_bar", "FooBar"], &[]),
            ["foo_bar_2", "foo_bar", "foo_bar_3"]
        );
        assert_eq!(
            field_names(["additional_properties"], &["additional_properties"]),
            ["additional_properties_2"]
        );
    }

    #[test]
    fn variant_names() {
        let named = |wire: &str| camel(&variant_name(wire));
        assert_eq!(named("-"), "Minus");
        assert_eq!(named("+"), "Value");
        assert_eq!(named(""), "Empty");
        assert_eq!(named("5"), "V5");
        assert_eq!(named("-1"), "Minus1");
        assert_eq!(named("1st"), "V1st");
        assert_eq!(named("café"), "Café");
        assert_eq!(named("dark blue"), "DarkBlue");
    }

    /// The same values, listed by an OpenAPI document and by an XSD, get the same variants
    /// (each front-end lowers its own spec; both go through [`variant_name`]).
    #[test]
    fn both_front_ends_name_enum_values_alike() {
        const VALUES: [&str; 9] = ["-", "+", "", "5", "-1", "1st", "2 way", "café", "dark blue"];
        let dir = tempfile::tempdir().unwrap();
        let lower = |file: &str, text: String| {
            let path = dir.path().join(file);
            std::fs::write(&path, text).unwrap();
            let mut source = crate::pipeline::ApiSource::new(path, file);
            source.module = "naming".into();
            let lowered = crate::pipeline::lower(&source)
                .unwrap_or_else(|failure| panic!("{file} did not lower:\n{failure}"));
            let ty = lowered.api.type_def("Sign").expect("the enum is lowered");
            let crate::ir::TypeKind::Enum(e) = &ty.kind else {
                panic!("{file}: `Sign` is not an enum");
            };
            e.variants
                .iter()
                .map(|v| (v.name.wire.clone(), v.name.rust.clone()))
                .collect::<Vec<_>>()
        };
        let listed: Vec<String> = VALUES
            .iter()
            .map(|v| serde_json::Value::from(*v).to_string())
            .collect();
        let openapi = lower(
            "naming.json",
            format!(
                r#"{{"openapi": "3.0.3", "info": {{"title": "naming", "version": "1"}}, "paths": {{}},
                "components": {{"schemas": {{"Sign": {{"type": "string", "enum": [{}]}}}}}}}}"#,
                listed.join(", ")
            ),
        );
        let enumerations: String = VALUES
            .iter()
            .map(|v| format!("<xs:enumeration value=\"{v}\"/>"))
            .collect();
        let xsd = lower(
            "naming.xsd",
            format!(
                r#"<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
<xs:simpleType name="Sign"><xs:restriction base="xs:string">{enumerations}</xs:restriction></xs:simpleType>
</xs:schema>
"#
            ),
        );
        let expected: Vec<(String, String)> = VALUES
            .iter()
            .zip([
                "Minus", "Value", "Empty", "V5", "Minus1", "V1st", "V2Way", "Café", "DarkBlue",
            ])
            .map(|(wire, rust)| ((*wire).to_owned(), rust.to_owned()))
            .collect();
        assert_eq!(openapi, expected);
        assert_eq!(xsd, expected);
    }

    #[test]
    fn scope_suffixes() {
        let mut scope = Scope::default();
        assert_eq!(scope.take("Item"), "Item");
        assert_eq!(scope.take("Item"), "Item2");
        assert_eq!(scope.take("V1"), "V1");
        assert_eq!(scope.take("V1"), "V1_2");
    }
}
