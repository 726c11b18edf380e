//! The push feed, both generations: every XML message and seed fragment decodes (strictly:
//! nothing is skipped), decode → encode → decode is a fixed point, and what the encoder writes
//! is accepted by libxml2 (`xmllint --schema`) as an independent validator.

use std::path::{Path, PathBuf};

use lsports::{odds_service_feed as odds, trade360_feed as t360};
use specgen_runtime::xml::{from_xml_root_with, to_xml_root, FromXml, ToXml, XmlOptions};
use specgen_tests::xmllint::assert_valid as xmllint;

fn fixtures(generation: &str, dir: &str) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/feed")
        .join(dir)
        .join(generation);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("{}: {e}", root.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "xml"))
        .collect();
    files.sort();
    files
}

fn strict() -> XmlOptions {
    XmlOptions {
        strict: true,
        ..XmlOptions::default()
    }
}

/// Decodes strictly, re-encodes, decodes again: values equal, second encoding identical.
fn round_trip<T: FromXml + ToXml + PartialEq + std::fmt::Debug>(
    bytes: &[u8],
    root: &str,
    label: &str,
) -> Vec<u8> {
    let first: T =
        from_xml_root_with(bytes, root, strict()).unwrap_or_else(|e| panic!("{label}: {e}"));
    let encoded = to_xml_root(&first, root).unwrap_or_else(|e| panic!("{label}: {e}"));
    let second: T = from_xml_root_with(&encoded, root, strict()).unwrap_or_else(|e| {
        panic!(
            "{label}: re-decoding the encoder's output: {e}\n{}",
            String::from_utf8_lossy(&encoded)
        )
    });
    assert_eq!(
        first, second,
        "{label}: decode → encode → decode changed the value"
    );
    assert_eq!(
        to_xml_root(&second, root).unwrap(),
        encoded,
        "{label}: encoding is not a fixed point"
    );
    encoded
}

#[test]
fn every_odds_service_message_round_trips_and_validates() {
    let mut checked = 0;
    for dir in ["seed", "domain"] {
        for file in fixtures("odds-service", dir) {
            let name = file.file_name().unwrap().to_string_lossy().into_owned();
            if name.contains(".fragment.") || name.contains(".placeholder.") {
                continue;
            }
            let label = format!("{dir}/odds-service/{name}");
            let encoded =
                round_trip::<odds::Message>(&std::fs::read(&file).unwrap(), "Message", &label);
            xmllint("odds-service.xsd", &encoded, &label);
            checked += 1;
        }
    }
    assert!(
        checked >= 16,
        "expected the seed heartbeat and 15 domain messages, checked {checked}"
    );
}

#[test]
fn every_trade360_message_round_trips_and_validates() {
    let mut checked = 0;
    for file in fixtures("trade360", "domain") {
        let label = format!(
            "domain/trade360/{}",
            file.file_name().unwrap().to_string_lossy()
        );
        let encoded =
            round_trip::<t360::Message>(&std::fs::read(&file).unwrap(), "Message", &label);
        xmllint("trade360.xsd", &encoded, &label);
        checked += 1;
    }
    assert!(checked >= 8, "checked {checked}");
}

#[test]
fn every_seed_fragment_decodes_as_its_element() {
    let mut checked = 0;
    for file in fixtures("odds-service", "seed")
        .into_iter()
        .chain(fixtures("trade360", "seed"))
    {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        if !name.contains(".fragment.") {
            continue;
        }
        let bytes = std::fs::read(&file).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        let root: String = text
            .trim_start()
            .trim_start_matches(|c| c != '<')
            .chars()
            .skip(1)
            .take_while(|c| c.is_alphanumeric())
            .collect();
        let label = format!("seed/{name}");
        let trade360 = file.parent().unwrap().ends_with("trade360");
        match (trade360, root.as_str()) {
            (true, "Livescore") => drop(round_trip::<t360::Livescore>(&bytes, &root, &label)),
            (false, "Livescore") => drop(round_trip::<odds::Livescore>(&bytes, &root, &label)),
            (false, "Scoreboard") => drop(round_trip::<odds::Scoreboard>(&bytes, &root, &label)),
            (false, "Fixture") => drop(round_trip::<odds::Fixture>(&bytes, &root, &label)),
            (false, "Header") => drop(round_trip::<odds::Header>(&bytes, &root, &label)),
            (false, "KeepAlive") => drop(round_trip::<odds::KeepAlive>(&bytes, &root, &label)),
            (false, "Markets") => drop(round_trip::<odds::Markets>(&bytes, &root, &label)),
            (false, "Participant") => drop(round_trip::<odds::Participant>(&bytes, &root, &label)),
            (false, "Statistic") => drop(round_trip::<odds::Statistic>(&bytes, &root, &label)),
            (false, "Competition") => drop(round_trip::<odds::Competition>(&bytes, &root, &label)),
            (false, "Competitions") => {
                drop(round_trip::<odds::Competitions>(&bytes, &root, &label))
            }
            (false, "FixtureExtraData" | "LivescoreExtraData" | "ParticipantExtraData") => {
                drop(round_trip::<odds::ExtraData>(&bytes, &root, &label))
            }
            (_, other) => panic!("{label}: no generated type mapped to <{other}>"),
        }
        checked += 1;
    }
    assert_eq!(checked, 16, "every seed fragment is covered");
}

#[test]
fn seed_values_are_kept_exactly() {
    let bytes = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/feed/seed/odds-service/004-markets.fragment.xml"),
    )
    .unwrap();
    let markets: odds::Markets = from_xml_root_with(&bytes, "Markets", strict()).unwrap();
    let market = &markets.market[0];
    assert_eq!((market.id, market.name.as_str()), (13, "European Handicap"));
    let provider = &market.provider.as_ref().unwrap()[0];
    assert_eq!(provider.name, "Bet365");
    assert_eq!(
        provider.last_update.to_string(),
        "2017-03-16T10:44:43.4209099Z",
        "7 fraction digits kept"
    );
    let bets = provider.bet.as_ref().unwrap();
    assert_eq!(
        bets[0].id, 18_933_138_861_385_821,
        "an id beyond 2^53, exact"
    );
    assert_eq!(
        bets[1].price.to_string(),
        "2.875",
        "prices are exact decimals"
    );
    assert_eq!(bets[0].status, odds::BetStatus::Open);
    assert_eq!(bets[0].line.as_deref(), Some("0:2"));

    let bytes = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/feed/seed/trade360/003-livescore.fragment.xml"),
    )
    .unwrap();
    let livescore: t360::Livescore = from_xml_root_with(&bytes, "Livescore", strict()).unwrap();
    let scoreboard = livescore.scoreboard.unwrap();
    assert_eq!(scoreboard.status, Some(t360::FixtureStatus::InProgress));
    assert_eq!(scoreboard.time, Some(1320));
    assert_eq!(scoreboard.results.unwrap().len(), 2);
    assert_eq!(livescore.statistics.unwrap().len(), 5);
}

#[test]
fn unknown_codes_elements_and_attributes_never_stop_a_consumer() {
    let message = br#"<Message><Header><Type>77</Type><MsgId>1</MsgId><MsgGuid>6f1c2a52-3b0e-4e39-9d36-0f6a3c1b2d4e</MsgGuid><ServerTimestamp>1</ServerTimestamp><Novel a="b"/></Header></Message>"#;
    let decoded: odds::Message =
        from_xml_root_with(message, "Message", XmlOptions::default()).unwrap();
    assert_eq!(decoded.header.type_, odds::MessageType::Unknown(77));
    let strict_error =
        from_xml_root_with::<odds::Message>(message, "Message", strict()).unwrap_err();
    assert!(strict_error.to_string().contains("Novel"), "{strict_error}");
    assert_eq!(strict_error.path(), "/Message/Header/Novel");
}

#[test]
fn bad_documents_are_located_errors() {
    let cases: [(&[u8], &str); 5] = [
        (b"<Message><Header>", "end of document"),
        (b"<Other/>", "Message"),
        (b"<!DOCTYPE x [<!ENTITY a \"b\">]><Message/>", "DOCTYPE"),
        (
            b"<Message><Header><Type>\xff</Type></Header></Message>",
            "UTF-8",
        ),
        (
            b"<Message><Header><Type>x</Type></Header></Message>",
            "integer",
        ),
    ];
    for (bytes, expected) in cases {
        let error = from_xml_root_with::<odds::Message>(bytes, "Message", XmlOptions::default())
            .unwrap_err();
        let text = error.to_string();
        assert!(
            text.to_lowercase().contains(&expected.to_lowercase()),
            "{text}"
        );
    }
    let deep = format!(
        "<Message>{}{}</Message>",
        "<X>".repeat(10_000),
        "</X>".repeat(10_000)
    );
    let error =
        from_xml_root_with::<odds::Message>(deep.as_bytes(), "Message", XmlOptions::default())
            .unwrap_err();
    assert!(error.to_string().contains("deep"), "{error}");
    let typed = from_xml_root_with::<odds::Message>(
        b"<Message><Header><Type>x</Type></Header></Message>",
        "Message",
        XmlOptions::default(),
    )
    .unwrap_err();
    assert_eq!(typed.path(), "/Message/Header/Type");
    assert!(typed.offset() > 0);
}

#[test]
fn message_types_have_xml_and_json_entry_points() {
    let bytes = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/feed/domain/trade360/type-03-market-update.xml"),
    )
    .unwrap();
    let message = t360::Message::from_xml(&bytes).unwrap();
    assert_eq!(
        t360::Message::from_xml(&message.to_xml().unwrap()).unwrap(),
        message
    );
    // The JSON form of the same message decodes to the same value.
    let json = message.to_json();
    assert_eq!(
        t360::Message::from_json(&json).unwrap(),
        message,
        "{}",
        String::from_utf8_lossy(&json)
    );
    let heartbeat = odds::Message::from_xml(
        &std::fs::read(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("fixtures/feed/seed/odds-service/004-heartbeat.xml"),
        )
        .unwrap(),
    )
    .unwrap();
    assert!(heartbeat.body.is_none(), "a heartbeat has no Body");
    assert_eq!(heartbeat.header.type_, odds::MessageType::Heartbeat);
}

#[test]
fn an_element_with_content_must_have_all_of_it() {
    // Trade360 content models are optional as a whole (`<Incidents />` is a null), but a bet
    // with content must have its required `Status`.
    let bytes = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/feed/invalid/trade360/bet-missing-status.xml"),
    )
    .unwrap();
    let error = t360::Message::from_xml(&bytes).unwrap_err();
    assert_eq!(error.message(), "missing required element `Status`");
    assert_eq!(error.path(), "/Message/Body/Events/Markets/Bets");
    let bets_at = String::from_utf8_lossy(&bytes).find("<Bets>").unwrap();
    assert_eq!(error.offset(), bets_at);
    // An empty element is still a null, in XML and in JSON validation.
    let empty: t360::Bet = from_xml_root_with(b"<Bets/>", "Bets", strict()).unwrap();
    assert_eq!(empty.status, None);
    let mut validator = specgen_runtime::Validator::new();
    t360::validation::bet(&serde_json::json!({}), &mut validator);
    assert!(validator.violations().is_empty());
    let mut validator = specgen_runtime::Validator::new();
    t360::validation::bet(&serde_json::json!({"Id": 1}), &mut validator);
    let missing: Vec<&str> = validator
        .violations()
        .iter()
        .filter(|v| v.keyword == "required")
        .map(|v| v.message.as_str())
        .collect();
    assert!(missing.iter().any(|m| m.contains("Status")), "{missing:?}");
    // The typed validation of a value built in code says the same.
    let built = t360::Bet {
        id: Some(1),
        ..Default::default()
    };
    let violations = specgen_runtime::Validate::validate(&built).unwrap_err();
    assert!(
        violations
            .iter()
            .any(|v| v.keyword == "required" && v.message.contains("Status")),
        "{violations:?}"
    );
    assert!(specgen_runtime::Validate::validate(&t360::Bet::default()).is_ok());
}

/// A heartbeat-sized document padded with blanks after the root to `len` bytes (blanks
/// after the root are allowed, so only the size can make it fail).
fn padded_message(len: usize) -> Vec<u8> {
    let mut bytes = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/feed/seed/odds-service/004-heartbeat.xml"),
    )
    .unwrap();
    assert!(bytes.len() <= len);
    bytes.resize(len, b' ');
    bytes
}

#[test]
fn oversized_documents_are_rejected_before_parsing() {
    use specgen_runtime::xml::DEFAULT_MAX_BYTES;
    // Over 100 MB: rejected at the limit, with the document's path, without being read
    // (a parse would succeed, so the error can only come from the size check).
    let huge = padded_message(100 * 1024 * 1024 + 1);
    let error = odds::Message::from_xml(&huge).unwrap_err();
    assert_eq!(error.offset(), DEFAULT_MAX_BYTES);
    assert_eq!(error.path(), "/");
    assert!(
        error.message().contains("over the limit of 67108864 bytes"),
        "{error}"
    );
    assert!(error.to_string().contains("byte 67108864"), "{error}");
    // Invalid UTF-8 past the limit does not matter: nothing is read.
    let mut bad = huge;
    *bad.last_mut().unwrap() = 0xFF;
    let error = odds::Message::from_xml(&bad).unwrap_err();
    assert_eq!(error.offset(), DEFAULT_MAX_BYTES);
    // The JSON entry point has the same limit.
    let error = odds::Message::from_json(&bad).unwrap_err();
    assert_eq!(error.pointer(), "");
    assert!(
        error.message().contains("over the limit of 67108864 bytes"),
        "{error}"
    );
}

#[test]
fn the_size_limit_can_be_lowered() {
    let bytes = padded_message(4096);
    let at_limit = XmlOptions::default().with_max_bytes(4096);
    let message: odds::Message = from_xml_root_with(&bytes, "Message", at_limit).unwrap();
    assert_eq!(message.header.type_, odds::MessageType::Heartbeat);
    let under = XmlOptions::default().with_max_bytes(4095);
    let error = from_xml_root_with::<odds::Message>(&bytes, "Message", under).unwrap_err();
    assert_eq!((error.offset(), error.path()), (4095, "/"));
    assert!(
        error
            .message()
            .contains("4096 bytes long, over the limit of 4095 bytes"),
        "{error}"
    );
}

#[test]
fn huge_values_within_the_limit_give_short_errors() {
    // A 16 MB text node and a 16 MB attribute value that do not parse: the error locates
    // them and quotes only their start.
    let value = "9".repeat(16 * 1024 * 1024);
    let text = format!("<Message><Header><Type>{value}</Type></Header></Message>");
    let error = odds::Message::from_xml(text.as_bytes()).unwrap_err();
    assert_eq!(error.path(), "/Message/Header/Type");
    assert_eq!(error.offset(), text.find(&value).unwrap());
    assert!(error.message().len() < 200, "{}", error.message());
    assert!(error.message().ends_with("…`"), "{}", error.message());
    let attribute = format!(
        r#"<Message><Header><Type>3</Type><MsgGuid>6f1c2a52-3b0e-4e39-9d36-0f6a3c1b2d4e</MsgGuid><ServerTimestamp>1</ServerTimestamp></Header><Body><Events><Event FixtureId="{value}"/></Events></Body></Message>"#
    );
    let error = odds::Message::from_xml(attribute.as_bytes()).unwrap_err();
    assert_eq!(error.path(), "/Message/Body/Events/Event");
    assert_eq!(error.offset(), attribute.find(&value).unwrap());
    assert!(error.message().len() < 200, "{}", error.message());
    // A huge string value within the limit decodes, borrowed until it is stored.
    let name = "n".repeat(16 * 1024 * 1024);
    let fixture = format!(
        r#"<Message><Header><Type>1</Type><MsgGuid>6f1c2a52-3b0e-4e39-9d36-0f6a3c1b2d4e</MsgGuid><ServerTimestamp>1</ServerTimestamp></Header><Body><Events><Event FixtureId="1"><Fixture LastUpdate="2023-08-03T07:54:42Z"><Sport Id="1" Name="{name}"/><League Id="1" Name="L"/><StartDate>2023-08-03T07:54:42Z</StartDate><Status>1</Status><Participants/></Fixture></Event></Events></Body></Message>"#
    );
    let message = odds::Message::from_xml(fixture.as_bytes()).unwrap();
    let event = &message.body.unwrap().events.unwrap().event[0];
    assert_eq!(event.fixture.as_ref().unwrap().sport.name.len(), name.len());
}
