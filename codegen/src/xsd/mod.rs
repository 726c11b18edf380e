//! The XSD (XML Schema 1.0) front-end: one self-contained `.xsd` file in, an [`ir::Api`] out.
//!
//! Three steps:
//!
//! 1. [`document`] reads the file with quick-xml into a light tree of schema elements. It
//!    reports malformed XML with its line and column, and, all at once and before anything
//!    else runs, every unsupported construct and every reference that names nothing.
//! 2. xsd-parser's parse → interpret → optimize stages ([`xsd_parser::exec_parser`],
//!    [`xsd_parser::exec_interpreter`], [`xsd_parser::exec_optimizer`]) give the meaning.
//! 3. [`lower`] maps xsd-parser's `MetaTypes` into the IR, taking positions and document
//!    order from the tree.
//!
//! # Mapping
//!
//! - Every named complex type, and the anonymous complex type of every element, is a
//!   [`ir::TypeKind::Struct`]. Attributes come first, as [`ir::XmlNode::Attribute`] fields
//!   (required when `use="required"`). Then come either child elements, in document order, as
//!   [`ir::XmlNode::Element`] fields, or, for simple content, one [`ir::XmlNode::Text`] field.
//!   That field is named `value` in Rust and `$text` on the wire.
//! - Nested groups are flattened into the struct's fields. The occurrences of a field are the
//!   product of the occurrences of its enclosing particles. An alternative of an `xs:choice`
//!   with several alternatives is never required. A field is required when its minimum is at
//!   least 1. A maximum above 1 makes it an [`ir::TypeExprKind::Array`] with `min_items` (when
//!   above 0) and `max_items` (when bounded). `nillable="true"` makes the value nullable.
//! - The content model is [`ir::ContentModel::Sequence`] for `xs:sequence`. It becomes `All`
//!   when a repeated group has several members, because their elements then interleave. It is
//!   [`ir::ContentModel::All`] for `xs:all`. It is [`ir::ContentModel::Choice`] for a required,
//!   non-repeated `xs:choice` of plain elements, meaning exactly one of them. Any other choice
//!   (an optional one, a repeated one, or one with nested groups) is `All`. In that case "at
//!   most one" is not enforced, and no valid document is rejected.
//! - Structs accept undeclared members ([`ir::Additional::Any`]): feeds add fields, and
//!   decoding must ignore them. The exception is a type that forbids extension
//!   (`final="extension"`/`"#all"`, or the schema's `finalDefault`), which is `Forbidden`.
//!   `xs:any` / `xs:anyAttribute` with `lax` or `skip` processing also mean `Any`.
//! - Built-in types: string-like types → `String`. `int`, `short`, `byte`, `unsignedShort`,
//!   `unsignedByte` → `Int32`. `long`, `integer` and the other integer types → `Int64`.
//!   Derived integer types keep their value space as minimum/maximum constraints. Values of
//!   `xs:unsignedLong` above `i64::MAX` do not decode, because the IR has no unsigned 64-bit
//!   scalar. `decimal` → `Decimal(String)`, `double`/`float` → `Float64`/`Float32`,
//!   `boolean` → `Boolean`, `dateTime` → `DateTime`, `date` → `Date`, `anyType` → `Any`.
//! - A named simple type is an [`ir::TypeKind::Alias`] of its base, and its facets become
//!   [`ir::Constraints`]. `min`/`maxInclusive`/`Exclusive` are [`ir::Bound`]s on numeric
//!   values. `length`, `minLength` and `maxLength` carry over. Patterns are anchored (XSD
//!   patterns match the whole value) and combined as alternatives. An anonymous restriction
//!   stays inline, with its constraints, at its use.
//! - `xs:enumeration` is a closed [`ir::Enum`]. The open code table pattern `xs:union
//!   memberTypes="XKnown xs:int"` (an enumeration of known codes plus its own base type, see
//!   `spec/feed/README.md`) is an open enum (`closed: false`). Its variants are named from
//!   their documentation `Name: description` (UpperCamelCase), with the description as docs.
//!   Without that convention, names fall back to `V<n>` / `Minus<n>` or the value itself. The
//!   `XKnown` type gets no type of its own unless something else uses it. Other unions are
//!   [`ir::TypeKind::Union`]s (`AnyOf`: the first member type that accepts the value wins).
//! - `xs:annotation/xs:documentation` → docs of types, fields and variants. An element's
//!   anonymous type takes the element's docs.
//! - Every global element is an [`ir::XmlRoot`]. An element whose type is a built-in gets an
//!   alias named after the element. A `dispatch` declaration in its `xs:appinfo` (namespace
//!   `urn:specgen:xsd`, see [`dispatch`]) gives it a typed message ([`ir::Dispatch`]).
//! - A `json` declaration in the `xs:appinfo` of a local element (same namespace, see
//!   [`json_name`]) gives its member a JSON name ([`ir::Field::json_name`]) that differs from
//!   the element name, which XML keeps: `Providers` for repeated `<Provider>` elements.
//! - JSON forms: a complex type whose content is one repeated element and nothing else (a list
//!   wrapper such as `<Participants><Participant/>…</Participants>`) has
//!   [`ir::Struct::json_array`] set: its JSON form is the array, and its list is always there
//!   (empty for `<Participants/>`). Numbers may arrive as JSON strings
//!   ([`ir::Api::lexical_json_numbers`]): every XML value is text, and producers quote some.
//! - Names use [`crate::naming`] exactly like the OpenAPI front-end: types are `camel` of the
//!   XSD name, and anonymous types are `camel(owner_member)`. Fields use `field_names`, with
//!   `additional_properties` reserved (and `value` when there is text content). Wire names
//!   are the XML names, unchanged (JSON names too, but where a `json` extension says otherwise).
//! - Locations: the file, an XPath-like path from `xs:schema`
//!   (`/complexType[@name='Bet']/attribute[@name='Price']`), and the line and column of the
//!   declaration's start tag. xsd-parser keeps no positions, so they come from the quick-xml
//!   tree, which is read anyway for the checks.
//!
//! # Not supported (errors, reported together, never a panic)
//!
//! - `xs:include` / `xs:import` / `xs:redefine` / `xs:override`.
//! - Substitution groups and abstract elements or types (`xsi:type` dispatch).
//! - Mixed content, `xs:list` and built-in list types.
//! - `xs:any` / `xs:anyAttribute` with `strict` processing (the default).
//! - XSD 1.1 assertions, alternatives and open content.
//! - Patterns using `\i`/`\c` or class subtraction.
//!
//! Identity constraints (`xs:key`, …), `totalDigits`/`fractionDigits` and range facets on
//! non-numeric types are warnings: they are not enforced. A `targetNamespace` is a warning:
//! documents are matched by local names.

mod dispatch;
mod document;
mod json_name;
mod lower;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::sync::Arc;

use xsd_parser::config::{
    InterpreterConfig, InterpreterFlags, Namespace, OptimizerConfig, OptimizerFlags, ParserConfig,
    ParserFlags, Schema,
};
use xsd_parser::models::meta::{CustomMeta, MetaTypes};
use xsd_parser::models::schema::NamespaceId;
use xsd_parser::models::IdentType;

use crate::diagnostics::{Diagnostics, Location};
use crate::ir;

use self::document::XsdDocument;

/// Whether `path` names an XML Schema (by its `.xsd` extension).
pub fn is_xsd(path: &Path) -> bool {
    path.extension()
        .is_some_and(|ext| ext.eq_ignore_ascii_case("xsd"))
}

/// Lowers the XSD at `path` (named `display` in messages). Problems go to `diagnostics`;
/// `None` when the schema could not be read or interpreted at all.
pub fn lower(
    path: &Path,
    display: &str,
    module: &str,
    diagnostics: &mut Diagnostics,
) -> Option<ir::Api> {
    let file: Arc<str> = Arc::from(display);
    let whole_file = |line_col| Location {
        file: file.clone(),
        pointer: String::new(),
        line_col,
    };
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(error) => {
            diagnostics.error(
                format!("cannot read spec file `{display}`: {error}"),
                Some(whole_file(None)),
            );
            return None;
        }
    };
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => {
            let offset = error.utf8_error().valid_up_to();
            let prefix = std::str::from_utf8(&error.as_bytes()[..offset]).unwrap_or_default();
            let line = prefix.matches('\n').count() + 1;
            let column = prefix
                .rsplit('\n')
                .next()
                .unwrap_or_default()
                .chars()
                .count()
                + 1;
            diagnostics.error(
                format!("spec file is not valid UTF-8 (invalid byte at offset {offset}, line {line} column {column})"),
                Some(whole_file(Some((line, column)))),
            );
            return None;
        }
    };
    lower_text(file, &text, module, display, diagnostics)
}

fn lower_text(
    file: Arc<str>,
    text: &str,
    module: &str,
    display: &str,
    diagnostics: &mut Diagnostics,
) -> Option<ir::Api> {
    let document = match XsdDocument::parse(file, text) {
        Ok(document) => document,
        Err(diagnostic) => {
            diagnostics.push(diagnostic);
            return None;
        }
    };
    let mut checks = Diagnostics::default();
    document.check(&mut checks);
    let unsupported = checks.has_errors();
    // Misplaced or malformed extensions do not stop the lowering: its problems are reported
    // with them.
    json_name::check(&document, &mut checks);
    diagnostics.extend(checks);
    if unsupported {
        // xsd-parser is not run on what it cannot handle: some constructs make it panic.
        return None;
    }
    // xsd-parser reads the document with one native stack frame per element level, several
    // kilobytes each in debug builds: on a 2 MiB thread (a test, a build script's helper) 120
    // levels overflowed. A thread of its own gets a stack sized for the nesting limit,
    // whatever the caller's is; only the pages used are committed.
    let spawned = std::thread::scope(|scope| {
        let worker = std::thread::Builder::new()
            .name("specgen-xsd".into())
            .stack_size(XSD_STACK)
            .spawn_scoped(scope, || {
                let mut found = Diagnostics::default();
                let api = interpret_and_lower(&document, text, module, display, &mut found);
                (api, found)
            })?;
        Ok::<_, std::io::Error>(worker.join())
    });
    match spawned {
        Ok(Ok((api, found))) => {
            diagnostics.extend(found);
            api
        }
        Ok(Err(_)) => {
            diagnostics.error(
                "the XSD front-end stopped unexpectedly",
                Some(document.location(&document.root)),
            );
            None
        }
        Err(error) => {
            diagnostics.error(
                format!("cannot start a thread for the XSD front-end: {error}"),
                Some(document.location(&document.root)),
            );
            None
        }
    }
}

/// The stack of the XSD front-end's thread: ample for [`crate::source::MAX_NESTING`] levels.
const XSD_STACK: usize = 256 * 1024 * 1024;

fn interpret_and_lower(
    document: &XsdDocument,
    text: &str,
    module: &str,
    display: &str,
    diagnostics: &mut Diagnostics,
) -> Option<ir::Api> {
    let (meta, xs) = match interpret(text) {
        Ok(interpreted) => interpreted,
        Err(message) => {
            diagnostics.error(
                format!("xsd-parser could not interpret the schema: {message}"),
                Some(document.location(&document.root)),
            );
            return None;
        }
    };
    Some(lower::lower(
        document,
        &meta,
        xs,
        module,
        vec![display.to_owned()],
        diagnostics,
    ))
}

/// Runs xsd-parser's parse → interpret → optimize stages on the schema text. Errors and
/// panics (xsd-parser has `unreachable!`s for schemas it does not expect) become messages.
fn interpret(text: &str) -> Result<(MetaTypes, NamespaceId), String> {
    let run = || -> Result<(MetaTypes, NamespaceId), String> {
        let parser = ParserConfig {
            // No resolver: `xs:include` / `xs:import` are rejected before this runs, and the
            // front-end never reads other files or the network.
            resolver: Vec::new(),
            schemas: vec![Schema::Schema(text.to_owned())],
            flags: ParserFlags::DEFAULT_NAMESPACES
                | ParserFlags::GENERATE_PREFIXES
                | ParserFlags::ALTERNATIVE_PREFIXES,
            ..ParserConfig::default()
        };
        let schemas = xsd_parser::exec_parser(parser).map_err(|e| e.to_string())?;
        let xs = schemas
            .resolve_namespace(&Some(Namespace::XS))
            .ok_or("the XML Schema namespace is unknown to xsd-parser")?;
        // No DEFAULT_TYPEDEFS: they map the built-ins to Rust types (`xs:decimal` → f64,
        // `xs:dateTime` → String, …), and restrictions copy their base's definition, so a
        // `Price` restricting `xs:decimal` could no longer be told from an `xs:double`. Each
        // built-in is registered as its own opaque type instead, which restrictions keep
        // referring to; the lowering maps them by name.
        let mut interpreter = InterpreterConfig {
            flags: InterpreterFlags::BUILDIN_TYPES | InterpreterFlags::WITH_XS_ANY_TYPE,
            ..InterpreterConfig::default()
        };
        for name in document::BUILTIN_TYPES.iter().filter(|n| **n != "anyType") {
            interpreter.types.push((
                (IdentType::Type, Namespace::XS, *name).into(),
                CustomMeta::new(*name).into(),
            ));
        }
        let meta =
            xsd_parser::exec_interpreter(interpreter, &schemas).map_err(|e| e.to_string())?;
        let meta =
            xsd_parser::exec_optimizer(optimizer_config(), meta).map_err(|e| e.to_string())?;
        Ok((meta, xs))
    };
    catch_silently(run).and_then(|result| result)
}

/// Runs `run`, turning a panic into a short message. The panic hook is replaced for the
/// duration of the call, so a panic prints nothing (the default hook writes its message, often
/// a debug dump of xsd-parser's structures, to stderr). Panics of other threads still reach
/// the previous hook, and the previous hook is put back afterwards.
fn catch_silently<T>(run: impl FnOnce() -> T) -> Result<T, String> {
    use std::cell::Cell;
    use std::sync::{Arc, Mutex, PoisonError};

    thread_local! {
        static SILENCED: Cell<bool> = const { Cell::new(false) };
    }
    // One replacement at a time: two threads swapping hooks at once could lose one.
    static HOOK: Mutex<()> = Mutex::new(());
    let _guard = HOOK.lock().unwrap_or_else(PoisonError::into_inner);
    let previous = Arc::new(std::panic::take_hook());
    let delegate = Arc::clone(&previous);
    std::panic::set_hook(Box::new(move |info| {
        if !SILENCED.with(Cell::get) {
            delegate(info);
        }
    }));
    SILENCED.with(|silenced| silenced.set(true));
    let result = catch_unwind(AssertUnwindSafe(run));
    SILENCED.with(|silenced| silenced.set(false));
    // Dropping the silent hook releases its handle on the previous one.
    drop(std::panic::take_hook());
    match Arc::try_unwrap(previous) {
        Ok(previous) => std::panic::set_hook(previous),
        Err(previous) => std::panic::set_hook(Box::new(move |info| previous(info))),
    }
    result.map_err(|panic| {
        let message = panic
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| panic.downcast_ref::<&str>().copied())
            .unwrap_or("");
        // The first line says what went wrong; the rest is typically a dump of the schema
        // structure xsd-parser was looking at, which the location already points to.
        let first_line = message.lines().next().unwrap_or("").trim();
        let mut summary: String = first_line.chars().take(120).collect();
        if summary.len() < first_line.len() {
            summary.push('…');
        }
        if summary.is_empty() {
            "xsd-parser stopped with an internal error (a schema shape it does not handle)"
                .to_owned()
        } else {
            format!(
                "xsd-parser stopped with an internal error (a schema shape it does not handle): {summary}"
            )
        }
    })
}

/// The optimizer passes that only tidy the type graph: a union member listed twice is
/// dropped, and a union left with one member becomes a reference to it.
///
/// Left off on purpose, because they would lose facets or shapes the IR keeps:
/// - `USE_UNRESTRICTED_BASE_TYPE*` (`SIMPLE` is in xsd-parser's default set) replaces a
///   restricted type by its base, dropping its facets (`Guid`'s pattern, bounds, lengths) and
///   its enumerations.
/// - `RESOLVE_TYPEDEFS` replaces a named simple type by what it refers to, so `Price` would
///   disappear into `xs:decimal` and the API would lose the name.
/// - `MERGE_ENUM_UNIONS` / `FLATTEN_UNIONS` fold the `XKnown | xs:int` open code tables into
///   one enumeration, losing the "unknown codes stay valid" member that makes them open.
/// - `FLATTEN_COMPLEX_TYPES`, `MERGE_CHOICE_CARDINALITIES`, `SIMPLIFY_MIXED_TYPES` and
///   `CONVERT_DYNAMIC_TO_CHOICE` reshape content models into forms meant for xsd-parser's own
///   generator; the lowering flattens groups itself and keeps the occurrences.
/// - `REMOVE_DUPLICATES` merges types that look alike, which renames types of the API.
/// - `REMOVE_EMPTY_ENUM_VARIANTS` / `REMOVE_EMPTY_ENUMS` (also in the default set) drop
///   `<xs:enumeration value=""/>`, a value the schema allows, and then turn an enumeration
///   left without values into its unrestricted base.
fn optimizer_config() -> OptimizerConfig {
    OptimizerConfig {
        flags: OptimizerFlags::REMOVE_DUPLICATE_UNION_VARIANTS
            | OptimizerFlags::REMOVE_EMPTY_UNIONS,
        ..OptimizerConfig::default()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    use super::catch_silently;

    #[test]
    fn caught_panics_print_nothing_and_the_previous_hook_comes_back() {
        let calls = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&calls);
        let original = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |_| {
            counter.fetch_add(1, Ordering::SeqCst);
        }));
        let message = catch_silently(|| -> () {
            panic!("internal error: entered unreachable code: SimpleType(\n    a dump\n)")
        })
        .unwrap_err();
        let during = calls.load(Ordering::SeqCst);
        let after = std::panic::catch_unwind(|| panic!("not silenced"));
        let afterwards = calls.load(Ordering::SeqCst);
        std::panic::set_hook(original);
        assert!(after.is_err());
        assert_eq!(during, 0, "the silent hook let the panic through");
        assert_eq!(afterwards, 1, "the previous hook was not restored");
        assert!(message.contains("entered unreachable code"), "{message}");
        assert!(!message.contains("a dump"), "{message}");
        assert_eq!(catch_silently(|| 7), Ok(7));
    }
}
