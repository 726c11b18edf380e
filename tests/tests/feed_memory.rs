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
