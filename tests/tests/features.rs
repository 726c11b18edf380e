//! Behaviour of the code generated from the feature specs (`tests/specs/*.yaml`), through
//! the snapshots compiled into this crate: what decodes into what, and what re-encodes how.

use serde_json::{json, Value};
use specgen_runtime::serde;
use specgen_tests::snapshots::{
    composition, formats, maps, naming, openapi_31, operations, real_world, recursion, unions,
};

/// Decodes `value` as `T` with the runtime's decoder (errors name a JSON Pointer).
fn decode<T: serde::de::DeserializeOwned>(value: Value) -> Result<T, specgen_runtime::DecodeError> {
    specgen_runtime::from_json_value(value)
}

/// Decodes `value` as `T` and checks that re-encoding gives the same JSON back.
fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(value: Value) -> T {
    let decoded: T =
        decode(value.clone()).unwrap_or_else(|e| panic!("{value} does not decode: {e}"));
    let encoded = serde_json::to_value(&decoded).expect("encodes");
    assert_eq!(encoded, value, "re-encoding changed the value");
    decoded
}

// ---------------------------------------------------------------------------------------
// Unions

#[test]
fn discriminated_union_uses_the_explicit_mapping() {
    let cat: unions::Pet = round_trip(json!({"petType": "cat", "lives": 9}));
    assert!(
        matches!(&cat, unions::Pet::Cat(c) if c.lives == 9),
        "{cat:?}"
    );
    // `dog: Dog` maps by bare schema name.
    let dog: unions::Pet = round_trip(json!({"petType": "dog", "goodBoy": true}));
    assert!(matches!(&dog, unions::Pet::Dog(d) if d.good_boy), "{dog:?}");
    // The tag decides, even when the members would fit the other shape better.
    let error = decode::<unions::Pet>(json!({"petType": "cat", "goodBoy": true})).unwrap_err();
    assert!(error.to_string().contains("lives"), "{error}");
}

#[test]
fn discriminated_union_rejects_unknown_and_missing_tags_clearly() {
    let error = decode::<unions::Pet>(json!({"petType": "fish", "fins": 2})).unwrap_err();
    let text = error.to_string();
    assert!(
        text.contains("`fish` is not a documented value of discriminator `petType`"),
        "{text}"
    );
    let error = decode::<unions::Pet>(json!({"lives": 9})).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("missing discriminator member `petType`"),
        "{error}"
    );
    // Inside a document, the error still leads to the union's place.
    let error = decode::<unions::Household>(json!({
        "pets": [{"petType": "cat", "lives": 1}, {"petType": "fish"}],
        "main": {"email": "a@example.com"}
    }))
    .unwrap_err();
    assert_eq!(error.pointer(), "/pets/1/petType", "{error}");
    assert_eq!(
        error.to_string(),
        "at /pets/1/petType: `fish` is not a documented value of discriminator `petType`"
    );
}

#[test]
fn discriminated_union_without_mapping_uses_schema_names() {
    let square: unions::Shape = round_trip(json!({"kind": "Square", "side": 2.5}));
    assert!(
        matches!(&square, unions::Shape::Square(s) if s.side == 2.5),
        "{square:?}"
    );
    let circle: unions::Shape = round_trip(json!({"kind": "Circle", "radius": 1.0}));
    assert!(
        matches!(&circle, unions::Shape::Circle(c) if c.radius == 1.0),
        "{circle:?}"
    );
    // Tags are case-sensitive schema names.
    assert!(decode::<unions::Shape>(json!({"kind": "square", "side": 1})).is_err());
}

#[test]
fn undiscriminated_one_of_picks_the_variant_declaring_the_members() {
    // Both alternatives have only optional members, so both decode anything; the one that
    // declares the members wins.
    let phone: unions::Contact = round_trip(json!({"phone": "+15550100", "sms": true}));
    assert!(
        matches!(&phone, unions::Contact::PhoneContact(p) if p.phone.as_deref() == Some("+15550100") && p.sms == Some(true)),
        "{phone:?}"
    );
    let email: unions::Contact = round_trip(json!({"email": "a@example.com"}));
    assert!(
        matches!(&email, unions::Contact::EmailContact(e) if e.email.as_deref() == Some("a@example.com")),
        "{email:?}"
    );
    // A tie goes to the first alternative, and nothing is lost.
    let neither: unions::Contact = round_trip(json!({"fax": "123"}));
    assert!(
        matches!(&neither, unions::Contact::EmailContact(e) if e.additional_properties["fax"] == "123"),
        "{neither:?}"
    );
    // A value that fits no alternative names each reason.
    let error = decode::<unions::Contact>(json!({"phone": 5, "email": 6})).unwrap_err();
    assert!(error.to_string().contains("alternative 1"), "{error}");
    assert!(error.to_string().contains("alternative 2"), "{error}");
}

#[test]
fn any_of_scalars_decodes_by_json_type() {
    let text: unions::Identifier = round_trip(json!("abc-1"));
    assert_eq!(text, unions::Identifier::String_("abc-1".into()));
    let number: unions::Identifier = round_trip(json!(42));
    assert_eq!(number, unions::Identifier::Int64(42));
    assert!(decode::<unions::Identifier>(json!(true)).is_err());
    assert!(decode::<unions::Identifier>(json!(1.5)).is_err());
}

#[test]
fn nullable_union_member_distinguishes_absent_null_and_value() {
    let base = json!({"pets": [], "main": {"email": "a@example.com"}});
    let absent: unions::Household = round_trip(base.clone());
    assert_eq!(absent.backup, None);

    let mut with_null = base.clone();
    with_null["backup"] = Value::Null;
    let null: unions::Household = round_trip(with_null);
    assert_eq!(null.backup, Some(None));

    let mut with_value = base;
    with_value["backup"] = json!({"phone": "+15550100"});
    with_value["id"] = json!(7);
    let value: unions::Household = round_trip(with_value);
    assert!(
        matches!(&value.backup, Some(Some(unions::HouseholdBackup::PhoneContact(p))) if p.phone.is_some()),
        "{:?}",
        value.backup
    );
    assert_eq!(value.id, Some(unions::Identifier::Int64(7)));
}

// ---------------------------------------------------------------------------------------
// Maps

#[test]
fn maps_keep_every_entry() {
    let inventory: maps::Inventory = round_trip(json!({
        "sku-1": {"count": 1},
        "sku-2": {"count": 2, "colour": "red"},
        "sku-3": {"count": 0}
    }));
    assert_eq!(inventory.len(), 3);
    assert_eq!(inventory["sku-2"].count, 2);
    assert_eq!(inventory["sku-2"].additional_properties["colour"], "red");

    let anything: maps::Anything = round_trip(json!({"a": 1, "b": [true, null]}));
    assert_eq!(anything.len(), 2);
    let free: maps::FreeForm = round_trip(json!({"nested": {"x": 1}}));
    assert_eq!(free["nested"]["x"], 1);

    // `additionalProperties: false` still keeps what arrives, for validation to report.
    let nothing: maps::Nothing = round_trip(json!({"unexpected": 1}));
    assert_eq!(nothing.additional_properties.len(), 1);
}

#[test]
fn declared_members_and_typed_extra_members_live_side_by_side() {
    let scores: maps::Scores = round_trip(json!({"name": "chess", "alice": 3, "bob": 5}));
    assert_eq!(scores.name, "chess");
    assert_eq!(scores.additional_properties.len(), 2);
    assert_eq!(scores.additional_properties["bob"], 5);
    // Extra members must have the declared type.
    assert!(decode::<maps::Scores>(json!({"name": "chess", "carol": "three"})).is_err());

    let store: maps::Store = round_trip(json!({
        "inventory": {"a": {"count": 4}},
        "prices": {"a": 2.5, "b": 10.0},
        "labels": {"en": {"a": "Apple"}, "fr": {"a": "Pomme", "b": "Poire"}},
        "metadata": {"owner": "me"},
        "strict": {}
    }));
    assert_eq!(store.inventory["a"].count, 4);
    assert_eq!(store.prices.as_ref().map(|p| p.len()), Some(2));
    let labels = store.labels.expect("labels");
    assert_eq!(labels["fr"]["b"], "Poire");
    assert_eq!(labels["en"].len(), 1);
}

// ---------------------------------------------------------------------------------------
// Recursion

#[test]
fn recursive_types_decode_three_levels() {
    let tree: recursion::TreeNode = round_trip(json!({
        "label": "root",
        "children": [
            {"label": "a", "children": [{"label": "a1"}, {"label": "a2", "children": []}]},
            {"label": "b"}
        ]
    }));
    let children = tree.children.as_ref().expect("children");
    assert_eq!(children.len(), 2);
    let grandchildren = children[0].children.as_ref().expect("grandchildren");
    assert_eq!(grandchildren[1].label, "a2");
    assert_eq!(grandchildren[1].children.as_deref(), Some(&[][..]));

    let list: recursion::ListNode =
        round_trip(json!({"value": 1, "next": {"value": 2, "next": {"value": 3}}}));
    let third = list
        .next
        .as_ref()
        .and_then(|n| n.next.as_ref())
        .expect("third");
    assert_eq!(third.value, 3);
    assert!(third.next.is_none());

    let left: recursion::Left = round_trip(json!({"name": "l1", "right": {"left": {"right": {}}}}));
    let inner = left.right.left.as_ref().expect("inner left");
    assert!(inner.right.left.is_none());

    let expression: recursion::Expression = round_trip(json!({
        "op": "add",
        "left": {"op": "lit", "value": 1.0},
        "right": {"op": "add", "left": {"op": "lit", "value": 2.0}, "right": {"op": "lit", "value": 3.0}}
    }));
    fn eval(e: &recursion::Expression) -> f64 {
        match e {
            recursion::Expression::Literal(l) => l.value,
            recursion::Expression::Sum(s) => eval(&s.left) + eval(&s.right),
        }
    }
    assert_eq!(eval(&expression), 6.0);
}

#[test]
fn recursive_aliases_are_newtypes_with_the_same_wire_form() {
    let nested: recursion::Nested = round_trip(json!([[[], [[]]], []]));
    assert_eq!(nested.0.len(), 2);
    assert_eq!(nested.0[0].0[1].0[0], recursion::Nested(Vec::new()));

    let directory: recursion::Directory = round_trip(json!({"etc": {"ssh": {}}, "tmp": {}}));
    assert_eq!(directory.0["etc"].0["ssh"], recursion::Directory::default());
    assert!(decode::<recursion::Directory>(json!({"etc": 1})).is_err());

    let forest: recursion::Forest = round_trip(json!([[[]], []]));
    assert_eq!(forest.0 .0.len(), 2);
}

// ---------------------------------------------------------------------------------------
// Composition

#[test]
fn all_of_struct_has_every_merged_member() {
    let pet: composition::Pet = round_trip(json!({
        "name": "Rex",
        "createdAt": "2024-05-01T10:00:00Z",
        "auditor": "ann",
        "species": "dog",
        "legs": 4,
        "tags": ["good"],
        "chip": "123"
    }));
    assert_eq!(pet.name, "Rex");
    assert_eq!(pet.created_at.to_string(), "2024-05-01T10:00:00Z");
    assert_eq!(pet.auditor, "ann");
    assert_eq!(pet.species, "dog");
    assert_eq!(pet.legs, 4);
    assert_eq!(pet.tags.as_deref(), Some(&["good".to_owned()][..]));
    assert_eq!(pet.additional_properties["chip"], "123");
    // `required` comes from every part: the nested `Timestamped`, the inline part, and the
    // schema's own list.
    for member in ["createdAt", "species", "legs", "name", "auditor"] {
        let mut incomplete = serde_json::to_value(&pet).unwrap();
        incomplete.as_object_mut().unwrap().remove(member);
        let error = decode::<composition::Pet>(incomplete).unwrap_err();
        assert!(error.to_string().contains(member), "{member}: {error}");
    }
    // A description beside a reference keeps the referenced type.
    let owner: composition::Owner = round_trip(json!({
        "pet": serde_json::to_value(&pet).unwrap(),
        "previous": null
    }));
    assert_eq!(owner.pet, pet);
    assert_eq!(owner.previous, Some(None));
    let alias: composition::PetAlias = pet.clone();
    assert_eq!(alias.legs, 4);
}

// ---------------------------------------------------------------------------------------
// Formats

fn measurement() -> Value {
    json!({
        "id": "6f1c2a52-3b0e-4e39-9d36-0f6a3c1b2d4e",
        "takenAt": "2023-08-03T07:54:42.1124647Z",
        "day": "2024-02-29",
        "small": -5,
        "large": 9007199254740993_i64,
        "ratio": 0.5,
        "precise": 0.1,
        "price": "2.875",
        "amount": 19.0,
        "note": null,
        "grade": "B"
    })
}

#[test]
fn optional_nullable_distinguishes_absent_null_and_value() {
    let absent: formats::Measurement = round_trip(measurement());
    assert_eq!(absent.comment, None);
    assert_eq!(absent.note, None);

    let mut null = measurement();
    null["comment"] = Value::Null;
    null["discount"] = Value::Null;
    let decoded: formats::Measurement = round_trip(null);
    assert_eq!(decoded.comment, Some(None));
    assert_eq!(decoded.discount, Some(None));

    let mut value = measurement();
    value["comment"] = json!("checked");
    value["discount"] = json!(0.15);
    value["note"] = json!("n");
    let decoded: formats::Measurement = round_trip(value);
    assert_eq!(decoded.comment, Some(Some("checked".to_owned())));
    assert_eq!(
        decoded.discount.flatten().map(|d| d.to_string()),
        Some("0.15".into())
    );
    assert_eq!(decoded.note.as_deref(), Some("n"));

    // `nullable` on a referenced component schema applies at every use of it.
    let mut null_grade = measurement();
    null_grade["grade"] = Value::Null;
    null_grade["remark"] = Value::Null;
    let decoded: formats::Measurement = round_trip(null_grade);
    assert_eq!(decoded.grade, None);
    assert_eq!(decoded.remark, Some(None));
    let mut remark = measurement();
    remark["remark"] = json!({"text": "fine"});
    let decoded: formats::Measurement = round_trip(remark);
    assert_eq!(decoded.grade, Some(formats::Grade::B));
    assert_eq!(
        decoded.remark.flatten().map(|r| r.text),
        Some("fine".to_owned())
    );

    // Untyped members keep an explicit `null` apart from an absent member too.
    let mut untyped = measurement();
    untyped["extra"] = Value::Null;
    let decoded: formats::Measurement = round_trip(untyped);
    assert_eq!(decoded.extra, Some(Value::Null));
    assert_eq!(decoded.untyped, None);
}

#[test]
fn required_nullable_members_must_be_present() {
    let mut missing = measurement();
    missing.as_object_mut().unwrap().remove("note");
    let error = decode::<formats::Measurement>(missing).unwrap_err();
    assert!(error.message().contains("missing field `note`"), "{error}");
    let mut missing_ref = measurement();
    missing_ref.as_object_mut().unwrap().remove("grade");
    let error = decode::<formats::Measurement>(missing_ref).unwrap_err();
    assert!(error.message().contains("missing field `grade`"), "{error}");
}

#[test]
fn decimals_keep_their_exact_text() {
    let decoded: formats::Measurement = round_trip(measurement());
    assert_eq!(decoded.price.to_string(), "2.875");
    assert_eq!(decoded.amount.to_string(), "19.0");
    let text = serde_json::to_string(&decoded).unwrap();
    assert!(text.contains(r#""price":"2.875""#), "{text}");
    assert!(text.contains(r#""amount":19.0"#), "{text}");

    let mut other = measurement();
    other["amount"] = json!(2.875);
    other["price"] = json!("19.0");
    let decoded: formats::Measurement = round_trip(other);
    assert_eq!(decoded.amount.to_string(), "2.875");
    assert_eq!(decoded.price.to_string(), "19.0");
    // Parsed from text, `0.1 + 0.2` is exact.
    let sum = decoded.price + specgen_runtime::rust_decimal::Decimal::new(1, 1);
    assert_eq!(sum.to_string(), "19.1");
}

/// A typed-only decode (no JSON walk before it) of a `format: decimal` string is exact or
/// a located error: `rust_decimal`'s own serde would round these to 28 places.
#[test]
fn decimal_strings_decode_exactly_or_fail_where_they_are() {
    for text in [
        "1.2345678901234567890123456789",
        "79228162514264337593543950335",
        "-0.0000000000000000000000000001",
        "2.50",
    ] {
        let mut value = measurement();
        value["price"] = json!(text);
        let bytes = serde_json::to_vec(&value).unwrap();
        let decoded: formats::Measurement = specgen_runtime::from_json_slice(&bytes).unwrap();
        assert_eq!(decoded.price.to_string(), text);
        // And back to the same text.
        let encoded = serde_json::to_value(&decoded).unwrap();
        assert_eq!(encoded["price"], json!(text));
    }
    for text in [
        "1.23456789012345678901234567890123",
        "79228162514264337593543950336",
        "0.00000000000000000000000000001",
    ] {
        let mut value = measurement();
        value["price"] = json!(text);
        let bytes = serde_json::to_vec(&value).unwrap();
        let error = specgen_runtime::from_json_slice::<formats::Measurement>(&bytes).unwrap_err();
        assert_eq!(error.pointer(), "/price", "{text}: {error}");
        assert!(
            error.message().contains("cannot be held exactly"),
            "{error}"
        );
        let error = decode::<formats::Measurement>(value).unwrap_err();
        assert_eq!(error.pointer(), "/price", "{text}: {error}");
    }
    // The vendor model: an RMS bet's price.
    let bet =
        json!({"Id": "1", "Name": "1", "Status": 1, "Price": "1.23456789012345678901234567890123"});
    let error = decode::<lsports::rms_customer_integration::BetDto>(bet).unwrap_err();
    assert_eq!(error.pointer(), "/Price", "{error}");
    let bet =
        json!({"Id": "1", "Name": "1", "Status": 1, "Price": "1.2345678901234567890123456789"});
    let decoded: lsports::rms_customer_integration::BetDto = round_trip(bet);
    assert_eq!(decoded.price.to_string(), "1.2345678901234567890123456789");
}

#[test]
fn date_times_round_trip_textually() {
    for text in [
        "2023-08-03T07:54:42.1124647Z",
        "2022-03-21T13:00:00",
        "2022-03-20T01:15:32.791982",
        "2024-01-01T00:00:00+02:00",
        // More than nine fraction digits: kept beyond the nanoseconds, re-encoded exactly.
        "1985-04-12T00:59:59.999999999999999Z",
        "2023-08-03T07:54:42.12345678900000000001+05:30",
    ] {
        let mut value = measurement();
        value["takenAt"] = json!(text);
        let decoded: formats::Measurement = round_trip(value.clone());
        assert_eq!(decoded.taken_at.to_string(), text);
        if text.len() < 30 {
            continue;
        }
        // The JSON walk (`decode_valid`) and the typed validation accept it alike.
        assert_eq!(
            violations::<formats::Measurement>(value),
            Vec::<String>::new(),
            "{text}"
        );
        assert!(
            specgen_runtime::Validate::validate(&decoded).is_ok(),
            "{text}"
        );
    }
    let decoded: formats::Measurement = decode(measurement()).unwrap();
    assert!(!decoded.taken_at.is_zoneless());
    assert_eq!(decoded.day.to_string(), "2024-02-29");
    assert_eq!(decoded.large, 9007199254740993);
    assert_eq!(decoded.small, -5);
    assert_eq!(
        decoded.id.to_string(),
        "6f1c2a52-3b0e-4e39-9d36-0f6a3c1b2d4e"
    );

    let mut bad = measurement();
    bad["takenAt"] = json!("2023-08-03 nope");
    let error = decode::<formats::Measurement>(bad).unwrap_err();
    assert_eq!(error.pointer(), "/takenAt", "{error}");
    let mut bad = measurement();
    bad["id"] = json!("not-a-uuid");
    assert_eq!(
        decode::<formats::Measurement>(bad).unwrap_err().pointer(),
        "/id"
    );
    let mut bad = measurement();
    bad["small"] = json!(3_000_000_000_i64);
    assert_eq!(
        decode::<formats::Measurement>(bad).unwrap_err().pointer(),
        "/small"
    );
}

// ---------------------------------------------------------------------------------------
// Enums and names

#[test]
fn enums_keep_unknown_values() {
    let status: naming::Status = round_trip(json!("A"));
    assert_eq!(status, naming::Status::Active);
    assert_eq!(naming::Status::Closed.as_str(), "c");
    let unknown: naming::Status = round_trip(json!("Z"));
    assert_eq!(unknown, naming::Status::Unknown("Z".into()));
    assert!(!unknown.is_known());

    // Awkward values get variants of their own; the listed value "unknown" is not the
    // catch-all.
    assert_eq!(
        decode::<naming::Awkward>(json!("")).unwrap(),
        naming::Awkward::Empty
    );
    assert_eq!(
        decode::<naming::Awkward>(json!("1st")).unwrap(),
        naming::Awkward::V1st
    );
    let listed: naming::Awkward = round_trip(json!("unknown"));
    assert!(listed.is_known(), "{listed:?}");
    let listed: naming::Awkward = round_trip(json!("Unknown"));
    assert!(listed.is_known(), "{listed:?}");
    assert_ne!(
        decode::<naming::Awkward>(json!("a-b")).unwrap(),
        decode::<naming::Awkward>(json!("a b")).unwrap()
    );
    assert_eq!(naming::Awkward::VALUES.len(), 8);

    let priority: naming::Priority = round_trip(json!(2));
    assert_eq!(priority, naming::Priority::V2);
    assert_eq!(naming::Priority::CODES, &[1, 2, 3, -1]);
    let priority: naming::Priority = round_trip(json!(-1));
    assert_eq!(priority, naming::Priority::Minus1);
    let priority: naming::Priority = round_trip(json!(7));
    assert_eq!(priority, naming::Priority::Unknown(7));

    let code: naming::ErrorCode = round_trip(json!(42));
    assert_eq!(code, naming::ErrorCode::V42);
    assert_eq!(naming::ErrorCode::NotFound.code(), 1);
    assert_eq!(
        decode::<naming::ErrorCode>(json!(-7)).unwrap(),
        naming::ErrorCode::Self_
    );
    let code: naming::ErrorCode = round_trip(json!(1000));
    assert_eq!(code, naming::ErrorCode::Unknown(1000));
    assert!(decode::<naming::ErrorCode>(json!("42")).is_err());
}

#[test]
fn awkward_member_names_keep_their_wire_spelling() {
    let members: naming::Members = round_trip(json!({
        "type": "t",
        "self": "s",
        "match": "m",
        "async": "a",
        "id": "plain",
        "_id": "underscored",
        "fooBar": "camel",
        "foo_bar": "snake",
        "_private": "p",
        "2fa": true,
        "données": "d",
        "additional_properties": "named like the catch-all",
        "content-type": "text/plain",
        "undeclared": 1
    }));
    assert_eq!(members.type_, "t");
    assert_eq!(members.self_.as_deref(), Some("s"));
    assert_eq!(members.match_.as_deref(), Some("m"));
    assert_eq!(members.async_.as_deref(), Some("a"));
    assert_eq!(members.id, "plain");
    assert_eq!(members.underscore_id, "underscored");
    assert_eq!(members.foo_bar.as_deref(), Some("snake"));
    assert_eq!(members.foo_bar_2.as_deref(), Some("camel"));
    assert_eq!(members.private.as_deref(), Some("p"));
    assert_eq!(members.value_2fa, Some(true));
    assert_eq!(members.données.as_deref(), Some("d"));
    assert_eq!(
        members.additional_properties_2.as_deref(),
        Some("named like the catch-all")
    );
    assert_eq!(members.content_type.as_deref(), Some("text/plain"));
    assert_eq!(members.additional_properties.len(), 1);
    assert_eq!(members.additional_properties["undeclared"], 1);

    // Types named like prelude items are escaped and still usable.
    let response: naming::Response = round_trip(json!({"result": {"ok": {"value": "v"}}}));
    let option: &naming::Option_ = response.result.as_ref().unwrap().ok.as_ref().unwrap();
    // serde's trait names are no reserved words: a spec type keeps them, and round-trips.
    let serialize: naming::Serialize =
        serde_json::from_str(r#"{"with": {"value": "x"}}"#).expect("decodes");
    let inner: &naming::Deserialize = serialize.with.as_ref().unwrap();
    assert_eq!(inner.value.as_deref(), Some("x"));
    assert_eq!(
        serde_json::to_string(&serialize).unwrap(),
        r#"{"with":{"value":"x"}}"#
    );
    assert_eq!(option.value.as_deref(), Some("v"));
    let me: naming::Self_ = round_trip(json!({"me": {"me": {}}}));
    assert!(me.me.unwrap().me.unwrap().me.is_none());
    let model: naming::V3dModel = round_trip(json!({"vertices": 8}));
    assert_eq!(model.vertices, Some(8));
    let _: naming::Café = "crème".to_owned();
    let _: (naming::PetName, naming::PetName2) = (String::new(), String::new());
}

#[test]
fn one_letter_names_do_not_clash_with_generic_parameters() {
    let e: naming::E = round_trip(json!("e"));
    assert_eq!(e, naming::E::E);
    let letters: naming::Letters = round_trip(json!({"meta/kind": "D", "x²": 2}));
    assert!(
        matches!(&letters, naming::Letters::D(d) if d.x == Some(2) && d.meta_kind.as_deref() == Some("D")),
        "{letters:?}"
    );
    // The discriminator's pointer is escaped.
    let error = decode::<naming::Letters>(json!({"meta/kind": "Z"})).unwrap_err();
    assert_eq!(error.pointer(), "/meta~1kind", "{error}");
}

#[test]
fn operations_named_like_keywords_use_escaped_modules() {
    use naming::operations::{self_, type_};
    assert_eq!(self_::INFO.operation_id, Some("self"));
    assert_eq!(self_::INFO.name, "self_");
    assert_eq!(type_::INFO.path, "/type/{async}");
    let params = type_::Params {
        async_: "x".into(),
        match_: None,
    };
    assert_eq!(params.async_, "x");
    // The operation's `Response` enum and the spec's `Response` schema coexist.
    let response = self_::Response::from_json(200, br#"{"result": {}}"#).unwrap();
    assert!(
        matches!(
            &response,
            self_::Response::Ok(naming::Response {
                result: Some(_),
                ..
            })
        ),
        "{response:?}"
    );
}

// ---------------------------------------------------------------------------------------
// Operations

const ITEM: &[u8] = br#"{"id": "6f1c2a52-3b0e-4e39-9d36-0f6a3c1b2d4e", "name": "thing"}"#;
const ERROR: &[u8] = br#"{"code": 7, "message": "nope"}"#;

#[test]
fn responses_decode_per_status_range_and_default() {
    use operations::operations::get_item::Response;
    let ok = Response::from_json(200, ITEM).unwrap();
    assert!(
        matches!(&ok, Response::Ok(item) if item.name == "thing"),
        "{ok:?}"
    );
    assert_eq!(ok.status(), 200);

    let not_found = Response::from_json(404, ERROR).unwrap();
    assert!(
        matches!(&not_found, Response::NotFound(e) if e.code == 7),
        "{not_found:?}"
    );

    let teapot = Response::from_json(418, ERROR).unwrap();
    assert!(
        matches!(&teapot, Response::Status4xx { status: 418, body } if body.message == "nope"),
        "{teapot:?}"
    );
    assert_eq!(teapot.status(), 418);

    let unavailable = Response::from_json(503, ERROR).unwrap();
    assert!(
        matches!(&unavailable, Response::Default { status: 503, body } if body.code == 7),
        "{unavailable:?}"
    );
    assert_eq!(
        unavailable.to_json_value().unwrap(),
        json!({"code": 7, "message": "nope"})
    );

    // A documented status whose body does not fit is an error naming the member.
    let error =
        Response::from_json(200, br#"{"id": "6f1c2a52-3b0e-4e39-9d36-0f6a3c1b2d4e"}"#).unwrap_err();
    assert!(error.to_string().contains("name"), "{error}");
    let error = Response::from_json(404, br#"{"code": "x", "message": "m"}"#).unwrap_err();
    assert_eq!(error.pointer(), "/code", "{error}");
}

#[test]
fn unknown_statuses_are_undocumented() {
    use operations::operations::replace_item::Response;
    let ok = Response::from_json(200, ITEM).unwrap();
    assert!(matches!(ok, Response::Ok(_)));
    assert_eq!(Response::from_json(204, b"").unwrap(), Response::NoContent);
    // `2XX` takes the other successes; `200` and `204` keep their own variants.
    assert_eq!(
        Response::from_json(201, b"").unwrap(),
        Response::Status2xx { status: 201 }
    );
    let odd = Response::from_json(500, br#"{"trace": [1, 2]}"#).unwrap();
    assert_eq!(
        odd,
        Response::Undocumented {
            status: 500,
            body: json!({"trace": [1, 2]})
        }
    );
    // Not JSON: the body becomes `Null`, decoding does not fail.
    let html = Response::from_json(302, b"<html>moved</html>").unwrap();
    assert_eq!(
        html,
        Response::Undocumented {
            status: 302,
            body: Value::Null
        }
    );
    assert_eq!(html.status(), 302);

    // Without a `default`, a range still only covers its own class.
    use operations::operations::search::Response as Search;
    assert!(matches!(
        Search::from_json(502, b"").unwrap(),
        Search::Status5xx { status: 502 }
    ));
    assert!(matches!(
        Search::from_json(409, ERROR).unwrap(),
        Search::Undocumented { status: 409, .. }
    ));
}

#[test]
fn several_bodies_of_one_status_are_told_apart() {
    use operations::operations::search::{NotFound, Response, INFO};
    let keys: Vec<(Option<u16>, &str, Option<&str>)> = INFO
        .responses
        .iter()
        .map(|r| (r.status, r.key, r.body_type))
        .collect();
    assert!(
        keys.contains(&(Some(404), "404 (1)", Some("NoMatch"))),
        "{keys:?}"
    );
    assert!(
        keys.contains(&(Some(404), "404 (2)", Some("MissingIndex"))),
        "{keys:?}"
    );
    assert_eq!(INFO.responses.len(), 4);
    assert_eq!(INFO.responses[3].key, "5XX");
    assert_eq!(INFO.responses[3].status, None);

    let no_match = Response::from_json(404, br#"{"query": "zzz"}"#).unwrap();
    assert!(
        matches!(&no_match, Response::NotFound(NotFound::NoMatch(m)) if m.query == "zzz"),
        "{no_match:?}"
    );
    let missing = Response::from_json(404, br#"{"index": "main", "retryAfter": 30}"#).unwrap();
    assert!(
        matches!(&missing, Response::NotFound(NotFound::MissingIndex(m)) if m.retry_after == Some(30)),
        "{missing:?}"
    );
    let error = Response::from_json(404, br#"{"other": true}"#).unwrap_err();
    assert!(error.to_string().contains("NotFound"), "{error}");

    let found = Response::from_json(200, &[b"[", ITEM, b",", ITEM, b"]"].concat()).unwrap();
    assert!(
        matches!(&found, Response::Ok(items) if items.len() == 2),
        "{found:?}"
    );
}

#[test]
fn operation_info_and_parameters_follow_the_spec() {
    use operations::operations::{
        delete_items_by_item_id, get_item, get_items_by_item_id_label, replace_item,
    };
    assert_eq!(get_item::INFO.operation_id, Some("getItem"));
    assert_eq!(get_item::INFO.method, "GET");
    assert_eq!(get_item::INFO.summary, Some("Fetch an item"));
    // Without an operationId the name comes from method and path.
    assert_eq!(delete_items_by_item_id::INFO.operation_id, None);
    assert_eq!(delete_items_by_item_id::INFO.method, "DELETE");
    assert_eq!(
        get_items_by_item_id_label::INFO.responses[0].body_type,
        None
    );
    // A text/plain response has no JSON body to decode: its variant carries the text.
    assert_eq!(
        get_items_by_item_id_label::Response::from_json(200, b"a label").unwrap(),
        get_items_by_item_id_label::Response::Ok("a label".to_owned())
    );
    // `$ref` responses resolve (`components/responses/NotFound`).
    assert_eq!(
        delete_items_by_item_id::INFO.responses[1].description,
        "No such item."
    );

    let id = specgen_runtime::uuid::Uuid::nil();
    // `getItem` overrides the path-level `verbose` (a required integer instead of an
    // optional flag) and adds header, cookie and `$ref` parameters.
    let get = get_item::Params {
        item_id: id,
        verbose: 2_i32,
        x_request_id: Some("r-1".into()),
        session: None,
        fields: Some(vec!["name".into()]),
    };
    let replace = replace_item::Params {
        item_id: id,
        verbose: Some(true),
    };
    assert_eq!(get.item_id, replace.item_id);
    // The request body comes from `components/requestBodies`.
    let body: replace_item::RequestBody =
        decode(json!({"id": id.to_string(), "name": "n"})).unwrap();
    assert_eq!(body.name, "n");
    let search: operations::operations::search::RequestBody =
        round_trip(json!({"text": "apple", "limit": 5}));
    assert_eq!(search.limit, Some(5));
}

// ---------------------------------------------------------------------------------------
// Shapes of published specs (`real_world.yaml`)

/// The pointers of the violations `decode_valid` reports for `value` as `T`.
fn violations<T: specgen_runtime::Validate>(value: Value) -> Vec<String> {
    match specgen_runtime::decode_valid::<T>(value.to_string().as_bytes()) {
        Ok(_) => Vec::new(),
        Err(violations) => violations
            .into_iter()
            .map(|v| format!("{} {}", v.pointer, v.keyword))
            .collect(),
    }
}

#[test]
fn patterns_with_look_around_and_back_references_are_enforced() {
    let ok = json!({"name": "ada", "slug": "abca"});
    assert_eq!(violations::<real_world::Handle>(ok), Vec::<String>::new());
    assert_eq!(
        violations::<real_world::Handle>(json!({"name": "admin", "slug": "abcd"})),
        ["/name pattern", "/slug pattern"]
    );
}

#[test]
fn a_required_member_without_a_declaration_is_a_field_of_any_value() {
    let ticket: real_world::Ticket = round_trip(json!({"id": "T-1", "owner": {"team": 7}}));
    assert_eq!(ticket.owner, json!({"team": 7}));
    let missing = specgen_runtime::decode_valid::<real_world::Ticket>(br#"{"id": "T-1"}"#)
        .expect_err("`owner` is required");
    assert_eq!(missing.len(), 1, "{missing:?}");
    assert_eq!(missing[0].keyword, "required");
    assert!(missing[0].message.contains("owner"), "{missing:?}");
}

#[test]
fn annotation_parts_of_all_of_and_arrays_without_items() {
    // `Labelled` is `Level` itself: the other parts only annotate.
    let level: real_world::Labelled = round_trip(json!("high"));
    assert_eq!(level, real_world::Level::High);
    let tags: real_world::Tags = round_trip(json!([1, "two", {"three": 3}, null]));
    assert_eq!(tags.len(), 4);
}

// ---------------------------------------------------------------------------------------
// OpenAPI 3.1 (`openapi_31.yaml`)

#[test]
fn openapi_31_schemas_decode_and_validate_like_their_30_forms() {
    use openapi_31::Reading;
    let reading: Reading = round_trip(json!({
        "id": 1, "kind": "temperature", "value": 21.5, "note": null,
        "unit": "kelvin", "sensor": {"serial": "S-1", "label": "north"}
    }));
    assert_eq!(
        reading.note,
        Some(None),
        "`type: [string, null]` admits null"
    );
    assert_eq!(
        reading.unit,
        Some(openapi_31::Unit::Kelvin),
        "`$defs` reached by $ref"
    );
    assert_eq!(
        violations::<Reading>(json!({"id": 1, "kind": "temperature", "value": 21.5})),
        Vec::<String>::new()
    );
    // Numeric exclusive bounds, `maxLength` beside a type list, `required` beside a `$ref`.
    let mut bad = violations::<Reading>(json!({
        "id": 0, "kind": "temperature", "value": 1000,
        "note": "x".repeat(81), "sensor": {"label": null}
    }));
    bad.sort();
    assert_eq!(
        bad,
        [
            "/id exclusiveMinimum",
            "/note maxLength",
            "/sensor required",
            "/value exclusiveMaximum"
        ]
    );
}

#[test]
fn discriminated_unions_with_inline_alternatives_select_by_the_allowed_tag() {
    use real_world::RunEvent;
    let started: RunEvent = round_trip(json!({"kind": "run.started", "at": "now"}));
    assert!(matches!(started, RunEvent::Started(_)), "{started:?}");
    // The tag of an `allOf` alternative comes from the schema it references.
    let finished: RunEvent = round_trip(json!({"kind": "run.finished", "code": 3, "note": "ok"}));
    assert!(
        matches!(&finished, RunEvent::RunEventVariant2(f) if f.code == Some(3)),
        "{finished:?}"
    );
    let error = decode::<RunEvent>(json!({"kind": "run.paused"})).unwrap_err();
    assert!(error.to_string().contains("run.paused"), "{error}");
}

#[test]
fn alternatives_that_only_require_members_constrain_one_struct() {
    use real_world::{Contact, ImageSource};
    let contact: Contact = round_trip(json!({"phone": "+1 555"}));
    assert_eq!(contact.phone.as_deref(), Some("+1 555"));
    assert_eq!(
        violations::<Contact>(json!({"email": "a@b"})),
        Vec::<String>::new()
    );
    assert_eq!(violations::<Contact>(json!({})), [" anyOf"]);
    assert_eq!(
        violations::<ImageSource>(json!({"url": "u"})),
        Vec::<String>::new()
    );
    assert_eq!(
        violations::<ImageSource>(json!({"detail": "low"})),
        [" oneOf"]
    );
    assert_eq!(
        violations::<ImageSource>(json!({"url": "u", "file_id": "f"})),
        [" oneOf", " not"]
    );
    // The typed value says the same as the JSON walk.
    let both: ImageSource =
        decode(json!({"url": "u", "file_id": "f"})).expect("decodes: the sets are checks");
    let typed: Vec<&str> = match specgen_runtime::Validate::validate(&both) {
        Ok(()) => Vec::new(),
        Err(violations) => violations.iter().map(|v| v.keyword).collect(),
    };
    assert_eq!(typed, ["oneOf", "not"]);
}

#[test]
fn a_failing_discriminated_union_reports_what_the_selected_alternative_finds() {
    use specgen_runtime::validate::collect_violations;
    let check = |value: Value| {
        collect_violations(unions::validation::pet, &value)
            .expect_err("invalid")
            .into_iter()
            .map(|v| v.to_string())
            .collect::<Vec<_>>()
    };
    let wrong = check(json!({"petType": "cat", "lives": "nine"}));
    assert_eq!(wrong.len(), 1, "{wrong:?}");
    assert!(
        wrong[0].contains("as `petType` `cat` selects"),
        "{}",
        wrong[0]
    );
    assert!(wrong[0].contains("/lives"), "{}", wrong[0]);
    assert!(
        wrong[0].contains("(type)") && !wrong[0].contains("(type) (type)"),
        "{}",
        wrong[0]
    );
    let unknown = check(json!({"petType": "fish"}));
    assert!(
        unknown[0].contains("`fish` is no documented `petType`"),
        "{unknown:?}"
    );
}
