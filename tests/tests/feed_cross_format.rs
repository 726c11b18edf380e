//! The feed's two forms agree: every value one decoder accepts is accepted by the other after
//! a trip through the other form, and comes back equal. Checked over every fixture and over
//! variants of them (one member or element removed, set to `null`, a list emptied), and the
//! rules that make it hold, one by one: exact numbers, the XSD's all-or-nothing groups,
//! well-formed XML only, the same treatment of byte order marks and `-0`.

use std::path::{Path, PathBuf};

use lsports::{odds_service_feed as odds, trade360_feed as t360};
use serde_json::{json, Value};
use specgen_runtime::xml::{XmlEncodeError, XmlOptions};
use specgen_tests::xmllint;

fn fixture_dir(dir: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/feed")
        .join(dir)
}

fn files(dir: &str, extension: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(fixture_dir(dir))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == extension))
        .collect();
    files.sort();
    files
}

/// What the property needs of a message type.
trait Form: Sized + PartialEq + std::fmt::Debug {
    const XSD: &'static str;
    /// A typed (dispatched) message rather than the root type.
    const TYPED: bool;
    fn from_xml(bytes: &[u8]) -> Result<Self, String>;
    fn to_xml(&self) -> Result<Vec<u8>, XmlEncodeError>;
    fn from_json(bytes: &[u8]) -> Result<Self, String>;
    fn to_json(&self) -> Vec<u8>;
    fn schema() -> Value;
}

macro_rules! form {
    ($ty:ty, $xsd:literal, $root:ty, $typed:literal) => {
        impl Form for $ty {
            const XSD: &'static str = $xsd;
            const TYPED: bool = $typed;
            fn from_xml(bytes: &[u8]) -> Result<Self, String> {
                FromXmlStrict::from_xml_strict(bytes).map_err(|e| e.to_string())
            }
            fn to_xml(&self) -> Result<Vec<u8>, XmlEncodeError> {
                <$ty>::to_xml(self).map_err(Into::into)
            }
            fn from_json(bytes: &[u8]) -> Result<Self, String> {
                <$ty>::from_json(bytes).map_err(|e| e.to_string())
            }
            fn to_json(&self) -> Vec<u8> {
                ToJson::to_json_bytes(self)
            }
            fn schema() -> Value {
                serde_json::to_value(schemars::schema_for!($root)).unwrap()
            }
        }
    };
}

form!(t360::FeedMessage, "trade360.xsd", t360::Message, true);
form!(odds::FeedMessage, "odds-service.xsd", odds::Message, true);
form!(t360::Message, "trade360.xsd", t360::Message, false);
form!(odds::Message, "odds-service.xsd", odds::Message, false);

/// Strict XML decoding of either kind.
trait FromXmlStrict: Sized {
    fn from_xml_strict(bytes: &[u8]) -> Result<Self, specgen_runtime::XmlError>;
}

impl FromXmlStrict for t360::FeedMessage {
    fn from_xml_strict(bytes: &[u8]) -> Result<Self, specgen_runtime::XmlError> {
        Self::from_xml_with(bytes, XmlOptions::strict())
    }
}

impl FromXmlStrict for odds::FeedMessage {
    fn from_xml_strict(bytes: &[u8]) -> Result<Self, specgen_runtime::XmlError> {
        Self::from_xml_with(bytes, XmlOptions::strict())
    }
}

impl FromXmlStrict for t360::Message {
    fn from_xml_strict(bytes: &[u8]) -> Result<Self, specgen_runtime::XmlError> {
        specgen_runtime::xml::from_xml_with(bytes, XmlOptions::strict())
    }
}

impl FromXmlStrict for odds::Message {
    fn from_xml_strict(bytes: &[u8]) -> Result<Self, specgen_runtime::XmlError> {
        specgen_runtime::xml::from_xml_with(bytes, XmlOptions::strict())
    }
}

/// `to_json` of either kind (typed messages fail only for unknown codes, skipped here).
trait ToJson {
    fn to_json_bytes(&self) -> Vec<u8>;
}

macro_rules! to_json {
    ($($ty:ty => $body:expr),*) => {$(
        impl ToJson for $ty {
            fn to_json_bytes(&self) -> Vec<u8> {
                let f: fn(&$ty) -> Vec<u8> = $body;
                f(self)
            }
        }
    )*};
}

to_json!(
    t360::FeedMessage => |m| m.to_json().expect("documented codes have a JSON form"),
    odds::FeedMessage => |m| m.to_json().expect("documented codes have a JSON form"),
    t360::Message => |m| m.to_json(),
    odds::Message => |m| m.to_json()
);

/// The schema `schema` names (through `$ref`).
fn resolve<'a>(schema: &'a Value, root: &'a Value) -> &'a Value {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(reference) => {
            let name = reference.trim_start_matches("#/$defs/");
            resolve(&root["$defs"][name], root)
        }
        None => schema,
    }
}

/// `value` without the members its type does not declare (which XML has no form for: the
/// XML decoder skips unknown elements, and JSON keeps undeclared members as received).
fn declared(value: &mut Value, schema: &Value, root: &Value) {
    let schema = resolve(schema, root);
    for key in ["anyOf", "oneOf", "allOf"] {
        if let Some(branches) = schema.get(key).and_then(Value::as_array) {
            for branch in branches {
                declared(value, branch, root);
            }
        }
    }
    match value {
        Value::Object(members) => {
            if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
                members.retain(|key, _| properties.contains_key(key));
                for (key, member) in members.iter_mut() {
                    declared(member, &properties[key], root);
                }
            }
        }
        Value::Array(items) => {
            if let Some(item) = schema.get("items") {
                for value in items.iter_mut() {
                    declared(value, item, root);
                }
            } else if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
                // A bare list body (`"Body": [...]`) is one of the body's list members: the
                // one whose items declare most of what the first item holds.
                let keys: Vec<&String> = match items.first() {
                    Some(Value::Object(first)) => first.keys().collect(),
                    _ => Vec::new(),
                };
                let fit = |list: &Value| {
                    let item = resolve(&resolve(list, root)["items"], root);
                    keys.iter()
                        .filter(|key| item["properties"].get(key.as_str()).is_some())
                        .count()
                };
                if let Some(list) = properties
                    .values()
                    .filter(|p| resolve(p, root).get("items").is_some())
                    .max_by_key(|list| fit(list))
                {
                    declared(value, list, root);
                }
            }
        }
        _ => {}
    }
}

fn json_value(bytes: &[u8]) -> Value {
    serde_json::from_slice(bytes).unwrap()
}

/// JSON → XML → back: what the JSON decoder accepts is written as XML the XSD accepts, which
/// the XML decoder (strictly) reads back to the same declared members. `Err` when the JSON
/// decoder rejects it.
fn json_survives_xml<M: Form>(json: &[u8], label: &str, xmllint: bool) -> Result<(), String> {
    let message = M::from_json(json)?;
    let xml = message.to_xml().unwrap_or_else(|error| {
        panic!(
            "{label}: the JSON decoder accepts what cannot be written as XML: {error}\n{}",
            String::from_utf8_lossy(json)
        )
    });
    let back = M::from_xml(&xml).unwrap_or_else(|error| {
        panic!(
            "{label}: the XML decoder rejects what the JSON decoder accepted: {error}\nJSON: {}\nXML: {}",
            String::from_utf8_lossy(json),
            String::from_utf8_lossy(&xml)
        )
    });
    let schema = M::schema();
    let mut expected = json_value(&message.to_json());
    declared(&mut expected, &schema, &schema);
    assert_eq!(
        json_value(&back.to_json()),
        expected,
        "{label}: JSON → XML → back changed the value\nJSON: {}\nXML: {}",
        String::from_utf8_lossy(json),
        String::from_utf8_lossy(&xml)
    );
    if xmllint {
        xmllint::assert_valid(M::XSD, &xml, &format!("cross-{}", label.replace('/', "-")));
    }
    Ok(())
}

/// XML → JSON → back: what the XML decoder accepts is read back from its JSON form, equal.
/// `Err` when the XML decoder rejects it.
fn xml_survives_json<M: Form>(xml: &[u8], label: &str) -> Result<(), String> {
    let message = M::from_xml(xml)?;
    let json = message.to_json();
    let back = M::from_json(&json).unwrap_or_else(|error| {
        panic!(
            "{label}: the JSON decoder rejects what the XML decoder accepted: {error}\nXML: {}\nJSON: {}",
            String::from_utf8_lossy(xml),
            String::from_utf8_lossy(&json)
        )
    });
    assert_eq!(
        back, message,
        "{label}: XML → JSON → back changed the value"
    );
    assert_eq!(back.to_xml().unwrap(), message.to_xml().unwrap(), "{label}");
    Ok(())
}

/// Variants of a JSON document: each member removed, each member `null`, each list empty.
fn json_variants(document: &Value) -> Vec<(String, Value)> {
    fn walk(value: &Value, pointer: String, out: &mut Vec<(String, Mutation)>) {
        match value {
            Value::Object(members) => {
                for (key, member) in members {
                    let at = format!("{pointer}/{}", key.replace('~', "~0").replace('/', "~1"));
                    out.push((pointer.clone(), Mutation::Remove(key.clone())));
                    if !member.is_null() {
                        out.push((at.clone(), Mutation::Set(Value::Null)));
                    }
                    walk(member, at, out);
                }
            }
            Value::Array(items) => {
                if !items.is_empty() {
                    out.push((pointer.clone(), Mutation::Set(json!([]))));
                }
                for (index, item) in items.iter().enumerate() {
                    walk(item, format!("{pointer}/{index}"), out);
                }
            }
            _ => {}
        }
    }
    enum Mutation {
        Remove(String),
        Set(Value),
    }
    let mut mutations = Vec::new();
    walk(document, String::new(), &mut mutations);
    mutations
        .into_iter()
        .map(|(pointer, mutation)| {
            let mut variant = document.clone();
            let target = variant.pointer_mut(&pointer).unwrap();
            let label = match mutation {
                Mutation::Remove(key) => {
                    target.as_object_mut().unwrap().remove(&key);
                    format!("without {pointer}/{key}")
                }
                Mutation::Set(value) => {
                    let label = format!("{pointer} = {value}");
                    *target = value;
                    label
                }
            };
            (label, variant)
        })
        .collect()
}

/// Variants of a pretty-printed XML document: each line holding one whole element removed.
fn xml_variants(document: &str) -> Vec<(String, String)> {
    let lines: Vec<&str> = document.lines().collect();
    (0..lines.len())
        .filter(|&index| {
            let line = lines[index].trim();
            line.starts_with('<')
                && !line.starts_with("</")
                && !line.starts_with("<?")
                && !line.starts_with("<!")
                && (line.ends_with("/>") || line.matches('<').count() == 2)
                && !line.starts_with("<Header")
        })
        .map(|index| {
            let mut kept = lines.clone();
            let removed = kept.remove(index).trim().to_owned();
            (
                format!("without line {} ({removed})", index + 1),
                kept.join("\n"),
            )
        })
        .collect()
}

fn property<M: Form>(generation: &str, json_fixtures: bool) -> (usize, usize) {
    let (mut accepted, mut rejected) = (0, 0);
    let mut count = |result: Result<(), String>| match result {
        Ok(()) => accepted += 1,
        Err(_) => rejected += 1,
    };
    let mut documents = Vec::new();
    for file in files(&format!("domain/{generation}"), "xml") {
        let label = format!(
            "{generation}/{}",
            file.file_name().unwrap().to_string_lossy()
        );
        // A typed message of an unknown code keeps its body as received, in its own form.
        if M::TYPED && label.contains("type-99") {
            continue;
        }
        let xml = std::fs::read_to_string(&file).unwrap();
        xml_survives_json::<M>(xml.as_bytes(), &label).unwrap_or_else(|e| panic!("{label}: {e}"));
        for (variant, document) in xml_variants(&xml) {
            count(xml_survives_json::<M>(
                document.as_bytes(),
                &format!("{label} {variant}"),
            ));
        }
        let message = M::from_xml(xml.as_bytes()).unwrap();
        documents.push((label, message.to_json()));
    }
    for file in files(&format!("json/{generation}"), "json")
        .into_iter()
        .filter(|_| json_fixtures)
    {
        let label = format!(
            "{generation}/{}",
            file.file_name().unwrap().to_string_lossy()
        );
        documents.push((label, std::fs::read(&file).unwrap()));
    }
    for (label, json) in documents {
        json_survives_xml::<M>(&json, &label, true).unwrap_or_else(|e| panic!("{label}: {e}"));
        for (variant, document) in json_variants(&json_value(&json)) {
            let bytes = serde_json::to_vec(&document).unwrap();
            count(json_survives_xml::<M>(
                &bytes,
                &format!("{label} {variant}"),
                false,
            ));
        }
    }
    (accepted, rejected)
}

#[test]
fn trade360_values_survive_a_trip_through_the_other_form() {
    let (accepted, rejected) = property::<t360::FeedMessage>("trade360", true);
    // Both kinds occur: variants that stay valid, and variants both decoders reject.
    assert!(
        accepted > 200 && rejected > 100,
        "{accepted} accepted, {rejected} rejected"
    );
    let (accepted, rejected) = property::<t360::Message>("trade360", false);
    assert!(
        accepted > 200 && rejected > 100,
        "{accepted} accepted, {rejected} rejected"
    );
}

#[test]
fn odds_service_values_survive_a_trip_through_the_other_form() {
    let (accepted, rejected) = property::<odds::FeedMessage>("odds-service", true);
    assert!(
        accepted > 200 && rejected > 100,
        "{accepted} accepted, {rejected} rejected"
    );
    let (accepted, rejected) = property::<odds::Message>("odds-service", false);
    assert!(
        accepted > 200 && rejected > 100,
        "{accepted} accepted, {rejected} rejected"
    );
}

const HEADER: &str = r#""Header":{"Type":3,"MsgGuid":"c7a1e9d3-2b4f-4c6e-8a0d-9f1b3e5c7a9d","ServerTimestamp":1691049300118}"#;

fn t360_json(events: &str) -> Vec<u8> {
    format!(r#"{{{HEADER},"Body":{{"Events":[{events}]}}}}"#).into_bytes()
}

fn bet_json(price: &str) -> Vec<u8> {
    t360_json(&format!(
        r#"{{"FixtureId":1,"Markets":[{{"Id":1,"Name":"1X2","Bets":[{{"Id":1,"Name":"1","Status":1,"Price":{price},"LastUpdate":"2023-08-03T07:54:42Z"}}]}}]}}"#
    ))
}

fn t360_xml(events: &str) -> Vec<u8> {
    format!("<Message><Header><Type>3</Type><MsgGuid>c7a1e9d3-2b4f-4c6e-8a0d-9f1b3e5c7a9d</MsgGuid><ServerTimestamp>1691049300118</ServerTimestamp></Header><Body><Events>{events}</Events></Body></Message>").into_bytes()
}

fn bet_xml(price: &str) -> Vec<u8> {
    t360_xml(&format!("<FixtureId>1</FixtureId><Markets><Id>1</Id><Name>1X2</Name><Bets><Id>1</Id><Name>1</Name><Status>1</Status><Price>{price}</Price><LastUpdate>2023-08-03T07:54:42Z</LastUpdate></Bets></Markets>"))
}

fn price(message: &t360::Message) -> String {
    let events = message.body.as_ref().unwrap().events.as_ref().unwrap();
    let markets = events[0].markets.as_ref().unwrap();
    markets[0].bets.as_ref().unwrap()[0]
        .price
        .unwrap()
        .to_string()
}

#[test]
fn prices_are_exact_in_both_forms() {
    for (literal, expected) in [
        ("18446744073709551616", "18446744073709551616"),
        ("1.234567890123456789", "1.234567890123456789"),
        ("9999999999999999999", "9999999999999999999"),
        ("1.0", "1.0"),
        ("1.95", "1.95"),
    ] {
        let from_json = t360::Message::from_json(&bet_json(literal)).unwrap();
        let quoted = t360::Message::from_json(&bet_json(&format!("\"{literal}\""))).unwrap();
        let from_xml = t360::Message::from_xml(&bet_xml(literal)).unwrap();
        assert_eq!(price(&from_json), expected, "{literal}");
        assert_eq!(from_json, quoted, "{literal}");
        assert_eq!(from_json, from_xml, "{literal}");
        // And through the other form.
        assert_eq!(
            t360::Message::from_xml(&from_json.to_xml().unwrap()).unwrap(),
            from_json
        );
        assert_eq!(
            t360::Message::from_json(&from_xml.to_json()).unwrap(),
            from_xml
        );
    }
    // Rounding is never silent; exponent notation is rejected by both (`xs:decimal` has none).
    for (literal, expected) in [
        ("1e-40", "without an exponent"),
        ("1E2", "without an exponent"),
        (
            "1.2345678901234567890123456789012",
            "cannot be held exactly",
        ),
        ("79228162514264337593543950336", "cannot be held exactly"),
    ] {
        let error = t360::Message::from_json(&bet_json(literal)).unwrap_err();
        assert_eq!(
            error.pointer(),
            "/Body/Events/0/Markets/0/Bets/0/Price",
            "{literal}"
        );
        assert!(error.message().contains(expected), "{literal}: {error}");
        let xml = bet_xml(literal);
        let error = t360::Message::from_xml(&xml).unwrap_err();
        assert_eq!(
            error.path(),
            "/Message/Body/Events/Markets/Bets/Price",
            "{literal}"
        );
        let at = String::from_utf8_lossy(&xml).find(literal).unwrap();
        assert_eq!(error.offset(), at, "{literal}");
        assert!(error.message().contains(expected), "{literal}: {error}");
    }
}

#[test]
fn a_json_object_with_some_of_an_all_or_nothing_group_is_rejected() {
    // Decoded before, and its XML form was then rejected by the XML decoder (no `Id`).
    let json = t360_json(r#"{"FixtureId":1,"Markets":[{"Name":"1X2"}]}"#);
    let error = t360::Message::from_json(&json).unwrap_err();
    assert_eq!(error.pointer(), "/Body/Events/0/Markets/0");
    assert!(error.message().contains("missing member `Id`"), "{error}");
    let xml = t360_xml("<FixtureId>1</FixtureId><Markets><Name>1X2</Name></Markets>");
    let error = t360::Message::from_xml(&xml).unwrap_err();
    assert_eq!(error.message(), "missing required element `Id`");
    // The typed message says the same, at the same place.
    let error = t360::FeedMessage::from_json(&json).unwrap_err();
    assert_eq!(error.pointer(), "/Body/Events/0/Markets/0", "{error}");
    // Nothing at all, or all of it, is fine in both.
    for events in [
        r#"{"FixtureId":1,"Markets":[{}]}"#,
        r#"{"FixtureId":1,"Markets":[{"Id":1,"Name":"1X2"}]}"#,
        r#"{"FixtureId":1,"Markets":[]}"#,
    ] {
        json_survives_xml::<t360::FeedMessage>(&t360_json(events), events, true).unwrap();
    }
}

#[test]
fn strings_xml_cannot_carry_are_errors_not_malformed_output() {
    // Decoded from XML: rejected with the element path and offset, raw or referenced.
    for piece in ["\u{1}", "&#1;", "&#xFFFE;", "\u{FFFF}"] {
        let xml = bet_xml("1.95");
        let text = String::from_utf8(xml)
            .unwrap()
            .replace("<Name>1X2</Name>", &format!("<Name>1X{piece}2</Name>"));
        let error = t360::Message::from_xml(text.as_bytes()).unwrap_err();
        assert_eq!(error.path(), "/Message/Body/Events/Markets/Name", "{piece}");
        assert_eq!(error.offset(), text.find(piece).unwrap(), "{piece}");
        let error = t360::FeedMessage::from_xml(text.as_bytes()).unwrap_err();
        assert_eq!(error.path(), "/Message/Body/Events/Markets/Name", "{piece}");
    }
    // Decoded from JSON (which can hold any character): writing it as XML is an error that
    // names the element, never a document the XML decoder would reject.
    let json = String::from_utf8(bet_json("1.95"))
        .unwrap()
        .replace(r#""Name":"1X2""#, r#""Name":"1X\u00012""#);
    let message = t360::Message::from_json(json.as_bytes()).unwrap();
    let error = message.to_xml().unwrap_err();
    assert_eq!(error.path(), "/Message/Body/Events/Markets/Name");
    assert!(error.to_string().contains("U+0001"), "{error}");
    let typed = t360::FeedMessage::from_json(json.as_bytes()).unwrap();
    let error = typed.to_xml().unwrap_err();
    assert_eq!(error.path(), "/Message/Body/Events/Markets/Name");
    // Its JSON form is unaffected.
    assert_eq!(
        t360::Message::from_json(&message.to_json()).unwrap(),
        message
    );
}

#[test]
fn byte_order_marks_and_negative_zero_are_treated_alike() {
    // A leading byte order mark: accepted by both.
    let mut xml = b"\xEF\xBB\xBF".to_vec();
    xml.extend_from_slice(&bet_xml("1.95"));
    let mut json = b"\xEF\xBB\xBF".to_vec();
    json.extend_from_slice(&bet_json("1.95"));
    assert_eq!(
        t360::Message::from_xml(&xml).unwrap(),
        t360::Message::from_json(&json).unwrap()
    );
    assert_eq!(
        t360::FeedMessage::from_xml(&xml).unwrap(),
        t360::FeedMessage::from_json(&json).unwrap()
    );
    // `-0` as an id: rejected by both (serde_json reads it as a float).
    let json = String::from_utf8(bet_json("1.95")).unwrap();
    for minus_zero in ["-0", "\"-0\""] {
        let error = t360::Message::from_json(
            json.replace(r#""FixtureId":1"#, &format!(r#""FixtureId":{minus_zero}"#))
                .as_bytes(),
        )
        .unwrap_err();
        assert_eq!(error.pointer(), "/Body/Events/0/FixtureId");
        assert!(error.message().contains("negative zero"), "{error}");
    }
    let xml = String::from_utf8(bet_xml("1.95"))
        .unwrap()
        .replace("<FixtureId>1<", "<FixtureId>-0<");
    let error = t360::Message::from_xml(xml.as_bytes()).unwrap_err();
    assert_eq!(error.path(), "/Message/Body/Events/FixtureId");
    assert!(error.message().contains("negative zero"), "{error}");
}

#[test]
fn errors_print_no_control_characters() {
    let shown = |text: String| {
        assert!(!text.chars().any(char::is_control), "{text:?}");
        text
    };
    // UTF-16 without a byte order mark: a NUL after the first `<`.
    let utf16: Vec<u8> = String::from_utf8(bet_xml("1.95"))
        .unwrap()
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    let error = t360::Message::from_xml(&utf16).unwrap_err();
    assert!(shown(error.to_string()).contains("UTF-16"), "{error}");
    assert!(shown(t360::FeedMessage::from_xml(&utf16).unwrap_err().to_string()).contains("UTF-16"));
    shown(t360::Message::from_json(&utf16).unwrap_err().to_string());
    // A NUL (and an escape sequence) in a JSON name or value quoted by a message.
    let json = String::from_utf8(bet_json("1.95")).unwrap();
    for (from, to) in [
        (r#""FixtureId":1"#, r#""FixtureId":"1\u0000\u001b[2J""#),
        (r#""Price":1.95"#, r#""Price":"1.9\u00005""#),
        (
            r#""Status":1"#,
            r#""Status":1,"\u0000":1,"LastUpdate":"x\u0000""#,
        ),
    ] {
        let error = t360::Message::from_json(json.replace(from, to).as_bytes()).unwrap_err();
        shown(error.to_string());
        let error = t360::FeedMessage::from_json(json.replace(from, to).as_bytes()).unwrap_err();
        shown(error.to_string());
    }
}

#[test]
fn json_errors_in_a_typed_message_body_have_a_line_and_column() {
    // A recursion limit (SubPeriods nest) and an ordinary error, both in the body.
    let deep = format!(
        "{{{HEADER},\n\"Body\":{{\"Events\":[{{\"FixtureId\":1,\"Livescore\":{{\"Periods\":[{}{}]}}}}]}}}}",
        r#"{"Type":1,"IsFinished":true,"IsConfirmed":true,"SubPeriods":["#.repeat(80),
        "]}".repeat(80)
    );
    for (message, limit) in [
        (deep.clone(), true),
        (deep.replacen("\"Type\":1", "\"Type\":\"x\"", 1), false),
    ] {
        let error = t360::FeedMessage::from_json(message.as_bytes()).unwrap_err();
        assert_eq!(
            error.message().contains("recursion limit"),
            limit,
            "{error}"
        );
        assert_eq!(error.line(), Some(2), "{error}");
        assert!(error.column().is_some(), "{error}");
        assert!(
            error
                .pointer()
                .starts_with("/Body/Events/0/Livescore/Periods/0"),
            "{error}"
        );
        let plain = t360::Message::from_json(message.as_bytes()).unwrap_err();
        assert_eq!(plain.line(), Some(2), "{plain}");
        if !limit {
            // The same place. (The body is decoded on its own, so serde_json's limit of 128
            // levels is reached one level further in the typed message.)
            assert_eq!(plain.column(), error.column(), "{plain}");
            assert_eq!(plain.pointer(), error.pointer());
        }
    }
}

#[test]
fn the_xml_forms_of_the_json_fixtures_are_valid() {
    // The quoted-number form of real messages, and the legacy API's bare `Body` array.
    for (dir, xsd) in [
        ("json/trade360", "trade360.xsd"),
        ("json/odds-service", "odds-service.xsd"),
    ] {
        for file in files(dir, "json") {
            let bytes = std::fs::read(&file).unwrap();
            let xml = if xsd == "trade360.xsd" {
                t360::FeedMessage::from_json(&bytes)
                    .unwrap()
                    .to_xml()
                    .unwrap()
            } else {
                odds::FeedMessage::from_json(&bytes)
                    .unwrap()
                    .to_xml()
                    .unwrap()
            };
            xmllint::assert_valid(
                xsd,
                &xml,
                &format!("json-{}", file.file_name().unwrap().to_string_lossy()),
            );
        }
    }
}
