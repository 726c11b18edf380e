//! Decoding and encoding the legacy odds-service feed (`lsports::odds_service_feed`).
//!
//! A deterministic corpus of about 10.5 MB of odds-service messages (each a whole
//! `<Message>` document, compact, with an XML declaration): market updates (Type 3) and
//! settlements (Type 35) with several markets × providers × bets, livescore updates
//! (Type 2) and fixture metadata (Type 1). Measured over the whole corpus, one message at
//! a time:
//!
//! - `xml decode/generated`: `Message::from_xml` (the generated decoder);
//! - `xml decode/serde quick-xml`: `quick_xml::de::from_str` into a serde-derive mirror of
//!   the same elements and attributes, decoding the same fields to the same types;
//! - `xml decode/raw quick-xml scan`: a quick-xml event loop reading every attribute
//!   value and every text node, building nothing (a floor for any decoder);
//! - `json decode/generated`: `Message::from_json` over the corpus as `to_json` wrote it;
//! - `xml encode/generated`: `to_xml_root_into`, reusing one buffer;
//! - `json decode, Trade360/…` (`feed/trade360.rs`): the Trade360 feed's JSON form, the
//!   generated `Message::from_json` and `FeedMessage::from_json` against serde_json into a
//!   plain derive model of the same messages.
//!
//! `cargo bench -p specgen-tests --bench feed`; figures in BENCHMARKS.md.

use std::fmt::Write as _;
use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, SamplingMode, Throughput};
use lsports::odds_service_feed::{FeedMessage, FeedMessageBody, Message};
use quick_xml::events::Event;
use specgen_runtime::xml::to_xml_root_into;

/// The corpus is at least this many bytes of XML.
const CORPUS_BYTES: usize = 10 * 1024 * 1024;

// ---------------------------------------------------------------------------------------
// Corpus
// ---------------------------------------------------------------------------------------

/// SplitMix64: a fixed seed gives the same corpus on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `low..=high`.
    fn range(&mut self, low: u64, high: u64) -> u64 {
        low + self.next() % (high - low + 1)
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.next() as usize % items.len()]
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

/// A decimal odds value from thousandths, as the feed writes it: "2.875", "19", "3.4".
fn decimal(out: &mut String, thousandths: u64) {
    let (whole, mut fraction) = (thousandths / 1000, thousandths % 1000);
    write!(out, "{whole}").unwrap();
    if fraction != 0 {
        let mut digits = 3;
        while fraction % 10 == 0 {
            fraction /= 10;
            digits -= 1;
        }
        write!(out, ".{fraction:0digits$}").unwrap();
    }
}

/// A LastUpdate value: mostly 7 fraction digits and `Z`, some whole seconds, some
/// (Betfair) 6 digits without offset, as in the feed's examples.
fn timestamp(out: &mut String, rng: &mut Rng, style: u8) {
    let (day, hour, minute, second) = (
        rng.range(1, 28),
        rng.range(0, 23),
        rng.range(0, 59),
        rng.range(0, 59),
    );
    write!(out, "2023-08-{day:02}T{hour:02}:{minute:02}:{second:02}").unwrap();
    match style {
        0 => write!(out, ".{:07}Z", rng.range(0, 9_999_999)).unwrap(),
        1 => out.push('Z'),
        _ => write!(out, ".{:06}", rng.range(0, 999_999)).unwrap(),
    }
}

fn guid(out: &mut String, rng: &mut Rng) {
    let (a, b) = (rng.next(), rng.next());
    write!(
        out,
        "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0xfff,
        0x8000 | (b >> 48) & 0x3fff,
        b & 0xffff_ffff_ffff
    )
    .unwrap();
}

fn header(out: &mut String, rng: &mut Rng, kind: u32, msg_id: u64) {
    out.push_str(r#"<?xml version="1.0" encoding="utf-8"?><Message><Header>"#);
    write!(out, "<Type>{kind}</Type><MsgId>{msg_id}</MsgId><MsgGuid>").unwrap();
    guid(out, rng);
    write!(
        out,
        "</MsgGuid><ServerTimestamp>{}</ServerTimestamp>",
        1_691_049_282 + msg_id
    )
    .unwrap();
    if rng.chance(50) {
        out.push_str("<CreationDate>");
        timestamp(out, rng, 0);
        out.push_str("</CreationDate>");
    }
    out.push_str("</Header><Body><Events>");
}

fn footer(out: &mut String) {
    out.push_str("</Events></Body></Message>");
}

/// Market id, name, and its bets: (name, line) pairs, lines `""` for none.
type MarketShape = (u32, &'static str, &'static [(&'static str, &'static str)]);

const MARKETS: &[MarketShape] = &[
    (1, "1X2", &[("1", ""), ("X", ""), ("2", "")]),
    (
        2,
        "Under/Over",
        &[
            ("Over", "1.5"),
            ("Under", "1.5"),
            ("Over", "2.5"),
            ("Under", "2.5"),
            ("Over", "3.5"),
            ("Under", "3.5"),
        ],
    ),
    (
        3,
        "Asian Handicap",
        &[
            ("1", "-0.25 (0-0)"),
            ("2", "0.25 (0-0)"),
            ("1", "-0.75 (0-0)"),
            ("2", "0.75 (0-0)"),
        ],
    ),
    (7, "Double Chance", &[("1X", ""), ("12", ""), ("X2", "")]),
    (
        13,
        "European Handicap",
        &[("1", "0:2"), ("X", "2:0"), ("2", "2:0")],
    ),
    (17, "Both Teams To Score", &[("Yes", ""), ("No", "")]),
    (
        21,
        "Under/Over 1st Period",
        &[("Over", "0.5"), ("Under", "0.5")],
    ),
    (41, "1st Period Winner", &[("1", ""), ("X", ""), ("2", "")]),
    (52, "12", &[("1", ""), ("2", "")]),
    (
        101,
        "Under/Over - Home Team",
        &[("Over", "1.5"), ("Under", "1.5")],
    ),
];

const PROVIDERS: &[(u32, &str)] = &[
    (8, "Bet365"),
    (7, "Tipico"),
    (31, "William Hill"),
    (145, "Betfair"),
    (4, "Pinnacle"),
    (74, "1xBet"),
];

/// A market update (Type 3) or, with `settlement`, a settlement message (Type 35).
fn market_message(out: &mut String, rng: &mut Rng, msg_id: u64, settlement: bool) {
    header(out, rng, if settlement { 35 } else { 3 }, msg_id);
    for _ in 0..rng.range(1, 3) {
        let fixture = rng.range(11_000_000, 11_999_999);
        write!(out, r#"<Event FixtureId="{fixture}"><Markets>"#).unwrap();
        let first = rng.range(0, MARKETS.len() as u64 - 1) as usize;
        for m in 0..rng.range(4, 10) as usize {
            let (market_id, market_name, bets) = MARKETS[(first + m) % MARKETS.len()];
            write!(out, r#"<Market Id="{market_id}" Name="{market_name}">"#).unwrap();
            let first_provider = rng.range(0, PROVIDERS.len() as u64 - 1) as usize;
            for p in 0..rng.range(2, 4) as usize {
                let (provider_id, provider_name) =
                    PROVIDERS[(first_provider + p) % PROVIDERS.len()];
                let exchange = provider_id == 145;
                write!(
                    out,
                    r#"<Provider Id="{provider_id}" Name="{provider_name}" LastUpdate=""#
                )
                .unwrap();
                timestamp(out, rng, if exchange { 2 } else { 0 });
                out.push('"');
                if exchange {
                    write!(
                        out,
                        r#" ProviderFixtureId="{}" ProviderLeagueId="{}" ProviderMarketId="1.{}""#,
                        rng.range(30_000_000, 32_000_000),
                        rng.range(10_000_000, 11_000_000),
                        rng.range(200_000_000, 209_999_999)
                    )
                    .unwrap();
                }
                out.push('>');
                let base = rng.next() % 1_000_000_000;
                for (b, (bet_name, line)) in bets.iter().enumerate() {
                    let id = 100_000_000_000_000_000
                        + base * 100_000_000
                        + u64::from(provider_id) * 1000
                        + (m * 10 + b) as u64;
                    write!(out, r#"<Bet Id="{id}" Name="{bet_name}""#).unwrap();
                    if !line.is_empty() {
                        write!(out, r#" Line="{line}" BaseLine="{}""#, bets[0].1).unwrap();
                    }
                    let status = if settlement {
                        3
                    } else {
                        *rng.pick(&[1, 1, 1, 1, 1, 1, 1, 2, 2, 3])
                    };
                    write!(out, r#" Status="{status}""#).unwrap();
                    if rng.chance(40) {
                        out.push_str(r#" StartPrice=""#);
                        decimal(out, rng.range(1_010, 12_000) / 5 * 5);
                        out.push('"');
                    }
                    out.push_str(r#" Price=""#);
                    decimal(out, rng.range(1_010, 21_000) / 5 * 5);
                    out.push('"');
                    if exchange {
                        out.push_str(r#" LayPrice=""#);
                        decimal(out, rng.range(1_010, 21_000) / 10 * 10);
                        out.push_str(r#"" PriceVolume=""#);
                        decimal(out, rng.range(1_000, 9_000_000) / 10 * 10);
                        out.push_str(r#"" LayPriceVolume=""#);
                        decimal(out, rng.range(1, 900) * 1000);
                        write!(out, r#"" ProviderBetId="{}""#, rng.range(10_000, 99_999)).unwrap();
                    }
                    if settlement {
                        write!(
                            out,
                            r#" Settlement="{}""#,
                            rng.pick(&[-1, 1, 1, 2, 2, 3, 4])
                        )
                        .unwrap();
                    }
                    out.push_str(r#" LastUpdate=""#);
                    let style = if exchange { 2 } else { *rng.pick(&[0, 0, 1]) };
                    timestamp(out, rng, style);
                    out.push_str(r#""/>"#);
                }
                out.push_str("</Provider>");
            }
            out.push_str("</Market>");
        }
        out.push_str("</Markets></Event>");
    }
    footer(out);
}

const PLAYERS: &[&str] = &[
    "Salah M.",
    "Lingard J.",
    "Lacazette A.",
    "Rojo M.",
    "Bellerin H.",
    "Koscielny L.",
    "Sanchez A.",
    "Herrera A.",
    "Pogba P.",
    "Valencia A.",
];

fn scores(out: &mut String, home: u64, away: u64) {
    write!(
        out,
        r#"<Score Position="1">{home}</Score><Score Position="2">{away}</Score>"#
    )
    .unwrap();
}

fn incidents(out: &mut String, rng: &mut Rng, period: u32, kind: u32, count: u64) {
    out.push_str("<Incidents>");
    let (mut home, mut away) = (0, 0);
    for _ in 0..count {
        let position = rng.range(1, 2);
        if position == 1 {
            home += 1;
        } else {
            away += 1;
        }
        write!(
            out,
            r#"<Incident Period="{period}" IncidentType="{kind}" Seconds="{}" ParticipantPosition="{position}""#,
            rng.range(60, 5400)
        )
        .unwrap();
        if rng.chance(50) {
            write!(out, r#" PlayerId="{}""#, rng.range(1000, 99_999)).unwrap();
        }
        write!(out, r#" PlayerName="{}">"#, rng.pick(PLAYERS)).unwrap();
        scores(out, home, away);
        out.push_str("</Incident>");
    }
    out.push_str("</Incidents>");
}

/// A livescore update (Type 2): scoreboard, periods with incidents, statistics.
fn livescore_message(out: &mut String, rng: &mut Rng, msg_id: u64) {
    header(out, rng, 2, msg_id);
    for _ in 0..rng.range(1, 2) {
        let fixture = rng.range(11_000_000, 11_999_999);
        write!(out, r#"<Event FixtureId="{fixture}"><Livescore>"#).unwrap();
        let (home, away) = (rng.range(0, 4), rng.range(0, 4));
        write!(
            out,
            r#"<Scoreboard Status="{}" CurrentPeriod="{}""#,
            rng.pick(&[2, 2, 3]),
            rng.pick(&[10, 20, 80, 100])
        )
        .unwrap();
        if rng.chance(50) {
            write!(out, r#" Description="{}""#, rng.range(1, 5)).unwrap();
        }
        write!(out, r#" Time="{}">"#, rng.range(0, 5700)).unwrap();
        scores(out, home, away);
        out.push_str("</Scoreboard><Periods>");
        for (period, finished) in [(10, true), (20, rng.chance(50)), (100, false)] {
            write!(
                out,
                r#"<Period Type="{period}" IsFinished="{finished}" IsConfirmed="{finished}">"#
            )
            .unwrap();
            scores(out, home / 2, away / 2);
            let goals = rng.range(0, 3);
            if goals > 0 {
                incidents(out, rng, period, 9, goals);
            }
            out.push_str("</Period>");
        }
        out.push_str("</Periods><Statistics>");
        for kind in [1, 6, 7, 8, 10, 12, 20, 21, 1042] {
            write!(out, r#"<Statistic Type="{kind}">"#).unwrap();
            write!(
                out,
                r#"<Value Position="1">{}</Value><Value Position="2">{}</Value>"#,
                rng.range(0, 15),
                rng.range(0, 15)
            )
            .unwrap();
            if kind == 6 || kind == 7 {
                let count = rng.range(0, 4);
                if count > 0 {
                    incidents(out, rng, 20, kind, count);
                }
            }
            out.push_str("</Statistic>");
        }
        out.push_str("</Statistics>");
        if rng.chance(50) {
            out.push_str("<LivescoreExtraData/>");
        } else {
            write!(
                out,
                r#"<ExtraData><Data Name="Turn">{}</Data><Data Name="Weather">Clear &amp; dry</Data></ExtraData>"#,
                rng.range(1, 2)
            )
            .unwrap();
        }
        out.push_str("</Livescore></Event>");
    }
    footer(out);
}

const TEAMS: &[(u32, &str)] = &[
    (19, "Liverpool"),
    (3, "Arsenal"),
    (52, "Brighton &amp; Hove Albion"),
    (4, "Chelsea"),
    (51_982_938, "Crewe Alexandra U23"),
    (52_323_724, "Bristol City U23"),
    (2_231, "Real Madrid"),
    (2_232, "FC Barcelona"),
    (6_134, "Bayern Munich"),
    (6_160, "Borussia Dortmund"),
];

const LEAGUES: &[(u32, &str, u32, &str)] = &[
    (67, "Premier League", 243, "England"),
    (40_789, "Development League U23", 243, "England"),
    (8_363, "LaLiga", 142, "Spain"),
    (65, "Bundesliga", 4, "Germany"),
];

/// Fixture metadata (Type 1): sport, location, league, start, status, participants.
fn fixture_message(out: &mut String, rng: &mut Rng, msg_id: u64) {
    header(out, rng, 1, msg_id);
    for _ in 0..rng.range(5, 20) {
        let fixture = rng.range(11_000_000, 11_999_999);
        write!(out, r#"<Event FixtureId="{fixture}"><Fixture LastUpdate=""#).unwrap();
        timestamp(out, rng, 0);
        out.push('"');
        if rng.chance(50) {
            write!(
                out,
                r#" ExternalProviderId="{}""#,
                rng.range(100_000, 999_999)
            )
            .unwrap();
        }
        let (league, league_name, location, location_name) = *rng.pick(LEAGUES);
        write!(
            out,
            r#"><Sport Id="6046" Name="Football"/><Location Id="{location}" Name="{location_name}"/><League Id="{league}" Name="{league_name}"/><StartDate>"#
        )
        .unwrap();
        timestamp(out, rng, 1);
        write!(
            out,
            "</StartDate><Status>{}</Status>",
            rng.pick(&[1, 1, 2, 3, 9, 99])
        )
        .unwrap();
        if rng.chance(40) {
            out.push_str(
                r#"<FixtureExtraData><Data Name="Venue">Anfield</Data></FixtureExtraData>"#,
            );
        }
        out.push_str("<Participants>");
        let home = rng.range(0, TEAMS.len() as u64 - 1) as usize;
        for (position, team) in [(1, home), (2, (home + 1) % TEAMS.len())] {
            let (id, name) = TEAMS[team];
            write!(
                out,
                r#"<Participant Id="{id}" Name="{name}" Position="{position}""#
            )
            .unwrap();
            if rng.chance(50) {
                write!(out, r#" RotationId="{}""#, 500 + position).unwrap();
            }
            out.push_str("/>");
        }
        out.push_str("</Participants></Fixture></Event>");
    }
    footer(out);
}

/// The corpus: per 20 messages, 15 market updates, 1 settlement, 3 livescore, 1 fixture.
fn corpus() -> Vec<String> {
    let mut rng = Rng(0x5EED_0DD5);
    let mut messages = Vec::new();
    let mut total = 0;
    let mut msg_id = 20_411;
    while total < CORPUS_BYTES {
        let mut out = String::new();
        match messages.len() % 20 {
            0 => fixture_message(&mut out, &mut rng, msg_id),
            5 | 11 | 17 => livescore_message(&mut out, &mut rng, msg_id),
            13 => market_message(&mut out, &mut rng, msg_id, true),
            _ => market_message(&mut out, &mut rng, msg_id, false),
        }
        msg_id += 1;
        total += out.len();
        messages.push(out);
    }
    messages
}

// ---------------------------------------------------------------------------------------
// The serde baseline: the same elements and attributes, decoded to the same types
// (ids i64, prices Decimal, timestamps specgen_runtime::DateTime, code tables i64).
// ---------------------------------------------------------------------------------------

#[allow(dead_code)]
mod mirror {
    use serde::Deserialize;
    use specgen_runtime::rust_decimal::Decimal;
    use specgen_runtime::DateTime;

    #[derive(Deserialize)]
    pub struct Message {
        #[serde(rename = "Header")]
        pub header: Header,
        #[serde(rename = "Body")]
        pub body: Option<Body>,
    }

    #[derive(Deserialize)]
    pub struct Header {
        #[serde(rename = "Type")]
        pub type_: i64,
        #[serde(rename = "MsgId")]
        pub msg_id: Option<i64>,
        #[serde(rename = "MsgGuid")]
        pub msg_guid: String,
        #[serde(rename = "ServerTimestamp")]
        pub server_timestamp: i64,
        #[serde(rename = "CreationDate")]
        pub creation_date: Option<DateTime>,
    }

    #[derive(Deserialize)]
    pub struct Body {
        #[serde(rename = "Events")]
        pub events: Option<Events>,
    }

    #[derive(Deserialize)]
    pub struct Events {
        #[serde(rename = "Event", default)]
        pub event: Vec<Event>,
    }

    #[derive(Deserialize)]
    pub struct Event {
        #[serde(rename = "@FixtureId")]
        pub fixture_id: i64,
        #[serde(rename = "Fixture")]
        pub fixture: Option<Fixture>,
        #[serde(rename = "Markets")]
        pub markets: Option<Markets>,
        #[serde(rename = "Livescore")]
        pub livescore: Option<Livescore>,
    }

    #[derive(Deserialize)]
    pub struct IdName {
        #[serde(rename = "@Id")]
        pub id: i64,
        #[serde(rename = "@Name")]
        pub name: String,
    }

    #[derive(Deserialize)]
    pub struct Fixture {
        #[serde(rename = "@LastUpdate")]
        pub last_update: DateTime,
        #[serde(rename = "@ExternalProviderId")]
        pub external_provider_id: Option<i64>,
        #[serde(rename = "Sport")]
        pub sport: IdName,
        #[serde(rename = "Location")]
        pub location: Option<IdName>,
        #[serde(rename = "League")]
        pub league: IdName,
        #[serde(rename = "StartDate")]
        pub start_date: DateTime,
        #[serde(rename = "Status")]
        pub status: i64,
        #[serde(rename = "FixtureExtraData")]
        pub fixture_extra_data: Option<ExtraData>,
        #[serde(rename = "Participants")]
        pub participants: Participants,
    }

    #[derive(Deserialize)]
    pub struct Participants {
        #[serde(rename = "Participant", default)]
        pub participant: Vec<Participant>,
    }

    #[derive(Deserialize)]
    pub struct Participant {
        #[serde(rename = "@Id")]
        pub id: i64,
        #[serde(rename = "@Name")]
        pub name: String,
        #[serde(rename = "@Position")]
        pub position: String,
        #[serde(rename = "@RotationId")]
        pub rotation_id: Option<i32>,
        #[serde(rename = "@IsActive")]
        pub is_active: Option<bool>,
    }

    #[derive(Deserialize)]
    pub struct ExtraData {
        #[serde(rename = "Data", default)]
        pub data: Vec<Data>,
    }

    #[derive(Deserialize)]
    pub struct Data {
        #[serde(rename = "@Name")]
        pub name: String,
        #[serde(rename = "$text", default)]
        pub value: String,
    }

    #[derive(Deserialize)]
    pub struct Markets {
        #[serde(rename = "Market", default)]
        pub market: Vec<Market>,
    }

    #[derive(Deserialize)]
    pub struct Market {
        #[serde(rename = "@Id")]
        pub id: i64,
        #[serde(rename = "@Name")]
        pub name: String,
        #[serde(rename = "Provider", default)]
        pub provider: Vec<Provider>,
    }

    #[derive(Deserialize)]
    pub struct Provider {
        #[serde(rename = "@Id")]
        pub id: i64,
        #[serde(rename = "@Name")]
        pub name: String,
        #[serde(rename = "@LastUpdate")]
        pub last_update: DateTime,
        #[serde(rename = "@ProviderFixtureId")]
        pub provider_fixture_id: Option<String>,
        #[serde(rename = "@ProviderLeagueId")]
        pub provider_league_id: Option<String>,
        #[serde(rename = "@ProviderMarketId")]
        pub provider_market_id: Option<String>,
        #[serde(rename = "Bet", default)]
        pub bet: Vec<Bet>,
    }

    #[derive(Deserialize)]
    pub struct Bet {
        #[serde(rename = "@Id")]
        pub id: i64,
        #[serde(rename = "@Name")]
        pub name: String,
        #[serde(rename = "@Line")]
        pub line: Option<String>,
        #[serde(rename = "@BaseLine")]
        pub base_line: Option<String>,
        #[serde(rename = "@Status")]
        pub status: i64,
        #[serde(rename = "@StartPrice")]
        pub start_price: Option<Decimal>,
        #[serde(rename = "@Price")]
        pub price: Decimal,
        #[serde(rename = "@LayPrice")]
        pub lay_price: Option<Decimal>,
        #[serde(rename = "@PriceVolume")]
        pub price_volume: Option<Decimal>,
        #[serde(rename = "@LayPriceVolume")]
        pub lay_price_volume: Option<Decimal>,
        #[serde(rename = "@Settlement")]
        pub settlement: Option<i64>,
        #[serde(rename = "@ProviderBetId")]
        pub provider_bet_id: Option<String>,
        #[serde(rename = "@LastUpdate")]
        pub last_update: DateTime,
        #[serde(rename = "@ParticipantId")]
        pub participant_id: Option<i64>,
    }

    #[derive(Deserialize)]
    pub struct Livescore {
        #[serde(rename = "Scoreboard")]
        pub scoreboard: Option<Scoreboard>,
        #[serde(rename = "Periods")]
        pub periods: Option<Periods>,
        #[serde(rename = "Statistics")]
        pub statistics: Option<Statistics>,
        #[serde(rename = "LivescoreExtraData")]
        pub livescore_extra_data: Option<ExtraData>,
        #[serde(rename = "ExtraData")]
        pub extra_data: Option<ExtraData>,
    }

    #[derive(Deserialize)]
    pub struct Score {
        #[serde(rename = "@Position")]
        pub position: i32,
        #[serde(rename = "$text")]
        pub value: String,
    }

    #[derive(Deserialize)]
    pub struct Scoreboard {
        #[serde(rename = "@Status")]
        pub status: i64,
        #[serde(rename = "@Description")]
        pub description: Option<i64>,
        #[serde(rename = "@CurrentPeriod")]
        pub current_period: i64,
        #[serde(rename = "@Time")]
        pub time: Option<i32>,
        #[serde(rename = "Score", default)]
        pub score: Vec<Score>,
    }

    #[derive(Deserialize)]
    pub struct Periods {
        #[serde(rename = "Period", default)]
        pub period: Vec<Period>,
    }

    #[derive(Deserialize)]
    pub struct Period {
        #[serde(rename = "@Type")]
        pub type_: i64,
        #[serde(rename = "@IsFinished")]
        pub is_finished: bool,
        #[serde(rename = "@IsConfirmed")]
        pub is_confirmed: bool,
        #[serde(rename = "Score", default)]
        pub score: Vec<Score>,
        #[serde(rename = "Incidents")]
        pub incidents: Option<Incidents>,
    }

    #[derive(Deserialize)]
    pub struct Incidents {
        #[serde(rename = "Incident", default)]
        pub incident: Vec<Incident>,
    }

    #[derive(Deserialize)]
    pub struct Incident {
        #[serde(rename = "@Period")]
        pub period: i64,
        #[serde(rename = "@IncidentType")]
        pub incident_type: i64,
        #[serde(rename = "@Seconds")]
        pub seconds: i32,
        #[serde(rename = "@ParticipantPosition")]
        pub participant_position: i32,
        #[serde(rename = "@PlayerId")]
        pub player_id: Option<i64>,
        #[serde(rename = "@PlayerName")]
        pub player_name: Option<String>,
        #[serde(rename = "Score", default)]
        pub score: Vec<Score>,
    }

    #[derive(Deserialize)]
    pub struct Statistics {
        #[serde(rename = "Statistic", default)]
        pub statistic: Vec<Statistic>,
    }

    #[derive(Deserialize)]
    pub struct Statistic {
        #[serde(rename = "@Type")]
        pub type_: i64,
        #[serde(rename = "Value", default)]
        pub value: Vec<StatisticValue>,
        #[serde(rename = "Incidents")]
        pub incidents: Option<Incidents>,
    }

    #[derive(Deserialize)]
    pub struct StatisticValue {
        #[serde(rename = "@Position")]
        pub position: String,
        #[serde(rename = "$text")]
        pub value: String,
    }

    /// Bets in a message (to check both decoders saw the same content).
    pub fn bets(message: &Message) -> usize {
        let events = message.body.iter().filter_map(|body| body.events.as_ref());
        events
            .flat_map(|events| &events.event)
            .filter_map(|event| event.markets.as_ref())
            .flat_map(|markets| &markets.market)
            .flat_map(|market| &market.provider)
            .map(|provider| provider.bet.len())
            .sum()
    }
}

/// Bets in a generated message.
fn bets(message: &Message) -> usize {
    let events = message.body.iter().filter_map(|body| body.events.as_ref());
    events
        .flat_map(|events| &events.event)
        .filter_map(|event| event.markets.as_ref())
        .flat_map(|markets| &markets.market)
        .flat_map(|market| market.provider.iter().flatten())
        .map(|provider| provider.bet.as_ref().map_or(0, Vec::len))
        .sum()
}

/// Every event of the document, every attribute value and every text node read once.
fn raw_scan(xml: &str) -> u64 {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut sum = 0u64;
    loop {
        match reader.read_event().expect("well-formed") {
            Event::Start(start) | Event::Empty(start) => {
                for attribute in start.attributes() {
                    let attribute = attribute.expect("well-formed attribute");
                    let value = attribute.value;
                    sum += value.len() as u64 + u64::from(value.first().copied().unwrap_or(0));
                }
            }
            Event::Text(text) => sum += text.len() as u64,
            Event::Eof => return sum,
            _ => sum += 1,
        }
    }
}

fn bench(c: &mut Criterion) {
    let corpus = corpus();
    let xml_bytes: usize = corpus.iter().map(String::len).sum();

    // Decode once: everything decodes, the baseline sees the same bets, and the codecs
    // round-trip.
    let messages: Vec<Message> = corpus
        .iter()
        .map(|xml| {
            Message::from_xml(xml.as_bytes()).expect("the generated decoder accepts the corpus")
        })
        .collect();
    let mut total_bets = 0;
    for (xml, message) in corpus.iter().zip(&messages) {
        let mirror: mirror::Message =
            quick_xml::de::from_str(xml).expect("the serde mirror accepts the corpus");
        assert_eq!(mirror::bets(&mirror), bets(message));
        total_bets += bets(message);
    }
    let json: Vec<Vec<u8>> = messages.iter().map(Message::to_json).collect();
    let json_bytes: usize = json.iter().map(Vec::len).sum();
    let mut encoded_bytes = 0;
    for (message, json) in messages.iter().zip(&json) {
        let xml = message.to_xml().expect("encodes");
        encoded_bytes += xml.len();
        assert_eq!(&Message::from_xml(&xml).expect("re-decodes"), message);
        assert_eq!(&Message::from_json(json).expect("JSON decodes"), message);
    }
    // The typed messages: the same values, and the legacy API's JSON form (bare `Body` array).
    let typed: Vec<FeedMessage> = corpus
        .iter()
        .map(|xml| {
            FeedMessage::from_xml(xml.as_bytes()).expect("typed decoding accepts the corpus")
        })
        .collect();
    let typed_json: Vec<Vec<u8>> = typed
        .iter()
        .map(|message| message.to_json().expect("no unknown codes in the corpus"))
        .collect();
    let typed_json_bytes: usize = typed_json.iter().map(Vec::len).sum();
    for ((message, typed), json) in messages.iter().zip(&typed).zip(&typed_json) {
        assert_eq!(&typed.header, &message.header);
        assert!(!matches!(typed.body, FeedMessageBody::Unknown(_)));
        assert_eq!(
            &FeedMessage::from_json(json).expect("typed JSON decodes"),
            typed
        );
    }
    let mut shape = std::collections::BTreeMap::<i64, (usize, usize, usize)>::new();
    for (xml, message) in corpus.iter().zip(&messages) {
        let entry = shape.entry(message.header.type_.code()).or_default();
        entry.0 += 1;
        entry.1 += xml.len();
        entry.2 = entry.2.max(xml.len());
    }
    for (kind, (count, bytes, largest)) in &shape {
        eprintln!(
            "  Type {kind}: {count} messages, {bytes} bytes (mean {}, largest {largest})",
            bytes / count
        );
    }
    eprintln!(
        "corpus: {} messages, {xml_bytes} bytes of XML ({total_bets} bets), {json_bytes} bytes \
         of JSON, {encoded_bytes} bytes re-encoded",
        corpus.len()
    );

    let mut group = c.benchmark_group("xml decode");
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(20)
        .warm_up_time(Duration::from_secs(2))
        .measurement_time(Duration::from_secs(10))
        .throughput(Throughput::Bytes(xml_bytes as u64));
    group.bench_function("generated", |b| {
        b.iter(|| {
            for xml in &corpus {
                black_box(Message::from_xml(black_box(xml.as_bytes())).unwrap());
            }
        })
    });
    group.bench_function("generated FeedMessage (typed)", |b| {
        b.iter(|| {
            for xml in &corpus {
                black_box(FeedMessage::from_xml(black_box(xml.as_bytes())).unwrap());
            }
        })
    });
    group.bench_function("serde quick-xml", |b| {
        b.iter(|| {
            for xml in &corpus {
                black_box(quick_xml::de::from_str::<mirror::Message>(black_box(xml)).unwrap());
            }
        })
    });
    group.bench_function("raw quick-xml scan", |b| {
        b.iter(|| {
            for xml in &corpus {
                black_box(raw_scan(black_box(xml)));
            }
        })
    });
    group.finish();

    let mut group = c.benchmark_group("json decode");
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(20)
        .warm_up_time(Duration::from_secs(2))
        .measurement_time(Duration::from_secs(10))
        .throughput(Throughput::Bytes(json_bytes as u64));
    group.bench_function("generated", |b| {
        b.iter(|| {
            for json in &json {
                black_box(Message::from_json(black_box(json)).unwrap());
            }
        })
    });
    group.finish();

    let mut group = c.benchmark_group("json decode, API form");
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(20)
        .warm_up_time(Duration::from_secs(2))
        .measurement_time(Duration::from_secs(10))
        .throughput(Throughput::Bytes(typed_json_bytes as u64));
    group.bench_function("generated FeedMessage (typed)", |b| {
        b.iter(|| {
            for json in &typed_json {
                black_box(FeedMessage::from_json(black_box(json)).unwrap());
            }
        })
    });
    group.finish();

    let mut group = c.benchmark_group("xml encode");
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(20)
        .warm_up_time(Duration::from_secs(2))
        .measurement_time(Duration::from_secs(10))
        .throughput(Throughput::Bytes(encoded_bytes as u64));
    let mut out = Vec::with_capacity(1 << 20);
    group.bench_function("generated", |b| {
        b.iter(|| {
            for message in &messages {
                out.clear();
                to_xml_root_into(black_box(message), "Message", &mut out).expect("encodes");
                black_box(out.len());
            }
        })
    });
    group.finish();
}

#[path = "feed/trade360.rs"]
mod trade360;

criterion_group!(benches, bench, trade360::bench);
criterion_main!(benches);
