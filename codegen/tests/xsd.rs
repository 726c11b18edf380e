//! The XSD front-end: the two feed schemas in `spec/feed/`, and small inline schemas for each
//! construct, lowered through `specgen::lower` like any spec.

use std::path::{Path, PathBuf};

use specgen::ir::{
    Additional, Api, CodeKind, ContentModel, DecimalWire, Enum, EnumRepr, Field, Scalar, Struct,
    TypeDef, TypeExpr, TypeExprKind, TypeKind, XmlNode,
};
use specgen::{ApiSource, Failure, Lowered, Severity};

fn feed(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../spec/feed")
        .join(name)
}

fn lower_path(
    path: &Path,
    display: &str,
    overlays: Vec<(PathBuf, String)>,
) -> Result<Lowered, Failure> {
    specgen::lower(&ApiSource {
        module: "feed".into(),
        spec: path.to_owned(),
        spec_display: display.into(),
        overlays,
        ..Default::default()
    })
}

fn lower_feed(name: &str) -> Lowered {
    let display = format!("spec/feed/{name}");
    match lower_path(&feed(name), &display, Vec::new()) {
        Ok(lowered) => lowered,
        Err(failure) => panic!("{name} did not lower:\n{failure}"),
    }
}

/// Writes `body` inside an `xs:schema` element to a temporary `.xsd` file and lowers it.
fn lower_inline(body: &str) -> Result<Lowered, Failure> {
    lower_raw(&format!(
        "<?xml version=\"1.0\"?>\n<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\">\n{body}\n</xs:schema>\n"
    ))
}

fn lower_raw(text: &str) -> Result<Lowered, Failure> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("inline.xsd");
    std::fs::write(&path, text).unwrap();
    lower_path(&path, "inline.xsd", Vec::new())
}

fn ok(result: Result<Lowered, Failure>) -> Api {
    match result {
        Ok(lowered) => lowered.api,
        Err(failure) => panic!("did not lower:\n{failure}"),
    }
}

fn type_def<'a>(api: &'a Api, name: &str) -> &'a TypeDef {
    api.type_def(name).unwrap_or_else(|| {
        let names: Vec<&str> = api.types.iter().map(|t| t.name.as_str()).collect();
        panic!("no type `{name}` among {names:?}")
    })
}

fn strukt<'a>(api: &'a Api, name: &str) -> &'a Struct {
    match &type_def(api, name).kind {
        TypeKind::Struct(s) => s,
        other => panic!("`{name}` is not a struct: {other:?}"),
    }
}

fn enumeration<'a>(api: &'a Api, name: &str) -> &'a Enum {
    match &type_def(api, name).kind {
        TypeKind::Enum(e) => e,
        other => panic!("`{name}` is not an enum: {other:?}"),
    }
}

fn field<'a>(s: &'a Struct, wire: &str) -> &'a Field {
    s.fields
        .iter()
        .find(|f| f.name.wire == wire)
        .unwrap_or_else(|| panic!("no field `{wire}`"))
}

fn wires(s: &Struct, xml: XmlNode) -> Vec<&str> {
    s.fields
        .iter()
        .filter(|f| f.xml == xml)
        .map(|f| f.name.wire.as_str())
        .collect()
}

/// The type expression behind `expr`, looking through aliases.
fn resolved<'a>(api: &'a Api, expr: &'a TypeExpr) -> &'a TypeExpr {
    match &expr.kind {
        TypeExprKind::Named(name) => match &type_def(api, name).kind {
            TypeKind::Alias(inner) => resolved(api, inner),
            _ => expr,
        },
        _ => expr,
    }
}

fn named(expr: &TypeExpr) -> &str {
    match &expr.kind {
        TypeExprKind::Named(name) => name,
        other => panic!("not a named type: {other:?}"),
    }
}

fn array_item(expr: &TypeExpr) -> &TypeExpr {
    match &expr.kind {
        TypeExprKind::Array(item) => item,
        other => panic!("not an array: {other:?}"),
    }
}

fn variants(e: &Enum) -> Vec<(&str, i64)> {
    e.variants
        .iter()
        .map(|v| (v.name.rust.as_str(), v.value.as_i64().unwrap()))
        .collect()
}

/// 1-based line of the first line containing `needle` after the first line containing `after`.
fn line_of(text: &str, after: &str, needle: &str) -> usize {
    let start = text.lines().position(|l| l.contains(after)).unwrap();
    start
        + 1
        + text
            .lines()
            .skip(start)
            .position(|l| l.contains(needle))
            .unwrap()
}

fn errors(failure: &Failure) -> Vec<&specgen::Diagnostic> {
    failure
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect()
}

// ---------------------------------------------------------------------------------------------
// spec/feed/odds-service.xsd
// ---------------------------------------------------------------------------------------------

#[test]
fn odds_service_bet_is_attributes_with_decimal_prices_and_an_open_status() {
    let lowered = lower_feed("odds-service.xsd");
    assert!(lowered.warnings.is_empty(), "{:?}", lowered.warnings);
    let api = &lowered.api;
    assert_eq!(api.sources, ["spec/feed/odds-service.xsd"]);
    assert_eq!(api.version, "1.0");
    assert!(api
        .docs
        .as_deref()
        .unwrap()
        .starts_with("LSports legacy Odds Service feed"));

    let bet = strukt(api, "Bet");
    assert_eq!(
        wires(bet, XmlNode::Attribute),
        [
            "Id",
            "Name",
            "Line",
            "BaseLine",
            "Status",
            "StartPrice",
            "Price",
            "LayPrice",
            "PriceVolume",
            "LayPriceVolume",
            "Settlement",
            "ProviderBetId",
            "LastUpdate",
            "ParticipantId"
        ]
    );
    assert_eq!(bet.fields.len(), 14, "attributes only");
    assert_eq!(bet.additional, Additional::Any);
    for (wire, required) in [
        ("Id", true),
        ("Status", true),
        ("Price", true),
        ("LastUpdate", true),
        ("StartPrice", false),
        ("Settlement", false),
        ("Line", false),
    ] {
        assert_eq!(field(bet, wire).required, required, "{wire}");
    }
    let id = field(bet, "Id");
    assert_eq!(id.name.rust, "id");
    assert_eq!(
        resolved(api, &id.ty).kind,
        TypeExprKind::Scalar(Scalar::Int64)
    );
    let price = field(bet, "Price");
    assert_eq!(named(&price.ty), "Price");
    assert_eq!(
        resolved(api, &price.ty).kind,
        TypeExprKind::Scalar(Scalar::Decimal(DecimalWire::String))
    );
    assert_eq!(price.docs.as_deref(), Some("The price (odd) of the bet."));
    assert_eq!(
        resolved(api, &field(bet, "LastUpdate").ty).kind,
        TypeExprKind::Scalar(Scalar::DateTime)
    );

    // Status: the open code table `BetStatus = xs:union(BetStatusKnown xs:int)`.
    let status = field(bet, "Status");
    assert_eq!(named(&status.ty), "BetStatus");
    let codes = enumeration(api, "BetStatus");
    assert!(!codes.closed);
    assert_eq!(codes.repr, EnumRepr::Integer);
    assert_eq!(
        variants(codes),
        [("NotSet", 0), ("Open", 1), ("Suspended", 2), ("Settled", 3)]
    );
    assert_eq!(codes.variants[1].name.wire, "1");
    assert_eq!(
        codes.variants[1].docs.as_deref(),
        Some("the bet is open for betting")
    );
    assert_eq!(
        type_def(api, "BetStatus").docs.as_deref(),
        Some("Open bet / market status (unknown codes validate).")
    );
    // The known-codes half of the union is carried by the open enum, not a type of its own.
    assert!(api.type_def("BetStatusKnown").is_none());
    let settlement = enumeration(api, "Settlement");
    assert_eq!(variants(settlement)[0], ("Cancelled", -1));
    // One table shared by two open types.
    assert_eq!(
        variants(enumeration(api, "IncidentType")),
        variants(enumeration(api, "StatisticType"))
    );

    // Locations: the path of the declaration and the line of its start tag.
    let text = std::fs::read_to_string(feed("odds-service.xsd")).unwrap();
    assert_eq!(&*price.origin.file, "spec/feed/odds-service.xsd");
    assert_eq!(
        price.origin.pointer,
        "/complexType[@name='Bet']/attribute[@name='Price']"
    );
    let line = line_of(&text, "<xs:complexType name=\"Bet\">", "name=\"Price\"");
    assert_eq!(price.origin.line_col, Some((line, 5)));
    let bet_def = type_def(api, "Bet");
    assert_eq!(bet_def.origin.pointer, "/complexType[@name='Bet']");
    assert_eq!(
        bet_def.origin.line_col,
        Some((line_of(&text, "<xs:complexType name=\"Bet\">", "Bet"), 3))
    );
    assert!(bet_def
        .docs
        .as_deref()
        .unwrap()
        .starts_with("A bet, as received"));
}

#[test]
fn odds_service_message_is_the_root_and_competitions_recurse() {
    let api = lower_feed("odds-service.xsd").api;
    assert_eq!(api.xml_roots.len(), 1);
    let root = &api.xml_roots[0];
    assert_eq!(
        (root.element.as_str(), root.ty.as_str()),
        ("Message", "Message")
    );
    assert_eq!(root.origin.pointer, "/element[@name='Message']");
    let message = strukt(&api, "Message");
    assert_eq!(message.content_model, ContentModel::Sequence);
    assert_eq!(wires(message, XmlNode::Element), ["Header", "Body"]);
    assert!(field(message, "Header").required);
    assert!(!field(message, "Body").required);
    assert_eq!(
        type_def(&api, "Message").docs.as_deref(),
        Some("Root of every feed message: Header, then Body (Heartbeat messages have no Body).")
    );
    assert_eq!(
        type_def(&api, "Message").origin.pointer,
        "/element[@name='Message']/complexType"
    );

    // Competition → Competitions → Competition*.
    let competition = strukt(&api, "Competition");
    assert_eq!(
        wires(competition, XmlNode::Attribute),
        ["Id", "Name", "Type"]
    );
    assert_eq!(
        wires(competition, XmlNode::Element),
        ["Competitions", "Events"]
    );
    assert_eq!(
        named(&field(competition, "Competitions").ty),
        "Competitions"
    );
    let competitions = strukt(&api, "Competitions");
    let children = field(competitions, "Competition");
    assert_eq!(named(array_item(&children.ty)), "Competition");
    // A list wrapper: its JSON form is the array, which is always there (maybe empty).
    assert!(competitions.json_array);
    assert!(children.required);
    assert!(!strukt(&api, "Competition").json_array);
    assert_eq!(children.ty.constraints.min_items, None);
    assert_eq!(children.ty.constraints.max_items, None);
    assert!(!enumeration(&api, "CompetitionType").closed);

    // The Body is an optional choice: every alternative is optional and "at most one" is
    // not claimed as "exactly one".
    let body = strukt(&api, "Body");
    assert_eq!(body.content_model, ContentModel::All);
    assert_eq!(
        wires(body, XmlNode::Element),
        ["Events", "KeepAlive", "Competition", "Competitions"]
    );
    assert!(body.fields.iter().all(|f| !f.required));
    assert_eq!(
        named(array_item(&field(body, "Competition").ty)),
        "Competition"
    );

    // A choice nested in a sequence is flattened in place.
    let event = strukt(&api, "Event");
    assert_eq!(event.content_model, ContentModel::Sequence);
    assert_eq!(wires(event, XmlNode::Attribute), ["FixtureId"]);
    assert_eq!(
        wires(event, XmlNode::Element),
        [
            "Fixture",
            "OutrightFixture",
            "OutrightLeague",
            "Markets",
            "Livescore"
        ]
    );

    // Simple content: the text is a `value` field.
    let score = strukt(&api, "Score");
    assert_eq!(wires(score, XmlNode::Attribute), ["Position"]);
    let text = &score.fields[1];
    assert_eq!(text.xml, XmlNode::Text);
    assert_eq!(
        (text.name.rust.as_str(), text.name.wire.as_str()),
        ("value", "$text")
    );
    assert_eq!(text.ty.kind, TypeExprKind::Scalar(Scalar::String));
    assert!(text.required);
    assert_eq!(
        resolved(&api, &field(score, "Position").ty).kind,
        TypeExprKind::Scalar(Scalar::Int32)
    );
}

// ---------------------------------------------------------------------------------------------
// spec/feed/trade360.xsd
// ---------------------------------------------------------------------------------------------

#[test]
fn trade360_scoreboard_is_elements_in_order_with_results_repeated() {
    let lowered = lower_feed("trade360.xsd");
    assert!(lowered.warnings.is_empty(), "{:?}", lowered.warnings);
    let api = &lowered.api;
    assert_eq!(api.xml_roots.len(), 1);
    assert_eq!(api.xml_roots[0].element, "Message");

    let scoreboard = strukt(api, "Scoreboard");
    assert_eq!(scoreboard.content_model, ContentModel::Sequence);
    // Content optional as a whole (`<Scoreboard />` is a null): a member the sequence requires
    // is required only once the element has content.
    let status = field(scoreboard, "Status");
    assert!(!status.required && status.required_with_content);
    let time = field(scoreboard, "Time");
    assert!(!time.required && !time.required_with_content);
    let bet_status = field(strukt(api, "Bet"), "Status");
    assert!(!bet_status.required && bet_status.required_with_content);
    assert!(wires(scoreboard, XmlNode::Attribute).is_empty());
    assert_eq!(
        wires(scoreboard, XmlNode::Element),
        ["Status", "Description", "CurrentPeriod", "Time", "Results"]
    );
    let results = field(scoreboard, "Results");
    let result_type = named(array_item(&results.ty));
    assert_eq!(
        wires(strukt(api, result_type), XmlNode::Element),
        ["Position", "Value"]
    );
    assert!(!enumeration(api, named(&field(scoreboard, "Status").ty)).closed);
    // `<xs:sequence minOccurs="0">`: an empty `<Scoreboard/>` is valid, so nothing is required.
    assert!(scoreboard.fields.iter().all(|f| !f.required));

    // `xs:all` keeps its meaning; a required `xs:all` keeps required members.
    let header = strukt(api, "Header");
    assert_eq!(header.content_model, ContentModel::All);
    assert!(field(header, "Type").required);
    assert!(!field(header, "MsgSeq").required);
    assert_eq!(strukt(api, "Bet").content_model, ContentModel::All);

    // Occurrences: repeated elements are arrays.
    let body = strukt(api, "Body");
    assert_eq!(named(array_item(&field(body, "Events").ty)), "Event");
    assert_eq!(
        array_item(&field(body, "FeedInterrupted").ty).kind,
        TypeExprKind::Scalar(Scalar::Int32)
    );
    let period = strukt(api, "Period");
    assert_eq!(named(array_item(&field(period, "SubPeriods").ty)), "Period");

    // A facet: Guid's pattern, anchored (XSD patterns match the whole value).
    let guid = field(header, "MsgGuid");
    let guid = resolved(api, &guid.ty);
    assert_eq!(guid.kind, TypeExprKind::Scalar(Scalar::String));
    let pattern = guid.constraints.pattern.as_deref().unwrap();
    assert_eq!(
        pattern,
        "^(?:(?:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}))$"
    );
    let pattern = regex::Regex::new(pattern).unwrap();
    assert!(pattern.is_match("2d2c5d6a-94c8-4b14-8b39-67e46fbc3f0c"));
    assert!(!pattern.is_match("x2d2c5d6a-94c8-4b14-8b39-67e46fbc3f0c"));

    let probability = field(strukt(api, "Bet"), "Probability");
    assert_eq!(
        probability.ty.kind,
        TypeExprKind::Scalar(Scalar::Decimal(DecimalWire::String))
    );
    let text = std::fs::read_to_string(feed("trade360.xsd")).unwrap();
    let results_line = line_of(
        &text,
        "<xs:complexType name=\"Scoreboard\">",
        "name=\"Results\"",
    );
    assert_eq!(results.origin.line_col, Some((results_line, 7)));
    assert_eq!(
        results.origin.pointer,
        "/complexType[@name='Scoreboard']/sequence/element[@name='Results']"
    );
}

#[test]
fn both_feeds_render_to_rust_that_parses() {
    for name in ["odds-service.xsd", "trade360.xsd"] {
        let api = lower_feed(name).api;
        let code = specgen::render_api(&api, &specgen::Options::default());
        if let Err(error) = syn::parse_file(&code) {
            panic!("{name}: generated code does not parse: {error}\n{code}");
        }
        assert!(code.contains("pub struct Bet"), "{name}");
    }
}

// ---------------------------------------------------------------------------------------------
// Inline schemas
// ---------------------------------------------------------------------------------------------

#[test]
fn sequence_choice_and_all_with_occurrences() {
    let api = ok(lower_inline(
        r#"
  <xs:complexType name="Seq">
    <xs:sequence>
      <xs:element name="a" type="xs:string"/>
      <xs:element name="b" type="xs:int" minOccurs="0"/>
      <xs:element name="c" type="xs:long" minOccurs="2" maxOccurs="3"/>
      <xs:choice minOccurs="0">
        <xs:element name="d" type="xs:string"/>
        <xs:element name="e" type="xs:string"/>
      </xs:choice>
      <xs:element name="f" type="xs:boolean" nillable="true" default="true"/>
    </xs:sequence>
  </xs:complexType>
  <xs:complexType name="OneOf">
    <xs:choice>
      <xs:element name="x" type="xs:double"/>
      <xs:element name="y" type="xs:float" maxOccurs="unbounded"/>
    </xs:choice>
  </xs:complexType>
  <xs:complexType name="AnyOrder">
    <xs:all>
      <xs:element name="p" type="xs:date"/>
      <xs:element name="q" type="xs:dateTime" minOccurs="0"/>
    </xs:all>
  </xs:complexType>
  <xs:complexType name="Pairs">
    <xs:sequence maxOccurs="unbounded">
      <xs:element name="key" type="xs:token"/>
      <xs:element name="val" type="xs:normalizedString"/>
    </xs:sequence>
  </xs:complexType>"#,
    ));
    let seq = strukt(&api, "Seq");
    assert_eq!(seq.content_model, ContentModel::Sequence);
    assert_eq!(wires(seq, XmlNode::Element), ["a", "b", "c", "d", "e", "f"]);
    let required: Vec<bool> = seq.fields.iter().map(|f| f.required).collect();
    assert_eq!(required, [true, false, true, false, false, true]);
    let c = &field(seq, "c").ty;
    assert_eq!(array_item(c).kind, TypeExprKind::Scalar(Scalar::Int64));
    assert_eq!(
        (c.constraints.min_items, c.constraints.max_items),
        (Some(2), Some(3))
    );
    let f = field(seq, "f");
    assert!(f.ty.nullable);
    assert_eq!(f.default, Some(serde_json::Value::Bool(true)));
    assert_eq!(
        field(seq, "c").origin.pointer,
        "/complexType[@name='Seq']/sequence/element[@name='c']"
    );
    assert_eq!(
        field(seq, "d").origin.pointer,
        "/complexType[@name='Seq']/sequence/choice/element[@name='d']"
    );

    let one_of = strukt(&api, "OneOf");
    assert_eq!(one_of.content_model, ContentModel::Choice);
    assert!(one_of.fields.iter().all(|f| !f.required));
    assert_eq!(
        field(one_of, "x").ty.kind,
        TypeExprKind::Scalar(Scalar::Float64)
    );
    let y = &field(one_of, "y").ty;
    assert_eq!(array_item(y).kind, TypeExprKind::Scalar(Scalar::Float32));
    assert_eq!(
        (y.constraints.min_items, y.constraints.max_items),
        (None, None)
    );

    let all = strukt(&api, "AnyOrder");
    assert_eq!(all.content_model, ContentModel::All);
    assert_eq!(field(all, "p").ty.kind, TypeExprKind::Scalar(Scalar::Date));
    assert!(field(all, "p").required);
    assert!(!field(all, "q").required);

    // A repeated sequence of two elements: both repeat, interleaved, so order is not kept.
    let pairs = strukt(&api, "Pairs");
    assert_eq!(pairs.content_model, ContentModel::All);
    assert_eq!(
        array_item(&field(pairs, "key").ty).kind,
        TypeExprKind::Scalar(Scalar::String)
    );
    assert_eq!(field(pairs, "val").ty.constraints.min_items, Some(1));
}

#[test]
fn simple_content_anonymous_types_and_roots() {
    let api = ok(lower_inline(
        r##"
  <xs:element name="Root">
    <xs:annotation><xs:documentation>The root.</xs:documentation></xs:annotation>
    <xs:complexType>
      <xs:sequence>
        <xs:element name="Amount" type="Amount" maxOccurs="unbounded"/>
        <xs:element name="Inner" minOccurs="0">
          <xs:annotation><xs:documentation>An anonymous type.</xs:documentation></xs:annotation>
          <xs:complexType>
            <xs:attribute name="n" type="xs:unsignedShort" default="7"/>
          </xs:complexType>
        </xs:element>
        <xs:element name="Code">
          <xs:simpleType>
            <xs:restriction base="xs:string"><xs:maxLength value="3"/></xs:restriction>
          </xs:simpleType>
        </xs:element>
      </xs:sequence>
    </xs:complexType>
  </xs:element>
  <xs:element name="Stamp" type="xs:dateTime"/>
  <xs:element name="Other" type="Amount"/>
  <xs:complexType name="Amount" final="#all">
    <xs:simpleContent>
      <xs:extension base="xs:decimal">
        <xs:attribute name="currency" type="xs:string" use="required"/>
        <xs:attribute name="value" type="xs:string"/>
      </xs:extension>
    </xs:simpleContent>
  </xs:complexType>"##,
    ));
    let amount = strukt(&api, "Amount");
    let names: Vec<(&str, &str, XmlNode)> = amount
        .fields
        .iter()
        .map(|f| (f.name.wire.as_str(), f.name.rust.as_str(), f.xml))
        .collect();
    assert_eq!(
        names,
        [
            ("currency", "currency", XmlNode::Attribute),
            ("value", "value_2", XmlNode::Attribute),
            ("$text", "value", XmlNode::Text),
        ]
    );
    assert_eq!(
        amount.fields[2].ty.kind,
        TypeExprKind::Scalar(Scalar::Decimal(DecimalWire::String))
    );
    assert_eq!(amount.additional, Additional::Forbidden);

    let root = strukt(&api, "Root");
    assert_eq!(type_def(&api, "Root").docs.as_deref(), Some("The root."));
    assert_eq!(root.additional, Additional::Any);
    let inner = field(root, "Inner");
    assert_eq!(named(&inner.ty), "RootInner");
    assert_eq!(inner.docs.as_deref(), Some("An anonymous type."));
    let inner_def = type_def(&api, "RootInner");
    assert_eq!(
        inner_def.origin.pointer,
        "/element[@name='Root']/complexType/sequence/element[@name='Inner']/complexType"
    );
    let n = field(strukt(&api, "RootInner"), "n");
    assert_eq!(n.ty.kind, TypeExprKind::Scalar(Scalar::Int32));
    assert_eq!(n.ty.constraints.minimum.as_ref().unwrap().value, 0.into());
    assert_eq!(
        n.ty.constraints.maximum.as_ref().unwrap().value,
        65535.into()
    );
    assert_eq!(n.default, Some(serde_json::Value::from(7)));
    // An anonymous restriction stays inline with its facets.
    let code = field(root, "Code");
    assert_eq!(code.ty.kind, TypeExprKind::Scalar(Scalar::String));
    assert_eq!(code.ty.constraints.max_length, Some(3));

    let roots: Vec<(&str, &str)> = api
        .xml_roots
        .iter()
        .map(|r| (r.element.as_str(), r.ty.as_str()))
        .collect();
    assert_eq!(
        roots,
        [("Root", "Root"), ("Stamp", "Stamp"), ("Other", "Amount")]
    );
    assert_eq!(
        type_def(&api, "Stamp").kind,
        TypeKind::Alias(TypeExpr::new(TypeExprKind::Scalar(Scalar::DateTime)))
    );
    let code = specgen::render_api(&api, &specgen::Options::default());
    syn::parse_file(&code).unwrap();
}

#[test]
fn enumerations_closed_and_open() {
    let api = ok(lower_inline(
        r#"
  <xs:simpleType name="Color">
    <xs:restriction base="xs:string">
      <xs:enumeration value="red"/>
      <xs:enumeration value="dark blue"><xs:annotation><xs:documentation>Navy-ish.</xs:documentation></xs:annotation></xs:enumeration>
    </xs:restriction>
  </xs:simpleType>
  <xs:simpleType name="LevelKnown">
    <xs:restriction base="xs:int">
      <xs:enumeration value="1"><xs:annotation><xs:documentation>Low: the lowest level</xs:documentation></xs:annotation></xs:enumeration>
      <xs:enumeration value="2"><xs:annotation><xs:documentation>high-ish level</xs:documentation></xs:annotation></xs:enumeration>
      <xs:enumeration value="-3"/>
    </xs:restriction>
  </xs:simpleType>
  <xs:simpleType name="Level">
    <xs:annotation><xs:documentation>Open levels.</xs:documentation></xs:annotation>
    <xs:union memberTypes="LevelKnown xs:int"/>
  </xs:simpleType>
  <xs:simpleType name="Mixed">
    <xs:union memberTypes="xs:date xs:decimal"/>
  </xs:simpleType>
  <xs:complexType name="Paint">
    <xs:attribute name="color" type="Color" use="required"/>
    <xs:attribute name="level" type="Level"/>
    <xs:attribute name="raw" type="LevelKnown"/>
    <xs:attribute name="mixed" type="Mixed"/>
  </xs:complexType>"#,
    ));
    let color = enumeration(&api, "Color");
    assert!(color.closed);
    assert_eq!(color.repr, EnumRepr::String);
    let names: Vec<(&str, &str)> = color
        .variants
        .iter()
        .map(|v| (v.name.rust.as_str(), v.name.wire.as_str()))
        .collect();
    assert_eq!(names, [("Red", "red"), ("DarkBlue", "dark blue")]);
    assert_eq!(color.variants[1].docs.as_deref(), Some("Navy-ish."));

    let level = enumeration(&api, "Level");
    assert!(!level.closed);
    assert_eq!(level.repr, EnumRepr::Integer);
    assert_eq!(variants(level), [("Low", 1), ("V2", 2), ("Minus3", -3)]);
    assert_eq!(level.variants[0].docs.as_deref(), Some("the lowest level"));
    assert_eq!(level.variants[1].docs.as_deref(), Some("high-ish level"));
    assert_eq!(
        type_def(&api, "Level").docs.as_deref(),
        Some("Open levels.")
    );
    // Used directly, the known codes are a closed enum of their own.
    assert!(enumeration(&api, "LevelKnown").closed);

    match &type_def(&api, "Mixed").kind {
        TypeKind::Union(union) => {
            let kinds: Vec<&TypeExprKind> = union.variants.iter().map(|v| &v.ty.kind).collect();
            assert_eq!(
                kinds,
                [
                    &TypeExprKind::Scalar(Scalar::Date),
                    &TypeExprKind::Scalar(Scalar::Decimal(DecimalWire::String))
                ]
            );
        }
        other => panic!("not a union: {other:?}"),
    }
    let paint = strukt(&api, "Paint");
    assert_eq!(named(&field(paint, "level").ty), "Level");
    let code = specgen::render_api(&api, &specgen::Options::default());
    syn::parse_file(&code).unwrap();
}

#[test]
fn restriction_facets_become_constraints() {
    let api = ok(lower_inline(
        r#"
  <xs:simpleType name="Price">
    <xs:restriction base="xs:decimal"/>
  </xs:simpleType>
  <xs:simpleType name="Odds">
    <xs:restriction base="Price">
      <xs:minInclusive value="1.01"/>
      <xs:maxExclusive value="1000"/>
    </xs:restriction>
  </xs:simpleType>
  <xs:simpleType name="Code">
    <xs:restriction base="xs:string">
      <xs:minLength value="2"/>
      <xs:maxLength value="4"/>
      <xs:pattern value="[A-Z]+"/>
      <xs:pattern value="x$"/>
    </xs:restriction>
  </xs:simpleType>
  <xs:simpleType name="Exactly3">
    <xs:restriction base="xs:token"><xs:length value="3"/></xs:restriction>
  </xs:simpleType>
  <xs:simpleType name="Percent">
    <xs:restriction base="xs:int"><xs:minExclusive value="-1"/><xs:maxInclusive value="+100"/></xs:restriction>
  </xs:simpleType>"#,
    ));
    let alias = |name: &str| match &type_def(&api, name).kind {
        TypeKind::Alias(expr) => expr.clone(),
        other => panic!("`{name}` is not an alias: {other:?}"),
    };
    let odds = alias("Odds");
    assert_eq!(
        odds.kind,
        TypeExprKind::Scalar(Scalar::Decimal(DecimalWire::String))
    );
    let minimum = odds.constraints.minimum.unwrap();
    assert_eq!(
        (minimum.value.to_string(), minimum.exclusive),
        ("1.01".into(), false)
    );
    let maximum = odds.constraints.maximum.unwrap();
    assert_eq!(
        (maximum.value.to_string(), maximum.exclusive),
        ("1000".into(), true)
    );
    let code = alias("Code");
    assert_eq!(
        (code.constraints.min_length, code.constraints.max_length),
        (Some(2), Some(4))
    );
    assert_eq!(
        code.constraints.pattern.as_deref(),
        Some("^(?:(?:[A-Z]+)|(?:x\\$))$")
    );
    let exactly = alias("Exactly3");
    assert_eq!(
        (
            exactly.constraints.min_length,
            exactly.constraints.max_length
        ),
        (Some(3), Some(3))
    );
    let percent = alias("Percent");
    assert_eq!(percent.kind, TypeExprKind::Scalar(Scalar::Int32));
    assert_eq!(
        percent.constraints.minimum.as_ref().unwrap().value,
        (-1).into()
    );
    assert!(percent.constraints.minimum.as_ref().unwrap().exclusive);
    assert_eq!(
        percent.constraints.maximum.as_ref().unwrap().value,
        100.into()
    );
}

#[test]
fn malformed_xml_is_one_located_error() {
    let failure = lower_raw(
        "<?xml version=\"1.0\"?>\n<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\">\n  <xs:complexType name=\"A\">\n  </xs:simpleType>\n</xs:schema>\n",
    )
    .unwrap_err();
    let errors = errors(&failure);
    assert_eq!(errors.len(), 1, "{failure}");
    assert!(
        errors[0].message.contains("not well-formed"),
        "{}",
        errors[0]
    );
    let location = errors[0].location.as_ref().unwrap();
    assert_eq!(&*location.file, "inline.xsd");
    assert_eq!(
        location.line_col.map(|(line, _)| line),
        Some(4),
        "{failure}"
    );

    let unclosed = lower_raw(
        "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\">\n  <xs:element name=\"A\">\n",
    )
    .unwrap_err();
    assert!(unclosed.to_string().contains("never closed"), "{unclosed}");

    let not_a_schema = lower_raw("<schema><element/></schema>").unwrap_err();
    assert!(
        not_a_schema.to_string().contains("not an XML Schema"),
        "{not_a_schema}"
    );
}

#[test]
fn unsupported_constructs_are_all_reported_with_locations() {
    let text = r#"<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:include schemaLocation="other.xsd"/>
  <xs:element name="Head" type="xs:string"/>
  <xs:element name="Member" type="xs:string" substitutionGroup="Head"/>
  <xs:complexType name="Open">
    <xs:sequence>
      <xs:any/>
      <xs:element name="x" type="Missing"/>
    </xs:sequence>
  </xs:complexType>
  <xs:complexType name="Lax">
    <xs:sequence>
      <xs:any processContents="lax" minOccurs="0"/>
    </xs:sequence>
  </xs:complexType>
</xs:schema>
"#;
    let failure = lower_raw(text).unwrap_err();
    let errors = errors(&failure);
    let found: Vec<(usize, &str)> = errors
        .iter()
        .map(|e| {
            let location = e.location.as_ref().unwrap();
            (location.line_col.unwrap().0, location.pointer.as_str())
        })
        .collect();
    assert_eq!(
        found,
        [
            (3, "/include"),
            (5, "/element[@name='Member']"),
            (8, "/complexType[@name='Open']/sequence/any"),
            (9, "/complexType[@name='Open']/sequence/element[@name='x']"),
        ],
        "{failure}"
    );
    assert!(errors[0].message.contains("xs:include"));
    assert!(errors[1].message.contains("substitution group"));
    assert!(errors[2].message.contains("strict"));
    assert!(errors[3].message.contains("Missing"));
    assert!(errors
        .iter()
        .all(|e| e.help.is_some() || e.message.contains("Missing")));

    // The lax wildcard alone is fine, and keeps the struct open.
    let api = ok(lower_inline(
        r##"<xs:complexType name="Lax" final="#all"><xs:sequence><xs:any processContents="lax" minOccurs="0"/></xs:sequence></xs:complexType>"##,
    ));
    assert_eq!(strukt(&api, "Lax").additional, Additional::Any);
}

#[test]
fn mixed_content_and_lists_are_errors_not_panics() {
    let failure = lower_inline(
        r#"
  <xs:complexType name="Para" mixed="true"><xs:sequence><xs:element name="b" type="xs:string"/></xs:sequence></xs:complexType>
  <xs:simpleType name="Ints"><xs:list itemType="xs:int"/></xs:simpleType>
  <xs:complexType name="T"><xs:attribute name="tokens" type="xs:NMTOKENS"/></xs:complexType>"#,
    )
    .unwrap_err();
    assert_eq!(errors(&failure).len(), 3, "{failure}");
}

#[test]
fn overlays_do_not_apply_to_xsd() {
    let dir = tempfile::tempdir().unwrap();
    let overlay = dir.path().join("overlay.yaml");
    std::fs::write(&overlay, "overlay: 1.0.0\nactions: []\n").unwrap();
    let failure = lower_path(
        &feed("trade360.xsd"),
        "trade360.xsd",
        vec![(overlay, "overlay.yaml".into())],
    )
    .unwrap_err();
    let errors = errors(&failure);
    assert_eq!(errors.len(), 1, "{failure}");
    assert!(errors[0].message.contains("overlay"));
    assert_eq!(&*errors[0].location.as_ref().unwrap().file, "overlay.yaml");
}

#[test]
fn groups_extensions_references_and_a_target_namespace() {
    let lowered = lower_raw(
        r#"<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:t="urn:test"
           targetNamespace="urn:test" elementFormDefault="qualified">
  <xs:group name="Pair">
    <xs:sequence>
      <xs:element name="left" type="xs:int"/>
      <xs:element name="right" type="xs:int"/>
    </xs:sequence>
  </xs:group>
  <xs:attributeGroup name="Stamped">
    <xs:attribute name="at" type="xs:dateTime" use="required"/>
  </xs:attributeGroup>
  <xs:element name="Note" type="xs:string"/>
  <xs:complexType name="Base">
    <xs:sequence>
      <xs:element name="id" type="xs:long"/>
    </xs:sequence>
    <xs:attributeGroup ref="t:Stamped"/>
  </xs:complexType>
  <xs:complexType name="Derived">
    <xs:complexContent>
      <xs:extension base="t:Base">
        <xs:sequence>
          <xs:group ref="t:Pair"/>
          <xs:element ref="t:Note" minOccurs="0"/>
        </xs:sequence>
      </xs:extension>
    </xs:complexContent>
  </xs:complexType>
</xs:schema>
"#,
    )
    .unwrap();
    assert_eq!(
        lowered.warnings.len(),
        1,
        "the target namespace is not represented"
    );
    let api = lowered.api;
    let derived = strukt(&api, "Derived");
    assert_eq!(wires(derived, XmlNode::Attribute), ["at"]);
    assert_eq!(
        wires(derived, XmlNode::Element),
        ["id", "left", "right", "Note"]
    );
    assert_eq!(derived.content_model, ContentModel::Sequence);
    assert!(field(derived, "at").required);
    assert!(field(derived, "left").required);
    assert!(!field(derived, "Note").required);
    // A reference to a global element uses the element's type (here the alias it names).
    assert_eq!(named(&field(derived, "Note").ty), "Note");
    assert_eq!(
        resolved(&api, &field(derived, "Note").ty).kind,
        TypeExprKind::Scalar(Scalar::String)
    );
    let pointers: Vec<&str> = derived
        .fields
        .iter()
        .map(|f| f.origin.pointer.as_str())
        .collect();
    assert_eq!(
        pointers,
        [
            "/attributeGroup[@name='Stamped']/attribute[@name='at']",
            "/complexType[@name='Base']/sequence/element[@name='id']",
            "/group[@name='Pair']/sequence/element[@name='left']",
            "/group[@name='Pair']/sequence/element[@name='right']",
            "/complexType[@name='Derived']/complexContent/extension/sequence/element[@ref='t:Note']",
        ]
    );
    let roots: Vec<(&str, &str)> = api
        .xml_roots
        .iter()
        .map(|r| (r.element.as_str(), r.ty.as_str()))
        .collect();
    assert_eq!(roots, [("Note", "Note")]);
}

// ---------------------------------------------------------------------------------------------
// The `dispatch` extension (xs:appinfo)
// ---------------------------------------------------------------------------------------------

#[test]
fn both_feeds_dispatch_on_the_header_type() {
    for (file, codes) in [
        (
            "odds-service.xsd",
            &[1, 2, 3, 31, 32, 35, 37, 38, 39, 40, 41, 42, 43][..],
        ),
        ("trade360.xsd", &[1, 2, 3, 31, 32, 35][..]),
    ] {
        let api = lower_feed(file).api;
        assert!(api.lexical_json_numbers);
        let dispatch = api.xml_roots[0].dispatch.as_ref().expect(file);
        assert_eq!(dispatch.name, "FeedMessage");
        assert_eq!(
            (dispatch.header.wire.as_str(), dispatch.code.wire.as_str()),
            ("Header", "Type")
        );
        assert_eq!(dispatch.code_kind, CodeKind::IntEnum);
        assert_eq!(dispatch.body_ty, "Body");
        let found: Vec<i64> = dispatch.cases.iter().map(|c| c.code).collect();
        assert_eq!(found, codes, "{file}");
        let events = &dispatch.cases[0];
        assert_eq!(events.variant, "FixtureMetadataUpdate");
        assert_eq!(events.content.as_ref().unwrap().member.wire, "Events");
        assert!(
            events.content.as_ref().unwrap().json_array,
            "{file}: events are a list"
        );
        let keep_alive = dispatch.cases.iter().find(|c| c.code == 31).unwrap();
        assert!(!keep_alive.content.as_ref().unwrap().json_array);
        assert_eq!(
            dispatch.bare_json_lists,
            file == "odds-service.xsd",
            "the legacy API sends its event list as the Body"
        );
    }
}

/// A schema with a header/body root and the given dispatch declaration.
fn dispatch_schema(dispatch: &str) -> String {
    format!(
        r#"<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:element name="Message">
    <xs:annotation><xs:appinfo>
{dispatch}
    </xs:appinfo></xs:annotation>
    <xs:complexType><xs:sequence>
      <xs:element name="Header" type="Header"/>
      <xs:element name="Body" type="Body" minOccurs="0"/>
    </xs:sequence></xs:complexType>
  </xs:element>
  <xs:complexType name="Header"><xs:sequence>
    <xs:element name="Type" type="xs:int"/>
    <xs:element name="Note" type="xs:string" minOccurs="0"/>
  </xs:sequence></xs:complexType>
  <xs:complexType name="Body"><xs:choice minOccurs="0">
    <xs:element name="Items" type="xs:int" maxOccurs="unbounded"/>
    <xs:element name="Note" type="xs:string"/>
  </xs:choice></xs:complexType>
</xs:schema>
"#
    )
}

#[test]
fn a_dispatch_declaration_is_read_from_appinfo() {
    let api = ok(lower_raw(&dispatch_schema(
        r#"<d:dispatch xmlns:d="urn:specgen:xsd" name="Typed" on="Header/Type" body="Body">
             <d:case code="1" name="Numbers" content="Items">Some numbers.</d:case>
             <d:case code="-2" name="Nothing"/>
           </d:dispatch>
           <other:ignored xmlns:other="urn:somebody-else"/>"#,
    )));
    let dispatch = api.xml_roots[0].dispatch.as_ref().unwrap();
    assert_eq!(dispatch.code_kind, CodeKind::Integer);
    assert_eq!(dispatch.cases.len(), 2);
    assert_eq!(dispatch.cases[0].docs.as_deref(), Some("Some numbers."));
    assert_eq!(dispatch.cases[1].code, -2);
    assert!(dispatch.cases[1].content.is_none());
    assert!(!dispatch.bare_json_lists);
    // It renders to Rust that parses.
    let lowered = lower_raw(&dispatch_schema(
        r#"<d:dispatch xmlns:d="urn:specgen:xsd" name="Typed" on="Header/Type" body="Body">
             <d:case code="1" name="Numbers" content="Items"/></d:dispatch>"#,
    ))
    .unwrap();
    let source = specgen::render_api(&lowered.api, &specgen::Options::default());
    assert!(source.contains("pub enum TypedBody"), "{source}");
    assert!(source.contains("Numbers(Vec<i32>)"), "{source}");
}

#[test]
fn bad_dispatch_declarations_are_all_reported_with_locations() {
    let text = dispatch_schema(
        r#"<d:dispatch xmlns:d="urn:specgen:xsd" name="Typed" on="Header/Kind" body="Body" colour="red">
             <d:case code="one" name="Numbers" content="Items"/>
             <d:case code="2" name="numbers_two" content="Missing"/>
             <d:case code="3" name="Same"/>
             <d:case code="3" name="Same"/>
             <d:cas code="4" name="Typo"/>
           </d:dispatch>"#,
    );
    let failure = lower_raw(&text).unwrap_err();
    let errors = errors(&failure);
    let messages: Vec<String> = errors.iter().map(|e| e.message.clone()).collect();
    let expect = [
        "unknown attribute `colour`",
        "`Header` has no child element `Kind`",
        "`code` must be an integer, not `one`",
        "`numbers_two` is not an UpperCamelCase Rust name",
        "`Body` has no child element `Missing`",
        "code 3 has two cases",
        "the variant name `Same` is used twice",
        "unknown element `cas`",
    ];
    for expected in expect {
        assert!(
            messages.iter().any(|m| m.contains(expected)),
            "missing {expected:?} in:\n{failure}"
        );
    }
    // Each error points into the declaration, at the element it is about.
    let line = |needle: &str| text.lines().position(|l| l.contains(needle)).unwrap() + 1;
    for error in &errors {
        let location = error.location.as_ref().unwrap();
        let at = location.line_col.unwrap().0;
        assert!(
            (line("<d:dispatch")..=line("<d:cas ")).contains(&at),
            "{error:?}"
        );
        assert!(location.pointer.contains("/appinfo/dispatch"), "{error:?}");
    }
    let bad_code = errors
        .iter()
        .find(|e| e.message.contains("must be an integer"))
        .unwrap();
    assert_eq!(
        bad_code.location.as_ref().unwrap().line_col.unwrap().0,
        line("code=\"one\"")
    );

    // The root may hold nothing the typed message would drop; the code must be an integer.
    let text = dispatch_schema(
        r#"<d:dispatch xmlns:d="urn:specgen:xsd" name="Typed" on="Header/Note" body="Header">
             <d:case code="1" name="One"/></d:dispatch>"#,
    );
    let failure = lower_raw(&text).unwrap_err();
    let text = failure.to_string();
    assert!(
        text.contains("also has `Body`, which would be lost"),
        "{text}"
    );
    assert!(text.contains("`Header/Note` must be an integer"), "{text}");
}

#[test]
fn an_unnamed_top_level_type_is_a_located_error() {
    // xsd-parser reached an `unreachable!` on this, printed a 50-line dump and reported it.
    let failure = lower_inline(
        "  <xs:simpleType><xs:restriction base=\"xs:string\"/></xs:simpleType>\n  <xs:complexType/>",
    )
    .unwrap_err();
    let errors = errors(&failure);
    let found: Vec<(String, Option<(usize, usize)>)> = errors
        .iter()
        .map(|d| {
            let location = d.location.as_ref().expect("located");
            (d.message.clone(), location.line_col)
        })
        .collect();
    assert_eq!(
        found,
        vec![
            (
                "a top-level `xs:simpleType` must have a `name` attribute".to_owned(),
                Some((3, 3))
            ),
            (
                "a top-level `xs:complexType` must have a `name` attribute".to_owned(),
                Some((4, 3))
            ),
        ]
    );
}

/// `depth` nested elements, each in an anonymous complex type's sequence.
fn nested_elements(depth: usize, distinct: bool) -> String {
    let close = "</xs:sequence></xs:complexType></xs:element>";
    let open: String = (0..depth)
        .map(|level| {
            let name = if distinct {
                format!("e{level}")
            } else {
                "e".to_owned()
            };
            format!("<xs:element name=\"{name}\"><xs:complexType><xs:sequence>")
        })
        .collect();
    format!("{open}{}", close.repeat(depth))
}

#[test]
fn deep_nesting_is_a_located_error_before_xsd_parser_runs() {
    // 10 000 levels overflowed the stack inside xsd-parser; 100 000 took 21 s of namespace
    // lookups first.
    for depth in [10_000, 100_000] {
        let started = std::time::Instant::now();
        let failure = lower_inline(&nested_elements(depth, false)).unwrap_err();
        let error = errors(&failure)[0];
        assert_eq!(
            error.message, "the document nests deeper than 128 levels",
            "{failure}"
        );
        let location = error.location.as_ref().unwrap();
        assert_eq!(&*location.file, "inline.xsd");
        // Line 3, at the 128th start tag under the schema element (level 129): the
        // `xs:complexType` of the 43rd element.
        let (line, column) = location.line_col.unwrap();
        assert_eq!(line, 3);
        let tags = "<xs:element name=\"e\"><xs:complexType><xs:sequence>";
        let expected_column = 1 + 42 * tags.len() + "<xs:element name=\"e\">".len();
        assert_eq!(column, expected_column, "{failure}");
        assert!(started.elapsed().as_secs() < 5, "{:?}", started.elapsed());
    }
    // Just within the limit (42 elements: 127 levels) it lowers, on this test thread's
    // small stack too: xsd-parser overflowed a 2 MiB stack at 40 in debug builds.
    let api = ok(lower_inline(&nested_elements(42, true)));
    assert!(api.types.len() >= 42, "{} types", api.types.len());
}

#[test]
fn a_schema_on_one_line_is_read_in_linear_time() {
    // Columns were counted from the start of the line for every element.
    let body = "<xs:element name=\"e\" type=\"xs:string\"/>";
    let mut text = String::from(
        "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\"><xs:complexType name=\"T\"><xs:sequence>",
    );
    for _ in 0..40_000 {
        text.push_str(body);
    }
    text.push_str(
        "<xs:element name=\"last\" type=\"xs:nope\"/></xs:sequence></xs:complexType></xs:schema>",
    );
    let started = std::time::Instant::now();
    let failure = lower_raw(&text).unwrap_err();
    assert!(started.elapsed().as_secs() < 10, "{:?}", started.elapsed());
    let error = errors(&failure)[0];
    let column = text.find("<xs:element name=\"last\"").unwrap() + 1;
    assert_eq!(error.location.as_ref().unwrap().line_col, Some((1, column)));
}

#[test]
fn optional_struct_members_are_boxed_and_the_codecs_agree() {
    let api = ok(lower_inline(
        r#"
  <xs:element name="Event" type="Event"/>
  <xs:complexType name="Event">
    <xs:sequence>
      <xs:element name="Fixture" type="Fixture" minOccurs="0"/>
      <xs:element name="Main" type="Fixture"/>
      <xs:element name="Nil" type="Fixture" nillable="true"/>
      <xs:element name="Markets" type="Markets" minOccurs="0"/>
      <xs:element name="Note" type="xs:string" minOccurs="0"/>
    </xs:sequence>
  </xs:complexType>
  <xs:complexType name="Fixture">
    <xs:attribute name="Id" type="xs:long" use="required"/>
  </xs:complexType>
  <xs:complexType name="Markets">
    <xs:sequence>
      <xs:element name="Market" type="Fixture" minOccurs="0" maxOccurs="unbounded"/>
    </xs:sequence>
  </xs:complexType>"#,
    ));
    assert!(api.boxed_optional_structs);
    let code = specgen::render_api(
        &api,
        &specgen::Options {
            xml_codecs: true,
            ..Default::default()
        },
    );
    syn::parse_file(&code).unwrap();
    let squeezed: String = code.split_whitespace().collect::<Vec<_>>().join(" ");
    for expected in [
        // An optional struct and a nillable one are one pointer when absent.
        "pub fixture: Option<Box<Fixture>>,",
        "pub nil: Option<Box<Fixture>>,",
        // A required struct is always there: inline. So are a list wrapper (its items are on
        // the heap already) and a string.
        "pub main: Fixture,",
        "pub markets: Option<Markets>,",
        "pub note: Option<String>,",
        // The XML decoder reads into unboxed slots and boxes what it read; the encoder
        // unboxes.
        "let mut f_fixture: Option<Fixture> = None;",
        "fixture: f_fixture.map(Box::new),",
        "let mut f_nil: Option<Option<Fixture>> = None;",
        "nil: reader.required_element(f_nil, \"Nil\")?.map(Box::new),",
        "let mut f_main: Option<Fixture> = None;",
        "main: reader.required_element(f_main, \"Main\")?,",
        "writer.optional(self.fixture.as_deref(), \"Fixture\");",
        "writer.nullable(self.nil.as_deref(), \"Nil\");",
    ] {
        assert!(
            squeezed.contains(expected),
            "missing `{expected}` in:\n{code}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// The `json` extension
// ---------------------------------------------------------------------------------------------

#[test]
fn a_json_name_is_read_from_a_local_element() {
    let api = ok(lower_inline(
        r#"
  <xs:element name="Market" type="Market"/>
  <xs:complexType name="Market">
    <xs:sequence>
      <xs:element name="Provider" type="Provider" minOccurs="0" maxOccurs="unbounded">
        <xs:annotation>
          <xs:documentation>One provider.</xs:documentation>
          <xs:appinfo><j:json xmlns:j="urn:specgen:xsd" name="Providers"/></xs:appinfo>
        </xs:annotation>
      </xs:element>
      <xs:element name="Note" type="xs:string" minOccurs="0">
        <xs:annotation><xs:appinfo><j:json xmlns:j="urn:specgen:xsd" name="Note"/></xs:appinfo></xs:annotation>
      </xs:element>
    </xs:sequence>
    <xs:attribute name="Id" type="xs:long" use="required"/>
  </xs:complexType>
  <xs:complexType name="Provider">
    <xs:attribute name="Id" type="xs:long" use="required"/>
  </xs:complexType>"#,
    ));
    let market = strukt(&api, "Market");
    let provider = field(market, "Provider");
    assert_eq!(provider.json_name.as_deref(), Some("Providers"));
    assert_eq!(provider.json_name(), "Providers");
    assert_eq!(provider.json_alias(), Some("Provider"));
    assert_eq!(provider.docs.as_deref(), Some("One provider."));
    // A JSON name equal to the element name changes nothing; other members keep theirs.
    for wire in ["Note", "Id"] {
        let other = field(market, wire);
        assert_eq!((other.json_name.as_ref(), other.json_name()), (None, wire));
        assert_eq!(other.json_alias(), None);
    }
    let code = specgen::render_api(
        &api,
        &specgen::Options {
            xml_codecs: true,
            ..Default::default()
        },
    );
    syn::parse_file(&code).unwrap();
    // Without whitespace and trailing commas, so that line breaks do not matter.
    let compact = code
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .replace(",)", ")");
    for expected in [
        // JSON writes the configured name and reads both.
        r#"rename="Providers",alias="Provider","#,
        "JSON:`Providers`;decodingalsoacceptstheXMLname`Provider`.",
        // XML keeps the element name; content errors point at the JSON name.
        r#"b"Provider"=>"#,
        r#""Provider",true)"#,
        r#"json_content_member(&mutself.provider,pointer,"Providers")"#,
    ] {
        assert!(
            compact.contains(expected),
            "missing `{expected}` in:\n{code}"
        );
    }
    assert!(!compact.contains(r#"b"Providers""#), "{code}");
    assert!(!compact.contains(r#"alias="Note""#), "{code}");
}

#[test]
fn the_legacy_feed_names_only_providers_and_bets_differently_in_json() {
    let api = lower_feed("odds-service.xsd").api;
    let mut renamed = Vec::new();
    for ty in &api.types {
        if let TypeKind::Struct(s) = &ty.kind {
            for f in s.fields.iter().filter(|f| f.json_name.is_some()) {
                renamed.push((ty.name.as_str(), f.name.wire.as_str(), f.json_name()));
            }
        }
    }
    assert_eq!(
        renamed,
        [
            ("Market", "Provider", "Providers"),
            ("Provider", "Bet", "Bets")
        ]
    );
    let api = lower_feed("trade360.xsd").api;
    assert!(api.types.iter().all(|t| match &t.kind {
        TypeKind::Struct(s) => s.fields.iter().all(|f| f.json_name.is_none()),
        _ => true,
    }));
}

#[test]
fn bad_json_names_are_all_reported_with_locations() {
    // Each bad use is on its own line, marked by the comment after it.
    let text = r#"<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:sg="urn:specgen:xsd">
  <xs:annotation><xs:appinfo><sg:json name="Schema"/></xs:appinfo></xs:annotation> <!-- on-schema -->
  <xs:element name="Message">
    <xs:annotation><xs:appinfo>
      <sg:json name="Messages"/> <!-- on-global-element -->
      <sg:dispatch name="Typed" on="Header/Type" body="Body"><sg:case code="1" name="One" content="Items"/></sg:dispatch> <!-- dispatch-content -->
    </xs:appinfo></xs:annotation>
    <xs:complexType><xs:sequence>
      <xs:element name="Header" type="Header"/>
      <xs:element name="Body" type="Body" minOccurs="0"/>
    </xs:sequence></xs:complexType>
  </xs:element>
  <xs:complexType name="Header"><xs:sequence>
    <xs:element name="Type" type="xs:int"/>
  </xs:sequence></xs:complexType>
  <xs:complexType name="Body"><xs:sequence>
    <xs:element name="Items" type="xs:int" minOccurs="0" maxOccurs="unbounded">
      <xs:annotation><xs:appinfo><sg:json name="ItemList"/></xs:appinfo></xs:annotation>
    </xs:element>
    <xs:element name="Note" type="xs:string" minOccurs="0"/>
  </xs:sequence></xs:complexType>
  <xs:complexType name="Market">
    <xs:annotation><xs:appinfo><sg:json name="Markets"/></xs:appinfo></xs:annotation> <!-- on-type -->
    <xs:sequence>
      <xs:element name="Provider" type="xs:string" maxOccurs="unbounded">
        <xs:annotation><xs:appinfo><sg:json name="Id"/></xs:appinfo></xs:annotation> <!-- collides-attribute -->
      </xs:element>
      <xs:element name="Bet" type="xs:string" maxOccurs="unbounded">
        <xs:annotation><xs:appinfo><sg:json name="Odds"/></xs:appinfo></xs:annotation>
      </xs:element>
      <xs:element name="Price" type="xs:string" maxOccurs="unbounded">
        <xs:annotation><xs:appinfo><sg:json name="Odds"/></xs:appinfo></xs:annotation> <!-- collides-json -->
      </xs:element>
      <xs:element name="Line" type="xs:string" minOccurs="0">
        <xs:annotation><xs:appinfo><sg:json name="Bet"/></xs:appinfo></xs:annotation> <!-- collides-element -->
      </xs:element>
      <xs:element name="Empty" type="xs:string" minOccurs="0">
        <xs:annotation><xs:appinfo><sg:json/></xs:appinfo></xs:annotation> <!-- no-name -->
      </xs:element>
      <xs:element name="Blank" type="xs:string" minOccurs="0">
        <xs:annotation><xs:appinfo><sg:json name="  "/></xs:appinfo></xs:annotation> <!-- blank-name -->
      </xs:element>
      <xs:element name="Twice" type="xs:string" minOccurs="0">
        <xs:annotation><xs:appinfo>
          <sg:json name="Twice1" colour="red">text</sg:json> <!-- attribute-and-content -->
          <sg:json name="Twice2"/> <!-- second -->
        </xs:appinfo></xs:annotation>
      </xs:element>
      <xs:element name="Typo" type="xs:string" minOccurs="0">
        <xs:annotation><xs:appinfo>
          <sg:jsn name="Typos"/> <!-- unknown-extension -->
          <sg:dispatch name="Local" on="A/B" body="C"/> <!-- local-dispatch -->
        </xs:appinfo></xs:annotation>
      </xs:element>
    </xs:sequence>
    <xs:attribute name="Id" type="xs:long" use="required">
      <xs:annotation><xs:appinfo><sg:json name="MarketId"/></xs:appinfo></xs:annotation> <!-- on-attribute -->
    </xs:attribute>
  </xs:complexType>
  <xs:complexType name="Bets"><xs:sequence>
    <xs:element name="Bet" type="xs:string" minOccurs="0" maxOccurs="unbounded">
      <xs:annotation><xs:appinfo><sg:json name="Bets"/></xs:appinfo></xs:annotation> <!-- list-wrapper -->
    </xs:element>
  </xs:sequence></xs:complexType>
</xs:schema>
"#;
    let failure = lower_raw(text).unwrap_err();
    let errors = errors(&failure);
    let line = |marker: &str| {
        text.lines()
            .position(|l| l.contains(&format!("<!-- {marker} -->")))
            .unwrap_or_else(|| panic!("no marker {marker}"))
            + 1
    };
    let expect = [
        (
            "on-schema",
            "belongs on a local `xs:element` (a member of a complex type), not on `xs:schema`",
        ),
        ("on-global-element", "a `json` name on a global element"),
        (
            "dispatch-content",
            "`Items` has the JSON name `ItemList` (a `json` extension), but a dispatch reads",
        ),
        ("on-type", "not on `xs:complexType`"),
        (
            "collides-attribute",
            "the JSON name `Id` of `Provider` is also the XML name of the member `Id`",
        ),
        (
            "collides-json",
            "the JSON name `Odds` of `Price` is also the JSON name of the member `Bet`",
        ),
        (
            "collides-element",
            "the JSON name `Bet` of `Line` is also the XML name of the member `Bet`",
        ),
        ("no-name", "`json` needs a `name` attribute"),
        ("blank-name", "`json` needs a `name` attribute"),
        (
            "attribute-and-content",
            "unknown attribute `colour` on `json`",
        ),
        ("attribute-and-content", "`json` has no content"),
        ("second", "a second `json` on the same element"),
        ("unknown-extension", "unknown specgen extension `jsn`"),
        (
            "local-dispatch",
            "a `dispatch` belongs on a global `xs:element`, not on a local one",
        ),
        ("on-attribute", "not on `xs:attribute`"),
        ("list-wrapper", "`Bet` is the only member of a list wrapper"),
    ];
    for (marker, message) in expect {
        let at = line(marker);
        assert!(
            errors.iter().any(|e| e.message.contains(message)
                && e.location.as_ref().and_then(|l| l.line_col).map(|(l, _)| l) == Some(at)
                && e.location
                    .as_ref()
                    .is_some_and(|l| &*l.file == "inline.xsd")),
            "missing {message:?} at line {at} in:\n{failure}"
        );
    }
    // Nothing else: the first JSON name of two is used, the `Odds` collision is reported once.
    assert_eq!(errors.len(), expect.len(), "{failure}");
}
