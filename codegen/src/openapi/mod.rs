//! The OpenAPI 3.0 front-end: an overlaid spec document in, an [`ir::Api`] out.
//!
//! It reads the document as plain JSON rather than through a typed model, because vendor
//! specs are not always standard (the `"400 (1)"` response keys a typed parser drops) and
//! because every node must keep its JSON Pointer for diagnostics.

mod operations;
mod schema;

use serde_json::Value;

use crate::diagnostics::{Diagnostics, Location};
use crate::ir;
use crate::naming::{self, Scope};
use crate::overlay::OverlaidSpec;

/// Lowers an OpenAPI 3.0 document to the IR. Problems are added to `diagnostics`; the result
/// is only meaningful when no error was added.
pub fn lower(
    spec: &OverlaidSpec,
    module: &str,
    sources: Vec<String>,
    diagnostics: &mut Diagnostics,
) -> ir::Api {
    let mut lowerer = Lowerer::new(spec, diagnostics);
    lowerer.check_version();
    lowerer.declare_component_schemas();
    lowerer.lower_component_schemas();
    let operations = lowerer.lower_operations();
    let root = &spec.value;
    let text = |key: &str| root.pointer(key).and_then(Value::as_str).map(str::to_owned);
    ir::Api {
        module: module.to_owned(),
        title: text("/info/title").unwrap_or_else(|| module.to_owned()),
        version: text("/info/version").unwrap_or_default(),
        docs: text("/info/description"),
        sources,
        servers: root
            .get("servers")
            .and_then(Value::as_array)
            .map(|servers| {
                servers
                    .iter()
                    .filter_map(|s| s.get("url")?.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default(),
        types: lowerer.types,
        operations,
    }
}

pub(crate) struct Lowerer<'a> {
    spec: &'a OverlaidSpec,
    diagnostics: &'a mut Diagnostics,
    type_names: Scope,
    /// `#/components/schemas/X` pointer → Rust type name, decided before lowering starts.
    component_names: Vec<(String, String)>,
    /// Named types built so far.
    types: Vec<ir::TypeDef>,
    /// Pointers of `$ref` targets currently being resolved, to stop reference cycles.
    resolving: Vec<String>,
}

impl<'a> Lowerer<'a> {
    fn new(spec: &'a OverlaidSpec, diagnostics: &'a mut Diagnostics) -> Self {
        Self {
            spec,
            diagnostics,
            type_names: Scope::default(),
            component_names: Vec::new(),
            types: Vec::new(),
            resolving: Vec::new(),
        }
    }

    fn root(&self) -> &'a Value {
        &self.spec.value
    }

    fn at(&self, pointer: &str) -> Location {
        self.spec.location(pointer)
    }

    fn error(&mut self, message: impl Into<String>, pointer: &str) {
        let location = self.at(pointer);
        self.diagnostics.error(message, Some(location));
    }

    fn warning(&mut self, message: impl Into<String>, pointer: &str) {
        let location = self.at(pointer);
        self.diagnostics.warning(message, Some(location));
    }

    fn check_version(&mut self) {
        match self.root().get("openapi").and_then(Value::as_str) {
            Some(version) if version.starts_with("3.0") => {}
            Some(version) => self.error(
                format!("OpenAPI {version} is not supported: specgen reads OpenAPI 3.0.x"),
                "/openapi",
            ),
            None if self.root().get("swagger").is_some() => self.error(
                "Swagger 2.0 documents are not supported: convert to OpenAPI 3.0 first",
                "/swagger",
            ),
            None => self.error("not an OpenAPI document: missing `openapi: 3.0.x`", ""),
        }
    }

    fn declare_component_schemas(&mut self) {
        let Some(schemas) = self
            .root()
            .pointer("/components/schemas")
            .and_then(Value::as_object)
        else {
            return;
        };
        for key in schemas.keys() {
            let pointer = format!(
                "/components/schemas/{}",
                crate::source::escape_pointer_token(key)
            );
            let name = self.type_names.take(&naming::camel(key));
            self.component_names.push((pointer, name));
        }
    }

    fn lower_component_schemas(&mut self) {
        for (pointer, name) in self.component_names.clone() {
            let schema = self
                .root()
                .pointer(&pointer)
                .expect("declared from the document");
            let source_name = pointer
                .rsplit('/')
                .next()
                .map(crate::source::unescape_pointer_token)
                .unwrap_or_default();
            let expr = self.lower_schema(schema, &pointer, &name, true);
            // A named schema that lowered to something other than its own definition (a plain
            // scalar, an array, a reference) becomes an alias so its name still exists.
            if !matches!(&expr.kind, ir::TypeExprKind::Named(n) if *n == name) {
                let docs = schema::docs_of(schema);
                self.types.push(ir::TypeDef {
                    name: name.clone(),
                    source_name,
                    docs,
                    origin: self.at(&pointer),
                    kind: ir::TypeKind::Alias(expr),
                });
            }
        }
    }

    /// The Rust name of a component schema pointer, if it is one.
    fn component_name(&self, pointer: &str) -> Option<&str> {
        self.component_names
            .iter()
            .find(|(p, _)| p == pointer)
            .map(|(_, n)| n.as_str())
    }

    /// Follows `$ref` chains to the node they name; errors are reported at `pointer`.
    pub(crate) fn resolve<'v>(
        &mut self,
        node: &'v Value,
        pointer: &str,
    ) -> Option<(&'v Value, String)>
    where
        'a: 'v,
    {
        let mut node = node;
        let mut pointer = pointer.to_owned();
        let mut seen = Vec::new();
        while let Some(reference) = node.get("$ref") {
            let Some(reference) = reference.as_str() else {
                self.error("`$ref` must be a string", &format!("{pointer}/$ref"));
                return None;
            };
            let target = self.ref_target(reference, &pointer)?;
            if seen.contains(&target) {
                self.error(
                    format!("`$ref` cycle through `{reference}`"),
                    &format!("{pointer}/$ref"),
                );
                return None;
            }
            seen.push(target.clone());
            let Some(next) = self.root().pointer(&target) else {
                self.error(
                    format!("unresolvable `$ref`: `{reference}` names nothing in the document"),
                    &format!("{pointer}/$ref"),
                );
                return None;
            };
            node = next;
            pointer = target;
        }
        Some((node, pointer))
    }

    /// Checks a `$ref` string and turns it into a JSON Pointer into this document.
    pub(crate) fn ref_target(&mut self, reference: &str, pointer: &str) -> Option<String> {
        match reference.strip_prefix('#') {
            Some(target) if target.is_empty() || target.starts_with('/') => {
                Some(percent_decode(target))
            }
            Some(_) => {
                self.error(
                    format!(
                        "invalid `$ref` `{reference}`: expected `#/` followed by a JSON Pointer"
                    ),
                    &format!("{pointer}/$ref"),
                );
                None
            }
            None => {
                self.diagnostics.push(
                    crate::diagnostics::Diagnostic::error(
                        format!("external `$ref` `{reference}` is not supported"),
                        Some(self.at(&format!("{pointer}/$ref"))),
                    )
                    .with_help("bundle the referenced document into this one (for example with `redocly bundle`)"),
                );
                None
            }
        }
    }
}

/// `$ref` fragments are URI fragments: `%7B` etc. must be decoded before use as a pointer.
fn percent_decode(fragment: &str) -> String {
    let bytes = fragment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'%' && index + 2 < bytes.len() {
            if let Ok(byte) = u8::from_str_radix(&fragment[index + 1..index + 3], 16) {
                out.push(byte);
                index += 3;
                continue;
            }
        }
        out.push(bytes[index]);
        index += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| fragment.to_owned())
}
