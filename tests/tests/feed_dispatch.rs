//! The typed feed messages (`FeedMessage` of each generation): every documented Header.Type
//! decodes to its own variant with the body its code carries, an unknown code keeps its
//! body as received, the JSON forms (the legacy API's bare `Body` array and its `Providers` and
//! `Bets` arrays, numbers sent as strings) decode, and bodies that do not fit their code are
//! located errors.

use std::path::{Path, PathBuf};

use lsports::odds_service_feed::{
    self as odds, FeedMessage as OddsMessage, FeedMessageBody as Odds,
};
use lsports::trade360_feed::{self as t360, FeedMessage as T360Message, FeedMessageBody as T360};
use specgen_runtime::dispatch::RawBody;
use specgen_tests::xmllint;

fn read_fixture(path: &str) -> Vec<u8> {
    let file = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/feed")
        .join(path);
    std::fs::read(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()))
}

fn domain_fixtures(generation: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/feed/domain")
        .join(generation);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "xml"))
        .collect();
    files.sort();
    files
}

/// The Header.Type in a fixture's name (`type-37-…`).
fn code_of(file: &Path) -> i64 {
    let name = file.file_name().unwrap().to_string_lossy();
    name.strip_prefix("type-")
        .and_then(|rest| rest.split('-').next())
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("{name}: no type in the name"))
}

/// The variant each documented code must decode to (LSports' public SDKs, Header.Type table).
fn odds_variant(body: &Odds) -> Option<i64> {
    Some(match body {
        Odds::FixtureMetadataUpdate(_) => 1,
        Odds::LivescoreUpdate(_) => 2,
        Odds::MarketUpdate(_) => 3,
        Odds::KeepAlive(_) => 31,
        Odds::Heartbeat => 32,
        Odds::Settlements(_) => 35,
        Odds::OutrightFixture(_) => 37,
        Odds::OutrightLeague(_) => 38,
        Odds::OutrightScore(_) => 39,
        Odds::OutrightLeagueMarketUpdate(_) => 40,
        Odds::OutrightFixtureMarketUpdate(_) => 41,
        Odds::OutrightSettlements(_) => 42,
        Odds::OutrightLeagueSettlements(_) => 43,
        Odds::Unknown(_) => return None,
    })
}

fn t360_variant(body: &T360) -> Option<i64> {
    Some(match body {
        T360::FixtureMetadataUpdate(_) => 1,
        T360::LivescoreUpdate(_) => 2,
        T360::MarketUpdate(_) => 3,
        T360::KeepAlive(_) => 31,
        T360::Heartbeat(_) => 32,
        T360::Settlements(_) => 35,
        T360::Unknown(_) => return None,
    })
}

/// The content of the fixture's `<Body>` element, verbatim.
fn body_text(bytes: &[u8]) -> String {
    let text = std::str::from_utf8(bytes).unwrap();
    let start = text.find("<Body>").expect("a Body") + "<Body>".len();
    let end = text.rfind("</Body>").expect("a closed Body");
    text[start..end].to_owned()
}

#[test]
fn every_odds_service_type_decodes_to_its_variant() {
    let mut codes = Vec::new();
    for file in domain_fixtures("odds-service") {
        let label = file.display().to_string();
        let bytes = std::fs::read(&file).unwrap();
        let code = code_of(&file);
        let message = OddsMessage::from_xml(&bytes).unwrap_or_else(|e| panic!("{label}: {e}"));
        assert_eq!(message.code(), code, "{label}");
        let untyped = odds::Message::from_xml(&bytes).unwrap();
        assert_eq!(message.header, untyped.header, "{label}");
        let body = untyped.body.unwrap_or_default();
        match (&message.body, odds_variant(&message.body)) {
            (Odds::Unknown(raw), None) => {
                assert_eq!(code, 99, "{label}: only the unknown fixture is unknown");
                assert_eq!(
                    raw.as_ref().map(RawBody::as_str),
                    Some(body_text(&bytes).as_str())
                );
            }
            (_, Some(variant)) => assert_eq!(variant, code, "{label}"),
            (_, None) => unreachable!(),
        }
        // The variant holds what the untyped decoder finds in the same member.
        match &message.body {
            Odds::FixtureMetadataUpdate(events)
            | Odds::LivescoreUpdate(events)
            | Odds::MarketUpdate(events)
            | Odds::Settlements(events) => assert_eq!(Some(events), body.events.as_ref()),
            Odds::KeepAlive(keep_alive) => assert_eq!(Some(keep_alive), body.keep_alive.as_deref()),
            Odds::OutrightFixture(competitions)
            | Odds::OutrightScore(competitions)
            | Odds::OutrightFixtureMarketUpdate(competitions)
            | Odds::OutrightSettlements(competitions) => {
                assert!(!competitions.is_empty(), "{label}");
                assert_eq!(Some(competitions), body.competition.as_ref());
            }
            Odds::OutrightLeague(competitions)
            | Odds::OutrightLeagueMarketUpdate(competitions)
            | Odds::OutrightLeagueSettlements(competitions) => {
                assert_eq!(Some(competitions), body.competitions.as_ref())
            }
            Odds::Heartbeat | Odds::Unknown(_) => {}
        }
        // XML: a fixed point the XSD accepts. JSON: equal values (unknown bodies excepted).
        let xml = message.to_xml().unwrap();
        assert_eq!(OddsMessage::from_xml(&xml).unwrap(), message, "{label}");
        xmllint::assert_valid("odds-service.xsd", &xml, &format!("dispatch-{}", code));
        if let Odds::Unknown(Some(raw)) = &message.body {
            let error = message.to_json().unwrap_err();
            assert_eq!(error.code(), 99);
            assert!(error.to_string().contains("as XML"), "{error}");
            assert!(matches!(raw, RawBody::Xml(_)));
        } else {
            let json = message.to_json().unwrap();
            let back = OddsMessage::from_json(&json)
                .unwrap_or_else(|e| panic!("{label}: {e}\n{}", String::from_utf8_lossy(&json)));
            assert_eq!(back, message, "{label}");
        }
        codes.push(code);
    }
    assert_eq!(
        codes,
        [1, 2, 3, 31, 31, 32, 35, 37, 38, 39, 40, 41, 42, 43, 99],
        "one fixture per Header.Type (two keep-alives) and an unknown one"
    );
}

#[test]
fn every_trade360_type_decodes_to_its_variant() {
    let mut codes = Vec::new();
    for file in domain_fixtures("trade360") {
        let label = file.display().to_string();
        let bytes = std::fs::read(&file).unwrap();
        let code = code_of(&file);
        let message = T360Message::from_xml(&bytes).unwrap_or_else(|e| panic!("{label}: {e}"));
        let untyped = t360::Message::from_xml(&bytes).unwrap();
        let body = untyped.body.unwrap_or_default();
        assert_eq!(t360_variant(&message.body).unwrap_or(99), code, "{label}");
        match &message.body {
            T360::FixtureMetadataUpdate(events)
            | T360::LivescoreUpdate(events)
            | T360::MarketUpdate(events)
            | T360::Settlements(events) => {
                assert!(!events.is_empty(), "{label}");
                assert_eq!(Some(events), body.events.as_ref());
            }
            T360::KeepAlive(keep_alive) => assert_eq!(Some(keep_alive), body.keep_alive.as_deref()),
            T360::Heartbeat(interrupted) => {
                assert_eq!(
                    interrupted,
                    &body.feed_interrupted.clone().unwrap_or_default()
                )
            }
            T360::Unknown(raw) => {
                assert_eq!(
                    raw.as_ref().map(RawBody::as_str),
                    Some(body_text(&bytes).as_str())
                )
            }
        }
        let xml = message.to_xml().unwrap();
        assert_eq!(T360Message::from_xml(&xml).unwrap(), message, "{label}");
        xmllint::assert_valid("trade360.xsd", &xml, &format!("dispatch-t360-{code}"));
        if !matches!(message.body, T360::Unknown(_)) {
            let json = message.to_json().unwrap();
            assert_eq!(T360Message::from_json(&json).unwrap(), message, "{label}");
            // Trade360 keeps `Body` an object: `{"Events": [...]}`.
            let value: serde_json::Value = serde_json::from_slice(&json).unwrap();
            assert!(
                value["Body"].is_object() || value.get("Body").is_none(),
                "{value}"
            );
        }
        codes.push(code);
    }
    assert_eq!(codes, [1, 2, 3, 31, 32, 32, 35, 99]);
}

#[test]
fn the_legacy_api_json_form_decodes() {
    // The JSON API example of the Odds Service "XML Structure" documentation (Type 3): `Body` is
    // the bare event array, `Participants` an array, `Position` a string, timestamps without zone.
    let message = OddsMessage::from_json(&read_fixture(
        "json/odds-service/004-api-market-update.json",
    ))
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(message.header.type_, odds::MessageType::MarketUpdate);
    assert_eq!(message.header.server_timestamp, 1_647_866_624);
    let Odds::MarketUpdate(events) = &message.body else {
        panic!("{:?}", message.body)
    };
    let events = &events.event;
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].fixture_id, 8_355_875);
    let fixture = events[0].fixture.as_ref().unwrap();
    assert_eq!(fixture.league.name, "Development League U23");
    assert_eq!(
        fixture.last_update.to_string(),
        "2022-03-20T01:15:32.791982"
    );
    assert_eq!(fixture.start_date.to_string(), "2022-03-21T13:00:00");
    let participants = &fixture.participants.participant;
    assert_eq!(participants.len(), 2);
    assert_eq!(participants[1].name, "Bristol City U23");
    assert_eq!(participants[1].position, "2");
    // It is written back in the same form: `"Body": [...]`, `"Participants": [...]`.
    let json: serde_json::Value = serde_json::from_slice(&message.to_json().unwrap()).unwrap();
    assert!(json["Body"].is_array(), "{json}");
    assert!(
        json["Body"][0]["Fixture"]["Participants"].is_array(),
        "{json}"
    );
    // The XML form of the same message is schema-valid.
    let xml = message.to_xml().unwrap();
    xmllint::assert_valid("odds-service.xsd", &xml, "dispatch-api-json");
    assert_eq!(OddsMessage::from_xml(&xml).unwrap(), message);
    // The object form of the same body (`{"Events": [...]}`) decodes to the same message.
    let mut object_form: serde_json::Value = serde_json::from_slice(&read_fixture(
        "json/odds-service/004-api-market-update.json",
    ))
    .unwrap();
    object_form["Body"] = serde_json::json!({ "Events": object_form["Body"].take() });
    let again = OddsMessage::from_json(&serde_json::to_vec(&object_form).unwrap()).unwrap();
    assert_eq!(again, message);
}

/// The providers and bets of the legacy API message `004-api-markets-providers-bets.json`:
/// (provider id, [(bet id, price)]) per provider of its one market.
fn providers_and_bets(message: &OddsMessage) -> Vec<(i64, Vec<(i64, String)>)> {
    let Odds::MarketUpdate(events) = &message.body else {
        panic!("{:?}", message.body)
    };
    let markets = &events.event[0].markets.as_ref().unwrap().market;
    assert_eq!(markets.len(), 1);
    assert_eq!(markets[0].name, "European Handicap");
    // Nothing is left over as an undeclared member: both lists are typed.
    assert!(markets[0].additional_properties.is_empty(), "{markets:?}");
    let providers = markets[0].provider.as_ref().expect("typed providers");
    providers
        .iter()
        .map(|provider| {
            assert!(provider.additional_properties.is_empty(), "{provider:?}");
            let bets = provider.bet.as_ref().expect("typed bets");
            let bets = bets.iter().map(|b| (b.id, b.price.to_string())).collect();
            (provider.id, bets)
        })
        .collect()
}

#[test]
fn the_legacy_api_names_providers_and_bets_in_the_plural() {
    // The legacy doc's Markets example (3 providers, 9 bets) in the JSON API form its Markets
    // and Provider models describe: "an array of Providers", "an array of Bets".
    let bytes = read_fixture("json/odds-service/004-api-markets-providers-bets.json");
    let message = OddsMessage::from_json(&bytes).unwrap_or_else(|e| panic!("{e}"));
    let expected = vec![
        (
            8,
            vec![
                (18_933_138_861_385_821, "2.4".to_owned()),
                (18_932_538_611_385_821, "2.875".to_owned()),
                (18_933_127_991_385_821, "2.875".to_owned()),
            ],
        ),
        (
            7,
            vec![
                (9_867_935_571_385_821, "2.3".to_owned()),
                (9_867_335_321_385_821, "3".to_owned()),
                (9_867_924_701_385_821, "3.2".to_owned()),
            ],
        ),
        (
            31,
            vec![
                (11_426_129_041_385_821, "2.375".to_owned()),
                (12_315_064_531_385_821, "2.7".to_owned()),
                (14_640_192_711_385_821, "3".to_owned()),
            ],
        ),
    ];
    assert_eq!(providers_and_bets(&message), expected);

    // It is written back with the plural names, and nothing else of the document changes.
    let json = message.to_json().unwrap();
    let value: serde_json::Value = serde_json::from_slice(&json).unwrap();
    let market = &value["Body"][0]["Markets"][0];
    assert_eq!(
        market["Providers"].as_array().map(Vec::len),
        Some(3),
        "{value}"
    );
    assert_eq!(
        market["Providers"][2]["Bets"].as_array().map(Vec::len),
        Some(3)
    );
    assert!(market.get("Provider").is_none() && market["Providers"][0].get("Bet").is_none());
    let original: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(value, original);

    // XML repeats the elements under their own names; the document is schema-valid and reads
    // back to the same message, which JSON writes as before.
    let xml = message.to_xml().unwrap();
    let text = String::from_utf8(xml.clone()).unwrap();
    assert_eq!(text.matches("<Provider ").count(), 3, "{text}");
    assert_eq!(text.matches("<Bet ").count(), 9, "{text}");
    assert!(
        !text.contains("Providers") && !text.contains("<Bets"),
        "{text}"
    );
    xmllint::assert_valid("odds-service.xsd", &xml, "dispatch-api-providers-bets");
    let from_xml = OddsMessage::from_xml(&xml).unwrap();
    assert_eq!(from_xml, message);
    assert_eq!(from_xml.to_json().unwrap(), json);

    // The element spelling (`"Provider"`, `"Bet"`) decodes to the same message.
    let singular = String::from_utf8(bytes.clone())
        .unwrap()
        .replace("\"Providers\"", "\"Provider\"")
        .replace("\"Bets\"", "\"Bet\"");
    let again = OddsMessage::from_json(singular.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(again, message);
    // So does a document mixing them (the element name in one place, the JSON name in another).
    let mixed = String::from_utf8(bytes.clone())
        .unwrap()
        .replacen("\"Bets\"", "\"Bet\"", 1);
    assert_eq!(OddsMessage::from_json(mixed.as_bytes()).unwrap(), message);
}

#[test]
fn both_spellings_of_one_member_in_one_object_are_a_located_error() {
    let bytes = read_fixture("json/odds-service/004-api-markets-providers-bets.json");
    let mut document: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    let market = &mut document["Body"][0]["Markets"][0];
    let providers = market["Providers"].clone();
    market["Provider"] = providers;
    let error = OddsMessage::from_json(&serde_json::to_vec(&document).unwrap()).unwrap_err();
    // serde names the field by its JSON name, at the member that repeats it (the second
    // spelling in the document).
    assert!(
        error.to_string().contains("duplicate field `Providers`"),
        "{error}"
    );
    assert_eq!(error.pointer(), "/Body/0/Markets/0/Provider", "{error}");
    // And one level down, in a provider.
    let mut document: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    let provider = &mut document["Body"][0]["Markets"][0]["Providers"][1];
    provider["Bet"] = provider["Bets"].clone();
    let error = OddsMessage::from_json(&serde_json::to_vec(&document).unwrap()).unwrap_err();
    assert!(
        error.to_string().contains("duplicate field `Bets`"),
        "{error}"
    );
    assert_eq!(
        error.pointer(),
        "/Body/0/Markets/0/Providers/1/Bet",
        "{error}"
    );
    // A bet that is not one is an error at the pointer of the spelling the document used.
    for (member, bets) in [("Bets", "/Bets/0"), ("Bet", "/Bet/0")] {
        let mut document: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        let provider = &mut document["Body"][0]["Markets"][0]["Providers"][0];
        let mut list = provider.as_object_mut().unwrap().remove("Bets").unwrap();
        list[0]["Price"] = serde_json::json!("cheap");
        provider[member] = list;
        let error = OddsMessage::from_json(&serde_json::to_vec(&document).unwrap()).unwrap_err();
        assert_eq!(
            error.pointer(),
            format!("/Body/0/Markets/0/Providers/0{bets}/Price"),
            "{error}"
        );
    }
}

#[test]
fn numbers_sent_as_strings_decode_as_numbers() {
    let message = T360Message::from_json(&read_fixture(
        "json/trade360/type-02-livescore-quoted-numbers.json",
    ))
    .unwrap_or_else(|e| panic!("{e}"));
    let T360::LivescoreUpdate(events) = &message.body else {
        panic!("{:?}", message.body)
    };
    let livescore = events[0].livescore.as_ref().unwrap();
    let scoreboard = livescore.scoreboard.as_ref().unwrap();
    assert_eq!(scoreboard.time, Some(3060));
    let results = scoreboard.results.as_ref().unwrap();
    assert_eq!((results[0].value, results[1].value), (Some(2), Some(0)));
    let period = &livescore.periods.as_ref().unwrap()[0];
    assert_eq!(period.sequence_number, Some(1));
    let incident = &period.incidents.as_ref().unwrap()[0];
    assert_eq!(incident.seconds, Some(3055));
    assert_eq!(incident.participant_position, Some(1));
    assert_eq!(incident.player_id, Some(4417));
    // Fields beyond the documented ones are kept, explicit nulls decode as absent values.
    assert_eq!(
        incident.additional_properties["Probability"],
        serde_json::json!(0.12)
    );
    assert_eq!(events[0].fixture, None);
    // Encoding writes numbers.
    let json: serde_json::Value = serde_json::from_slice(&message.to_json().unwrap()).unwrap();
    assert_eq!(
        json["Body"]["Events"][0]["Livescore"]["Scoreboard"]["Time"],
        3060
    );
    // Text that is not a number is an error at its pointer.
    let bad = String::from_utf8(read_fixture(
        "json/trade360/type-02-livescore-quoted-numbers.json",
    ))
    .unwrap()
    .replace("\"3060\"", "\"30x0\"");
    let error = T360Message::from_json(bad.as_bytes()).unwrap_err();
    assert_eq!(
        error.pointer(),
        "/Body/Events/0/Livescore/Scoreboard/Time",
        "{error}"
    );
    assert!(
        error.message().contains("`30x0` is not a valid number"),
        "{error}"
    );
}

#[test]
fn unknown_codes_keep_their_json_body_verbatim() {
    let json = br#"{"Header":{"Type":77,"MsgGuid":"6f1c2a52-3b0e-4e39-9d36-0f6a3c1b2d4e","ServerTimestamp":1},"Body":{"Novel":[1, {"x":"y"}]}}"#;
    let message = T360Message::from_json(json).unwrap();
    assert_eq!(message.code(), 77);
    let T360::Unknown(Some(raw)) = &message.body else {
        panic!("{:?}", message.body)
    };
    assert_eq!(raw.as_str(), r#"{"Novel":[1, {"x":"y"}]}"#);
    let encoded = message.to_json().unwrap();
    assert_eq!(T360Message::from_json(&encoded).unwrap(), message);
    let error = message.to_xml().unwrap_err();
    assert!(error.to_string().contains("as JSON"), "{error}");
    // Without a body, an unknown code is `Unknown(None)` in both forms.
    let bare = br#"{"Header":{"Type":78,"MsgGuid":"6f1c2a52-3b0e-4e39-9d36-0f6a3c1b2d4e","ServerTimestamp":1}}"#;
    let message = T360Message::from_json(bare).unwrap();
    assert_eq!(message.body, T360::Unknown(None));
    let xml = message.to_xml().unwrap();
    assert_eq!(T360Message::from_xml(&xml).unwrap(), message);
}

#[test]
fn bodies_that_do_not_fit_their_code_are_located_errors() {
    const HEADER: &str = "<Header><Type>{type}</Type><MsgId>1</MsgId><MsgGuid>6f1c2a52-3b0e-4e39-9d36-0f6a3c1b2d4e</MsgGuid><ServerTimestamp>1</ServerTimestamp></Header>";
    let document = |code: u32, body: &str| {
        format!(
            "<Message>{}{body}</Message>",
            HEADER.replace("{type}", &code.to_string())
        )
    };
    // A fixture update without events.
    let text = document(1, "<Body><KeepAlive/></Body>");
    let error = OddsMessage::from_xml(text.as_bytes()).unwrap_err();
    assert_eq!(error.path(), "/Message/Body");
    assert_eq!(error.offset(), text.find("<Body>").unwrap());
    assert!(error.message().contains("carries `Events`"), "{error}");
    // A heartbeat with content.
    let text = document(32, "<Body><Events/></Body>");
    let error = OddsMessage::from_xml(text.as_bytes()).unwrap_err();
    assert_eq!(error.path(), "/Message/Body");
    assert!(error.message().contains("has no body"), "{error}");
    // An empty body is no body.
    assert_eq!(
        OddsMessage::from_xml(document(32, "<Body/>").as_bytes())
            .unwrap()
            .body,
        Odds::Heartbeat
    );
    // A bad value inside the body is reported where it is.
    let text = document(
        31,
        r#"<Body><KeepAlive><ActiveEvent>x</ActiveEvent></KeepAlive></Body>"#,
    );
    let error = OddsMessage::from_xml(text.as_bytes()).unwrap_err();
    assert_eq!(error.path(), "/Message/Body/KeepAlive/ActiveEvent");
    // The body must follow the header that says what it is.
    let text = "<Message><Body/><Header/></Message>";
    let error = OddsMessage::from_xml(text.as_bytes()).unwrap_err();
    assert!(error.message().contains("comes before"), "{error}");
    // Wrong root, missing header.
    assert!(OddsMessage::from_xml(b"<Other/>")
        .unwrap_err()
        .message()
        .contains("expected root"));
    let error = OddsMessage::from_xml(b"<Message><Body/></Message>").unwrap_err();
    assert!(error.message().contains("comes before"), "{error}");
    let error = OddsMessage::from_xml(b"<Message/>").unwrap_err();
    assert!(error.message().contains("`Header`"), "{error}");
    // JSON: a bare array for a code whose body is not a list; a missing list member.
    let json = br#"{"Header":{"Type":31,"MsgGuid":"6f1c2a52-3b0e-4e39-9d36-0f6a3c1b2d4e","ServerTimestamp":1},"Body":[1]}"#;
    let error = T360Message::from_json(json).unwrap_err();
    assert_eq!(error.pointer(), "/Body");
    assert!(error.message().contains("not a list"), "{error}");
    let json = br#"{"Header":{"Type":3,"MsgGuid":"6f1c2a52-3b0e-4e39-9d36-0f6a3c1b2d4e","ServerTimestamp":1},"Body":{"Events":[{"FixtureId":"x"}]}}"#;
    let error = T360Message::from_json(json).unwrap_err();
    assert_eq!(error.pointer(), "/Body/Events/0/FixtureId", "{error}");
    let json = br#"{"Header":{"Type":31,"MsgGuid":"6f1c2a52-3b0e-4e39-9d36-0f6a3c1b2d4e","ServerTimestamp":1},"Body":{}}"#;
    let error = T360Message::from_json(json).unwrap_err();
    assert!(error.message().contains("carries `KeepAlive`"), "{error}");
    let json = br#"{"Header":{"Type":"1"}}"#;
    let error = T360Message::from_json(json).unwrap_err();
    assert!(error.pointer().starts_with("/Header"), "{error}");
}

#[test]
fn every_invalid_fixture_is_rejected_in_strict_mode() {
    // What the XSD rejects, the strict decoder rejects too (with a located error); the lenient
    // decoder rejects all but the structural ones, whose unknown elements it skips by design.
    let strict = specgen_runtime::xml::XmlOptions::strict();
    let mut lenient_accepts = Vec::new();
    for generation in ["odds-service", "trade360"] {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/feed/invalid")
            .join(generation);
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .collect();
        files.sort();
        for file in files {
            let bytes = std::fs::read(&file).unwrap();
            let name = file.file_name().unwrap().to_string_lossy().into_owned();
            let (strict_result, lenient_result) = if generation == "trade360" {
                (
                    T360Message::from_xml_with(&bytes, strict).map(drop),
                    T360Message::from_xml(&bytes).map(drop),
                )
            } else {
                (
                    OddsMessage::from_xml_with(&bytes, strict).map(drop),
                    OddsMessage::from_xml(&bytes).map(drop),
                )
            };
            let error = strict_result.expect_err(&name);
            assert!(error.path().starts_with("/Message"), "{name}: {error}");
            assert!(error.offset() > 0, "{name}: {error}");
            if lenient_result.is_ok() {
                lenient_accepts.push(name);
            }
        }
    }
    assert_eq!(
        lenient_accepts,
        [
            "bet-without-provider.xml",
            "attribute-form-scoreboard.xml",
            "market-with-provider-level.xml"
        ]
    );
}

#[test]
fn an_rms_fixture_metadata_request_is_a_trade360_message() {
    // The RMS `FixtureMetadataRequestDto` is exactly the Trade360 JSON shape.
    let json = br#"{
      "Header": {"Type": 1, "MsgSeq": 1042, "MsgGuid": "6f1c2a52-3b0e-4e39-9d36-0f6a3c1b2d4e",
                 "CreationDate": "2024-08-16T09:12:45.1124647Z", "ServerTimestamp": 1723799565112},
      "Body": {"Events": [{
        "FixtureId": 13120000,
        "Fixture": {
          "Subscription": {"Type": 1, "Status": 1},
          "Sport": {"Id": 6046, "Name": "Football"},
          "Location": {"Id": 243, "Name": "England"},
          "League": {"Id": 67, "Name": "Premier League"},
          "StartDate": "2024-09-01T12:30:00.0000000Z",
          "LastUpdate": "2024-08-01T09:12:00.1124647Z",
          "Status": 1,
          "Participants": [
            {"Id": 52000, "Name": "Arsenal", "Position": "1"},
            {"Id": 52001, "Name": "Chelsea", "Position": "2"}
          ]
        },
        "Livescore": null,
        "Markets": null
      }]}
    }"#;
    let rms: lsports::rms_customer_integration::FixtureMetadataRequestDto =
        specgen_runtime::from_json_slice(json).unwrap();
    assert!(specgen_runtime::Validate::validate(&rms).is_ok());
    let message = T360Message::from_json(json).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(message.header.msg_seq, Some(1042));
    let T360::FixtureMetadataUpdate(events) = &message.body else {
        panic!("{:?}", message.body)
    };
    let fixture = events[0].fixture.as_ref().unwrap();
    let participants = fixture.participants.as_ref().unwrap();
    assert_eq!(participants[1].name.as_deref(), Some("Chelsea"));
    assert_eq!(
        fixture
            .last_update
            .as_ref()
            .map(ToString::to_string)
            .as_deref(),
        Some("2024-08-01T09:12:00.1124647Z")
    );
    // Its XML form is valid Trade360 XML.
    xmllint::assert_valid(
        "trade360.xsd",
        &message.to_xml().unwrap(),
        "dispatch-rms-shape",
    );
}

#[test]
fn documents_over_the_size_limit_are_rejected_unread() {
    let limit = specgen_runtime::xml::DEFAULT_MAX_BYTES;
    let mut json = br#"{"Header":{"Type":1,"MsgGuid":"6f1c2a52-3b0e-4e39-9d36-0f6a3c1b2d4e","ServerTimestamp":1}}"#.to_vec();
    json.resize(limit + 1, b' ');
    let error = T360Message::from_json(&json).unwrap_err();
    assert!(error.message().contains("over the limit"), "{error}");
    let mut xml = b"<Message/>".to_vec();
    xml.resize(limit + 1, b' ');
    let error = OddsMessage::from_xml(&xml).unwrap_err();
    assert_eq!(error.offset(), limit, "{error}");
    // Within a raised limit, the same XML document is read (and found to lack its header).
    let options = specgen_runtime::xml::XmlOptions::default().with_max_bytes(limit + 1);
    let error = OddsMessage::from_xml_with(&xml, options).unwrap_err();
    assert!(error.message().contains("`Header`"), "{error}");
}

/// A body that holds a member its code does not carry is an error naming `Body` and that
/// member, in both generations, both formats and both modes: the message never decodes to a
/// variant that silently leaves the member out.
#[test]
fn bodies_holding_more_than_their_code_carries_are_errors() {
    const GUID: &str = "6f1c2a52-3b0e-4e39-9d36-0f6a3c1b2d4e";
    let xml = |code: u32, body: &str| {
        format!(
            "<Message><Header><Type>{code}</Type><MsgGuid>{GUID}</MsgGuid><ServerTimestamp>1</ServerTimestamp></Header><Body>{body}</Body></Message>"
        )
    };
    let json = |code: u32, body: &str| {
        format!(
            r#"{{"Header":{{"Type":{code},"MsgGuid":"{GUID}","ServerTimestamp":1}},"Body":{body}}}"#
        )
    };
    let strict = specgen_runtime::xml::XmlOptions::strict();
    let lenient = specgen_runtime::xml::XmlOptions::default();
    let check_xml = |error: specgen_runtime::xml::XmlError, text: &str, member: &str| {
        assert_eq!(error.path(), "/Message/Body", "{error}");
        assert_eq!(error.offset(), text.find("<Body>").unwrap(), "{error}");
        assert!(
            error.message().contains(&format!("holds `{member}`")),
            "{error}"
        );
    };
    let check_json = |error: specgen_runtime::DecodeError, member: &str| {
        assert_eq!(error.pointer(), format!("/Body/{member}"), "{error}");
        assert!(
            error.message().contains(&format!("holds `{member}`")),
            "{error}"
        );
    };

    // A case that carries one member: Type 3 carries `Events`; `KeepAlive` beside it.
    let extra = "<Events/><KeepAlive/>";
    for options in [lenient, strict] {
        let text = xml(3, extra);
        check_xml(
            OddsMessage::from_xml_with(text.as_bytes(), options).unwrap_err(),
            &text,
            "KeepAlive",
        );
        check_xml(
            T360Message::from_xml_with(text.as_bytes(), options).unwrap_err(),
            &text,
            "KeepAlive",
        );
    }
    let text = json(3, r#"{"Events":[],"KeepAlive":{}}"#);
    check_json(
        OddsMessage::from_json(text.as_bytes()).unwrap_err(),
        "KeepAlive",
    );
    check_json(
        T360Message::from_json(text.as_bytes()).unwrap_err(),
        "KeepAlive",
    );
    // A member the spec does not declare at all is no less lost: an error in JSON too.
    let text = json(3, r#"{"Events":[],"Extra":1}"#);
    check_json(
        OddsMessage::from_json(text.as_bytes()).unwrap_err(),
        "Extra",
    );
    check_json(
        T360Message::from_json(text.as_bytes()).unwrap_err(),
        "Extra",
    );

    // A case that carries a list: legacy Type 37 carries `Competition` items; a body with a
    // `Competitions` wrapper instead is not an empty list.
    let competitions = r#"<Competitions><Competition Id="1" Name="Cup" Type="1"/></Competitions>"#;
    for options in [lenient, strict] {
        let text = xml(37, competitions);
        check_xml(
            OddsMessage::from_xml_with(text.as_bytes(), options).unwrap_err(),
            &text,
            "Competitions",
        );
    }
    let text = json(37, r#"{"Competitions":[{"Id":1,"Name":"Cup","Type":1}]}"#);
    check_json(
        OddsMessage::from_json(text.as_bytes()).unwrap_err(),
        "Competitions",
    );
    // Trade360's heartbeat carries a list (`FeedInterrupted`); `Events` beside it.
    let text = xml(32, r#"<Events><Event FixtureId="1"/></Events>"#);
    check_xml(
        T360Message::from_xml(text.as_bytes()).unwrap_err(),
        &text,
        "Events",
    );
    let text = json(32, r#"{"Events":[{"FixtureId":1}]}"#);
    check_json(
        T360Message::from_json(text.as_bytes()).unwrap_err(),
        "Events",
    );

    // A required member that is missing names what the body holds instead.
    let text = xml(3, "<KeepAlive/>");
    let error = OddsMessage::from_xml(text.as_bytes()).unwrap_err();
    assert!(
        error
            .message()
            .contains("carries `Events` in `Body`, which is missing (it holds `KeepAlive`)"),
        "{error}"
    );
    let text = json(3, r#"{"KeepAlive":{}}"#);
    let error = OddsMessage::from_json(text.as_bytes()).unwrap_err();
    assert_eq!(error.pointer(), "/Body");
    assert!(
        error.message().contains("(it holds `KeepAlive`)"),
        "{error}"
    );

    // What a code carries alone still decodes, in both formats, and an empty list body is
    // an empty list.
    assert!(matches!(
        OddsMessage::from_xml(xml(3, "<Events/>").as_bytes())
            .unwrap()
            .body,
        Odds::MarketUpdate(_)
    ));
    assert!(matches!(
        T360Message::from_json(json(3, r#"{"Events":[]}"#).as_bytes())
            .unwrap()
            .body,
        T360::MarketUpdate(_)
    ));
    assert_eq!(
        OddsMessage::from_xml(xml(37, "").as_bytes()).unwrap().body,
        Odds::OutrightFixture(Vec::new())
    );
}
