//! The intermediate representation every front-end fills and every emitter reads.
//!
//! Plain data: no `syn`, no file formats. Every name keeps its wire spelling (exactly as the
//! spec writes it) and its Rust spelling (already sanitized and unique in its scope), and every
//! node keeps the [`Location`] it came from. Shapes cover both JSON and XML: a [`Field`] knows
//! whether it is an XML attribute, a child element or text content, fields stay in document
//! order, and [`Constraints`] hold everything a validator needs.

use serde_json::{Number, Value};

use crate::diagnostics::Location;

/// The Rust name of the catch-all member every generated object has (undeclared members);
/// front-ends never give a spec member this name.
pub const ADDITIONAL_PROPERTIES_FIELD: &str = "additional_properties";

/// One API (one OpenAPI document, or one XSD) and everything generated for it.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    /// Rust module name the API is generated into.
    pub module: String,
    /// The spec's title.
    pub title: String,
    /// The spec's version string.
    pub version: String,
    /// The spec's description.
    pub docs: Option<String>,
    /// Files the API was built from (spec first, then overlays), as the user named them.
    pub sources: Vec<String>,
    /// Base URLs of the servers the spec lists.
    pub servers: Vec<String>,
    /// Every security scheme the spec declares, in spec order.
    pub security_schemes: Vec<SecurityScheme>,
    /// Every named type, in spec order (named schemas first, then inline ones as met).
    pub types: Vec<TypeDef>,
    /// Every operation, in spec order (paths, then methods in the spec's order).
    pub operations: Vec<Operation>,
    /// Global elements a document may start with (XSD front-end; empty for OpenAPI).
    pub xml_roots: Vec<XmlRoot>,
    /// Whether a number in the JSON form may also arrive as its text (`"5400"` for 5400).
    /// True for an XSD, where every value has a lexical form and JSON producers differ on
    /// quoting; false for OpenAPI, whose `type: integer` excludes strings.
    pub lexical_json_numbers: bool,
    /// Whether an optional member whose type is a struct is held in a `Box`
    /// (`Option<Box<T>>`), so that an absent member costs one pointer instead of the
    /// struct's whole size. True for an XSD: documents repeat elements with many optional
    /// children millions of times (an element with five optional child structs, mostly
    /// absent, would otherwise take their summed size each time). False for OpenAPI, whose
    /// request and response bodies are built by hand and kept plain. List wrappers
    /// ([`Struct::json_array`]) are not boxed: their content is on the heap already.
    pub boxed_optional_structs: bool,
}

/// A global XML element: a document whose root is `element` decodes as `ty`.
#[derive(Debug, Clone, PartialEq)]
pub struct XmlRoot {
    /// The element name, exactly as in the schema.
    pub element: String,
    /// The Rust name of its type.
    pub ty: String,
    /// Where it is declared.
    pub origin: Location,
    /// A typed view of the document that dispatches on a code in it, when the schema asks
    /// for one.
    pub dispatch: Option<Dispatch>,
}

/// A message type that picks the body's meaning from a code in the document (such as a
/// header's message type): one variant per documented code, and an unknown case that keeps
/// the body as received, so a new code never stops a consumer.
#[derive(Debug, Clone, PartialEq)]
pub struct Dispatch {
    /// Rust name of the message type; its body enum is this name + `Body`.
    pub name: String,
    /// Documentation of the message type.
    pub docs: Option<String>,
    /// The root type's member holding the code's parent (Rust field name and wire name).
    pub header: Name,
    /// Rust type of that member.
    pub header_ty: String,
    /// The member of the header holding the code.
    pub code: Name,
    /// How the code is read from that member.
    pub code_kind: CodeKind,
    /// The root type's member holding the body.
    pub body: Name,
    /// Rust type of the body member.
    pub body_ty: String,
    /// In JSON, a case whose content is a list may be the body itself (`"Body": [...]`)
    /// instead of a member of it; with this set, that is also how it is written.
    pub bare_json_lists: bool,
    /// The documented codes.
    pub cases: Vec<DispatchCase>,
    /// Where the dispatch is declared.
    pub origin: Location,
}

/// How a dispatch code is read from its member.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeKind {
    /// An integer enum (open code table): its `code()`.
    IntEnum,
    /// A plain integer member.
    Integer,
}

/// One documented code of a [`Dispatch`].
#[derive(Debug, Clone, PartialEq)]
pub struct DispatchCase {
    /// The code.
    pub code: i64,
    /// Rust name of the variant.
    pub variant: String,
    /// What the code means.
    pub docs: Option<String>,
    /// The body member this code carries, with its type; `None` for a code without a body.
    pub content: Option<DispatchContent>,
}

/// The body member a [`DispatchCase`] carries.
#[derive(Debug, Clone, PartialEq)]
pub struct DispatchContent {
    /// The member of the body type (Rust and wire name).
    pub member: Name,
    /// Its type, without the optionality it has as one alternative of the body.
    pub ty: TypeExpr,
    /// Whether its JSON form is an array (a list, or a type whose JSON form is one).
    pub json_array: bool,
}

impl Api {
    /// Looks a type up by its Rust name.
    pub fn type_def(&self, name: &str) -> Option<&TypeDef> {
        self.types.iter().find(|t| t.name == name)
    }
}

/// A spelling on the wire and in Rust.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Name {
    /// Exactly as the spec writes it (`_multiple_detail`, `FixtureId`, `400 (2)`).
    pub wire: String,
    /// Sanitized, unique in its scope, never a keyword (`multiple_detail`, `fixture_id`).
    pub rust: String,
}

/// A named type.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// Rust type name, unique in the API.
    pub name: String,
    /// Where in the spec the type is named from (schema name or a path for inline schemas).
    pub source_name: String,
    /// Documentation from the spec (title and description).
    pub docs: Option<String>,
    /// Where the schema is.
    pub origin: Location,
    /// What the type is.
    pub kind: TypeKind,
    /// Whether the schema itself admits `null` (a `nullable` named schema). Every use of
    /// such a type is nullable too; this says that the type's own validation accepts `null`.
    pub accepts_null: bool,
}

/// The shape of a named type.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    /// An object with named members (JSON) or a complex type (XML).
    Struct(Struct),
    /// A set of documented values.
    Enum(Enum),
    /// One of several shapes (`oneOf`/`anyOf`, XSD choice of types).
    Union(Union),
    /// Another name for a type expression (a named array, map, or constrained scalar).
    Alias(TypeExpr),
    /// A schema no Rust type expresses exactly (no `type`, keywords of several types,
    /// combinators beside other keywords): any JSON value (`serde_json::Value`), checked
    /// with JSON Schema's semantics, where each keyword applies to instances of its type.
    Json(Box<JsonSchema>),
}

/// The JSON types a [`JsonSchema`] can require (OpenAPI 3.0 names one, plus `nullable`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonType {
    /// `boolean`.
    Boolean,
    /// `integer`: a number without fraction.
    Integer,
    /// `number`.
    Number,
    /// `string`.
    String,
    /// `array`.
    Array,
    /// `object`.
    Object,
}

/// A schema checked keyword by keyword, as JSON Schema does (see [`TypeKind::Json`]).
#[derive(Debug, Clone, PartialEq)]
pub struct JsonSchema {
    /// `type`; `None` admits every type.
    pub ty: Option<JsonType>,
    /// `nullable: true`: `null` is valid whatever the other keywords say.
    pub nullable: bool,
    /// Numeric, string, array and member-count keywords and `format`; each applies only to
    /// values of its type (`min_properties` / `max_properties` to objects).
    pub constraints: Constraints,
    /// `enum`: the value must equal one of these (numbers compared by value, `0` = `0.0`).
    pub enum_values: Option<Vec<Value>>,
    /// `properties`, in document order.
    pub properties: Vec<(String, TypeExpr)>,
    /// `required`.
    pub required: Vec<String>,
    /// `additionalProperties` (about members `properties` does not declare).
    pub additional: Additional,
    /// `items`: every item, or with `prefix_items` every item after those (2020-12).
    pub items: Option<Box<TypeExpr>>,
    /// `prefixItems` (OpenAPI 3.1): the schemas of the first items, position by position.
    pub prefix_items: Vec<TypeExpr>,
    /// `propertyNames` (OpenAPI 3.1): what every member name, as a string, must satisfy.
    pub property_names: Option<Box<TypeExpr>>,
    /// `dependentRequired` (OpenAPI 3.1): when the member is there, so must these be.
    pub dependent_required: Vec<(String, Vec<String>)>,
    /// `dependentSchemas` (OpenAPI 3.1): when the member is there, the whole object must
    /// satisfy the schema.
    pub dependent_schemas: Vec<(String, TypeExpr)>,
    /// `allOf` parts.
    pub all_of: Vec<TypeExpr>,
    /// `anyOf` alternatives.
    pub any_of: Vec<TypeExpr>,
    /// `oneOf` alternatives.
    pub one_of: Vec<TypeExpr>,
    /// `not`: the value must not satisfy this.
    pub not: Option<Box<TypeExpr>>,
}

/// An object type.
#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    /// Members in document order (XML element order is significant).
    pub fields: Vec<Field>,
    /// What is allowed beyond the declared members.
    pub additional: Additional,
    /// How child elements combine (OpenAPI objects are always [`ContentModel::All`]).
    pub content_model: ContentModel,
    /// `minProperties` / `maxProperties`.
    pub min_properties: Option<u64>,
    /// `maxProperties`.
    pub max_properties: Option<u64>,
    /// How to build this object from validation violations (`x-violation-report`), when
    /// the spec says it is an error report.
    pub violation_report: Option<ViolationReport>,
    /// The JSON form is the array of the single (repeated) member, not an object: an XML
    /// list wrapper (`<Participants><Participant/>…</Participants>`) is `"Participants": [...]`
    /// in JSON, as .NET and most XML-to-JSON mappings write it. Such a struct keeps no
    /// undeclared members.
    pub json_array: bool,
    /// Combinations of members that must (or must not) be present together: an object's
    /// `anyOf` / `oneOf` / `not` whose alternatives only list `required` members.
    pub member_sets: Vec<MemberSets>,
}

/// Combinations of members an object must have (see [`Struct::member_sets`]).
#[derive(Debug, Clone, PartialEq)]
pub struct MemberSets {
    /// How the sets combine.
    pub mode: MemberSetMode,
    /// Each set: member names (wire spelling).
    pub sets: Vec<Vec<String>>,
}

/// How the sets of a [`MemberSets`] combine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MemberSetMode {
    /// At least one set is present.
    AnyOf,
    /// Exactly one set is present.
    OneOf,
    /// The (single) set is not all present.
    Not,
}

/// Where validation violations go in an error-report object (`x-violation-report`).
#[derive(Debug, Clone, PartialEq)]
pub struct ViolationReport {
    /// Rust name of the string member receiving a summary.
    pub summary: Option<String>,
    /// Fixed summary text; without it the summary is the first violation's message.
    pub summary_text: Option<String>,
    /// Rust name of the array member receiving one entry per violation.
    pub list: Option<String>,
    /// For object entries: the entry type and the Rust name of its message member; `None`
    /// when the entries are the messages themselves (strings).
    pub entry: Option<(String, String)>,
    /// Members set to a fixed value (`fixed: {success: false}`), by Rust name: a boolean or
    /// a string for a member of that type.
    pub fixed: Vec<(String, Value)>,
}

/// Members beyond the declared ones.
#[derive(Debug, Clone, PartialEq)]
pub enum Additional {
    /// `additionalProperties: false`: none allowed (decoding still keeps them for validation).
    Forbidden,
    /// Unconstrained (OpenAPI's default).
    Any,
    /// `additionalProperties: {schema}`: each extra member has this type.
    Typed(Box<TypeExpr>),
}

/// How the children of an XML element combine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContentModel {
    /// Any order (JSON objects, `xs:all`).
    All,
    /// In the declared order (`xs:sequence`).
    Sequence,
    /// Exactly one of the children (`xs:choice`). Every alternative is a non-required field;
    /// the XSD front-end uses this only for a required, non-repeated choice of plain elements
    /// (an optional or repeated choice is [`ContentModel::All`]).
    Choice,
}

/// Where a member lives in an XML document; JSON members are [`XmlNode::Element`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum XmlNode {
    /// An attribute of the element.
    Attribute,
    /// A child element (or a JSON object member).
    Element,
    /// The element's text content (XSD simple content: `xs:simpleContent`, with the
    /// attributes as [`XmlNode::Attribute`] fields beside it). Text has no XML name, so its
    /// wire name is `$text` (quick-xml's serde convention); its Rust name is `value`. A struct
    /// has at most one such field, after its attributes and without element fields.
    Text,
}

/// One member of a [`Struct`].
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Wire and Rust spelling.
    pub name: Name,
    /// The member's type; `ty.nullable` says whether `null` is allowed.
    pub ty: TypeExpr,
    /// Whether the member must be present.
    pub required: bool,
    /// Whether the member must be present whenever the object has any member (XML: the
    /// element has any child element). An XSD content model that is optional as a whole
    /// (`<xs:sequence minOccurs="0">`) lets an element be empty, but an element with content
    /// must have all of it; such members are not `required`, but this.
    pub required_with_content: bool,
    /// Documentation from the spec.
    pub docs: Option<String>,
    /// The spec's `default`, if any.
    pub default: Option<Value>,
    /// Attribute, element or text.
    pub xml: XmlNode,
    /// The member's JSON name where it differs from `name.wire`, which XML keeps (an XSD
    /// `json` extension: the JSON form names a repeated element `Providers` where XML repeats
    /// `<Provider>`). JSON encoding writes this name; decoding accepts it and `name.wire`.
    /// `None`: JSON uses `name.wire` (see [`Field::json_name`]).
    pub json_name: Option<String>,
    /// Where the member is declared.
    pub origin: Location,
}

impl Field {
    /// The name JSON encoding writes: the configured JSON name, by default the wire name.
    pub fn json_name(&self) -> &str {
        self.json_name.as_deref().unwrap_or(&self.name.wire)
    }

    /// The other name JSON decoding accepts (the wire name), when a JSON name is configured.
    pub fn json_alias(&self) -> Option<&str> {
        self.json_name
            .as_deref()
            .filter(|json| *json != self.name.wire)
            .map(|_| self.name.wire.as_str())
    }
}

/// A use of a type, with the constraints that apply at this use.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeExpr {
    /// What kind of value.
    pub kind: TypeExprKind,
    /// Whether `null` is allowed.
    pub nullable: bool,
    /// Constraints on the value.
    pub constraints: Constraints,
}

impl TypeExpr {
    /// An unconstrained, non-nullable use of `kind`.
    pub fn new(kind: TypeExprKind) -> Self {
        Self {
            kind,
            nullable: false,
            constraints: Constraints::default(),
        }
    }

    /// An unconstrained use of a named type.
    pub fn named(name: impl Into<String>) -> Self {
        Self::new(TypeExprKind::Named(name.into()))
    }
}

/// The kinds of value a [`TypeExpr`] can denote.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeExprKind {
    /// A [`TypeDef`] of the same API, by Rust name.
    Named(String),
    /// A scalar.
    Scalar(Scalar),
    /// A list (JSON array, repeated XML element).
    Array(Box<TypeExpr>),
    /// An object used as a map from member name to value.
    Map(Box<TypeExpr>),
    /// Any JSON value.
    Any,
}

/// Scalar types, with the precision the wire needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scalar {
    /// Text.
    String,
    /// `true` / `false`.
    Boolean,
    /// `integer` with `format: int32`.
    Int32,
    /// `integer` (any other format): 64 bits.
    Int64,
    /// `number` with `format: float`.
    Float32,
    /// `number` (any other format).
    Float64,
    /// An exact decimal (`format: decimal`), travelling as a JSON string or number.
    Decimal(DecimalWire),
    /// `format: uuid`.
    Uuid,
    /// `format: date-time`.
    DateTime,
    /// `format: date`.
    Date,
}

/// How an exact decimal is written on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecimalWire {
    /// As a string (`"2.875"`).
    String,
    /// As a number (`2.875`).
    Number,
}

/// A numeric bound.
#[derive(Debug, Clone, PartialEq)]
pub struct Bound {
    /// The limit, exactly as written.
    pub value: Number,
    /// Whether the limit itself is excluded.
    pub exclusive: bool,
}

/// Every constraint a value can carry, for a validation emitter to enforce.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Constraints {
    /// `minimum` (with `exclusiveMinimum`).
    pub minimum: Option<Bound>,
    /// `maximum` (with `exclusiveMaximum`).
    pub maximum: Option<Bound>,
    /// `multipleOf`.
    pub multiple_of: Option<Number>,
    /// `minLength`, in characters.
    pub min_length: Option<u64>,
    /// `maxLength`, in characters.
    pub max_length: Option<u64>,
    /// `pattern` (ECMA 262 regular expression).
    pub pattern: Option<String>,
    /// `minItems` (or XSD `minOccurs` of a repeated element).
    pub min_items: Option<u64>,
    /// `maxItems` (or XSD `maxOccurs`).
    pub max_items: Option<u64>,
    /// `uniqueItems`.
    pub unique_items: bool,
    /// `minProperties` of a map-shaped object (objects with declared members keep theirs in
    /// [`Struct`]).
    pub min_properties: Option<u64>,
    /// `maxProperties` of a map-shaped object.
    pub max_properties: Option<u64>,
    /// `format`, as written, including formats that do not change the Rust type (`email`).
    pub format: Option<String>,
    /// A message the spec wants reported when this value is invalid (`x-error-message`).
    pub error_message: Option<String>,
}

/// A set of documented values.
#[derive(Debug, Clone, PartialEq)]
pub struct Enum {
    /// Whether values are strings or integers.
    pub repr: EnumRepr,
    /// The documented values, in spec order.
    pub variants: Vec<EnumVariant>,
    /// `true` for `enum` (other values are invalid, though still decoded); `false` for an open
    /// code table (`x-codes`), where new values are expected.
    pub closed: bool,
}

/// How enum values are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnumRepr {
    /// Strings.
    String,
    /// Integers.
    Integer,
}

/// One documented value.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumVariant {
    /// Rust variant name (`wire` holds the value as text).
    pub name: Name,
    /// The value.
    pub value: Value,
    /// What the value means.
    pub docs: Option<String>,
}

/// One of several shapes.
#[derive(Debug, Clone, PartialEq)]
pub struct Union {
    /// The shapes, in spec order.
    pub variants: Vec<UnionVariant>,
    /// `oneOf` (exactly one must match) or `anyOf` (at least one).
    pub mode: UnionMode,
    /// A member whose value names the shape, when the spec declares one.
    pub discriminator: Option<Discriminator>,
}

/// `oneOf` or `anyOf`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnionMode {
    /// `oneOf`.
    OneOf,
    /// `anyOf`.
    AnyOf,
}

/// One shape of a [`Union`].
#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    /// Rust variant name.
    pub name: String,
    /// The shape.
    pub ty: TypeExpr,
}

/// A discriminator member and the values that select each variant.
#[derive(Debug, Clone, PartialEq)]
pub struct Discriminator {
    /// The member's wire name.
    pub property: String,
    /// Member value → index into [`Union::variants`], in spec order.
    pub mapping: Vec<(String, usize)>,
}

/// One HTTP operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// `wire`: the `operationId`, or `METHOD /path` when there is none; `rust`: snake_case.
    pub name: Name,
    /// Whether the spec gave an `operationId`.
    pub has_operation_id: bool,
    /// The HTTP method.
    pub method: HttpMethod,
    /// Path template, as written (`/bets/{betId}`).
    pub path: String,
    /// The same template, parsed.
    pub path_template: PathTemplate,
    /// The spec's summary.
    pub summary: Option<String>,
    /// The spec's description.
    pub docs: Option<String>,
    /// Whether the spec marks it deprecated.
    pub deprecated: bool,
    /// Path, query, header and cookie parameters.
    pub params: Vec<Param>,
    /// The request body, if any.
    pub request_body: Option<RequestBody>,
    /// Responses grouped by status, in spec order.
    pub responses: Vec<Response>,
    /// Alternative security requirements; each lists scheme names that must all be satisfied.
    pub security: Vec<Vec<String>>,
    /// Where the operation is.
    pub origin: Location,
}

/// Where a parameter travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLocation {
    /// In the path template.
    Path,
    /// In the query string.
    Query,
    /// In a request header.
    Header,
    /// In a cookie.
    Cookie,
}

/// One parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// Wire and Rust spelling.
    pub name: Name,
    /// Where it travels.
    pub location: ParamLocation,
    /// Whether it must be sent.
    pub required: bool,
    /// Its type.
    pub ty: TypeExpr,
    /// How its value is written (`style`, with the spec's default for its location).
    pub style: ParamStyle,
    /// `explode` (default: true for `form`, false otherwise).
    pub explode: bool,
    /// Documentation.
    pub docs: Option<String>,
    /// Where it is declared.
    pub origin: Location,
}

/// How a parameter value is serialized (OpenAPI's `style`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamStyle {
    /// `form`: `?id=1&id=2` exploded, `?id=1,2` not (query and cookie default).
    Form,
    /// `simple`: `1,2` (path and header default).
    Simple,
    /// `label`: `.1.2` in a path.
    Label,
    /// `matrix`: `;id=1;id=2` in a path.
    Matrix,
    /// `spaceDelimited`: `?id=1%202`.
    SpaceDelimited,
    /// `pipeDelimited`: `?id=1|2`.
    PipeDelimited,
    /// `deepObject`: `?filter[name]=x`.
    DeepObject,
}

/// An HTTP method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum HttpMethod {
    /// `GET`
    Get,
    /// `PUT`
    Put,
    /// `POST`
    Post,
    /// `DELETE`
    Delete,
    /// `OPTIONS`
    Options,
    /// `HEAD`
    Head,
    /// `PATCH`
    Patch,
    /// `TRACE`
    Trace,
}

impl HttpMethod {
    /// Every method, in the order OpenAPI lists them in a path item.
    pub const ALL: [HttpMethod; 8] = [
        Self::Get,
        Self::Put,
        Self::Post,
        Self::Delete,
        Self::Options,
        Self::Head,
        Self::Patch,
        Self::Trace,
    ];

    /// The upper-case name (`POST`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Put => "PUT",
            Self::Post => "POST",
            Self::Delete => "DELETE",
            Self::Options => "OPTIONS",
            Self::Head => "HEAD",
            Self::Patch => "PATCH",
            Self::Trace => "TRACE",
        }
    }

    /// The method a path item key (`post`) names.
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|method| method.as_str().eq_ignore_ascii_case(key))
            .filter(|_| key.bytes().all(|b| b.is_ascii_lowercase()))
    }
}

impl std::fmt::Display for HttpMethod {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A path template split at its parameters: `/bets/{betId}/legs` is a literal, the
/// parameter `betId`, and another literal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathTemplate {
    /// The pieces, in order; literals keep their slashes.
    pub segments: Vec<PathSegment>,
}

/// One piece of a [`PathTemplate`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathSegment {
    /// Text matched as written.
    Literal(String),
    /// A path parameter, by its wire name.
    Param(String),
}

impl PathTemplate {
    /// Splits `template`; `None` when a brace is unbalanced or a parameter name is empty.
    pub fn parse(template: &str) -> Option<Self> {
        let mut segments = Vec::new();
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            let (literal, after) = rest.split_at(open);
            if literal.contains('}') {
                return None;
            }
            let close = after.find('}')?;
            let name = &after[1..close];
            if name.is_empty() || name.contains('{') {
                return None;
            }
            if !literal.is_empty() {
                segments.push(PathSegment::Literal(literal.to_owned()));
            }
            segments.push(PathSegment::Param(name.to_owned()));
            rest = &after[close + 1..];
        }
        if rest.contains('}') {
            return None;
        }
        if !rest.is_empty() {
            segments.push(PathSegment::Literal(rest.to_owned()));
        }
        Some(Self { segments })
    }

    /// The wire names of its parameters, in order.
    pub fn params(&self) -> impl Iterator<Item = &str> {
        self.segments.iter().filter_map(|segment| match segment {
            PathSegment::Param(name) => Some(name.as_str()),
            PathSegment::Literal(_) => None,
        })
    }
}

/// How a body travels: the media types generated code reads and writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MediaKind {
    /// `application/json` and `+json` types: the typed model.
    Json,
    /// `text/*`: a `String`.
    Text,
    /// `application/x-www-form-urlencoded`: the typed model, form-encoded.
    Form,
    /// Anything else (`application/octet-stream`, images, …): raw bytes.
    Bytes,
}

impl MediaKind {
    /// The kind of `media_type` (parameters such as `; charset=utf-8` ignored).
    pub fn of(media_type: &str) -> Self {
        let essence = media_type
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        if essence == "application/json" || essence.ends_with("+json") {
            Self::Json
        } else if essence == "application/x-www-form-urlencoded" {
            Self::Form
        } else if essence.starts_with("text/") {
            Self::Text
        } else {
            Self::Bytes
        }
    }
}

/// A security scheme of `components/securitySchemes`.
#[derive(Debug, Clone, PartialEq)]
pub struct SecurityScheme {
    /// The key it is declared under (what security requirements name).
    pub name: Name,
    /// What the caller presents.
    pub kind: SecurityKind,
    /// The spec's description.
    pub docs: Option<String>,
    /// A header a trusted gateway sets with the caller's identity after checking the
    /// credential itself (`x-forwarded-identity-header`); a server may accept it instead.
    pub forwarded_identity_header: Option<String>,
    /// Where it is declared.
    pub origin: Location,
}

/// The kinds of security scheme.
#[derive(Debug, Clone, PartialEq)]
pub enum SecurityKind {
    /// `type: http, scheme: bearer`: `Authorization: Bearer <token>`.
    Bearer {
        /// `bearerFormat` (a hint such as `JWT`).
        format: Option<String>,
    },
    /// `type: http, scheme: basic`: `Authorization: Basic <base64>`.
    Basic,
    /// `type: apiKey`: a key in a header, query parameter or cookie.
    ApiKey {
        /// Where the key travels.
        location: ParamLocation,
        /// The header, parameter or cookie name.
        name: String,
    },
    /// `type: oauth2`: a bearer token from one of the flows; scopes recorded.
    OAuth2 {
        /// Every scope any flow declares, with its description.
        scopes: Vec<(String, String)>,
    },
    /// `type: openIdConnect`: a bearer token; the discovery URL recorded.
    OpenIdConnect {
        /// `openIdConnectUrl`.
        url: String,
    },
    /// `type: http` with another scheme (`digest`, …): the `Authorization` header as is.
    OtherHttp {
        /// The scheme name.
        scheme: String,
    },
}

/// A request body.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestBody {
    /// Media type (`application/json` when the spec offers it).
    pub content_type: String,
    /// How the body travels.
    pub media: MediaKind,
    /// Named examples of the body (`examples`, or `example` named `default`).
    pub examples: Vec<Example>,
    /// The body's type; `None` for media types other than JSON.
    pub ty: Option<TypeExpr>,
    /// Whether a body must be sent.
    pub required: bool,
    /// Documentation.
    pub docs: Option<String>,
}

/// Which responses a [`Response`] covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum StatusKey {
    /// One status code.
    Code(u16),
    /// A class such as `4XX` (holds the first digit).
    Range(u8),
    /// `default`: any status not otherwise documented.
    Default,
}

/// Every documented body of one status.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    /// The status.
    pub status: StatusKey,
    /// One entry per documented body; several when the spec writes `"400 (1)"`, `"400 (2)"`, ….
    pub alternatives: Vec<ResponseBody>,
}

/// One documented response body.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseBody {
    /// The response key exactly as written (`"400 (2)"`).
    pub key: String,
    /// The spec's description.
    pub description: String,
    /// Media type, when the response has content.
    pub content_type: Option<String>,
    /// How the body travels, when there is one.
    pub media: Option<MediaKind>,
    /// Named examples of the body (`examples`, or `example` named `default`).
    pub examples: Vec<Example>,
    /// Documented response headers.
    pub headers: Vec<ResponseHeader>,
    /// The body's type; `None` when there is no JSON body.
    pub ty: Option<TypeExpr>,
    /// Where the response is.
    pub origin: Location,
}

/// A named example value from the spec.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// Its key under `examples` (`default` for a lone `example`).
    pub name: String,
    /// The value.
    pub value: Value,
}

/// A documented response header.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseHeader {
    /// The header name, as written.
    pub name: String,
    /// Whether every response of this kind carries it.
    pub required: bool,
    /// Its type.
    pub ty: TypeExpr,
    /// Documentation.
    pub docs: Option<String>,
}

impl Constraints {
    /// Constraints written beside a reference or composition apply on top of what the type
    /// has: each one `from` sets replaces this one's.
    pub fn merge(&mut self, from: Constraints) {
        macro_rules! take {
            ($($field:ident),*) => { $( if from.$field.is_some() { self.$field = from.$field; } )* };
        }
        take!(
            minimum,
            maximum,
            multiple_of,
            min_length,
            max_length,
            pattern,
            min_items,
            max_items,
            min_properties,
            max_properties,
            format,
            error_message
        );
        self.unique_items |= from.unique_items;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_templates() {
        let template = PathTemplate::parse("/bets/{betId}/legs/{leg}").unwrap();
        assert_eq!(
            template.segments,
            [
                PathSegment::Literal("/bets/".into()),
                PathSegment::Param("betId".into()),
                PathSegment::Literal("/legs/".into()),
                PathSegment::Param("leg".into()),
            ]
        );
        assert_eq!(template.params().collect::<Vec<_>>(), ["betId", "leg"]);
        for bad in ["/a/{", "/a/}", "/a/{}", "/{a{b}}", "/a}{b}"] {
            assert_eq!(PathTemplate::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn media_kinds_and_methods() {
        assert_eq!(
            MediaKind::of("application/json; charset=utf-8"),
            MediaKind::Json
        );
        assert_eq!(MediaKind::of("application/problem+json"), MediaKind::Json);
        assert_eq!(MediaKind::of("text/plain"), MediaKind::Text);
        assert_eq!(
            MediaKind::of("application/x-www-form-urlencoded"),
            MediaKind::Form
        );
        assert_eq!(MediaKind::of("application/octet-stream"), MediaKind::Bytes);
        assert_eq!(HttpMethod::from_key("post"), Some(HttpMethod::Post));
        assert_eq!(HttpMethod::from_key("POST"), None);
        assert_eq!(HttpMethod::from_key("fetch"), None);
    }
}
