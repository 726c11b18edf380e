//! Reading spec files: JSON or YAML into a `serde_json::Value`, plus an index from JSON
//! Pointer to line and column so every later diagnostic can say where it is.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use serde_json::{Map, Number, Value};
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, ScanError, TScalarStyle};
use yaml_rust2::Yaml;

use crate::diagnostics::{Diagnostic, Location};

/// Specs nest a few dozen levels; anything deeper is an attack or an accident, and would
/// otherwise exhaust the stack of the recursive stages after loading.
pub const MAX_NESTING: usize = 128;

/// YAML aliases a document may use. Specs use a handful (a shared response, a common
/// parameter); a document made of aliases is a "billion laughs" bomb, whose expansion grows
/// exponentially with its size.
pub const MAX_ALIASES: usize = 10_000;

/// Nodes (scalars, mappings, sequences) that aliases may copy in one document, all aliases
/// together. Checked before each copy is made, so memory stays bounded by the budget and not
/// by what the aliases would expand to.
pub const MAX_ALIAS_EXPANSION: usize = 100_000;

/// A loaded spec or overlay document.
#[derive(Debug, Clone)]
pub struct SourceDocument {
    /// The file as the user named it.
    pub file: Arc<str>,
    /// The parsed content.
    pub value: Value,
    positions: HashMap<String, (usize, usize)>,
}

impl SourceDocument {
    /// Reads and parses `path`; `display` is how diagnostics name the file.
    pub fn load(path: &Path, display: &str) -> Result<Self, Diagnostic> {
        let file: Arc<str> = Arc::from(display);
        let whole_file = |message: String| {
            Diagnostic::error(
                message,
                Some(Location {
                    file: file.clone(),
                    pointer: String::new(),
                    line_col: None,
                }),
            )
        };
        let bytes = std::fs::read(path)
            .map_err(|e| whole_file(format!("cannot read spec file `{display}`: {e}")))?;
        let text = String::from_utf8(bytes).map_err(|e| {
            // Locate the bad byte by line and column too, like every other load error.
            let offset = e.utf8_error().valid_up_to();
            let prefix = std::str::from_utf8(&e.as_bytes()[..offset]).unwrap_or_default();
            let line = prefix.matches('\n').count() + 1;
            let column = prefix.rsplit('\n').next().unwrap_or_default().chars().count() + 1;
            let mut diagnostic = whole_file(format!(
                "spec file is not valid UTF-8 (invalid byte at offset {offset}, line {line} column {column})"
            ));
            if let Some(location) = &mut diagnostic.location {
                location.line_col = Some((line, column));
            }
            diagnostic
        })?;
        let is_json = path
            .extension()
            .is_some_and(|ext| ext.eq_ignore_ascii_case("json"))
            || text.trim_start().starts_with('{');
        Self::parse(file, &text, is_json)
    }

    /// Parses `text` already in memory.
    pub fn parse(file: Arc<str>, text: &str, is_json: bool) -> Result<Self, Diagnostic> {
        let at = |line: usize, col: usize| {
            Some(Location {
                file: file.clone(),
                pointer: String::new(),
                line_col: Some((line, col)),
            })
        };
        let mut builder = TreeBuilder::default();
        let yaml_result = load_first_document(text, &mut builder);
        let value = if is_json {
            // serde_json is the authority on JSON (exact numbers, its error messages); the YAML
            // pass above only contributes positions and may fail on exotic but valid JSON.
            serde_json::from_str(text).map_err(|e| {
                let message = e.to_string();
                let message = message
                    .rsplit_once(" at line ")
                    .map_or(message.as_str(), |(m, _)| m);
                Diagnostic::error(
                    format!(
                        "invalid JSON: {message} at line {} column {}",
                        e.line(),
                        e.column()
                    ),
                    at(e.line(), e.column()),
                )
            })?
        } else {
            if let Err(e) = yaml_result {
                let mark = e.marker();
                return Err(Diagnostic::error(
                    format!(
                        "invalid YAML: {} at line {} column {}",
                        e.info(),
                        mark.line(),
                        mark.col() + 1
                    ),
                    at(mark.line(), mark.col() + 1),
                ));
            }
            if let Some((message, mark)) = builder.error.take() {
                return Err(Diagnostic::error(message, at(mark.line(), mark.col() + 1)));
            }
            builder.result.take().unwrap_or(Value::Null)
        };
        Ok(Self {
            file,
            value,
            positions: builder.positions,
        })
    }

    /// The location of the node at `pointer`, or of its nearest ancestor the index knows.
    pub fn location(&self, pointer: &str) -> Location {
        let mut probe = pointer;
        let line_col = loop {
            if let Some(position) = self.positions.get(probe) {
                break Some(*position);
            }
            match probe.rfind('/') {
                Some(cut) => probe = &probe[..cut],
                None => break None,
            }
        };
        Location {
            file: self.file.clone(),
            pointer: pointer.to_owned(),
            line_col,
        }
    }
}

/// Feeds the events of the first YAML document in `text` to `receiver`, like
/// `Parser::load(receiver, false)` but without recursion: `load` descends one native stack
/// frame per level of block nesting (yaml-rust2 only limits *flow* nesting), so a spec with
/// a few thousand nested mappings overflowed the stack before [`MAX_NESTING`] was checked.
fn load_first_document(text: &str, receiver: &mut TreeBuilder) -> Result<(), ScanError> {
    let mut parser = Parser::new_from_str(text);
    loop {
        let (event, mark) = parser.next_token()?;
        let done = matches!(event, Event::DocumentEnd | Event::StreamEnd);
        receiver.on_event(event, mark);
        if done {
            return Ok(());
        }
    }
}

/// Escapes one JSON Pointer reference token (RFC 6901).
pub fn escape_pointer_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Undoes [`escape_pointer_token`].
pub fn unescape_pointer_token(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

enum Frame {
    Map {
        map: Map<String, Value>,
        pointer: String,
        key: Option<String>,
        anchor: usize,
        nodes: usize,
    },
    Seq {
        items: Vec<Value>,
        pointer: String,
        anchor: usize,
        nodes: usize,
    },
}

/// Builds a `Value` from YAML events while recording where each node starts.
#[derive(Default)]
struct TreeBuilder {
    stack: Vec<Frame>,
    positions: HashMap<String, (usize, usize)>,
    /// Anchored values with their size in nodes, which an alias adds to the expansion budget.
    anchors: HashMap<usize, (Value, usize)>,
    aliases: usize,
    expanded: usize,
    result: Option<Value>,
    error: Option<(String, Marker)>,
}

impl TreeBuilder {
    /// The pointer the next node gets, or `None` when the next scalar is a mapping key.
    fn next_pointer(&self) -> Option<String> {
        match self.stack.last() {
            None => Some(String::new()),
            Some(Frame::Map { key: None, .. }) => None,
            Some(Frame::Map {
                pointer,
                key: Some(key),
                ..
            }) => Some(format!("{pointer}/{}", escape_pointer_token(key))),
            Some(Frame::Seq { pointer, items, .. }) => Some(format!("{pointer}/{}", items.len())),
        }
    }

    fn record(&mut self, pointer: &str, mark: Marker) {
        self.positions
            .entry(pointer.to_owned())
            .or_insert((mark.line(), mark.col() + 1));
    }

    /// Adds `value`, a subtree of `size` nodes, to the node being built.
    fn complete(&mut self, value: Value, anchor: usize, size: usize) {
        if anchor > 0 {
            self.anchors.insert(anchor, (value.clone(), size));
        }
        match self.stack.last_mut() {
            None => self.result = Some(value),
            Some(Frame::Map {
                map, key, nodes, ..
            }) => {
                if let Some(key) = key.take() {
                    map.insert(key, value);
                }
                *nodes = nodes.saturating_add(size);
            }
            Some(Frame::Seq { items, nodes, .. }) => {
                items.push(value);
                *nodes = nodes.saturating_add(size);
            }
        }
    }

    fn fail(&mut self, message: String, mark: Marker) {
        if self.error.is_none() {
            self.error = Some((message, mark));
        }
    }
}

impl MarkedEventReceiver for TreeBuilder {
    fn on_event(&mut self, event: Event, mark: Marker) {
        if self.error.is_some() {
            return;
        }
        match event {
            Event::Scalar(text, style, anchor, _tag) => match self.next_pointer() {
                None => {
                    let Some(Frame::Map {
                        map, pointer, key, ..
                    }) = self.stack.last_mut()
                    else {
                        return;
                    };
                    let member = format!("{pointer}/{}", escape_pointer_token(&text));
                    if map.contains_key(&text) {
                        let message = format!("duplicate key `{text}` in mapping");
                        self.fail(message, mark);
                        return;
                    }
                    *key = Some(text);
                    // A member is best reported at its key, which is where readers look.
                    self.record(&member, mark);
                }
                Some(pointer) => {
                    self.record(&pointer, mark);
                    let value = if style == TScalarStyle::Plain {
                        plain_scalar(&text)
                    } else {
                        Value::String(text)
                    };
                    self.complete(value, anchor, 1);
                }
            },
            Event::MappingStart(anchor, _) | Event::SequenceStart(anchor, _) => {
                let Some(pointer) = self.next_pointer() else {
                    self.fail(
                        "complex mapping keys are not supported in specs".into(),
                        mark,
                    );
                    return;
                };
                if self.stack.len() >= MAX_NESTING {
                    self.fail(
                        format!("the document nests deeper than {MAX_NESTING} levels"),
                        mark,
                    );
                    return;
                }
                self.record(&pointer, mark);
                let frame = if matches!(event, Event::MappingStart(..)) {
                    Frame::Map {
                        map: Map::new(),
                        pointer,
                        key: None,
                        anchor,
                        nodes: 1,
                    }
                } else {
                    Frame::Seq {
                        items: Vec::new(),
                        pointer,
                        anchor,
                        nodes: 1,
                    }
                };
                self.stack.push(frame);
            }
            Event::MappingEnd | Event::SequenceEnd => match self.stack.pop() {
                Some(Frame::Map {
                    map, anchor, nodes, ..
                }) => self.complete(Value::Object(map), anchor, nodes),
                Some(Frame::Seq {
                    items,
                    anchor,
                    nodes,
                    ..
                }) => self.complete(Value::Array(items), anchor, nodes),
                None => {}
            },
            Event::Alias(anchor) => {
                if self.next_pointer().is_none() {
                    self.fail("aliases cannot be mapping keys".into(), mark);
                    return;
                }
                let (value, size) = match self.anchors.get(&anchor) {
                    Some((value, size)) => (value, *size),
                    None => (&Value::Null, 1),
                };
                self.aliases += 1;
                if self.aliases > MAX_ALIASES {
                    self.fail(
                        format!("the document uses more than {MAX_ALIASES} YAML aliases"),
                        mark,
                    );
                    return;
                }
                self.expanded = self.expanded.saturating_add(size);
                if self.expanded > MAX_ALIAS_EXPANSION {
                    self.fail(
                        format!(
                            "YAML aliases expand to more than {MAX_ALIAS_EXPANSION} nodes (this alias copies {size}): an alias bomb, or a spec that should use `$ref`"
                        ),
                        mark,
                    );
                    return;
                }
                let value = value.clone();
                self.complete(value, 0, size);
            }
            _ => {}
        }
    }
}

fn plain_scalar(text: &str) -> Value {
    match Yaml::from_str(text) {
        Yaml::Null => Value::Null,
        Yaml::Boolean(b) => Value::Bool(b),
        Yaml::Integer(i) => Value::Number(i.into()),
        Yaml::Real(real) => real
            .parse::<f64>()
            .ok()
            .and_then(Number::from_f64)
            .map_or_else(|| Value::String(real), Value::Number),
        _ => text.parse::<u64>().map_or_else(
            |_| Value::String(text.to_owned()),
            |n| Value::Number(n.into()),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str, json: bool) -> SourceDocument {
        SourceDocument::parse(Arc::from("spec.x"), text, json).unwrap()
    }

    #[test]
    fn yaml_values_and_positions() {
        let d = doc("a:\n  b: 1\n  c: [x, 'y', 2.5]\n  d: ~\n  e: true\n", false);
        assert_eq!(
            d.value,
            serde_json::json!({"a": {"b": 1, "c": ["x", "y", 2.5], "d": null, "e": true}})
        );
        assert_eq!(d.location("/a/b").line_col, Some((2, 3)));
        assert_eq!(d.location("/a/c/1").line_col, Some((3, 10)));
        // Unknown pointers fall back to the nearest known ancestor.
        assert_eq!(d.location("/a/b/zzz").line_col, Some((2, 3)));
    }

    #[test]
    fn json_positions_use_member_keys() {
        let d = doc("{\n  \"x\": {\n    \"a/b\": [1, 2]\n  }\n}\n", true);
        assert_eq!(d.location("/x/a~1b").line_col, Some((3, 5)));
        assert_eq!(d.location("/x/a~1b/1").line_col, Some((3, 16)));
    }

    #[test]
    fn invalid_json_reports_line_and_column() {
        let error =
            SourceDocument::parse(Arc::from("bad.json"), "{\n  \"a\": 1,\n}", true).unwrap_err();
        assert!(
            error.message.contains("line 3 column 1"),
            "{}",
            error.message
        );
        assert_eq!(error.location.unwrap().line_col, Some((3, 1)));
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        let deep_yaml = format!("{}1{}", "[".repeat(100_000), "]".repeat(100_000));
        let error = SourceDocument::parse(Arc::from("deep.yaml"), &deep_yaml, false).unwrap_err();
        assert!(
            error.message.contains("recursion limit"),
            "{}",
            error.message
        );
        let nested_mappings: String = (0..200)
            .map(|depth| format!("{}k:\n", "  ".repeat(depth)))
            .collect();
        let error =
            SourceDocument::parse(Arc::from("deep.yaml"), &nested_mappings, false).unwrap_err();
        assert!(
            error.message.contains("deeper than 128"),
            "{}",
            error.message
        );
        // Block nesting far beyond the limit: the YAML parser must not recurse per level.
        let very_deep: String = (0..3_000)
            .map(|depth| format!("{}k:\n", " ".repeat(depth)))
            .collect();
        let error = SourceDocument::parse(Arc::from("deep.yaml"), &very_deep, false).unwrap_err();
        assert!(
            error.message.contains("deeper than 128"),
            "{}",
            error.message
        );
        let deep_json = format!("{}1{}", "[".repeat(100_000), "]".repeat(100_000));
        let error = SourceDocument::parse(Arc::from("deep.json"), &deep_json, true).unwrap_err();
        assert!(
            error.message.contains("recursion limit"),
            "{}",
            error.message
        );
    }

    /// `x-l0` is ten scalars and every further level ten aliases of the one before: level
    /// `n` expands to 10^(n+1) scalars.
    fn alias_bomb(levels: usize) -> String {
        let mut text = String::from("openapi: 3.0.3\nx-l0: &l0 [a, a, a, a, a, a, a, a, a, a]\n");
        for level in 1..=levels {
            let items = vec![format!("*l{}", level - 1); 10].join(", ");
            text.push_str(&format!("x-l{level}: &l{level} [{items}]\n"));
        }
        text
    }

    #[test]
    fn alias_bombs_are_located_errors_before_they_expand() {
        // Nine levels (a billion scalars) used all memory before the expansion budget.
        let error =
            SourceDocument::parse(Arc::from("bomb.yaml"), &alias_bomb(9), false).unwrap_err();
        assert!(
            error.message.contains("expand to more than 100000 nodes"),
            "{}",
            error.message
        );
        // The first alias past the budget is on level 4 (line 6): each of its aliases copies
        // 11111 nodes, and the levels before it copy 12330 nodes in all.
        let location = error.location.unwrap();
        assert_eq!(&*location.file, "bomb.yaml");
        let (line, column) = location.line_col.unwrap();
        assert_eq!(line, 6, "{}", error.message);
        assert!(column > 10, "{column}");
        // Aliases as nested mappings (schemas inside schemas) are counted the same way.
        let mut nested = String::from("openapi: 3.0.3\nx-s0: &s0 {type: string}\n");
        for level in 1..=30 {
            let previous = level - 1;
            nested.push_str(&format!(
                "x-s{level}: &s{level} {{type: object, properties: {{a: *s{previous}, b: *s{previous}}}}}\n"
            ));
        }
        let error = SourceDocument::parse(Arc::from("nested.yaml"), &nested, false).unwrap_err();
        assert!(
            error.message.contains("YAML aliases expand"),
            "{}",
            error.message
        );
        // Many small aliases: the count is bounded too.
        let mut many = String::from("openapi: 3.0.3\nx-a: &a 1\nx-list:\n");
        for _ in 0..=MAX_ALIASES {
            many.push_str("  - *a\n");
        }
        let error = SourceDocument::parse(Arc::from("many.yaml"), &many, false).unwrap_err();
        assert!(
            error.message.contains("more than 10000 YAML aliases"),
            "{}",
            error.message
        );
        assert_eq!(error.location.unwrap().line_col, Some((MAX_ALIASES + 4, 5)));
    }

    #[test]
    fn aliases_within_the_budget_are_expanded() {
        let d = doc(&alias_bomb(3), false);
        let level3 = d.value["x-l3"].as_array().unwrap();
        assert_eq!(level3.len(), 10);
        assert_eq!(level3[9][9][9], Value::Array(vec![Value::from("a"); 10]));
    }

    #[test]
    fn invalid_yaml_and_duplicate_keys_are_errors() {
        let error = SourceDocument::parse(Arc::from("bad.yaml"), "a: [1, 2\n", false).unwrap_err();
        assert!(
            error.message.starts_with("invalid YAML"),
            "{}",
            error.message
        );
        let error =
            SourceDocument::parse(Arc::from("dup.yaml"), "a: 1\na: 2\n", false).unwrap_err();
        assert!(
            error.message.contains("duplicate key `a`"),
            "{}",
            error.message
        );
        assert_eq!(error.location.unwrap().line_col, Some((2, 1)));
    }
}
