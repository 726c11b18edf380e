//! The OpenAPI 3.0 front-end: an overlaid spec document in, an [`ir::Api`] out.
//!
//! It reads the document as plain JSON rather than through a typed model, because vendor
//! specs are not always standard (the `"400 (1)"` response keys a typed parser drops) and
//! because every node must keep its JSON Pointer for diagnostics.

mod dialect;
mod http;
mod operations;
mod schema;

pub(crate) use operations::{parse_response_key, ResponseKey};

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
    lowerer.check_reference_cycles();
    let security_schemes = lowerer.lower_security_schemes();
    let mut operations = lowerer.lower_operations();
    lowerer.propagate_nullable_components(&mut operations);
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
        security_schemes,
        types: lowerer.types,
        operations,
        xml_roots: Vec::new(),
        lexical_json_numbers: false,
        boxed_optional_structs: false,
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
    /// Component schemas that are `nullable` and became a struct, enum or union: the type
    /// cannot hold `null` itself, so every use of it must allow `null` instead.
    nullable_components: Vec<String>,
    /// The schema dialect of the document's version.
    dialect: dialect::Dialect,
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
            nullable_components: Vec::new(),
            dialect: dialect::Dialect::default(),
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

    fn warning(
        &mut self,
        code: crate::diagnostics::Code,
        message: impl Into<String>,
        pointer: &str,
    ) {
        let location = self.at(pointer);
        self.diagnostics.warning(code, message, Some(location));
    }

    fn check_version(&mut self) {
        match self.root().get("openapi").and_then(Value::as_str) {
            Some(version) if version.starts_with("3.0.") => {}
            Some(version) if version.starts_with("3.1.") => {
                self.dialect = dialect::Dialect::OpenApi31;
                if self.root().get("webhooks").is_some() {
                    self.warning(
                        crate::diagnostics::Code::UngeneratedWebhooks,
                        "`webhooks` are not generated: only the operations under `paths` are",
                        "/webhooks",
                    );
                }
            }
            Some(version) => self.error(
                format!(
                    "OpenAPI {version} is not supported: specgen reads OpenAPI 3.0.x and 3.1.x"
                ),
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
            let expr = self.lower_schema(schema, &pointer, &name, true);
            // A named schema that lowered to something other than its own definition (a plain
            // scalar, an array, a reference) becomes an alias so its name still exists.
            let is_own_definition = matches!(&expr.kind, ir::TypeExprKind::Named(n) if *n == name);
            // A component whose definition is one part nested in it (`allOf: [{allOf:
            // [{…}]}]`) is still known by its own pointer (`validation::SCHEMAS`).
            if is_own_definition {
                if let Some(own) = self.types.iter_mut().find(|t| t.name == name) {
                    own.source_name.clone_from(&pointer);
                }
            }
            if is_own_definition && expr.nullable {
                self.nullable_components.push(name.clone());
                if let Some(own) = self.types.iter_mut().find(|t| t.name == name) {
                    own.accepts_null = true;
                }
            }
            if !is_own_definition {
                let docs = schema::docs_of(schema);
                self.types.push(ir::TypeDef {
                    accepts_null: false,
                    name: name.clone(),
                    // Every type keeps the JSON Pointer of its schema, named or inline.
                    source_name: pointer.clone(),
                    docs,
                    origin: self.at(&pointer),
                    kind: ir::TypeKind::Alias(expr),
                });
            }
        }
    }

    /// Makes every use of a `nullable` component struct, enum or union nullable: `nullable`
    /// was dropped at its references before, so a required member referring to a nullable
    /// enum failed to decode `null`. (Nullable components that lowered to an alias carry the
    /// `Option` in the alias itself.)
    fn propagate_nullable_components(&mut self, operations: &mut [ir::Operation]) {
        if self.nullable_components.is_empty() {
            return;
        }
        let names = &self.nullable_components;
        for ty in &mut self.types {
            match &mut ty.kind {
                ir::TypeKind::Struct(s) => {
                    for field in &mut s.fields {
                        mark_nullable(&mut field.ty, names);
                    }
                    if let ir::Additional::Typed(value) = &mut s.additional {
                        mark_nullable(value, names);
                    }
                }
                ir::TypeKind::Union(u) => {
                    for variant in &mut u.variants {
                        mark_nullable(&mut variant.ty, names);
                    }
                }
                ir::TypeKind::Alias(expr) => mark_nullable(expr, names),
                ir::TypeKind::Json(schema) => {
                    let parts = schema.properties.iter_mut().map(|(_, ty)| ty);
                    let parts = parts
                        .chain(schema.items.as_deref_mut())
                        .chain(&mut schema.prefix_items)
                        .chain(schema.property_names.as_deref_mut())
                        .chain(schema.dependent_schemas.iter_mut().map(|(_, ty)| ty))
                        .chain(&mut schema.all_of)
                        .chain(&mut schema.any_of)
                        .chain(&mut schema.one_of)
                        .chain(schema.not.as_deref_mut());
                    for ty in parts {
                        mark_nullable(ty, names);
                    }
                    if let ir::Additional::Typed(value) = &mut schema.additional {
                        mark_nullable(value, names);
                    }
                }
                ir::TypeKind::Enum(_) => {}
            }
        }
        for operation in operations {
            for param in &mut operation.params {
                mark_nullable(&mut param.ty, names);
            }
            if let Some(ty) = operation.request_body.as_mut().and_then(|b| b.ty.as_mut()) {
                mark_nullable(ty, names);
            }
            for response in &mut operation.responses {
                for body in &mut response.alternatives {
                    if let Some(ty) = body.ty.as_mut() {
                        mark_nullable(ty, names);
                    }
                }
            }
        }
    }

    /// Rejects component schemas that are nothing but references going round in a circle
    /// (`A: {$ref: A}`, or `A` → `B` → `A`): they describe no value, and used to generate
    /// either nothing at all or a cycle of type aliases, neither of which compiles.
    fn check_reference_cycles(&mut self) {
        for (pointer, name) in self.component_names.clone() {
            if !self.types.iter().any(|t| t.name == name) {
                self.error(
                    "this schema is only a `$ref` to itself and describes no value",
                    &pointer,
                );
            }
        }
        // Edges from an alias to the type it names, and from a union to each alternative
        // it names, with no list, map or object in between: going round such a cycle never
        // gets to a value (and decoding a union on one would recurse without end).
        let mut direct: Vec<(String, Vec<String>, Location)> = Vec::new();
        for ty in &self.types {
            let targets: Vec<&ir::TypeExpr> = match &ty.kind {
                ir::TypeKind::Alias(expr) => vec![expr],
                ir::TypeKind::Union(union) => union.variants.iter().map(|v| &v.ty).collect(),
                // A JSON-value schema checks its combinator parts on the same value.
                ir::TypeKind::Json(schema) => schema
                    .all_of
                    .iter()
                    .chain(&schema.any_of)
                    .chain(&schema.one_of)
                    .chain(schema.not.as_deref())
                    .chain(schema.dependent_schemas.iter().map(|(_, ty)| ty))
                    .collect(),
                _ => continue,
            };
            let targets = targets
                .into_iter()
                .filter_map(|t| match &t.kind {
                    ir::TypeExprKind::Named(name) => Some(name.clone()),
                    _ => None,
                })
                .collect();
            direct.push((ty.name.clone(), targets, ty.origin.clone()));
        }
        for (start, _, origin) in &direct {
            if let Some(path) = cycle_from(&direct, start) {
                let names: Vec<String> = path.iter().map(|n| format!("`{n}`")).collect();
                self.diagnostics.error(
                    format!(
                        "`$ref` cycle {} never reaches a schema that describes a value",
                        names.join(" → ")
                    ),
                    Some(origin.clone()),
                );
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

/// Sets `nullable` on uses of the named types in `names`, also inside lists and maps.
fn mark_nullable(expr: &mut ir::TypeExpr, names: &[String]) {
    if matches!(&expr.kind, ir::TypeExprKind::Named(name) if names.contains(name)) {
        expr.nullable = true;
    }
    if let ir::TypeExprKind::Array(inner) | ir::TypeExprKind::Map(inner) = &mut expr.kind {
        mark_nullable(inner, names);
    }
}

/// A path `start` → … → `start` along `edges`, if there is one.
fn cycle_from(edges: &[(String, Vec<String>, Location)], start: &str) -> Option<Vec<String>> {
    let next = |name: &str| {
        edges
            .iter()
            .find(|(n, _, _)| n == name)
            .map(|(_, targets, _)| targets.clone())
            .unwrap_or_default()
    };
    // Depth-first, iteratively; `seen` keeps it linear.
    let mut seen = std::collections::BTreeSet::new();
    let mut stack = vec![vec![start.to_owned()]];
    while let Some(path) = stack.pop() {
        for target in next(&path[path.len() - 1]) {
            let mut longer = path.clone();
            longer.push(target.clone());
            if target == start {
                return Some(longer);
            }
            if seen.insert(target) {
                stack.push(longer);
            }
        }
    }
    None
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
