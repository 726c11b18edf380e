//! The Trade360 feed's JSON form: the generated decoders against serde_json into a plain
//! derive model of the same messages (same members, same field types), over one corpus in
//! the same run.
//!
//! The corpus: market updates (Type 3) and settlements (Type 35) as LSports' Trade360 feed
//! sends them in JSON (`Body.Events[].Markets[].Bets[]`, ids beyond 2^53, prices as decimal
//! strings, 7-digit `LastUpdate`s), written by the generated `to_json` from values built
//! deterministically (SplitMix64, fixed seed).

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, SamplingMode, Throughput};
use lsports::trade360_feed::{self as t360, FeedMessage, Message};
use specgen_runtime::rust_decimal::Decimal;
use specgen_runtime::DateTime;

use super::Rng;

/// The corpus is at least this many bytes of JSON.
const CORPUS_BYTES: usize = 10 * 1024 * 1024;

const MARKETS: &[(i64, &str, &[&str])] = &[
    (1, "1X2", &["1", "X", "2"]),
    (2, "Under/Over", &["Over", "Under", "Over", "Under"]),
    (3, "Asian Handicap", &["1", "2", "1", "2"]),
    (7, "Double Chance", &["1X", "12", "X2"]),
    (17, "Both Teams To Score", &["Yes", "No"]),
    (52, "12", &["1", "2"]),
];

fn price(rng: &mut Rng) -> Decimal {
    // Thousandths, as the feed writes them: 2.875, 19, 3.4.
    let mut value = Decimal::new(rng.range(1_010, 41_000) as i64, 3);
    value = value.normalize();
    if value.scale() == 0 && rng.chance(30) {
        value.rescale(1);
    }
    value
}

fn last_update(rng: &mut Rng) -> DateTime {
    let text = format!(
        "2023-08-{:02}T{:02}:{:02}:{:02}.{:07}Z",
        rng.range(1, 28),
        rng.range(0, 23),
        rng.range(0, 59),
        rng.range(0, 59),
        rng.range(0, 9_999_999)
    );
    text.parse().unwrap()
}

fn message(rng: &mut Rng, sequence: i64) -> Message {
    let settlement = rng.chance(8);
    let header = t360::Header {
        type_: t360::MessageType::from_code(if settlement { 35 } else { 3 }),
        msg_guid: format!(
            "{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}",
            rng.next() >> 32,
            rng.next() & 0xffff,
            rng.next() & 0xfff,
            rng.next() & 0xfff,
            rng.next() & 0xffff_ffff_ffff
        ),
        server_timestamp: 1_691_049_300_000 + sequence * 97,
        msg_seq: Some(sequence),
        creation_date: rng.chance(50).then(|| last_update(rng)),
        additional_properties: Default::default(),
    };
    let mut events = Vec::new();
    for _ in 0..rng.range(1, 3) {
        let mut markets = Vec::new();
        let first = rng.range(0, MARKETS.len() as u64 - 1) as usize;
        for m in 0..rng.range(4, 10) as usize {
            let (id, name, names) = MARKETS[(first + m) % MARKETS.len()];
            let mut bets = Vec::new();
            for line in 0..rng.range(1, 3) {
                for bet_name in names {
                    let lined = matches!(id, 2 | 3);
                    let line_text = format!("{}.5", line + 1);
                    bets.push(t360::Bet {
                        id: Some(148_903_428_117_000_000 + rng.range(0, 999_999) as i64),
                        name: Some((*bet_name).to_owned()),
                        line: lined.then(|| line_text.clone()),
                        base_line: lined.then_some(line_text),
                        status: Some(t360::BetStatus::from_code(if settlement {
                            3
                        } else {
                            rng.range(1, 2) as i64
                        })),
                        start_price: rng.chance(40).then(|| price(rng)),
                        price: Some(price(rng)),
                        price_volume: rng
                            .chance(20)
                            .then(|| Decimal::new(rng.range(100, 999_999) as i64, 2)),
                        settlement: settlement
                            .then(|| t360::Settlement::from_code(rng.range(1, 2) as i64)),
                        provider_bet_id: rng
                            .chance(30)
                            .then(|| rng.range(10_000, 99_999).to_string()),
                        last_update: Some(last_update(rng)),
                        probability: rng
                            .chance(50)
                            .then(|| Decimal::new(rng.range(1, 9_999) as i64, 4)),
                        ..Default::default()
                    });
                }
            }
            markets.push(t360::Market {
                id: Some(id),
                name: Some(name.to_owned()),
                bets: Some(bets),
                ..Default::default()
            });
        }
        events.push(t360::Event {
            fixture_id: Some(rng.range(11_000_000, 11_999_999) as i64),
            markets: Some(markets),
            ..Default::default()
        });
    }
    Message {
        header,
        body: Some(Box::new(t360::Body {
            events: Some(events),
            ..Default::default()
        })),
        additional_properties: Default::default(),
    }
}

/// The serde baseline: the same members with the same field types, derived, nothing else
/// (no catch-all for undeclared members, no numbers-as-strings, no content rules). Decoded,
/// not read: hence `dead_code`.
#[allow(dead_code)]
pub mod plain {
    use serde::Deserialize;
    use specgen_runtime::rust_decimal::Decimal;
    use specgen_runtime::DateTime;

    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "PascalCase")]
    pub struct Message {
        pub header: Header,
        #[serde(default)]
        pub body: Option<Body>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "PascalCase")]
    pub struct Header {
        #[serde(rename = "Type")]
        pub type_: i64,
        pub msg_guid: String,
        pub server_timestamp: i64,
        #[serde(default)]
        pub msg_seq: Option<i64>,
        #[serde(default)]
        pub creation_date: Option<DateTime>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "PascalCase")]
    pub struct Body {
        #[serde(default)]
        pub events: Option<Vec<Event>>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "PascalCase")]
    pub struct Event {
        #[serde(default)]
        pub fixture_id: Option<i64>,
        #[serde(default)]
        pub markets: Option<Vec<Market>>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "PascalCase")]
    pub struct Market {
        #[serde(default)]
        pub id: Option<i64>,
        #[serde(default)]
        pub name: Option<String>,
        #[serde(default)]
        pub bets: Option<Vec<Bet>>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "PascalCase")]
    pub struct Bet {
        #[serde(default)]
        pub id: Option<i64>,
        #[serde(default)]
        pub name: Option<String>,
        #[serde(default)]
        pub line: Option<String>,
        #[serde(default)]
        pub base_line: Option<String>,
        #[serde(default)]
        pub status: Option<i64>,
        #[serde(default)]
        pub start_price: Option<Decimal>,
        #[serde(default)]
        pub price: Option<Decimal>,
        #[serde(default)]
        pub price_volume: Option<Decimal>,
        #[serde(default)]
        pub settlement: Option<i64>,
        #[serde(default)]
        pub provider_bet_id: Option<String>,
        #[serde(default)]
        pub last_update: Option<DateTime>,
        #[serde(default)]
        pub probability: Option<Decimal>,
        #[serde(default)]
        pub participant_id: Option<i64>,
        #[serde(default)]
        pub player_id: Option<i64>,
        #[serde(default)]
        pub player_name: Option<String>,
    }

    pub fn bets(message: &Message) -> usize {
        let events = message
            .body
            .iter()
            .filter_map(|body| body.events.as_ref())
            .flatten();
        events
            .filter_map(|event| event.markets.as_ref())
            .flatten()
            .map(|market| market.bets.as_ref().map_or(0, Vec::len))
            .sum()
    }
}

fn bets(message: &Message) -> usize {
    let events = message
        .body
        .iter()
        .filter_map(|body| body.events.as_ref())
        .flatten();
    events
        .filter_map(|event| event.markets.as_ref())
        .flatten()
        .map(|market| market.bets.as_ref().map_or(0, Vec::len))
        .sum()
}

/// The corpus, each message checked: all three decoders accept it and agree.
pub fn corpus() -> Vec<Vec<u8>> {
    let mut rng = Rng(0x7E4D_E360_0000_0003);
    let (mut corpus, mut bytes, mut total_bets) = (Vec::new(), 0, 0);
    while bytes < CORPUS_BYTES {
        let value = message(&mut rng, corpus.len() as i64 + 1);
        let json = value.to_json();
        // Before measuring: all three decoders accept it and agree.
        assert_eq!(
            Message::from_json(&json).expect("the generated decoder accepts it"),
            value
        );
        let typed = FeedMessage::from_json(&json).expect("the typed decoder accepts it");
        assert_eq!(typed.header, value.header);
        let plain: plain::Message = serde_json::from_slice(&json).expect("the baseline accepts it");
        assert_eq!(plain::bets(&plain), bets(&value));
        total_bets += bets(&value);
        bytes += json.len();
        corpus.push(json);
    }
    eprintln!(
        "Trade360 JSON corpus: {} messages, {bytes} bytes ({total_bets} bets)",
        corpus.len()
    );
    corpus
}

pub fn bench(c: &mut Criterion) {
    let corpus = corpus();
    let bytes: usize = corpus.iter().map(Vec::len).sum();

    let mut group = c.benchmark_group("json decode, Trade360");
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(20)
        .warm_up_time(Duration::from_secs(2))
        .measurement_time(Duration::from_secs(10))
        .throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("generated Message", |b| {
        b.iter(|| {
            for json in &corpus {
                black_box(Message::from_json(black_box(json)).unwrap());
            }
        })
    });
    group.bench_function("generated FeedMessage (typed)", |b| {
        b.iter(|| {
            for json in &corpus {
                black_box(FeedMessage::from_json(black_box(json)).unwrap());
            }
        })
    });
    group.bench_function("serde_json plain derive", |b| {
        b.iter(|| {
            for json in &corpus {
                black_box(serde_json::from_slice::<plain::Message>(black_box(json)).unwrap());
            }
        })
    });
    group.bench_function("serde_json plain derive, text (UTF-8 checked once)", |b| {
        b.iter(|| {
            for json in &corpus {
                let text = std::str::from_utf8(black_box(json)).unwrap();
                black_box(serde_json::from_str::<plain::Message>(text).unwrap());
            }
        })
    });
    group.finish();
}
