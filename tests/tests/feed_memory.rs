//! Memory taken by decoded feed messages: the inline size of the types a message repeats,
//! and the peak heap of decoding a multi-MB message of small events, counted by this
//! binary's global allocator (its own test binary, so that no other test allocates during
//! the measurement).

use std::alloc::{GlobalAlloc, Layout, System};
use std::mem::size_of;
use std::sync::atomic::{AtomicUsize, Ordering};

use lsports::{odds_service_feed as odds, trade360_feed as t360};
use specgen_runtime::xml::XmlOptions;
use specgen_runtime::UndeclaredMembers;

/// The system allocator, counting the bytes live and the most ever live at once.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

/// The tests that measure take turns: the counters are the whole process's.
static MEASURING: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn grow(by: usize) {
    let live = LIVE.fetch_add(by, Ordering::Relaxed) + by;
    PEAK.fetch_max(live, Ordering::Relaxed);
}

// SAFETY: every call is forwarded to `System` unchanged; the counters only observe sizes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract for `alloc` is passed on as is.
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            grow(layout.size());
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as for `alloc`.
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: as for `alloc`.
        let new = unsafe { System.realloc(ptr, layout, new_size) };
        if !new.is_null() {
            // Counted as the change in size: a moving realloc has both blocks for a moment,
            // but large ones move by remapping pages, not by holding two copies.
            if new_size >= layout.size() {
                grow(new_size - layout.size());
            } else {
                LIVE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
            }
        }
        new
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The goal: a decoded message takes at most this many times its document's size, the
/// document included.
const MAX_RATIO: f64 = 20.0;

/// One message of `item` repeated between `head` and `tail` (separated by `separator`) to
/// about `bytes` bytes.
fn message(head: &str, item: &str, separator: &str, tail: &str, bytes: usize) -> (String, usize) {
    let count = (bytes - head.len() - tail.len()) / (item.len() + separator.len());
    let mut text = String::with_capacity(bytes);
    text.push_str(head);
    for i in 0..count {
        if i > 0 {
            text.push_str(separator);
        }
        text.push_str(item);
    }
    text.push_str(tail);
    (text, count)
}

/// Peak live heap while `decode` runs, over the document's size; the document itself is
/// live throughout and counts. `decode` returns how many events it found.
fn ratio(label: &str, document: &str, events: usize, decode: impl FnOnce(&[u8]) -> usize) -> f64 {
    PEAK.store(LIVE.load(Ordering::Relaxed), Ordering::Relaxed);
    let found = decode(document.as_bytes());
    assert_eq!(found, events, "{label}: every event decoded");
    let ratio = PEAK.load(Ordering::Relaxed) as f64 / document.len() as f64;
    println!(
        "{label}: {events} events, {} bytes, peak heap {:.1}× the document",
        document.len(),
        ratio
    );
    ratio
}

fn odds_events(message: odds::FeedMessage) -> usize {
    match message.body {
        odds::FeedMessageBody::FixtureMetadataUpdate(events) => events.event.len(),
        other => panic!("not a fixture metadata update: {other:?}"),
    }
}

fn t360_events(message: t360::FeedMessage) -> usize {
    match message.body {
        t360::FeedMessageBody::FixtureMetadataUpdate(events) => events.len(),
        other => panic!("not a fixture metadata update: {other:?}"),
    }
}

/// What a decoded event is made of: an optional struct member is one pointer (boxed), a
/// list wrapper one `Vec`, a required id one integer, the catch-all one pointer. Anything
/// added back inline would show here before it shows in a memory profile.
#[test]
fn repeated_feed_types_are_small() {
    let pointer = size_of::<usize>();
    // FixtureId, four optional structs, the `Markets` wrapper, the catch-all.
    assert_eq!(size_of::<Option<Box<odds::Fixture>>>(), pointer);
    assert!(
        size_of::<odds::Event>()
            <= size_of::<i64>()
                + 4 * pointer
                + size_of::<Vec<odds::Market>>()
                + size_of::<UndeclaredMembers>(),
        "odds Event: {} bytes",
        size_of::<odds::Event>()
    );
    // FixtureId (optional: the whole sequence may be empty), Fixture and Livescore
    // (boxed), the list of markets, the catch-all.
    assert!(
        size_of::<t360::Event>()
            <= size_of::<Option<i64>>()
                + 2 * pointer
                + size_of::<Option<Vec<t360::Market>>>()
                + size_of::<UndeclaredMembers>(),
        "trade360 Event: {} bytes",
        size_of::<t360::Event>()
    );
    // The fields have the boxed types (a compile-time check as much as a runtime one).
    let event = odds::Event {
        fixture_id: 1,
        fixture: None,
        outright_fixture: None,
        outright_league: None,
        markets: None,
        livescore: None,
        additional_properties: UndeclaredMembers::default(),
    };
    let _: &Option<Box<odds::Fixture>> = &event.fixture;
    let _: &Option<Box<odds::Livescore>> = &event.livescore;
}

/// 4 MiB of the smallest events each feed allows, decoded from XML and from JSON as the
/// typed message. Before optional structs were boxed, the odds-service event took 848
/// bytes and these were 38× (XML) and 52× (JSON) in peak RSS on 60 MiB.
#[test]
fn decoded_messages_take_at_most_twenty_times_their_document() {
    let _turn = MEASURING
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    const BYTES: usize = 4 << 20;
    let guid = "4f1c2b7e-9a3d-4c55-8e21-0b6d3a9f7c10";
    let options = XmlOptions::default();
    let mut ratios = Vec::new();

    let (xml, events) = message(
        &format!("<Message><Header><Type>1</Type><MsgId>1</MsgId><MsgGuid>{guid}</MsgGuid><ServerTimestamp>1</ServerTimestamp></Header><Body><Events>"),
        r#"<Event FixtureId="1"/>"#,
        "",
        "</Events></Body></Message>",
        BYTES,
    );
    ratios.push(ratio("odds-service XML", &xml, events, |bytes| {
        odds_events(odds::FeedMessage::from_xml_with(bytes, options).unwrap())
    }));
    drop(xml);

    let (json, events) = message(
        &format!(
            r#"{{"Header":{{"Type":1,"MsgId":1,"MsgGuid":"{guid}","ServerTimestamp":1}},"Body":{{"Events":["#
        ),
        r#"{"FixtureId":1}"#,
        ",",
        "]}}",
        BYTES,
    );
    ratios.push(ratio("odds-service JSON", &json, events, |bytes| {
        odds_events(odds::FeedMessage::from_json(bytes).unwrap())
    }));
    drop(json);

    let (xml, events) = message(
        &format!("<Message><Header><Type>1</Type><MsgGuid>{guid}</MsgGuid><ServerTimestamp>1</ServerTimestamp></Header><Body>"),
        "<Events><FixtureId>1</FixtureId></Events>",
        "",
        "</Body></Message>",
        BYTES,
    );
    ratios.push(ratio("trade360 XML", &xml, events, |bytes| {
        t360_events(t360::FeedMessage::from_xml_with(bytes, options).unwrap())
    }));
    drop(xml);

    let (json, events) = message(
        &format!(
            r#"{{"Header":{{"Type":1,"MsgGuid":"{guid}","ServerTimestamp":1}},"Body":{{"Events":["#
        ),
        r#"{"FixtureId":1}"#,
        ",",
        "]}}",
        BYTES,
    );
    ratios.push(ratio("trade360 JSON", &json, events, |bytes| {
        t360_events(t360::FeedMessage::from_json(bytes).unwrap())
    }));

    for ratio in ratios {
        assert!(ratio <= MAX_RATIO, "{ratio:.1}× exceeds {MAX_RATIO}×");
    }
}

/// How a worst-case document came out: decoded (with this many items) or refused.
fn bounded(
    label: &str,
    document: &str,
    decode: impl FnOnce(&[u8]) -> Result<usize, String>,
) -> (f64, Result<usize, String>) {
    PEAK.store(LIVE.load(Ordering::Relaxed), Ordering::Relaxed);
    let outcome = decode(document.as_bytes());
    let ratio = PEAK.load(Ordering::Relaxed) as f64 / document.len() as f64;
    println!(
        "{label}: {} bytes, peak heap {ratio:.1}× the document: {}",
        document.len(),
        match &outcome {
            Ok(items) => format!("decoded, {items} items"),
            Err(error) => format!("refused: {error}"),
        }
    );
    (ratio, outcome)
}

fn t360_bets(message: t360::FeedMessage) -> usize {
    let events = match message.body {
        t360::FeedMessageBody::MarketUpdate(events) => events,
        other => panic!("not a market update: {other:?}"),
    };
    events
        .iter()
        .flat_map(|event| event.markets.iter().flatten())
        .map(|market| market.bets.as_ref().map_or(0, Vec::len))
        .sum()
}

fn odds_bets(message: odds::FeedMessage) -> usize {
    let events = match message.body {
        odds::FeedMessageBody::MarketUpdate(events) => events.event,
        other => panic!("not a market update: {other:?}"),
    };
    events
        .iter()
        .flat_map(|event| event.markets.iter().flat_map(|markets| &markets.market))
        .flat_map(|market| market.provider.iter().flatten())
        .map(|provider| provider.bet.as_ref().map_or(0, Vec::len))
        .sum()
}

const MEMORY_MESSAGE: &str = "would take more memory than allowed";

/// Documents of nothing but empty elements (`<Bets/>`, `{}`) of a wide type whose members
/// are all optional: each decodes to the type's whole inline size, many times its few
/// bytes. Whatever the outcome, the peak heap stays within 20× the document: either the
/// value fits, or decoding stops at the memory budget with an error that says where.
#[test]
fn empty_elements_of_wide_types_take_at_most_twenty_times_their_document() {
    let _turn = MEASURING
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    const BYTES: usize = 4 << 20;
    let guid = "4f1c2b7e-9a3d-4c55-8e21-0b6d3a9f7c10";
    let options = XmlOptions::default();
    // These are the worst cases because an empty item costs more than 20× its text.
    assert!(
        size_of::<t360::Bet>() > 20 * "<Bets/>".len(),
        "{}",
        size_of::<t360::Bet>()
    );
    assert!(size_of::<t360::Bet>() > 20 * "{},".len());
    let mut ratios = Vec::new();

    // Trade360, XML: `<Bets/>` repeated in one market.
    let (xml, _) = message(
        &format!("<Message><Header><Type>3</Type><MsgGuid>{guid}</MsgGuid><ServerTimestamp>1</ServerTimestamp></Header><Body><Events><FixtureId>1</FixtureId><Markets><Id>1</Id><Name>1X2</Name>"),
        "<Bets/>",
        "",
        "</Markets></Events></Body></Message>",
        BYTES,
    );
    let (ratio, outcome) = bounded("trade360 XML, <Bets/>", &xml, |bytes| {
        t360::FeedMessage::from_xml_with(bytes, options)
            .map(t360_bets)
            .map_err(|error| error.to_string())
    });
    let error = outcome.expect_err("over the budget");
    assert!(error.contains(MEMORY_MESSAGE), "{error}");
    assert!(
        error.contains("/Message/Body/Events/Markets/Bets["),
        "{error}"
    );
    ratios.push(ratio);
    drop(xml);

    // Trade360, JSON: `{}` bets in one market.
    let (json, _) = message(
        &format!(
            r#"{{"Header":{{"Type":3,"MsgGuid":"{guid}","ServerTimestamp":1}},"Body":{{"Events":[{{"FixtureId":1,"Markets":[{{"Id":1,"Name":"1X2","Bets":["#
        ),
        "{}",
        ",",
        "]}]}]}}",
        BYTES,
    );
    let (ratio, outcome) = bounded("trade360 JSON, {} bets", &json, |bytes| {
        t360::FeedMessage::from_json(bytes)
            .map(t360_bets)
            .map_err(|error| error.to_string())
    });
    let error = outcome.expect_err("over the budget");
    assert!(error.contains(MEMORY_MESSAGE), "{error}");
    assert!(
        error.starts_with("at /Body/Events/0/Markets/0/Bets/"),
        "{error}"
    );
    ratios.push(ratio);
    drop(json);

    // Trade360, empty events (`<Events/>`, `{}`), and the smallest odds-service bet (its
    // required attributes only): these fit, or are refused, but stay within the bound.
    let (xml, _) = message(
        &format!("<Message><Header><Type>1</Type><MsgGuid>{guid}</MsgGuid><ServerTimestamp>1</ServerTimestamp></Header><Body>"),
        "<Events/>",
        "",
        "</Body></Message>",
        BYTES,
    );
    ratios.push(
        bounded("trade360 XML, <Events/>", &xml, |bytes| {
            t360::FeedMessage::from_xml_with(bytes, options)
                .map(t360_events)
                .map_err(|error| error.to_string())
        })
        .0,
    );
    drop(xml);
    let (json, _) = message(
        &format!(
            r#"{{"Header":{{"Type":1,"MsgGuid":"{guid}","ServerTimestamp":1}},"Body":{{"Events":["#
        ),
        "{}",
        ",",
        "]}}",
        BYTES,
    );
    ratios.push(
        bounded("trade360 JSON, {} events", &json, |bytes| {
            t360::FeedMessage::from_json(bytes)
                .map(t360_events)
                .map_err(|error| error.to_string())
        })
        .0,
    );
    drop(json);

    // Empty boxed children: each event holds an empty `Fixture` and `Livescore`.
    let (xml, _) = message(
        &format!("<Message><Header><Type>1</Type><MsgGuid>{guid}</MsgGuid><ServerTimestamp>1</ServerTimestamp></Header><Body>"),
        "<Events><FixtureId>1</FixtureId><Fixture/><Livescore/></Events>",
        "",
        "</Body></Message>",
        BYTES,
    );
    ratios.push(
        bounded("trade360 XML, empty boxed children", &xml, |bytes| {
            t360::FeedMessage::from_xml_with(bytes, options)
                .map(t360_events)
                .map_err(|error| error.to_string())
        })
        .0,
    );
    drop(xml);
    let (json, _) = message(
        &format!(
            r#"{{"Header":{{"Type":1,"MsgGuid":"{guid}","ServerTimestamp":1}},"Body":{{"Events":["#
        ),
        r#"{"FixtureId":1,"Fixture":{},"Livescore":{}}"#,
        ",",
        "]}}",
        BYTES,
    );
    ratios.push(
        bounded("trade360 JSON, empty boxed children", &json, |bytes| {
            t360::FeedMessage::from_json(bytes)
                .map(t360_events)
                .map_err(|error| error.to_string())
        })
        .0,
    );
    drop(json);

    let bet = r#"<Bet Id="1" Name="1" Status="1" Price="1" LastUpdate="2023-08-03T07:54:42Z"/>"#;
    let (xml, bets) = message(
        &format!("<Message><Header><Type>3</Type><MsgId>1</MsgId><MsgGuid>{guid}</MsgGuid><ServerTimestamp>1</ServerTimestamp></Header><Body><Events><Event FixtureId=\"1\"><Markets><Market Id=\"1\" Name=\"1X2\"><Provider Id=\"8\" Name=\"Bet365\" LastUpdate=\"2023-08-03T07:54:42Z\">"),
        bet,
        "",
        "</Provider></Market></Markets></Event></Events></Body></Message>",
        BYTES,
    );
    let (ratio, outcome) = bounded("odds-service XML, smallest bets", &xml, |bytes| {
        odds::FeedMessage::from_xml_with(bytes, options)
            .map(odds_bets)
            .map_err(|error| error.to_string())
    });
    assert_eq!(outcome, Ok(bets), "a real shape of message fits");
    ratios.push(ratio);
    drop(xml);
    let bet = r#"{"Id":1,"Name":"1","Status":1,"Price":"1","LastUpdate":"2023-08-03T07:54:42Z"}"#;
    let (json, bets) = message(
        &format!(
            r#"{{"Header":{{"Type":3,"MsgId":1,"MsgGuid":"{guid}","ServerTimestamp":1}},"Body":{{"Events":[{{"FixtureId":1,"Markets":[{{"Id":1,"Name":"1X2","Provider":[{{"Id":8,"Name":"Bet365","LastUpdate":"2023-08-03T07:54:42Z","Bet":["#
        ),
        bet,
        ",",
        "]}]}]}]}}",
        BYTES,
    );
    let (ratio, outcome) = bounded("odds-service JSON, smallest bets", &json, |bytes| {
        odds::FeedMessage::from_json(bytes)
            .map(odds_bets)
            .map_err(|error| error.to_string())
    });
    assert_eq!(outcome, Ok(bets), "a real shape of message fits");
    ratios.push(ratio);
    drop(json);

    // Undeclared members (kept as JSON values) in one object, each a few bytes.
    let (json, _) = message(
        &format!(
            r#"{{"Header":{{"Type":1,"MsgGuid":"{guid}","ServerTimestamp":1}},"Body":{{"Events":[{{"FixtureId":1,"#
        ),
        r#""x":[]"#,
        ",",
        "}]}}",
        BYTES,
    );
    ratios.push(
        bounded("trade360 JSON, undeclared members", &json, |bytes| {
            t360::FeedMessage::from_json(bytes)
                .map(t360_events)
                .map_err(|error| error.to_string())
        })
        .0,
    );

    for ratio in ratios {
        assert!(ratio <= MAX_RATIO, "{ratio:.1}× exceeds {MAX_RATIO}×");
    }
}

/// API bodies too: `decode_valid` parses a JSON value and `decode_then_validate` the typed
/// model within the document's budget, so a body of many empty strings (3 bytes each, a
/// 24-byte `String` and more each decoded) takes 20× at most, or is refused before it does.
#[test]
fn api_bodies_of_empty_values_take_at_most_twenty_times_their_document() {
    use lsports::rms_bet::ValidationErrorResponseDto;
    let _serial = MEASURING
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let (document, _) = message(r#"{"errors":["#, r#""""#, ",", "]}", 4 << 20);
    let (ratio, outcome) = bounded("decode_valid, empty strings", &document, |bytes| {
        specgen_runtime::decode_valid::<ValidationErrorResponseDto>(bytes)
            .map(|body| body.errors.map_or(0, |errors| errors.len()))
            .map_err(|violations| violations[0].message.clone())
    });
    assert!(ratio <= MAX_RATIO, "{ratio:.1}× exceeds {MAX_RATIO}×");
    assert!(
        matches!(&outcome, Err(message) if message.contains("more memory than allowed")),
        "{outcome:?}"
    );
    let (ratio, outcome) = bounded("decode_then_validate, empty strings", &document, |bytes| {
        specgen_runtime::decode_then_validate::<ValidationErrorResponseDto>(bytes)
            .map(|body| body.errors.map_or(0, |errors| errors.len()))
            .map_err(|violations| violations[0].message.clone())
    });
    assert!(ratio <= MAX_RATIO, "{ratio:.1}× exceeds {MAX_RATIO}×");
    // The typed model fits the budget: every item is there.
    assert_eq!(outcome, Ok((document.len() - 13) / 3 + 1));
}
