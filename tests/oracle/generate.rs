//! Random instances of a translated (Draft 4 or Draft 2020-12) schema: valid ones, and
//! mutations of a valid one that break one constraint at one place. Deterministic for a given
//! `fastrand` seed.
//!
//! The generator aims at validity but is not the judge: every instance is checked by both
//! validators, and only their verdicts are compared. See `tests/oracle/README.md`.

#![allow(dead_code)]

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use fastrand::Rng;
use serde_json::{json, Map, Value};

/// One step of a path into an instance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Member(String),
    Index(usize),
}

/// A place in a generated instance, with the (flattened) schema that governs it.
#[derive(Debug, Clone)]
pub struct Site {
    pub path: Vec<Step>,
    pub schema: Rc<Value>,
}

/// Depth from which the generator writes minimal instances (required members only,
/// `minItems` items, the first alternative that can end).
const DEPTH_CAP: usize = 5;
/// Depth at which an instance is given up (a recursion that cannot end).
const HARD_CAP: usize = 24;

/// Member names that test pointer escaping and non-ASCII keys.
const EXTRA_NAMES: &[&str] = &["extra", "a/b", "t~1", "ключ", "", "with space", "~", "0"];

/// Known-good and known-bad samples of each `pattern` the specs use: the generator cannot
/// invert regular expressions, so a pattern missing here fails the test with a request to
/// add it.
pub const PATTERN_SAMPLES: &[(&str, &[&str], &[&str])] = &[
    (
        "^[a-z]+$",
        &["ab", "abc", "zz", "abcd"],
        &["AB", "a1", "a b", "", "ä"],
    ),
    (
        "^(?!admin)[a-z]+$",
        &["ada", "admi", "xadmin", "adm"],
        &["admin", "administrator", "", "Ada", "a b"],
    ),
    (
        "^([a-z])[a-z]*\\1$",
        &["aa", "abca", "xyzx", "bob"],
        &["ab", "a", "", "abcd", "Aa"],
    ),
    (
        super::translate::DECIMAL_STRING,
        &[
            "1.85",
            "-0",
            "007.50",
            "9999999999999999999999999999",
            "0.000000000000000000000000001",
        ],
        &[
            "",
            "1.",
            ".5",
            "+1",
            "1e5",
            "1_000",
            "1.5\n",
            "99999999999999999999999999999",
            "0.0000000000000000000000000001",
        ],
    ),
    (
        "^[A-Z]{3}$",
        &["EUR", "USD", "GBP", "ZAR"],
        &["eur", "EURO", "", "E1R", "ÉUR", "EU", "EUR\n"],
    ),
    (
        "^\\d+$",
        &["0", "7", "12345", "000"],
        &["", "12a", "-1", "1.5", "١٢٣", "１２", " 12"],
    ),
    (
        "^[a-z][a-z0-9_]*$",
        &["ab", "snake_case", "x9", "abc_123"],
        &["", "9a", "Upper", "with space", "é", "_lead"],
    ),
    ("b", &["b", "abc", "bbb"], &["", "a", "ABC", "xyz"]),
    (
        "^\\w+$",
        &["abc", "A_1", "_"],
        &["", "ünï", "a-b", "日本", "a b"],
    ),
    (
        "^\\S+$",
        &["abc", "a\u{85}b", "x\u{200B}z", "é"],
        &[
            "",
            "a b",
            "a\u{A0}b",
            "\u{FEFF}",
            "a\tb",
            "a\u{2028}b",
            "\u{3000}",
        ],
    ),
    (
        "^.+$",
        &["abc", "é日😀", "a\u{85}b"],
        // Not "a\rb" or "a\u{2028}b": ECMA 262's `.` rejects them, jsonschema's accepts (README).
        &["", "a\nb", "\n"],
    ),
    (
        "\\bcat\\b",
        // Not "écat" or "cat日": ECMA 262 sees a boundary there, jsonschema does not (README).
        &["cat", "a cat.", "(cat)", "cat-like"],
        &["", "cats", "concat", "_cat"],
    ),
];

pub struct Generator<'s> {
    definitions: &'s Map<String, Value>,
    pub rng: Rng,
    flat: RefCell<HashMap<usize, Rc<Value>>>,
    merged: RefCell<HashMap<(usize, usize), Rc<Value>>>,
    /// Object schemas merged with the `dependentSchemas` of the members chosen to be there,
    /// by (schema address, chosen members), kept for the same reason as `merged`.
    dependent: RefCell<HashMap<(usize, u64), Rc<Value>>>,
    /// The schema is JSON Schema 2020-12 (an OpenAPI 3.1 document's): whole floats (`2.0`)
    /// are integers there, which specgen does not follow (README, difference 8), so they are
    /// not offered as wrong-typed values at integer places.
    draft_2020: bool,
}

impl<'s> Generator<'s> {
    pub fn new(root: &'s Value, seed: u64) -> Self {
        Self {
            definitions: root
                .get("definitions")
                .or_else(|| root.get("$defs"))
                .and_then(Value::as_object)
                .expect("definitions"),
            rng: Rng::with_seed(seed),
            flat: RefCell::new(HashMap::new()),
            merged: RefCell::new(HashMap::new()),
            dependent: RefCell::new(HashMap::new()),
            draft_2020: root["$schema"] == super::translate::DRAFT_2020_12,
        }
    }

    /// `schema` with `$ref` resolved and `allOf` merged into one schema (cached by address;
    /// the addresses are stable because every schema lives in `definitions` or in a cached
    /// flattened schema that is never dropped).
    pub fn flatten(&self, schema: &Value) -> Rc<Value> {
        let key = schema as *const Value as usize;
        if let Some(flat) = self.flat.borrow().get(&key) {
            return flat.clone();
        }
        let flat = Rc::new(self.flatten_uncached(schema, 0));
        self.flat.borrow_mut().insert(key, flat.clone());
        flat
    }

    fn resolve<'v>(&'v self, mut schema: &'v Value) -> &'v Value {
        for _ in 0..64 {
            match schema.get("$ref").and_then(Value::as_str) {
                Some(reference) => {
                    let id = reference
                        .strip_prefix("#/definitions/")
                        .or_else(|| reference.strip_prefix("#/$defs/"))
                        .expect("translated refs");
                    schema = &self.definitions[id];
                }
                None => return schema,
            }
        }
        panic!("reference chain without end");
    }

    fn flatten_uncached(&self, schema: &Value, depth: usize) -> Value {
        assert!(depth < 64, "allOf nesting without end");
        let schema = self.resolve(schema);
        let Some(object) = schema.as_object() else {
            return schema.clone();
        };
        let mut base: Map<String, Value> = object
            .iter()
            .filter(|(k, _)| *k != "allOf")
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        draft_4_bounds(&mut base);
        if let Some(parts) = object.get("allOf").and_then(Value::as_array) {
            for part in parts {
                let part = self.flatten_uncached(part, depth + 1);
                merge_schema(&mut base, part.as_object().expect("schema object"));
            }
        }
        Value::Object(base)
    }

    /// Alternative `index` of the union `union` merged with the keywords beside it (`base`),
    /// cached so that its address, which the flatten cache is keyed by, stays the same.
    fn merged(
        &self,
        union: &Rc<Value>,
        base: &Map<String, Value>,
        alternative: &Value,
        index: usize,
    ) -> Rc<Value> {
        let key = (Rc::as_ptr(union) as usize, index);
        if let Some(merged) = self.merged.borrow().get(&key) {
            return merged.clone();
        }
        let mut merged = base.clone();
        let part = self.flatten(alternative);
        merge_schema(&mut merged, part.as_object().expect("schema object"));
        if let Some(nested) = part.get("oneOf").or_else(|| part.get("anyOf")) {
            merged.insert("anyOf".into(), nested.clone());
        }
        let merged = Rc::new(Value::Object(merged));
        self.merged.borrow_mut().insert(key, merged.clone());
        merged
    }

    /// A random instance meant to be valid, with every place it has and its schema.
    pub fn valid(&mut self, schema: &Value) -> Option<(Value, Vec<Site>)> {
        let mut sites = Vec::new();
        let mut path = Vec::new();
        let value = self.generate(schema, 0, &mut path, &mut sites)?;
        Some((value, sites))
    }

    fn generate(
        &mut self,
        schema: &Value,
        depth: usize,
        path: &mut Vec<Step>,
        sites: &mut Vec<Site>,
    ) -> Option<Value> {
        if depth > HARD_CAP {
            return None;
        }
        let minimal = depth >= DEPTH_CAP;
        let flat = self.flatten(schema);
        // 2020-12 boolean schemas: `true` admits anything, `false` nothing.
        match *flat {
            Value::Bool(true) => return Some(self.any_value(depth)),
            Value::Bool(false) => return None,
            _ => {}
        }
        let s = flat.as_object().expect("schema object");
        sites.push(Site {
            path: path.clone(),
            schema: flat.clone(),
        });
        let alternatives = s
            .get("oneOf")
            .or_else(|| s.get("anyOf"))
            .and_then(Value::as_array);
        if let Some(alternatives) = alternatives {
            let mut order: Vec<usize> = (0..alternatives.len()).collect();
            if !minimal {
                self.rng.shuffle(&mut order);
            }
            // The keywords beside the union apply too: each alternative is generated merged
            // with them (an instance meant to pass both).
            let mut base = s.clone();
            base.remove("oneOf");
            base.remove("anyOf");
            for index in order {
                let mark = sites.len();
                let merged;
                let alternative = if base.is_empty() {
                    &alternatives[index]
                } else {
                    merged = self.merged(&flat, &base, &alternatives[index], index);
                    &*merged
                };
                if let Some(value) = self.generate(alternative, depth, path, sites) {
                    return Some(value);
                }
                sites.truncate(mark);
            }
            return None;
        }
        if let Some(values) = s.get("enum").and_then(Value::as_array) {
            let non_null: Vec<&Value> = values.iter().filter(|v| !v.is_null()).collect();
            if non_null.is_empty() || (values.len() > non_null.len() && self.rng.u8(..10) == 0) {
                return Some(Value::Null);
            }
            let value = non_null[self.rng.usize(..non_null.len())].clone();
            // A whole number listed is also equal to its float form (`6` = `6.0`).
            return Some(match value.as_i64() {
                Some(n) if self.rng.u8(..4) == 0 => json!(n as f64),
                _ => value,
            });
        }
        let types = types_of(s);
        let ty = match types.as_slice() {
            [] => {
                // No `type`: any type is allowed, and each keyword is about one type. Mostly
                // the type the keywords are about, sometimes another one.
                let has = |keys: &[&str]| keys.iter().any(|k| s.contains_key(*k));
                let suggested = if has(&[
                    "properties",
                    "required",
                    "additionalProperties",
                    "minProperties",
                    "maxProperties",
                ]) {
                    Some("object")
                } else if has(&["items", "minItems", "maxItems", "uniqueItems"]) {
                    Some("array")
                } else if has(&["minLength", "maxLength", "pattern", "format"]) {
                    Some("string")
                } else if has(&["minimum", "maximum", "multipleOf"]) {
                    Some(if self.rng.bool() { "number" } else { "integer" })
                } else {
                    None
                };
                match suggested {
                    Some(ty) if self.rng.u8(..4) != 0 => ty,
                    _ => return Some(self.any_value(depth)),
                }
            }
            [only] => only,
            several => {
                let non_null: Vec<&&str> = several.iter().filter(|t| **t != "null").collect();
                if non_null.is_empty() || self.rng.u8(..10) == 0 {
                    "null"
                } else {
                    non_null[self.rng.usize(..non_null.len())]
                }
            }
        };
        Some(match ty {
            "null" => Value::Null,
            "boolean" => Value::Bool(self.rng.bool()),
            "integer" => self.integer(s),
            "number" => self.number(s),
            "string" => Value::String(self.string(s)),
            "array" => self.array(s, depth, minimal, path, sites)?,
            "object" => self.object(s, depth, minimal, path, sites)?,
            other => panic!("unknown type {other}"),
        })
    }

    fn object(
        &mut self,
        s: &Map<String, Value>,
        depth: usize,
        minimal: bool,
        path: &mut Vec<Step>,
        sites: &mut Vec<Site>,
    ) -> Option<Value> {
        // `dependentSchemas`: which of their members are there is chosen first, and the
        // object is generated from its schema merged with theirs.
        let dependent;
        let s = match s.get("dependentSchemas").and_then(Value::as_object) {
            Some(dependents) if !dependents.is_empty() => {
                let required = names(s.get("required"));
                let mut chosen = 0u64;
                for (index, name) in dependents.keys().enumerate().take(64) {
                    if required.contains(name) || (!minimal && self.rng.bool()) {
                        chosen |= 1 << index;
                    }
                }
                dependent = self.with_dependents(s, dependents, chosen);
                dependent.as_object().expect("schema object")
            }
            _ => s,
        };
        let empty = Map::new();
        let properties = s
            .get("properties")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let required = names(s.get("required"));
        let mut object = Map::new();
        for (name, schema) in properties {
            if required.contains(name) || (!minimal && self.rng.bool()) {
                path.push(Step::Member(name.clone()));
                let value = self.generate(schema, depth + 1, path, sites);
                path.pop();
                object.insert(name.clone(), value?);
            }
        }
        for name in required.iter().filter(|n| !properties.contains_key(*n)) {
            object.insert(name.clone(), self.any_value(depth + 1));
        }
        let additional = s.get("additionalProperties").cloned();
        let extra_count = match &additional {
            Some(Value::Bool(false)) => 0,
            Some(Value::Object(_)) if !minimal => self.rng.usize(..3),
            None | Some(Value::Bool(true)) if !minimal && self.rng.u8(..6) == 0 => 1,
            _ => 0,
        };
        let min = s.get("minProperties").and_then(Value::as_u64).unwrap_or(0) as usize;
        let max = s
            .get("maxProperties")
            .and_then(Value::as_u64)
            .map(|m| m as usize);
        let mut extra_budget = extra_count;
        let mut guard = 0;
        while extra_budget > 0 || object.len() < min {
            guard += 1;
            if guard > 50 {
                break;
            }
            extra_budget = extra_budget.saturating_sub(1);
            // Prefer a declared member still missing, else an undeclared one if allowed.
            let missing: Vec<&String> = properties
                .keys()
                .filter(|n| !object.contains_key(*n))
                .collect();
            if extra_count == 0 && !missing.is_empty() {
                let name = missing[self.rng.usize(..missing.len())].clone();
                path.push(Step::Member(name.clone()));
                let value = self.generate(&properties[&name], depth + 1, path, sites);
                path.pop();
                object.insert(name, value?);
                continue;
            }
            let Some(name) = self.member_name(s, &object, properties) else {
                break;
            };
            match &additional {
                Some(Value::Bool(false)) => {
                    if missing.is_empty() {
                        break;
                    }
                    let name = missing[0].clone();
                    path.push(Step::Member(name.clone()));
                    let value = self.generate(&properties[&name], depth + 1, path, sites);
                    path.pop();
                    object.insert(name, value?);
                }
                Some(schema @ Value::Object(_)) => {
                    path.push(Step::Member(name.clone()));
                    let value = self.generate(schema, depth + 1, path, sites);
                    path.pop();
                    object.insert(name, value?);
                }
                _ => {
                    let value = self.any_value(depth + 1);
                    object.insert(name, value);
                }
            }
        }
        // `dependentRequired`: the members a present one needs are there too.
        if let Some(dependencies) = s.get("dependentRequired").and_then(Value::as_object) {
            for (trigger, needed) in dependencies {
                if !object.contains_key(trigger) {
                    continue;
                }
                for name in names(Some(needed)) {
                    if object.contains_key(&name) {
                        continue;
                    }
                    let value = match properties.get(&name) {
                        Some(schema) => {
                            path.push(Step::Member(name.clone()));
                            let value = self.generate(schema, depth + 1, path, sites);
                            path.pop();
                            value?
                        }
                        None => self.any_value(depth + 1),
                    };
                    object.insert(name, value);
                }
            }
        }
        if let Some(max) = max {
            while object.len() > max {
                let optional: Vec<String> = object
                    .keys()
                    .filter(|n| !required.contains(*n))
                    .cloned()
                    .collect();
                if optional.is_empty() {
                    break;
                }
                object.remove(&optional[self.rng.usize(..optional.len())]);
            }
        }
        Some(Value::Object(object))
    }

    /// `s` merged with the flattened `dependentSchemas` of the members whose bit is set in
    /// `chosen` (which become required); the other members are left out of `properties`.
    fn with_dependents(
        &self,
        s: &Map<String, Value>,
        dependents: &Map<String, Value>,
        chosen: u64,
    ) -> Rc<Value> {
        let key = (s as *const Map<String, Value> as usize, chosen);
        if let Some(merged) = self.dependent.borrow().get(&key) {
            return merged.clone();
        }
        let mut base = s.clone();
        base.remove("dependentSchemas");
        let mut present = Vec::new();
        for (index, (name, schema)) in dependents.iter().enumerate().take(64) {
            if chosen & (1 << index) != 0 {
                if let Some(part) = self.flatten(schema).as_object() {
                    merge_schema(&mut base, part);
                }
                present.push(name.clone());
            } else if let Some(Value::Object(properties)) = base.get_mut("properties") {
                properties.remove(name);
            }
        }
        let mut required = names(base.get("required"));
        for name in present {
            if !required.contains(&name) {
                required.push(name);
            }
        }
        base.insert("required".into(), json!(required));
        let merged = Rc::new(Value::Object(base));
        self.dependent.borrow_mut().insert(key, merged.clone());
        merged
    }

    /// A name for a new member: one satisfying `propertyNames` when `s` has it, else one of
    /// [`EXTRA_NAMES`] or a made-up one.
    fn member_name(
        &mut self,
        s: &Map<String, Value>,
        object: &Map<String, Value>,
        declared: &Map<String, Value>,
    ) -> Option<String> {
        let Some(names_schema) = s.get("propertyNames") else {
            return self.fresh_name(object, declared);
        };
        let flat = self.flatten(names_schema);
        let names_schema = match &*flat {
            Value::Bool(false) => return None,
            Value::Object(names_schema) => names_schema.clone(),
            _ => return self.fresh_name(object, declared),
        };
        for _ in 0..16 {
            let name = self.string(&names_schema);
            if !object.contains_key(&name) && !declared.contains_key(&name) {
                return Some(name);
            }
        }
        None
    }

    fn fresh_name(
        &mut self,
        object: &Map<String, Value>,
        declared: &Map<String, Value>,
    ) -> Option<String> {
        let start = self.rng.usize(..EXTRA_NAMES.len());
        for offset in 0..EXTRA_NAMES.len() + 8 {
            let name = match EXTRA_NAMES.get((start + offset) % EXTRA_NAMES.len()) {
                Some(name) if offset < EXTRA_NAMES.len() => (*name).to_owned(),
                _ => format!("extra{}", self.rng.u32(..1000)),
            };
            if !object.contains_key(&name) && !declared.contains_key(&name) {
                return Some(name);
            }
        }
        None
    }

    fn array(
        &mut self,
        s: &Map<String, Value>,
        depth: usize,
        minimal: bool,
        path: &mut Vec<Step>,
        sites: &mut Vec<Site>,
    ) -> Option<Value> {
        let min = s.get("minItems").and_then(Value::as_u64).unwrap_or(0) as usize;
        let prefix: &[Value] = s
            .get("prefixItems")
            .and_then(Value::as_array)
            .map_or(&[], Vec::as_slice);
        let mut max = s
            .get("maxItems")
            .and_then(Value::as_u64)
            .map_or(min + 3, |m| (m as usize).min(min + 3));
        // `items: false` after `prefixItems`: no item beyond them.
        if s.get("items") == Some(&Value::Bool(false)) {
            max = max.min(prefix.len());
        }
        let count = if minimal {
            min
        } else {
            self.rng.usize(min..=max.max(min))
        };
        let unique = s.get("uniqueItems") == Some(&Value::Bool(true));
        let mut items: Vec<Value> = Vec::with_capacity(count);
        for index in 0..count {
            path.push(Step::Index(index));
            let mark = sites.len();
            let mut item = None;
            for _ in 0..8 {
                sites.truncate(mark);
                let candidate = match prefix.get(index).or_else(|| s.get("items")) {
                    Some(schema) => self.generate(schema, depth + 1, path, sites),
                    None => Some(self.any_value(depth + 1)),
                };
                match candidate {
                    Some(value) if unique && items.contains(&value) => item = Some(value),
                    Some(value) => {
                        item = Some(value);
                        break;
                    }
                    None => {
                        item = None;
                        break;
                    }
                }
            }
            path.pop();
            items.push(item?);
        }
        Some(Value::Array(items))
    }

    fn integer(&mut self, s: &Map<String, Value>) -> Value {
        let (low, high) = integer_range(s);
        let factor = s
            .get("multipleOf")
            .and_then(Value::as_f64)
            .filter(|f| f.fract() == 0.0 && *f >= 1.0)
            .map(|f| f as i128);
        let pick = |rng: &mut Rng, low: i128, high: i128| -> i128 {
            if low >= high {
                return low;
            }
            match rng.u8(..10) {
                0 => low,
                1 => high,
                2 | 3 => low + (rng.u64(..) as i128).rem_euclid(high - low + 1),
                _ => {
                    // Mostly small numbers near zero, or near a bound.
                    let center = 0i128.clamp(low, high);
                    let span = 1000i128.min(high - low);
                    (center + rng.i64(-(span as i64)..=span as i64) as i128).clamp(low, high)
                }
            }
        };
        let n = match factor {
            Some(f) => {
                let k_low = div_ceil(low, f);
                let k_high = high.div_euclid(f);
                pick(&mut self.rng, k_low, k_high) * f
            }
            None => pick(&mut self.rng, low, high),
        };
        integer_value(n)
    }

    fn number(&mut self, s: &Map<String, Value>) -> Value {
        let bound = |key: &str| s.get(key).and_then(Value::as_f64);
        let exclusive = |key: &str| s.get(key) == Some(&Value::Bool(true));
        let low = bound("minimum");
        let high = bound("maximum");
        if let Some(factor) = s.get("multipleOf").and_then(Value::as_f64) {
            let (scale, units) = decimal_units(factor);
            let low_k = low.map_or(-200.0, |l| (l / factor).ceil());
            let high_k = high.map_or(low_k + 400.0, |h| (h / factor).floor());
            let mut k = if high_k > low_k {
                low_k as i64 + self.rng.i64(0..=(high_k - low_k) as i64)
            } else {
                low_k as i64
            };
            let at = |k: i64| k as f64 * factor;
            if exclusive("exclusiveMinimum") && low.is_some_and(|l| at(k) <= l) {
                k += 1;
            }
            if exclusive("exclusiveMaximum") && high.is_some_and(|h| at(k) >= h) {
                k -= 1;
            }
            return decimal_value(k as i128 * units as i128, scale);
        }
        let (low, high) = match (low, high) {
            (Some(l), Some(h)) => (l, h),
            (Some(l), None) => (l, l + 1000.0),
            (None, Some(h)) => (h - 1000.0, h),
            (None, None) => (-1000.0, 1000.0),
        };
        for _ in 0..20 {
            let candidate = match self.rng.u8(..10) {
                0 => decimal_value((low * 1000.0).round() as i128, 3),
                1 => decimal_value((high * 1000.0).round() as i128, 3),
                2..=4 => integer_value((low + self.rng.f64() * (high - low)).round() as i128),
                _ => {
                    let scale = self.rng.u32(1..=3);
                    let x = low + self.rng.f64() * (high - low);
                    decimal_value((x * 10f64.powi(scale as i32)).round() as i128, scale)
                }
            };
            let x = candidate.as_f64().unwrap_or(f64::NAN);
            let above = if exclusive("exclusiveMinimum") {
                x > low
            } else {
                x >= low
            };
            let below = if exclusive("exclusiveMaximum") {
                x < high
            } else {
                x <= high
            };
            if above && below {
                return candidate;
            }
        }
        json!((low + high) / 2.0)
    }

    fn string(&mut self, s: &Map<String, Value>) -> String {
        if let Some(format) = s.get("format").and_then(Value::as_str) {
            return self.format_sample(format);
        }
        if let Some(pattern) = s.get("pattern").and_then(Value::as_str) {
            let (good, _) = pattern_samples(pattern);
            return good[self.rng.usize(..good.len())].to_owned();
        }
        let min = s.get("minLength").and_then(Value::as_u64).unwrap_or(0) as usize;
        let max = s
            .get("maxLength")
            .and_then(Value::as_u64)
            .map_or(min + 12, |m| m as usize);
        let length = self.rng.usize(min..=max.max(min).min(min + 40));
        self.text(length)
    }

    /// `length` characters (code points), some of them outside ASCII and the BMP.
    pub fn text(&mut self, length: usize) -> String {
        const ODD: &[char] = &['é', 'ß', '日', '😀', ' ', '"', '\\', '/', '~', '\n', 'Ω'];
        (0..length)
            .map(|_| {
                if self.rng.u8(..8) == 0 {
                    ODD[self.rng.usize(..ODD.len())]
                } else {
                    self.rng.alphanumeric()
                }
            })
            .collect()
    }

    pub fn format_sample(&mut self, format: &str) -> String {
        let rng = &mut self.rng;
        match format {
            "uuid" => {
                let hex: String = (0..32)
                    .map(|_| {
                        let digit = std::char::from_digit(rng.u32(..16), 16).expect("hex digit");
                        if rng.u8(..4) == 0 {
                            digit.to_ascii_uppercase()
                        } else {
                            digit
                        }
                    })
                    .collect();
                format!(
                    "{}-{}-{}-{}-{}",
                    &hex[..8],
                    &hex[8..12],
                    &hex[12..16],
                    &hex[16..20],
                    &hex[20..]
                )
            }
            "date" => random_date(rng),
            "date-time" if rng.u8(..50) == 0 => {
                // Leap seconds: 23:59:60 in UTC only.
                const LEAP: &[&str] = &[
                    "1998-12-31T23:59:60Z",
                    "1998-12-31T15:59:60.123-08:00",
                    "2016-12-31t23:59:60.5z",
                ];
                LEAP[rng.usize(..LEAP.len())].to_owned()
            }
            "date-time" => {
                let date = random_date(rng);
                let separator = if rng.u8(..10) == 0 { 't' } else { 'T' };
                let mut time = format!(
                    "{:02}:{:02}:{:02}",
                    rng.u32(..24),
                    rng.u32(..60),
                    rng.u32(..60)
                );
                if rng.bool() {
                    // Often 7 (the feeds' count), sometimes more than nine (RFC 3339 sets
                    // no limit; `DateTime` keeps the digits beyond nanoseconds).
                    let digits = match rng.u8(..8) {
                        0..=3 => 7,
                        4 => rng.usize(10..=30),
                        _ => rng.usize(1..=9),
                    };
                    time.push('.');
                    time.extend((0..digits).map(|_| rng.digit(10)));
                }
                let zone = match rng.u8(..6) {
                    0 => "z".to_owned(),
                    1 | 2 => format!(
                        "{}{:02}:{:02}",
                        if rng.bool() { '+' } else { '-' },
                        rng.u32(..24),
                        [0, 30, 45][rng.usize(..3)]
                    ),
                    _ => "Z".to_owned(),
                };
                format!("{date}{separator}{time}{zone}")
            }
            "email" => {
                const GOOD: &[&str] = &[
                    "user@example.com",
                    "first.last+tag@sub.example.org",
                    "x@y.co",
                    "o'brien@example.ie",
                    "user_name-1@example-domain.com",
                    "UPPER@EXAMPLE.COM",
                    "a@b",
                    "\"quoted local\"@example.com",
                    "user@[127.0.0.1]",
                    "user@[IPv6:::1]",
                    "a!#$%&'*+/=?^_`{|}~-@example.com",
                    "user@sub-domain.example.com",
                ];
                GOOD[rng.usize(..GOOD.len())].to_owned()
            }
            other => panic!("no samples for format {other}"),
        }
    }

    /// A small JSON value of any type.
    pub fn any_value(&mut self, depth: usize) -> Value {
        let limit = if depth >= DEPTH_CAP { 5 } else { 7 };
        match self.rng.u8(..limit) {
            0 => Value::Null,
            1 => Value::Bool(self.rng.bool()),
            2 => json!(self.rng.i64(-100..100)),
            3 => decimal_value(self.rng.i64(-10000..10000) as i128, 2),
            4 => {
                let length = self.rng.usize(..6);
                Value::String(self.text(length))
            }
            5 => {
                let count = self.rng.usize(..3);
                Value::Array((0..count).map(|_| self.any_value(depth + 1)).collect())
            }
            _ => {
                let count = self.rng.usize(..3);
                Value::Object(
                    (0..count)
                        .map(|i| (format!("k{i}"), self.any_value(depth + 1)))
                        .collect(),
                )
            }
        }
    }

    /// `instance` with one constraint broken at one of its places, and what was done.
    pub fn mutate(&mut self, instance: &Value, sites: &[Site]) -> Option<(Value, String)> {
        // Most places offer a wrong type; constraints are rarer, so they are sought first
        // (six times in ten), falling back to whatever the place offers.
        let constraint_first = self.rng.u8(..10) < 6;
        for attempt in 0..40 {
            let site = &sites[self.rng.usize(..sites.len())];
            let Some(current) = get(instance, &site.path) else {
                continue;
            };
            let only_constraints = constraint_first && attempt < 30;
            let Some((replacement, what)) =
                self.break_one(&site.schema, current, 0, only_constraints)
            else {
                continue;
            };
            let mut mutated = instance.clone();
            *get_mut(&mut mutated, &site.path).expect("path exists") = replacement;
            return Some((mutated, format!("{what} at {:?}", pointer(&site.path))));
        }
        None
    }

    /// A replacement for `current` that breaks one constraint of `schema`.
    fn break_one(
        &mut self,
        schema: &Value,
        current: &Value,
        nesting: usize,
        only_constraints: bool,
    ) -> Option<(Value, String)> {
        let s = schema.as_object()?;
        let mut options: Vec<(Value, String)> = Vec::new();
        let types = types_of(s);
        if !types.is_empty() {
            for (value, ty) in [
                (json!("text"), "string"),
                (json!(17), "integer"),
                (json!(2.5), "number"),
                (json!(2.0), "number"),
                (json!(true), "boolean"),
                (json!([]), "array"),
                (json!({}), "object"),
                (Value::Null, "null"),
            ] {
                let allowed = types.contains(&ty) || (ty == "integer" && types.contains(&"number"));
                let whole_float =
                    value.as_f64().is_some_and(|f| f.fract() == 0.0) && value.is_f64();
                if self.draft_2020 && whole_float && types.contains(&"integer") {
                    continue;
                }
                if !allowed {
                    options.push((value, format!("wrong type {ty}")));
                }
            }
        }
        if let Some(values) = s.get("enum").and_then(Value::as_array) {
            for candidate in [
                json!("not-listed"),
                json!(""),
                json!(123456),
                json!(-1),
                json!(0),
                json!(0.0),
                json!(1.5),
                json!(true),
                json!([1]),
                json!({"one": 2}),
                Value::Null,
                json!("A"),
                json!("a"),
            ] {
                if !values.contains(&candidate) {
                    options.push((candidate, "value not in enum".into()));
                }
            }
            for value in values.iter().filter_map(Value::as_str) {
                for changed in [value.to_uppercase(), value.to_lowercase()] {
                    if !values.contains(&json!(changed)) {
                        options.push((json!(changed), "enum case changed".into()));
                    }
                }
                options.push((json!(format!("{value} ")), "enum with a space".into()));
            }
        }
        match current {
            Value::Number(_) => self.break_number(s, &mut options),
            Value::String(text) => self.break_string(s, text, &mut options),
            Value::Array(items) => self.break_array(s, items, &mut options),
            Value::Object(object) => self.break_object(s, object, nesting, &mut options),
            _ => {}
        }
        // One kind of breakage, chosen evenly among those the place offers, then one case.
        let category = |what: &str| -> String {
            if what.starts_with("wrong type") {
                "wrong type".into()
            } else {
                what.split('`').next().unwrap_or(what).trim().to_owned()
            }
        };
        if only_constraints {
            options.retain(|(_, what)| category(what) != "wrong type");
        }
        let mut categories: Vec<String> = options.iter().map(|(_, w)| category(w)).collect();
        categories.sort();
        categories.dedup();
        if categories.is_empty() {
            return None;
        }
        let chosen = categories[self.rng.usize(..categories.len())].clone();
        options.retain(|(_, what)| category(what) == chosen);
        Some(options.swap_remove(self.rng.usize(..options.len())))
    }

    fn break_number(&mut self, s: &Map<String, Value>, options: &mut Vec<(Value, String)>) {
        let integer = types_of(s).contains(&"integer");
        // Integers are written in 64 bits: a whole number beyond that range reaches both
        // validators as an `f64` whose literal is lost (see the README), so none is made.
        let in_range = |n: i128| (i128::from(i64::MIN)..=i128::from(u64::MAX)).contains(&n);
        for (key, exclusive_key, sign, what) in [
            ("minimum", "exclusiveMinimum", -1, "below the minimum"),
            ("maximum", "exclusiveMaximum", 1, "above the maximum"),
        ] {
            let Some(bound) = s.get(key).and_then(Value::as_number) else {
                continue;
            };
            let exclusive = s.get(exclusive_key) == Some(&Value::Bool(true));
            let whole = bound
                .as_i64()
                .map(i128::from)
                .or_else(|| bound.as_u64().map(i128::from));
            match (integer, whole) {
                (true, Some(b)) => {
                    if exclusive {
                        options.push((integer_value(b), format!("at an exclusive {key}")));
                    }
                    if in_range(b + sign) {
                        options.push((integer_value(b + sign), what.into()));
                    }
                }
                _ => {
                    let b = bound.as_f64().unwrap_or_default();
                    if exclusive {
                        options.push((float_or_integer(b), format!("at an exclusive {key}")));
                    }
                    let step = if integer {
                        1.0
                    } else {
                        [1.0, 0.5, 0.001][self.rng.usize(..3)]
                    };
                    let beyond = if integer {
                        if sign < 0 {
                            b.ceil() - 1.0
                        } else {
                            b.floor() + 1.0
                        }
                    } else {
                        b + sign as f64 * step
                    };
                    options.push((float_or_integer(beyond), what.into()));
                    // The neighbouring floats of the bound: a bound that moved by one unit
                    // in the last place shows here.
                    if !integer && b.is_finite() && b != 0.0 {
                        let next = f64::from_bits(if (b > 0.0) == (sign > 0) {
                            b.to_bits() + 1
                        } else {
                            b.to_bits() - 1
                        });
                        if next.is_finite() && next.abs() < 9.2e18 || !integer {
                            options.push((
                                json!(next),
                                format!("{what} by one unit in the last place"),
                            ));
                        }
                    }
                }
            }
        }
        if let Some(factor) = s.get("multipleOf").and_then(Value::as_f64) {
            let (scale, units) = decimal_units(factor);
            let k = self.rng.i64(1..50) as i128;
            // k * factor plus half a factor (or plus one, for integer factors) is no multiple.
            let value = if integer {
                integer_value(k * units as i128 + 1)
            } else {
                decimal_value(k * units as i128 * 10 + 5 * units as i128, scale + 1)
            };
            options.push((value, "not a multiple".into()));
        }
        // Extremes: beyond int32, at the ends of int64 and u64, and (for numbers) huge floats.
        let mut extremes = vec![
            json!(2147483648_i64),
            json!(-2147483649_i64),
            json!(i64::MAX),
            json!(i64::MIN),
            json!(9223372036854775808_u64),
            json!(u64::MAX),
        ];
        if !integer {
            // Below 2^63: jsonschema takes every larger float for an integer (README).
            extremes.extend([json!(4.5e15), json!(-2.5e-10), json!(1.5e-300)]);
        }
        // Whole numbers beyond 64 bits (integers for both sides, see README) at integer places
        // only: at a `float` place the model's `f32` would turn them into infinity (README).
        if integer {
            extremes.extend([json!(1.2345e52), json!(-1e300), json!(1.25)]);
        }
        let extreme = extremes[self.rng.usize(..extremes.len())].clone();
        options.push((extreme, "extreme number".into()));
    }

    fn break_string(
        &mut self,
        s: &Map<String, Value>,
        text: &str,
        options: &mut Vec<(Value, String)>,
    ) {
        let length = text.chars().count();
        if let Some(min) = s
            .get("minLength")
            .and_then(Value::as_u64)
            .filter(|m| *m > 0)
        {
            let short: String = text.chars().take(min as usize - 1).collect();
            let short = if short.chars().count() == min as usize - 1 {
                short
            } else {
                self.text(min as usize - 1)
            };
            options.push((json!(short), "shorter than minLength".into()));
        }
        if let Some(max) = s.get("maxLength").and_then(Value::as_u64) {
            let mut long = text.to_owned();
            let missing = (max as usize + 1).saturating_sub(length);
            long.push_str(&self.text(missing));
            options.push((json!(long), "longer than maxLength".into()));
        }
        if let Some(format) = s.get("format").and_then(Value::as_str) {
            let bad = bad_format_samples(format);
            options.push((
                json!(bad[self.rng.usize(..bad.len())]),
                format!("bad {format}"),
            ));
        }
        if let Some(pattern) = s.get("pattern").and_then(Value::as_str) {
            let (_, bad) = pattern_samples(pattern);
            options.push((
                json!(bad[self.rng.usize(..bad.len())]),
                "pattern mismatch".into(),
            ));
        }
    }

    fn break_array(
        &mut self,
        s: &Map<String, Value>,
        items: &[Value],
        options: &mut Vec<(Value, String)>,
    ) {
        if let Some(min) = s.get("minItems").and_then(Value::as_u64).filter(|m| *m > 0) {
            let short = items.iter().take(min as usize - 1).cloned().collect();
            if items.len() >= min as usize - 1 {
                options.push((Value::Array(short), "fewer than minItems".into()));
            }
        }
        if let Some(max) = s.get("maxItems").and_then(Value::as_u64) {
            let mut long = items.to_vec();
            let mut guard = 0;
            while long.len() <= max as usize && guard < 100 {
                guard += 1;
                let position = s
                    .get("prefixItems")
                    .and_then(Value::as_array)
                    .and_then(|prefix| prefix.get(long.len()));
                let item = match position.or_else(|| s.get("items")) {
                    Some(schema) => self.valid(schema).map(|(v, _)| v),
                    None => Some(self.any_value(1)),
                };
                let Some(item) = item else { break };
                if s.get("uniqueItems") == Some(&Value::Bool(true)) && long.contains(&item) {
                    continue;
                }
                long.push(item);
            }
            if long.len() > max as usize {
                options.push((Value::Array(long), "more than maxItems".into()));
            }
        }
        // `items: false` after `prefixItems`: one item beyond them.
        if let (Some(Value::Bool(false)), Some(prefix)) = (
            s.get("items"),
            s.get("prefixItems").and_then(Value::as_array),
        ) {
            if items.len() >= prefix.len() {
                let mut long = items.to_vec();
                long.push(self.any_value(1));
                options.push((Value::Array(long), "item beyond prefixItems".into()));
            }
        }
        if s.get("uniqueItems") == Some(&Value::Bool(true)) && !items.is_empty() {
            let mut doubled = items.to_vec();
            let copy = doubled[self.rng.usize(..doubled.len())].clone();
            let fits = s
                .get("maxItems")
                .and_then(Value::as_u64)
                .is_none_or(|max| doubled.len() < max as usize);
            if fits {
                doubled.insert(self.rng.usize(..=doubled.len()), copy);
                options.push((Value::Array(doubled), "duplicate items".into()));
            } else if doubled.len() >= 2 {
                let last = doubled.len() - 1;
                doubled[last] = doubled[0].clone();
                options.push((Value::Array(doubled), "duplicate items".into()));
            }
        }
    }

    fn break_object(
        &mut self,
        s: &Map<String, Value>,
        object: &Map<String, Value>,
        nesting: usize,
        options: &mut Vec<(Value, String)>,
    ) {
        let empty = Map::new();
        let properties = s
            .get("properties")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        for name in names(s.get("required")) {
            if object.contains_key(&name) {
                let mut without = object.clone();
                without.remove(&name);
                options.push((Value::Object(without), format!("required `{name}` removed")));
            }
        }
        match s.get("additionalProperties") {
            Some(Value::Bool(false)) => {
                if let Some(name) = self.member_name(s, object, properties) {
                    let mut with = object.clone();
                    let value = self.any_value(1);
                    with.insert(name.clone(), value);
                    options.push((Value::Object(with), format!("undeclared `{name}` added")));
                }
            }
            Some(schema @ Value::Object(_)) if nesting < 2 => {
                let flat = self.flatten(schema);
                if let Some(name) = self.member_name(s, object, properties) {
                    let base = self.valid(schema).map(|(v, _)| v).unwrap_or(Value::Null);
                    if let Some((bad, what)) = self.break_one(&flat, &base, nesting + 1, false) {
                        let mut with = object.clone();
                        with.insert(name.clone(), bad);
                        options.push((Value::Object(with), format!("map member `{name}`: {what}")));
                    }
                }
            }
            _ => {}
        }
        // `propertyNames`: a member renamed (or added) under a name it rejects.
        if let Some(names_schema) = s.get("propertyNames") {
            let flat = self.flatten(names_schema);
            if let Some(names_schema) = flat.as_object() {
                let mut bad = Vec::new();
                let good = object.keys().next().cloned().unwrap_or_default();
                self.break_string(names_schema, &good, &mut bad);
                if let Some((Value::String(name), what)) =
                    (!bad.is_empty()).then(|| bad.swap_remove(self.rng.usize(..bad.len())))
                {
                    let mut renamed = object.clone();
                    let value = renamed.remove(&good).unwrap_or(Value::Null);
                    renamed.insert(name.clone(), value);
                    options.push((
                        Value::Object(renamed),
                        format!("member name `{name}` breaking propertyNames ({what})"),
                    ));
                }
            }
        }
        // `dependentRequired`: a needed member removed, or a needing one added alone.
        if let Some(dependencies) = s.get("dependentRequired").and_then(Value::as_object) {
            for (trigger, needed) in dependencies {
                let needed = names(Some(needed));
                if object.contains_key(trigger) {
                    for name in needed.iter().filter(|n| object.contains_key(*n)) {
                        let mut without = object.clone();
                        without.remove(name);
                        options.push((
                            Value::Object(without),
                            format!("dependentRequired `{name}` of `{trigger}` removed"),
                        ));
                    }
                } else if needed.iter().any(|n| !object.contains_key(n)) {
                    let value = properties
                        .get(trigger)
                        .and_then(|schema| self.valid(schema).map(|(v, _)| v))
                        .unwrap_or(Value::Null);
                    let mut with = object.clone();
                    with.insert(trigger.clone(), value);
                    options.push((
                        Value::Object(with),
                        format!("dependentRequired `{trigger}` added alone"),
                    ));
                }
            }
        }
        if let Some(min) = s
            .get("minProperties")
            .and_then(Value::as_u64)
            .filter(|m| *m > 0)
        {
            let keep: Map<String, Value> = object
                .iter()
                .take(min as usize - 1)
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            options.push((Value::Object(keep), "fewer than minProperties".into()));
        }
        if let Some(max) = s.get("maxProperties").and_then(Value::as_u64) {
            let mut with = object.clone();
            let mut guard = 0;
            while with.len() <= max as usize && guard < 20 {
                guard += 1;
                let missing: Vec<String> = properties
                    .keys()
                    .filter(|n| !with.contains_key(*n))
                    .cloned()
                    .collect();
                if let Some(name) = missing.first() {
                    let value = self.valid(&properties[name]).map(|(v, _)| v);
                    with.insert(name.clone(), value.unwrap_or(Value::Null));
                } else if let Some(name) = self.member_name(s, &with, properties) {
                    let value = match s.get("additionalProperties") {
                        Some(schema @ Value::Object(_)) => {
                            self.valid(schema).map(|(v, _)| v).unwrap_or(Value::Null)
                        }
                        _ => self.any_value(1),
                    };
                    with.insert(name, value);
                } else {
                    break;
                }
            }
            options.push((Value::Object(with), "more than maxProperties".into()));
        }
    }
}

/// The JSON types a schema allows (`type` as a string or a list), empty when any.
pub fn types_of(s: &Map<String, Value>) -> Vec<&str> {
    match s.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

fn names(value: Option<&Value>) -> Vec<String> {
    value
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

/// 2020-12's numeric `exclusiveMinimum` / `exclusiveMaximum` in the Draft 4 form the
/// generator reads (a bound beside a boolean); with both kinds of bound the stricter stays.
fn draft_4_bounds(s: &mut Map<String, Value>) {
    for (exclusive, inclusive, stricter) in [
        ("exclusiveMinimum", "minimum", std::cmp::Ordering::Greater),
        ("exclusiveMaximum", "maximum", std::cmp::Ordering::Less),
    ] {
        let Some(bound) = s.get(exclusive).filter(|v| v.is_number()).cloned() else {
            continue;
        };
        s.remove(exclusive);
        let inclusive_wins = s
            .get(inclusive)
            .and_then(Value::as_f64)
            .zip(bound.as_f64())
            .is_some_and(|(other, bound)| other.partial_cmp(&bound) == Some(stricter));
        if !inclusive_wins {
            s.insert(inclusive.into(), bound);
            s.insert(exclusive.into(), Value::Bool(true));
        }
    }
}

/// Merges the flattened `part` of an `allOf` into `base` (for generation only: the result
/// is meant to satisfy both).
fn merge_schema(base: &mut Map<String, Value>, part: &Map<String, Value>) {
    for (key, value) in part {
        let Some(existing) = base.get(key).cloned() else {
            base.insert(key.clone(), value.clone());
            continue;
        };
        let merged = match key.as_str() {
            "type" => {
                let list = |v: &Value| -> Vec<String> {
                    match v {
                        Value::String(t) => vec![t.clone()],
                        Value::Array(ts) => ts
                            .iter()
                            .filter_map(Value::as_str)
                            .map(str::to_owned)
                            .collect(),
                        _ => Vec::new(),
                    }
                };
                let (a, b) = (list(&existing), list(value));
                let has = |set: &[String], t: &str| set.iter().any(|x| x == t);
                let both: Vec<String> = [
                    "null", "boolean", "string", "array", "object", "number", "integer",
                ]
                .iter()
                .filter(|t| {
                    (has(&a, t) && has(&b, t))
                        || (**t == "integer"
                            && ((has(&a, "integer") && has(&b, "number"))
                                || (has(&a, "number") && has(&b, "integer"))))
                })
                .map(|t| (*t).to_owned())
                .collect();
                json!(both)
            }
            "enum" => Value::Array(
                existing
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter(|v| value.as_array().is_some_and(|b| b.contains(v)))
                    .cloned()
                    .collect(),
            ),
            "properties" => {
                let mut properties = existing.as_object().cloned().unwrap_or_default();
                for (name, schema) in value.as_object().into_iter().flatten() {
                    let entry = match properties.get(name) {
                        Some(other) => json!({"allOf": [other, schema]}),
                        None => schema.clone(),
                    };
                    properties.insert(name.clone(), entry);
                }
                Value::Object(properties)
            }
            "required" => {
                let mut list = names(Some(&existing));
                for name in names(Some(value)) {
                    if !list.contains(&name) {
                        list.push(name);
                    }
                }
                json!(list)
            }
            "additionalProperties" | "items" => match (&existing, value) {
                (Value::Bool(false), _) | (_, Value::Bool(true)) => existing,
                (_, Value::Bool(false)) | (Value::Bool(true), _) => value.clone(),
                _ => json!({"allOf": [existing, value]}),
            },
            "minimum" => {
                let (a, b) = (
                    existing.as_f64().unwrap_or(f64::MIN),
                    value.as_f64().unwrap_or(f64::MIN),
                );
                if b > a {
                    let exclusive = part
                        .get("exclusiveMinimum")
                        .cloned()
                        .unwrap_or(json!(false));
                    base.insert("exclusiveMinimum".into(), exclusive);
                    value.clone()
                } else {
                    existing
                }
            }
            "maximum" => {
                let (a, b) = (
                    existing.as_f64().unwrap_or(f64::MAX),
                    value.as_f64().unwrap_or(f64::MAX),
                );
                if b < a {
                    let exclusive = part
                        .get("exclusiveMaximum")
                        .cloned()
                        .unwrap_or(json!(false));
                    base.insert("exclusiveMaximum".into(), exclusive);
                    value.clone()
                } else {
                    existing
                }
            }
            "exclusiveMinimum" | "exclusiveMaximum" => existing,
            "minLength" | "minItems" | "minProperties" => {
                json!(existing.as_u64().max(value.as_u64()))
            }
            "maxLength" | "maxItems" | "maxProperties" => {
                json!(existing.as_u64().min(value.as_u64()))
            }
            "uniqueItems" => json!(existing == json!(true) || value == &json!(true)),
            _ => existing,
        };
        base.insert(key.clone(), merged);
    }
}

fn integer_range(s: &Map<String, Value>) -> (i128, i128) {
    let exclusive = |key: &str| s.get(key) == Some(&Value::Bool(true));
    let bound = |key: &str| -> Option<i128> {
        let value = s.get(key)?;
        if let Some(i) = value.as_i64() {
            return Some(i as i128);
        }
        if let Some(u) = value.as_u64() {
            return Some(u as i128);
        }
        let f = value.as_f64()?;
        Some(if key == "minimum" {
            f.ceil()
        } else {
            f.floor()
        } as i128)
    };
    let low = bound("minimum").map(|l| {
        let integral = s
            .get("minimum")
            .and_then(Value::as_f64)
            .is_some_and(|f| f.fract() == 0.0);
        if exclusive("exclusiveMinimum") && integral {
            l + 1
        } else {
            l
        }
    });
    let high = bound("maximum").map(|h| {
        let integral = s
            .get("maximum")
            .and_then(Value::as_f64)
            .is_some_and(|f| f.fract() == 0.0);
        if exclusive("exclusiveMaximum") && integral {
            h - 1
        } else {
            h
        }
    });
    match (low, high) {
        (Some(l), Some(h)) => (l, h),
        (Some(l), None) => (l, l + 100_000),
        (None, Some(h)) => (h - 100_000, h),
        (None, None) => (-100_000, 100_000),
    }
}

fn div_ceil(a: i128, b: i128) -> i128 {
    -((-a).div_euclid(b))
}

fn integer_value(n: i128) -> Value {
    if let Ok(i) = i64::try_from(n) {
        json!(i)
    } else if let Ok(u) = u64::try_from(n) {
        json!(u)
    } else {
        json!(n as f64)
    }
}

/// `units / 10^scale`, written as a JSON number literal.
fn decimal_value(units: i128, scale: u32) -> Value {
    if scale == 0 {
        return integer_value(units);
    }
    let sign = if units < 0 { "-" } else { "" };
    let digits = format!(
        "{:0>width$}",
        units.unsigned_abs(),
        width = scale as usize + 1
    );
    let (whole, fraction) = digits.split_at(digits.len() - scale as usize);
    let literal = format!("{sign}{whole}.{fraction}");
    serde_json::from_str(&literal).expect("decimal literal")
}

/// A factor as `units / 10^scale` in the fewest digits (0.25 → (2, 25)).
fn decimal_units(factor: f64) -> (u32, i64) {
    let text = format!("{factor}");
    match text.split_once('.') {
        Some((whole, fraction)) => (
            fraction.len() as u32,
            format!("{whole}{fraction}").parse().expect("digits"),
        ),
        None => (0, text.parse().expect("digits")),
    }
}

fn float_or_integer(x: f64) -> Value {
    if x.fract() == 0.0 && x.abs() < 9e15 {
        json!(x as i64)
    } else {
        let literal = format!("{x}");
        serde_json::from_str(&literal).unwrap_or_else(|_| json!(x))
    }
}

fn random_date(rng: &mut Rng) -> String {
    let year = rng.i32(1900..=2100);
    let month = rng.u32(1..=12);
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    let day = if rng.u8(..8) == 0 {
        days
    } else {
        rng.u32(1..=days)
    };
    format!("{year:04}-{month:02}-{day:02}")
}

/// Strings that are not valid in `format`.
pub fn bad_format_samples(format: &str) -> &'static [&'static str] {
    match format {
        "uuid" => &[
            "6f1c2a52-3b0e-4e39-9d36-0f6a3c1b2d4",
            "6f1c2a523b0e4e399d360f6a3c1b2d4e",
            "{6f1c2a52-3b0e-4e39-9d36-0f6a3c1b2d4e}",
            "6f1c2a52-3b0e-4e39-9d36-0f6a3c1b2d4g",
            "urn:uuid:6f1c2a52-3b0e-4e39-9d36-0f6a3c1b2d4e",
            "6f1c2a52_3b0e_4e39_9d36_0f6a3c1b2d4e",
            "6f1c2a5-23b0e-4e39-9d36-0f6a3c1b2d4e",
            "",
            "not a uuid",
        ],
        "date-time" => &[
            "2023-08-03T07:54:42",
            "2023-08-03 07:54:42Z",
            "2023-02-30T07:54:42Z",
            "2023-08-03T24:00:00Z",
            "2023-08-03T07:60:00Z",
            "2023-08-03T07:54:42.Z",
            "2023-08-03T07:54:42.1234567890123x",
            "2023-08-03T07:54:42+2:00",
            "2023-08-03T07:54:42+0200",
            "2023-8-3T07:54:42Z",
            "2023-08-03T7:54:42Z",
            "2023-08-03",
            "07:54:42Z",
            "2023-08-03T07:54Z",
            "2021-12-31T23:58:60Z",
            "2021-12-31T23:59:60+01:00",
            "",
            "yesterday",
        ],
        "date" => &[
            "2023-02-29",
            "2023-13-01",
            "2023-00-10",
            "2023-1-01",
            "20230801",
            "2023-08-01T00:00:00Z",
            "2023/08/01",
            "2023-08-0a",
            "",
            "today",
        ],
        "email" => &[
            "no-at-sign",
            "two@@example.com",
            "@example.com",
            "user@",
            "user name@example.com",
            "user@.example.com",
            "user@example.com.",
            "",
            "a..b@example.com",
            ".a@example.com",
            "a.@example.com",
            "a@-example.com",
            "a@example-.com",
            "a@exa_mple.com",
            "a@example..com",
            "ünïcode@example.com",
            "a(comment)@example.com",
            "a\"b@example.com",
            "user@[300.0.0.1]",
        ],
        other => panic!("no bad samples for format {other}"),
    }
}

/// Good and bad samples of `pattern`, from [`PATTERN_SAMPLES`].
pub fn pattern_samples(pattern: &str) -> (&'static [&'static str], &'static [&'static str]) {
    PATTERN_SAMPLES
        .iter()
        .find(|(p, _, _)| *p == pattern)
        .map(|(_, good, bad)| (*good, *bad))
        .unwrap_or_else(|| {
            panic!("add good and bad samples of the pattern `{pattern}` to PATTERN_SAMPLES")
        })
}

pub fn pointer(path: &[Step]) -> String {
    path.iter()
        .map(|step| match step {
            Step::Member(name) => format!("/{}", name.replace('~', "~0").replace('/', "~1")),
            Step::Index(index) => format!("/{index}"),
        })
        .collect()
}

fn get<'v>(value: &'v Value, path: &[Step]) -> Option<&'v Value> {
    path.iter().try_fold(value, |value, step| match step {
        Step::Member(name) => value.as_object()?.get(name),
        Step::Index(index) => value.as_array()?.get(*index),
    })
}

fn get_mut<'v>(value: &'v mut Value, path: &[Step]) -> Option<&'v mut Value> {
    path.iter().try_fold(value, |value, step| match step {
        Step::Member(name) => value.as_object_mut()?.get_mut(name),
        Step::Index(index) => value.as_array_mut()?.get_mut(*index),
    })
}
