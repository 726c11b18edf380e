//! Decodes one feed message file and reports what it decoded, for measuring peak memory:
//!
//! ```text
//! cargo run --release -p specgen-tests --example feed_memory -- write 60 /tmp/events.xml
//! /usr/bin/time -v target/release/examples/feed_memory odds-xml /tmp/events.xml
//! ```
//!
//! `write <MiB> <file>` writes an odds-service message of `<Event FixtureId="1"/>` repeated
//! (`.json` for its JSON form); `odds-xml`, `odds-json`, `trade360-xml` and `trade360-json`
//! decode a file as the typed message (`FeedMessage`).

use std::io::Write;
use std::process::ExitCode;

use lsports::{odds_service_feed, trade360_feed};
use specgen_runtime::xml::XmlOptions;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [mode, rest @ ..] = args.as_slice() else {
        eprintln!("usage: feed_memory write <MiB> <file> | <odds|trade360>-<xml|json> <file>");
        return ExitCode::from(2);
    };
    let result = match (mode.as_str(), rest) {
        ("write", [mib, file]) => write(mib, file),
        (mode, [file]) => decode(mode, file),
        _ => Err("bad arguments".to_owned()),
    };
    match result {
        Ok(report) => {
            println!("{report}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("{error}");
            ExitCode::FAILURE
        }
    }
}

fn write(mib: &str, file: &str) -> Result<String, String> {
    let bytes: usize = mib.parse::<usize>().map_err(|e| e.to_string())? * 1024 * 1024;
    let json = file.ends_with(".json");
    let (head, event, separator, tail) = if json {
        (
            r#"{"Header":{"Type":1,"MsgId":1,"MsgGuid":"4f1c2b7e-9a3d-4c55-8e21-0b6d3a9f7c10","ServerTimestamp":1},"Body":{"Events":["#,
            r#"{"FixtureId":1}"#,
            ",",
            "]}}",
        )
    } else {
        (
            "<Message><Header><Type>1</Type><MsgId>1</MsgId><MsgGuid>4f1c2b7e-9a3d-4c55-8e21-0b6d3a9f7c10</MsgGuid><ServerTimestamp>1</ServerTimestamp></Header><Body><Events>",
            r#"<Event FixtureId="1"/>"#,
            "",
            "</Events></Body></Message>",
        )
    };
    let count = (bytes - head.len() - tail.len()) / (event.len() + separator.len());
    let mut out = std::io::BufWriter::new(std::fs::File::create(file).map_err(|e| e.to_string())?);
    let mut put = |s: &str| out.write_all(s.as_bytes()).map_err(|e| e.to_string());
    put(head)?;
    for i in 0..count {
        if i > 0 {
            put(separator)?;
        }
        put(event)?;
    }
    put(tail)?;
    out.flush().map_err(|e| e.to_string())?;
    Ok(format!("{count} events"))
}

fn decode(mode: &str, file: &str) -> Result<String, String> {
    let bytes = std::fs::read(file).map_err(|e| e.to_string())?;
    let options = XmlOptions::default().with_max_bytes(usize::MAX);
    let events = match mode {
        "odds-xml" => odds_events(odds_service_feed::FeedMessage::from_xml_with(
            &bytes, options,
        )),
        "odds-json" => odds_events(odds_service_feed::FeedMessage::from_json(&bytes)),
        "trade360-xml" => {
            trade360_events(trade360_feed::FeedMessage::from_xml_with(&bytes, options))
        }
        "trade360-json" => trade360_events(trade360_feed::FeedMessage::from_json(&bytes)),
        other => return Err(format!("unknown mode `{other}`")),
    }?;
    Ok(format!(
        "{events} events from {} bytes (an event takes {} bytes in memory)",
        bytes.len(),
        std::mem::size_of::<odds_service_feed::Event>()
    ))
}

fn odds_events<E: std::fmt::Display>(
    message: Result<odds_service_feed::FeedMessage, E>,
) -> Result<usize, String> {
    use odds_service_feed::FeedMessageBody as B;
    match message.map_err(|e| e.to_string())?.body {
        B::FixtureMetadataUpdate(events) | B::LivescoreUpdate(events) | B::MarketUpdate(events) => {
            Ok(events.event.len())
        }
        _ => Ok(0),
    }
}

fn trade360_events<E: std::fmt::Display>(
    message: Result<trade360_feed::FeedMessage, E>,
) -> Result<usize, String> {
    use trade360_feed::FeedMessageBody as B;
    match message.map_err(|e| e.to_string())?.body {
        B::FixtureMetadataUpdate(events) | B::LivescoreUpdate(events) | B::MarketUpdate(events) => {
            Ok(events.len())
        }
        _ => Ok(0),
    }
}
