//! The codecs end to end, over hand-written types in the shape the emitter generates.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;

use super::error::{excerpt_bytes, EXCERPT_CHARS};
use super::*;
use crate::{DateTime, DecodeError, NumericDecimal};

// Hand-written in the shape `specgen`'s XML emitter generates.

#[derive(Debug, Clone, PartialEq)]
struct Message {
    header: Header,
    body: Option<Body>,
}

#[derive(Debug, Clone, PartialEq)]
struct Header {
    kind: i32,
    time: DateTime,
}

#[derive(Debug, Clone, PartialEq)]
struct Body {
    events: Vec<Event>,
}

#[derive(Debug, Clone, PartialEq)]
struct Event {
    fixture_id: i64,
    name: Option<String>,
    markets: Option<Vec<Market>>,
}

#[derive(Debug, Clone, PartialEq)]
struct Market {
    id: i64,
    bets: Vec<Bet>,
}

#[derive(Debug, Clone, PartialEq)]
struct Bet {
    id: i64,
    price: Decimal,
    line: Option<String>,
}

/// Text content with an attribute (`<Score Position="1">2</Score>`).
#[derive(Debug, Clone, PartialEq)]
struct Score {
    position: i32,
    value: String,
}

impl FromXml for Message {
    fn from_xml(reader: &mut XmlReader<'_>, start: &BytesStart<'_>) -> Result<Self, XmlError> {
        let mut f_header: Option<Header> = None;
        let mut f_body: Option<Body> = None;
        reader.no_attributes(start)?;
        while let Some(child) = reader.next_child()? {
            match child.name().as_ref() {
                b"Header" => {
                    reader.ensure_first(&f_header)?;
                    if let Some(value) = reader.decode_nillable(&child)? {
                        f_header = Some(value);
                    }
                }
                b"Body" => {
                    reader.ensure_first(&f_body)?;
                    f_body = Some(Body::from_xml(reader, &child)?);
                }
                _ => reader.unknown_element(&child)?,
            }
        }
        Ok(Self {
            header: reader.required_element(f_header, "Header")?,
            body: f_body,
        })
    }
}

impl ToXml for Message {
    fn to_xml(&self, writer: &mut XmlWriter, element: &str) {
        writer.start(element);
        self.header.to_xml(writer, "Header");
        if let Some(value) = &self.body {
            value.to_xml(writer, "Body");
        }
        writer.end(element);
    }
}

impl FromXml for Header {
    fn from_xml(reader: &mut XmlReader<'_>, start: &BytesStart<'_>) -> Result<Self, XmlError> {
        let mut f_kind: Option<i32> = None;
        let mut f_time: Option<DateTime> = None;
        for attr in reader.attributes(start)? {
            match attr.key {
                b"Type" => reader.attr_value(&mut f_kind, &attr)?,
                b"Time" => reader.attr_value(&mut f_time, &attr)?,
                _ => reader.unknown_attribute(&attr)?,
            }
        }
        reader.skip_content()?;
        Ok(Self {
            kind: reader.required_attribute(f_kind, "Type")?,
            time: reader.required_attribute(f_time, "Time")?,
        })
    }
}

impl ToXml for Header {
    fn to_xml(&self, writer: &mut XmlWriter, element: &str) {
        writer.start(element);
        writer.attr("Type", &self.kind);
        writer.attr("Time", &self.time);
        writer.end(element);
    }
}

impl FromXml for Body {
    fn from_xml(reader: &mut XmlReader<'_>, start: &BytesStart<'_>) -> Result<Self, XmlError> {
        let mut f_events: Option<Vec<Event>> = None;
        reader.no_attributes(start)?;
        while let Some(child) = reader.next_child()? {
            match child.name().as_ref() {
                b"Event" => {
                    let list = f_events.get_or_insert_with(Vec::new);
                    if let Some(value) = reader.decode_nillable(&child)? {
                        list.push(value);
                    }
                }
                _ => reader.unknown_element(&child)?,
            }
        }
        Ok(Self {
            events: f_events.unwrap_or_default(),
        })
    }
}

impl ToXml for Body {
    fn to_xml(&self, writer: &mut XmlWriter, element: &str) {
        writer.start(element);
        writer.list(&self.events, "Event", false);
        writer.end(element);
    }
}

impl FromXml for Event {
    fn from_xml(reader: &mut XmlReader<'_>, start: &BytesStart<'_>) -> Result<Self, XmlError> {
        let mut f_fixture_id: Option<i64> = None;
        let mut f_name: Option<String> = None;
        let mut f_markets: Option<Vec<Market>> = None;
        for attr in reader.attributes(start)? {
            match attr.key {
                b"FixtureId" => reader.attr_value(&mut f_fixture_id, &attr)?,
                _ => reader.unknown_attribute(&attr)?,
            }
        }
        while let Some(child) = reader.next_child()? {
            match child.name().as_ref() {
                b"Name" => {
                    reader.ensure_first(&f_name)?;
                    f_name = Some(String::from_xml(reader, &child)?);
                }
                b"Market" => {
                    let list = f_markets.get_or_insert_with(Vec::new);
                    if let Some(value) = reader.decode_nillable(&child)? {
                        list.push(value);
                    }
                }
                _ => reader.unknown_element(&child)?,
            }
        }
        Ok(Self {
            fixture_id: reader.required_attribute(f_fixture_id, "FixtureId")?,
            name: f_name,
            markets: f_markets,
        })
    }
}

impl ToXml for Event {
    fn to_xml(&self, writer: &mut XmlWriter, element: &str) {
        writer.start(element);
        writer.attr("FixtureId", &self.fixture_id);
        if let Some(value) = &self.name {
            value.to_xml(writer, "Name");
        }
        if let Some(value) = &self.markets {
            writer.list(value, "Market", true);
        }
        writer.end(element);
    }
}

impl FromXml for Market {
    fn from_xml(reader: &mut XmlReader<'_>, start: &BytesStart<'_>) -> Result<Self, XmlError> {
        let mut f_id: Option<i64> = None;
        let mut f_bets: Option<Vec<Bet>> = None;
        for attr in reader.attributes(start)? {
            match attr.key {
                b"Id" => reader.attr_value(&mut f_id, &attr)?,
                _ => reader.unknown_attribute(&attr)?,
            }
        }
        while let Some(child) = reader.next_child()? {
            match child.name().as_ref() {
                b"Bet" => {
                    let list = f_bets.get_or_insert_with(Vec::new);
                    if let Some(value) = reader.decode_nillable(&child)? {
                        list.push(value);
                    }
                }
                _ => reader.unknown_element(&child)?,
            }
        }
        Ok(Self {
            id: reader.required_attribute(f_id, "Id")?,
            bets: f_bets.unwrap_or_default(),
        })
    }
}

impl ToXml for Market {
    fn to_xml(&self, writer: &mut XmlWriter, element: &str) {
        writer.start(element);
        writer.attr("Id", &self.id);
        writer.list(&self.bets, "Bet", false);
        writer.end(element);
    }
}

impl FromXml for Bet {
    fn from_xml(reader: &mut XmlReader<'_>, start: &BytesStart<'_>) -> Result<Self, XmlError> {
        let mut f_id: Option<i64> = None;
        let mut f_price: Option<Decimal> = None;
        let mut f_line: Option<String> = None;
        for attr in reader.attributes(start)? {
            match attr.key {
                b"Id" => reader.attr_value(&mut f_id, &attr)?,
                b"Price" => reader.attr_value(&mut f_price, &attr)?,
                b"Line" => reader.attr_value(&mut f_line, &attr)?,
                _ => reader.unknown_attribute(&attr)?,
            }
        }
        reader.skip_content()?;
        Ok(Self {
            id: reader.required_attribute(f_id, "Id")?,
            price: reader.required_attribute(f_price, "Price")?,
            line: f_line,
        })
    }
}

impl ToXml for Bet {
    fn to_xml(&self, writer: &mut XmlWriter, element: &str) {
        writer.start(element);
        writer.attr("Id", &self.id);
        writer.attr("Price", &self.price);
        if let Some(value) = &self.line {
            writer.attr("Line", value);
        }
        writer.end(element);
    }
}

impl FromXml for Score {
    fn from_xml(reader: &mut XmlReader<'_>, start: &BytesStart<'_>) -> Result<Self, XmlError> {
        let mut f_position: Option<i32> = None;
        for attr in reader.attributes(start)? {
            match attr.key {
                b"Position" => reader.attr_value(&mut f_position, &attr)?,
                _ => reader.unknown_attribute(&attr)?,
            }
        }
        let f_value: Option<String> = Some(reader.read_value()?);
        Ok(Self {
            position: reader.required_attribute(f_position, "Position")?,
            value: reader.required_text(f_value)?,
        })
    }
}

impl ToXml for Score {
    fn to_xml(&self, writer: &mut XmlWriter, element: &str) {
        writer.start(element);
        writer.attr("Position", &self.position);
        writer.text(&self.value);
        writer.end(element);
    }
}

const DOCUMENT: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<!-- a feed message -->
<Message>
  <Header Type="3" Time="2023-08-03T07:54:42.1124647Z"/>
  <Body>
    <Event FixtureId="1">
      <Name>Home &amp; Away &#x41;</Name>
      <Market Id="10"><Bet Id="18933138861385821" Price="2.875" Line="0.5"/></Market>
    </Event>
    <Event FixtureId="2"/>
    <Event FixtureId="3">
      <Market Id="30">
        <Bet Id="1" Price="19"/>
        <Bet Id="2" Price="1.50" Line="a&lt;b"/>
      </Market>
    </Event>
  </Body>
</Message>
"#;

fn decode(text: &str) -> Result<Message, XmlError> {
    from_xml_root(text.as_bytes(), "Message")
}

fn strict(text: &str) -> Result<Message, XmlError> {
    from_xml_root_with(text.as_bytes(), "Message", XmlOptions::strict())
}

#[test]
fn decodes_and_re_encodes_exactly() {
    let message = decode(DOCUMENT).unwrap();
    assert_eq!(message.header.kind, 3);
    assert_eq!(
        message.header.time.to_string(),
        "2023-08-03T07:54:42.1124647Z"
    );
    let body = message.body.as_ref().unwrap();
    assert_eq!(body.events.len(), 3);
    assert_eq!(body.events[0].name.as_deref(), Some("Home & Away A"));
    let bet = &body.events[0].markets.as_ref().unwrap()[0].bets[0];
    assert_eq!(bet.id, 18_933_138_861_385_821);
    assert_eq!(bet.price.to_string(), "2.875");
    assert_eq!(body.events[1].markets, None);
    let bets = &body.events[2].markets.as_ref().unwrap()[0].bets;
    assert_eq!(bets[1].price.to_string(), "1.50");
    assert_eq!(bets[1].line.as_deref(), Some("a<b"));

    let encoded = to_xml_root(&message, "Message").unwrap();
    let text = String::from_utf8(encoded.clone()).unwrap();
    assert!(text.starts_with(
            r#"<Message><Header Type="3" Time="2023-08-03T07:54:42.1124647Z"/><Body><Event FixtureId="1"><Name>Home &amp; Away A</Name>"#
        ), "{text}");
    assert!(text.contains(r#"<Event FixtureId="2"/>"#), "{text}");
    assert!(
        text.contains(r#"<Bet Id="2" Price="1.50" Line="a&lt;b"/>"#),
        "{text}"
    );
    assert_eq!(decode(&text).unwrap(), message);
    let document = to_xml_document(&message, "Message").unwrap();
    assert!(document.starts_with(b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Message>"));
    assert_eq!(
        from_xml_root::<Message>(&document, "Message").unwrap(),
        message
    );
}

#[test]
fn text_content_with_attributes() {
    let score: Score = from_xml_root(br#"<Score Position="2">40</Score>"#, "Score").unwrap();
    assert_eq!(
        score,
        Score {
            position: 2,
            value: "40".into()
        }
    );
    let split: Score = from_xml_root(
        br#"<Score Position="1">a<!-- c -->b&gt;<![CDATA[<c>]]></Score>"#,
        "Score",
    )
    .unwrap();
    assert_eq!(split.value, "ab><c>");
    let empty: Score = from_xml_root(br#"<Score Position="1"/>"#, "Score").unwrap();
    assert_eq!(empty.value, "");
    let line_breaks = Score {
        position: 1,
        value: "a\r\nb & c".into(),
    };
    let encoded = to_xml_root(&line_breaks, "Score").unwrap();
    assert_eq!(
        encoded,
        br#"<Score Position="1">a&#xD;
b &amp; c</Score>"#
    );
    assert_eq!(
        from_xml_root::<Score>(&encoded, "Score").unwrap(),
        line_breaks
    );
}

#[test]
fn doctype_and_entity_declarations_are_rejected() {
    let bomb = r#"<?xml version="1.0"?>
<!DOCTYPE Message [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>
<Message><Header Type="1" Time="2022-03-21T13:00:00"/><Body><Event FixtureId="1"><Name>&b;</Name></Event></Body></Message>"#;
    let error = decode(bomb).unwrap_err();
    assert!(error.message().contains("DOCTYPE"), "{error}");
    assert_eq!(error.path(), "/");
    assert_eq!(error.line(), 2);
    assert_eq!(error.offset(), bomb.find("<!DOCTYPE").unwrap());
    // Without a DTD, an entity reference is undefined rather than expanded.
    let undefined = r#"<Message><Header Type="1" Time="2022-03-21T13:00:00"/><Body><Event FixtureId="1"><Name>&b;</Name></Event></Body></Message>"#;
    let error = decode(undefined).unwrap_err();
    assert!(
        error.message().contains("undefined entity `&b;`"),
        "{error}"
    );
    assert_eq!(error.path(), "/Message/Body/Event/Name");
    assert_eq!(error.offset(), undefined.find("&b;").unwrap());
}

#[test]
fn depth_limit_applies_to_decoded_and_skipped_elements() {
    let nested = format!(
        r#"<Message><Header Type="1" Time="2022-03-21T13:00:00"/><Body><Event FixtureId="1">{}{}</Event></Body></Message>"#,
        "<x>".repeat(100),
        "</x>".repeat(100)
    );
    let error = decode(&nested).unwrap_err();
    assert!(error.message().contains("limit of 64"), "{error}");
    assert!(error.path().starts_with("/Message/Body/Event/x"), "{error}");
    assert!(decode(&nested.replace("<x>", "").replace("</x>", "")).is_ok());
    // A lower limit on a document that is otherwise fine.
    let options = XmlOptions::default().with_max_depth(3);
    let error = from_xml_root_with::<Message>(DOCUMENT.as_bytes(), "Message", options).unwrap_err();
    assert!(error.message().contains("limit of 3"), "{error}");
    assert_eq!(error.path(), "/Message/Body/Event[1]/Name");
    let options = XmlOptions::default().with_max_depth(5);
    assert!(from_xml_root_with::<Message>(DOCUMENT.as_bytes(), "Message", options).is_ok());
}

#[test]
fn invalid_utf8_is_an_error_at_its_offset() {
    let mut bytes = DOCUMENT.as_bytes().to_vec();
    let at = DOCUMENT.find("Away").unwrap();
    bytes[at] = 0xFF;
    let error = from_xml_root::<Message>(&bytes, "Message").unwrap_err();
    assert!(error.message().contains("invalid UTF-8"), "{error}");
    assert_eq!(error.offset(), at);
    // Even inside content that would be skipped.
    let skipped = b"<Message><Header Type=\"1\" Time=\"2022-03-21T13:00:00\"/><Extra>\xC3\x28</Extra></Message>";
    let error = from_xml_root::<Message>(skipped, "Message").unwrap_err();
    assert!(error.message().contains("invalid UTF-8"), "{error}");
    // Another declared encoding.
    let latin = r#"<?xml version="1.0" encoding="ISO-8859-1"?><Message/>"#;
    let error = decode(latin).unwrap_err();
    assert!(error.message().contains("only UTF-8"), "{error}");
}

#[test]
fn truncated_documents_are_errors() {
    for cut in [
        DOCUMENT.find("<Market Id=\"30\">").unwrap() + 4,
        DOCUMENT.find("<Bet Id=\"1\"").unwrap(),
        DOCUMENT.find("</Body>").unwrap(),
        DOCUMENT.len() - 3,
    ] {
        let error = decode(&DOCUMENT[..cut]).unwrap_err();
        assert!(error.offset() <= cut, "{error}");
        assert!(error.path().starts_with("/Message"), "{error}");
    }
    let error = decode(&DOCUMENT[..DOCUMENT.find("</Body>").unwrap()]).unwrap_err();
    assert_eq!(
        error.message(),
        "unexpected end of document: element `Body` is not closed"
    );
    let error = decode("").unwrap_err();
    assert_eq!(error.message(), "no root element");
    let error =
        decode("<Message><Header Type=\"1\" Time=\"2022-03-21T13:00:00\"/></Mess>").unwrap_err();
    assert!(error.message().contains("Mess"), "{error}");
}

#[test]
fn attribute_syntax() {
    let single = DOCUMENT.replace(r#"Type="3""#, "Type = '3'");
    assert_eq!(decode(&single).unwrap().header.kind, 3);
    for (bad, reason) in [
        (r#"Type="3"Time"#, "expected a blank between attributes"),
        (r#"Type Time"#, "expected `=` after the attribute name"),
        (r#"Type=3 Time"#, "expected a quoted attribute value"),
    ] {
        let text = DOCUMENT.replace(r#"Type="3" Time"#, bad);
        let error = decode(&text).unwrap_err();
        assert_eq!(error.message(), format!("malformed attribute: {reason}"));
        assert_eq!(error.path(), "/Message/Header");
        let tag = text.find("<Header").unwrap();
        assert!(error.offset() > tag && error.offset() < tag + 30, "{error}");
    }
    let error = decode(&DOCUMENT.replace(r#"Type="3""#, r#"Type="a&bogus;b""#)).unwrap_err();
    assert!(error.message().starts_with("attribute `Type`: "), "{error}");
}

#[test]
fn wrong_root_names_both() {
    let error = from_xml_root::<Message>(b"<Envelope/>", "Message").unwrap_err();
    assert_eq!(
        error.message(),
        "expected root element `Message`, found `Envelope`"
    );
    assert_eq!(error.path(), "/Envelope");
    assert_eq!(error.offset(), 0);
    let error =
        decode("<Message><Header Type=\"1\" Time=\"2022-03-21T13:00:00\"/></Message><Message/>")
            .unwrap_err();
    assert!(error.message().contains("second root element"), "{error}");
}

#[test]
fn errors_name_the_path_and_offset() {
    let bad = DOCUMENT.replace(r#"Price="1.50""#, r#"Price="1,50""#);
    let error = decode(&bad).unwrap_err();
    assert_eq!(error.path(), "/Message/Body/Event[3]/Market/Bet[2]");
    assert_eq!(
        error.message(),
        "attribute `Price`: expected a decimal number, found `1,50`"
    );
    assert_eq!(error.offset(), bad.find("1,50").unwrap());
    assert_eq!(error.line(), 14);
    assert_eq!(
        error.to_string(),
        format!(
            "at /Message/Body/Event[3]/Market/Bet[2] (byte {}, line 14, column {}): {}",
            error.offset(),
            error.column(),
            error.message()
        )
    );
    // A missing required attribute names it, at the element's start tag.
    let missing = DOCUMENT.replace(r#"<Market Id="30">"#, "<Market>");
    let error = decode(&missing).unwrap_err();
    assert_eq!(error.message(), "missing required attribute `Id`");
    assert_eq!(error.path(), "/Message/Body/Event[3]/Market");
    assert_eq!(error.offset(), missing.find("<Market>").unwrap());
    // A missing required element, reported on its parent.
    let error = decode("<Message>\n  <Body/>\n</Message>").unwrap_err();
    assert_eq!(error.message(), "missing required element `Header`");
    assert_eq!(error.path(), "/Message");
    assert_eq!((error.line(), error.column()), (1, 1));
    // Integers.
    let bad = DOCUMENT.replace(r#"FixtureId="2""#, r#"FixtureId="x""#);
    let error = decode(&bad).unwrap_err();
    assert_eq!(
        error.message(),
        "attribute `FixtureId`: expected an integer, found `x`"
    );
    assert_eq!(error.path(), "/Message/Body/Event[2]");
    let bad = DOCUMENT.replace(r#"Type="3""#, r#"Type="99999999999""#);
    let error = decode(&bad).unwrap_err();
    assert_eq!(
        error.message(),
        "attribute `Type`: expected an integer in the 32-bit range, found `99999999999`"
    );
    // Duplicated attributes and elements.
    let error = decode(&DOCUMENT.replace(r#"<Bet Id="1" "#, r#"<Bet Id="1" Id="2" "#)).unwrap_err();
    assert_eq!(error.message(), "attribute `Id` appears more than once");
    let twice = DOCUMENT.replace(
        "<Body>",
        r#"<Header Type="1" Time="2022-03-21T13:00:00"/><Body>"#,
    );
    let error = decode(&twice).unwrap_err();
    assert_eq!(error.message(), "element `Header` appears more than once");
    assert_eq!(error.path(), "/Message/Header[2]");
    // Converted for callers that report `DecodeError`s.
    let error: DecodeError = decode(&bad).unwrap_err().into();
    assert_eq!(error.pointer(), "/Message/Header");
}

#[test]
fn unknown_elements_and_attributes_are_skipped_unless_strict() {
    let extra = DOCUMENT
            .replace(
                r#"<Event FixtureId="2"/>"#,
                r#"<Event FixtureId="2" CalculatedMargin="1.05"><Extra a="1"><Deep><Deeper/>text</Deep></Extra></Event>"#,
            )
            .replace("<Body>", r#"<Body xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#);
    let lenient = decode(&extra).unwrap();
    assert_eq!(lenient, decode(DOCUMENT).unwrap());

    let error = strict(&extra).unwrap_err();
    assert_eq!(error.message(), "unknown attribute `CalculatedMargin`");
    assert_eq!(error.path(), "/Message/Body/Event[2]");
    assert_eq!(error.offset(), extra.find("CalculatedMargin").unwrap());
    let extra = extra.replace(r#" CalculatedMargin="1.05""#, "");
    let error = strict(&extra).unwrap_err();
    assert_eq!(error.message(), "unknown element `Extra`");
    assert_eq!(error.path(), "/Message/Body/Event[2]/Extra");
    assert_eq!(error.offset(), extra.find("<Extra").unwrap());
    let error = strict(&DOCUMENT.replace("<Body>", "<Body>stray")).unwrap_err();
    assert_eq!(error.message(), "unexpected text content");
    assert!(strict(DOCUMENT).is_ok());
}

#[test]
fn empty_elements_are_absent_values() {
    // `<Header/>` (no attributes, no content) is a null: the required member is missing.
    let error = decode("<Message><Header/></Message>").unwrap_err();
    assert_eq!(error.message(), "missing required element `Header`");
    let error = decode("<Message><Header></Header></Message>").unwrap_err();
    assert_eq!(error.message(), "missing required element `Header`");
    let nil = r#"<Message xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><Header xsi:nil="true"/></Message>"#;
    assert_eq!(
        decode(nil).unwrap_err().message(),
        "missing required element `Header`"
    );
    // Any prefix, among other attributes; `false` is not a null.
    for (nil, is_null) in [
        (r#"i:nil="1""#, true),
        (r#"xsi:nil="true""#, true),
        (r#"xsi:nil="false""#, false),
        (r#"nil="true""#, false),
        (r#"xsi:nill="true""#, false),
    ] {
        let text =
            format!(r#"<Message><Header Type="1" {nil} Time="2022-03-21T13:00:00"/></Message>"#);
        match decode(&text) {
            Ok(message) => assert!(!is_null, "{text}: {message:?}"),
            Err(error) => {
                assert!(is_null, "{text}: {error}");
                assert_eq!(error.message(), "missing required element `Header`");
            }
        }
    }
    // An empty item of a list whose items cannot be empty: the list is present, empty.
    let message = decode(
            r#"<Message><Header Type="1" Time="2022-03-21T13:00:00"/><Body><Event FixtureId="1"><Market /></Event></Body></Message>"#,
        )
        .unwrap();
    let event = &message.body.as_ref().unwrap().events[0];
    assert_eq!(event.markets, Some(Vec::new()));
    let encoded = String::from_utf8(to_xml_root(&message, "Message").unwrap()).unwrap();
    assert!(
        encoded.contains(r#"<Event FixtureId="1"><Market/></Event>"#),
        "{encoded}"
    );
    // An empty element of a type that can be empty is a value.
    let message =
        decode(r#"<Message><Header Type="1" Time="2022-03-21T13:00:00"/><Body/></Message>"#)
            .unwrap();
    assert_eq!(message.body, Some(Body { events: Vec::new() }));
}

#[test]
fn values_parse_with_clear_errors_and_write_back() {
    fn round_trip<T: XmlValue + PartialEq + fmt::Debug>(text: &str) {
        let value = T::parse_xml(text).unwrap();
        let mut out = Vec::new();
        value.write_xml(&mut out, Escape::Text);
        assert_eq!(String::from_utf8(out).unwrap(), text);
    }
    round_trip::<i64>("-9223372036854775808");
    round_trip::<i32>("42");
    round_trip::<u64>("18446744073709551615");
    round_trip::<f64>("2.5");
    round_trip::<f64>("-INF");
    round_trip::<bool>("true");
    round_trip::<Decimal>("2.875");
    round_trip::<Decimal>("19");
    round_trip::<Decimal>("-0.50");
    round_trip::<Decimal>("-0.000000000000000001");
    round_trip::<Decimal>("123456789012345678901234.5678");
    for text in [
        "0",
        "-0",
        "+1.5",
        "1.",
        ".5",
        "-.5",
        "007.10",
        "999999999999999999",
        "1.000000000000000000",
    ] {
        assert_eq!(
            Decimal::parse_xml(text).unwrap(),
            Decimal::from_str(text).unwrap(),
            "{text}"
        );
        assert_eq!(
            Decimal::parse_xml(text).unwrap().to_string(),
            Decimal::from_str(text).unwrap().to_string(),
            "{text}"
        );
    }
    for text in ["", ".", "-", "1..2", "1e5", "0x10", "1_000"] {
        assert!(Decimal::parse_xml(text).is_err(), "{text}");
    }
    round_trip::<NumericDecimal>("1.10");
    round_trip::<DateTime>("2022-03-20T01:15:32.791982");
    round_trip::<DateTime>("2023-08-03T07:54:42.1124647Z");
    round_trip::<DateTime>("2023-08-03T07:54:42.5000000Z");
    round_trip::<DateTime>("2023-08-03T07:54:42Z");
    // The same instants chrono builds (a UTC value from chrono keeps the digits its
    // nanoseconds need, so these have no trailing fraction zeros).
    for (text, nanos) in [
        ("2023-08-03T07:54:42.1124647Z", 112_464_700),
        ("2023-08-03T07:54:42.123456789Z", 123_456_789),
        ("2023-08-03T07:54:42.1Z", 100_000_000),
        ("2023-08-03T07:54:42Z", 0),
    ] {
        let expected = chrono::NaiveDate::from_ymd_opt(2023, 8, 3)
            .and_then(|date| date.and_hms_nano_opt(7, 54, 42, nanos))
            .unwrap()
            .and_utc();
        assert_eq!(
            DateTime::parse_xml(text),
            Ok(DateTime::from(expected)),
            "{text}"
        );
    }
    round_trip::<DateTime>("2023-08-03T07:54:42.10Z");
    round_trip::<DateTime>("2016-12-31T23:59:60Z");
    for text in [
        "2023-02-30T07:54:42Z",
        "2023-08-03T07:54:61Z",
        "2023-08-03T07:54:42.Z",
        "2023-08-03T07:54:42.1234567890xZ",
    ] {
        assert!(DateTime::parse_xml(text).is_err(), "{text}");
    }
    // `xs:dateTime` and RFC 3339 set no limit on fraction digits: all are kept.
    round_trip::<DateTime>("2023-08-03T07:54:42.1234567890Z");
    round_trip::<DateTime>("1985-04-12T00:59:59.999999999999999+01:00");
    round_trip::<DateTime>("2024-01-01T00:00:00.5-05:30");
    round_trip::<chrono::NaiveDate>("2024-02-29");
    round_trip::<uuid::Uuid>("2f1c8f8e-3d2a-4c55-9b1e-0f6f1c2d3e4f");
    round_trip::<Vec<i32>>("1 2 3");
    round_trip::<Option<i32>>("");
    assert_eq!(bool::parse_xml("1"), Ok(true));
    assert_eq!(i32::parse_xml(" 7\n"), Ok(7));
    assert_eq!(
        i32::parse_xml("x").unwrap_err().message(),
        "expected an integer, found `x`"
    );
    assert_eq!(
        bool::parse_xml("yes").unwrap_err().message(),
        "expected a boolean (`true`, `false`, `1` or `0`), found `yes`"
    );
    assert_eq!(
        Decimal::parse_xml("1e5").unwrap_err().message(),
        "expected a decimal number without an exponent (the xs:decimal form, as in XML), found `1e5`"
    );
    assert!(DateTime::parse_xml("yesterday")
        .unwrap_err()
        .message()
        .contains("yesterday"));
    assert!(DateTime::parse_xml("2023-08-03 07:54:42")
        .unwrap_err()
        .message()
        .contains("`T`"));
    assert!(DateTime::parse_xml("2023-08-03T25:54:42")
        .unwrap_err()
        .message()
        .contains("25"));
    assert_eq!(
        uuid::Uuid::parse_xml("42").unwrap_err().message(),
        "expected a UUID, found `42`"
    );
    assert_eq!(
        f64::parse_xml("1.5.2").unwrap_err().message(),
        "expected a number, found `1.5.2`"
    );
}

#[test]
fn markup_other_than_elements_is_read_as_quick_xml_reads_it() {
    let expected = decode(DOCUMENT).unwrap();
    // A byte order mark, processing instructions, comments and CDATA between and
    // inside elements.
    let mixed = format!(
        "\u{FEFF}{}",
        DOCUMENT
            .replace("<Body>", "<Body><?pi data?><!-- <Event> -->")
            .replace(
                "<Name>Home &amp; Away &#x41;</Name>",
                "<Name>Home <!-- x -->&amp;<![CDATA[ Away ]]>&#x41;</Name>"
            )
    );
    assert_eq!(decode(&mixed).unwrap(), expected);
    // Quotes may hold `>` and `/`; blanks may surround `=` and end a tag.
    let quoted = DOCUMENT
        .replace(r#"Line="0.5"/>"#, "Line\n=\t'0.5' \n/>")
        .replace(r#"<Market Id="30">"#, r#"<Market Id="30" Note="a>b/" >"#)
        .replace("</Market>", "</Market >");
    assert_eq!(decode(&quoted).unwrap(), expected);
    // Malformed attributes of an element that is skipped are never looked at.
    let skipped = DOCUMENT.replace("<Body>", r#"<Body><Extra a="1"b></Extra>"#);
    assert_eq!(decode(&skipped).unwrap(), expected);
}

#[test]
fn tag_errors_are_located() {
    let text = DOCUMENT.replace("</Event>\n    <Event FixtureId=\"2\"/>", "</Evnt>");
    let error = decode(&text).unwrap_err();
    assert_eq!(
        error.message(),
        "ill-formed document: expected `</Event>`, but `</Evnt>` was found"
    );
    assert_eq!(error.offset(), text.find("</Evnt>").unwrap());
    assert_eq!(error.path(), "/Message/Body/Event[1]");
    let unclosed = &DOCUMENT[..DOCUMENT.find("Price=\"19\"").unwrap() + 3];
    let error = decode(unclosed).unwrap_err();
    assert!(error.message().contains("not closed"), "{error}");
    assert_eq!(error.offset(), unclosed.rfind('<').unwrap());
    // An unpaired quote swallows the rest of the tag and more.
    let error = decode(&DOCUMENT.replace(r#"Price="19""#, r#"Price="19"#)).unwrap_err();
    assert!(
        error.offset() >= DOCUMENT.find(r#"Price="19""#).unwrap() - 12,
        "{error}"
    );
    let error = decode(&format!("{DOCUMENT}</Message>")).unwrap_err();
    assert!(error.message().contains("`</Message>`"), "{error}");
    assert_eq!(error.offset(), DOCUMENT.len());
    let error = decode(&DOCUMENT.replace("&amp;", "&amp")).unwrap_err();
    assert!(error.offset() > DOCUMENT.find("<Name>").unwrap(), "{error}");
}

#[test]
fn error_messages_quote_only_the_start_of_long_values() {
    assert_eq!(excerpt("short"), "short");
    let long = "é".repeat(100);
    let shown = excerpt(&long);
    assert_eq!(shown.chars().count(), EXCERPT_CHARS + 1);
    assert!(shown.ends_with('…'));
    assert_eq!(excerpt_bytes(b"Name"), "Name");
    let name = excerpt_bytes(&[b'a'; 1000]);
    assert_eq!(name, format!("{}…", "a".repeat(EXCERPT_CHARS)));
    let error = i32::parse_xml(&"7".repeat(1 << 20)).unwrap_err();
    assert!(error.message().len() < 150, "{}", error.message());
}

#[test]
fn escaping() {
    let mut out = Vec::new();
    escape_into(&mut out, "a<b>&\"c\"\t\n\r", Escape::Attribute);
    assert_eq!(out, b"a&lt;b&gt;&amp;&quot;c&quot;&#x9;&#xA;&#xD;");
    out.clear();
    escape_into(&mut out, "a<b>&\"c\"\t\n", Escape::Text);
    assert_eq!(out, b"a&lt;b&gt;&amp;\"c\"\t\n");
    let mut writer = XmlWriter::new();
    writer.start("A");
    writer.attr("v", &"x\ty\nz".to_owned());
    writer.end("A");
    let bytes = writer.into_inner();
    // The attribute value survives a reader's normalization.
    let mut reader = XmlReader::new(&bytes, XmlOptions::default()).unwrap();
    let start = reader.root().unwrap();
    let attribute = reader.attributes(&start).unwrap().next().unwrap();
    assert_eq!(reader.parse_attr::<String>(&attribute).unwrap(), "x\ty\nz");
}

#[test]
fn decimals_of_any_length_never_overflow_or_round() {
    // 19 digits used to overflow the one-pass reader (a panic in every debug build).
    for text in [
        "9999999999999999999",
        "-9999999999999999999",
        "999999999.9999999999",
        "9223372036854775808",
        "99999999999999999999",
    ] {
        let value = Decimal::parse_xml(text).unwrap();
        assert_eq!(value, Decimal::from_str(text).unwrap(), "{text}");
        assert_eq!(value.to_string(), text.trim_start_matches('+'), "{text}");
    }
    assert_eq!(
        NumericDecimal::parse_xml("9999999999999999999")
            .unwrap()
            .to_string(),
        "9999999999999999999"
    );
    // A price a decimal cannot hold is an error, not silently rounded to 28 places.
    let long = "1.234567890123456789012345678901";
    let error = Decimal::parse_xml(long).unwrap_err();
    assert!(
        error.message().contains("cannot be held exactly"),
        "{}",
        error.message()
    );
    let document = format!(
        r#"<Message><Header Type="1" Time="2022-03-21T13:00:00"/><Body><Event FixtureId="1"><Market Id="1"><Bet Id="1" Price="{long}"/></Market></Event></Body></Message>"#
    );
    let error = decode(&document).unwrap_err();
    assert_eq!(error.path(), "/Message/Body/Event/Market/Bet");
    assert_eq!(error.offset(), document.find(long).unwrap());
    // Exponents: not `xs:decimal`, in XML as in JSON; exact for `NumericDecimal` (a JSON
    // number's form), in both as well.
    assert!(Decimal::parse_xml("1E2").is_err());
    assert_eq!(NumericDecimal::parse_xml("1E2").unwrap().to_string(), "100");
    assert!(NumericDecimal::parse_xml("1e-40").is_err());
}

#[test]
fn negative_zero_is_not_an_integer() {
    for text in ["-0", "-00", " -0 "] {
        let error = i64::parse_xml(text).unwrap_err();
        assert!(error.message().contains("negative zero"), "{text}: {error}");
        assert!(i32::parse_xml(text).is_err(), "{text}");
        assert!(u64::parse_xml(text).is_err(), "{text}");
    }
    assert_eq!(i64::parse_xml("0"), Ok(0));
    assert_eq!(i64::parse_xml("+0"), Ok(0));
    assert_eq!(i64::parse_xml("-1"), Ok(-1));
    // Decimals and floats have a negative zero of their own.
    assert_eq!(Decimal::parse_xml("-0"), Ok(Decimal::ZERO));
    assert!(f64::parse_xml("-0").unwrap().is_sign_negative());
}

/// A document with `piece` as the text of the first event's `<Name>`.
fn with_name(piece: &str) -> String {
    format!(
        r#"<Message><Header Type="1" Time="2022-03-21T13:00:00"/><Body><Event FixtureId="1"><Name>{piece}</Name></Event></Body></Message>"#
    )
}

#[test]
fn characters_xml_forbids_are_located_errors() {
    // Raw, in text: the path of the element holding it, the offset of the character.
    let document = with_name("a\u{1}b");
    let error = decode(&document).unwrap_err();
    assert_eq!(error.path(), "/Message/Body/Event/Name");
    assert_eq!(error.offset(), document.find('\u{1}').unwrap());
    assert!(error.message().contains("U+0001 is not allowed"), "{error}");
    // Raw, in an attribute value: the element whose tag holds it.
    let document = DOCUMENT.replace(r#"Line="0.5""#, "Line=\"0\u{1F}5\"");
    let error = decode(&document).unwrap_err();
    assert_eq!(error.path(), "/Message/Body/Event[1]/Market/Bet");
    assert_eq!(error.offset(), document.find('\u{1F}').unwrap());
    // U+FFFE and U+FFFF, raw.
    for bad in ['\u{FFFE}', '\u{FFFF}'] {
        let document = with_name(&format!("x{bad}"));
        let error = decode(&document).unwrap_err();
        assert_eq!(error.offset(), document.find(bad).unwrap(), "{bad:?}");
    }
    // Anywhere: in skipped content, comments and names too.
    for document in [
        DOCUMENT.replace("<Event FixtureId=\"2\"/>", "<Extra>\u{7}</Extra>"),
        DOCUMENT.replace("<!-- a feed message -->", "<!-- \u{0} -->"),
    ] {
        assert!(decode(&document).is_err(), "{document}");
    }
    // Character references naming one: in text, in attribute values, read or skipped.
    for (reference, named) in [
        ("&#1;", "U+0001"),
        ("&#xFFFE;", "U+FFFE"),
        ("&#x1F;", "U+001F"),
    ] {
        let document = with_name(&format!("a{reference}"));
        let error = decode(&document).unwrap_err();
        assert_eq!(error.path(), "/Message/Body/Event/Name", "{reference}");
        assert_eq!(
            error.offset(),
            document.find(reference).unwrap(),
            "{reference}"
        );
        assert!(
            error.message().contains(&format!(
                "`{reference}` names {named}, which XML 1.0 does not allow"
            )),
            "{error}"
        );
        let in_attribute = DOCUMENT.replace(r#"Line="0.5""#, &format!(r#"Line="0{reference}5""#));
        let error = decode(&in_attribute).unwrap_err();
        assert_eq!(error.path(), "/Message/Body/Event[1]/Market/Bet");
        assert_eq!(error.offset(), in_attribute.find(reference).unwrap());
        for skipped in [
            DOCUMENT.replace(
                "<Event FixtureId=\"2\"/>",
                &format!("<Extra>{reference}</Extra>"),
            ),
            DOCUMENT.replace(
                "<Event FixtureId=\"2\"/>",
                &format!(r#"<Extra a="{reference}"><B/></Extra>"#),
            ),
            DOCUMENT.replace(r#"Line="0.5""#, &format!(r#"Unknown="{reference}""#)),
            DOCUMENT.replace("<Body>", &format!("<Body>{reference}")),
        ] {
            let error = decode(&skipped).unwrap_err();
            assert_eq!(
                error.offset(),
                skipped.find(reference).unwrap(),
                "{skipped}"
            );
        }
    }
    // Allowed references still decode.
    let message = decode(&with_name("&#x9;&#65;&#x10FFFF;")).unwrap();
    assert_eq!(
        message.body.unwrap().events[0].name.as_deref(),
        Some("\tA\u{10FFFF}")
    );
}

#[test]
fn utf16_documents_are_named_as_such() {
    let utf16: Vec<u8> = "<Message/>"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    let error = from_xml_root::<Message>(&utf16, "Message").unwrap_err();
    assert_eq!(error.offset(), 1);
    assert!(error.message().contains("UTF-16"), "{error}");
    // Printed, the NUL is shown as an escape: no control character reaches a terminal.
    let shown = error.to_string();
    assert!(!shown.chars().any(char::is_control), "{shown:?}");
    let mut with_bom = vec![0xFF, 0xFE];
    with_bom.extend_from_slice(&utf16);
    let error = from_xml_root::<Message>(&with_bom, "Message").unwrap_err();
    assert!(
        error.message().contains("UTF-16 byte order mark"),
        "{error}"
    );
}

#[test]
fn error_messages_escape_control_characters() {
    // C1 controls are XML characters, so a value may hold one (U+009B starts a terminal
    // control sequence).
    let error =
        decode("<Message><Header Type=\"x\u{9b}2J\" Time=\"2022-03-21T13:00:00\"/></Message>")
            .unwrap_err();
    let shown = error.to_string();
    assert!(!shown.chars().any(char::is_control), "{shown:?}");
    assert!(shown.contains("x\\u{9b}2J"), "{shown}");
    let error: DecodeError = error.into();
    assert!(!error.to_string().chars().any(char::is_control));
}

#[test]
fn the_encoder_never_writes_a_character_xml_forbids() {
    let mut message = decode(DOCUMENT).unwrap();
    message.body.as_mut().unwrap().events[0].name = Some("a\u{1}b".to_owned());
    let error = to_xml_root(&message, "Message").unwrap_err();
    let XmlEncodeError::Character {
        path,
        offset,
        character,
    } = &error
    else {
        panic!("{error:?}")
    };
    assert_eq!(
        (path.as_str(), *character),
        ("/Message/Body/Event[1]/Name", '\u{1}')
    );
    let mut written = Vec::new();
    let mut writer = XmlWriter::new();
    message.to_xml(&mut writer, "Message");
    written.extend_from_slice(&writer.into_inner());
    assert_eq!(
        written[*offset], 1,
        "the offset is the character's in the document"
    );
    assert!(error.to_string().contains("U+0001"), "{error}");
    // An appending encoder leaves its buffer as it was.
    let mut out = b"before".to_vec();
    assert!(to_xml_root_into(&message, "Message", &mut out).is_err());
    assert_eq!(out, b"before");
    message.body.as_mut().unwrap().events[0].name = Some("\u{FFFF}".to_owned());
    assert!(to_xml_document(&message, "Message").is_err());
    message.body.as_mut().unwrap().events[0].name = Some("fine\t\r\n".to_owned());
    let encoded = to_xml_root(&message, "Message").unwrap();
    assert_eq!(
        from_xml_root::<Message>(&encoded, "Message").unwrap(),
        message
    );
}

#[test]
fn the_depth_limit_error_is_where_the_limit_is_crossed() {
    let nested = format!(
        r#"<Message><Header Type="1" Time="2022-03-21T13:00:00"/><Body><Event FixtureId="1"><Skipped>{}{}</Skipped></Event></Body></Message>"#,
        "<x>".repeat(100),
        "</x>".repeat(100)
    );
    let error = decode(&nested).unwrap_err();
    // Message, Body, Event, Skipped: four levels, so the 61st `<x>` crosses the limit of 64.
    let crossing = nested.match_indices("<x>").nth(60).unwrap().0;
    assert_eq!(error.offset(), crossing, "{error}");
    assert!(error.message().contains("limit of 64"), "{error}");
}
