//! OpenAPI Overlay Specification 1.0: documented changes applied to a vendor spec at load
//! time, so vendor files are never edited by hand.

use std::collections::BTreeMap;

use serde_json::Value;
use serde_json_path::JsonPath;

use crate::diagnostics::{Diagnostics, Location};
use crate::source::{escape_pointer_token, SourceDocument};

/// A spec with its overlays applied, remembering which nodes each overlay wrote.
#[derive(Debug, Clone)]
pub struct OverlaidSpec {
    /// The base document as loaded.
    pub base: SourceDocument,
    /// The resulting document.
    pub value: Value,
    written_by_overlay: BTreeMap<String, Location>,
}

impl OverlaidSpec {
    /// A spec without overlays.
    pub fn new(base: SourceDocument) -> Self {
        let value = base.value.clone();
        Self {
            base,
            value,
            written_by_overlay: BTreeMap::new(),
        }
    }

    /// Where the node at `pointer` was written: in an overlay if one put it there, else in the base.
    pub fn location(&self, pointer: &str) -> Location {
        let mut probe = pointer;
        loop {
            if let Some(location) = self.written_by_overlay.get(probe) {
                let mut location = location.clone();
                if let Some(rest) = pointer.strip_prefix(probe) {
                    location.pointer.push_str(rest);
                }
                return location;
            }
            match probe.rfind('/') {
                Some(cut) => probe = &probe[..cut],
                None => return self.base.location(pointer),
            }
        }
    }

    /// Applies every action of `overlay`, in order. Problems go to `diagnostics`.
    pub fn apply(&mut self, overlay: &SourceDocument, diagnostics: &mut Diagnostics) {
        let before = diagnostics.clone();
        let root = &overlay.value;
        let at = |pointer: &str| Some(overlay.location(pointer));
        match root.get("overlay").and_then(Value::as_str) {
            Some(version) if version.starts_with("1.") => {}
            Some(version) => diagnostics.error(
                format!("unsupported overlay version `{version}` (expected 1.x)"),
                at("/overlay"),
            ),
            None => diagnostics.error("not an overlay document: missing `overlay: 1.0.0`", at("")),
        }
        let Some(actions) = root.get("actions").and_then(Value::as_array) else {
            diagnostics.error("overlay has no `actions` list", at(""));
            return;
        };
        if diagnostics.has_errors() && !before.has_errors() {
            return;
        }
        for (index, action) in actions.iter().enumerate() {
            let action_pointer = format!("/actions/{index}");
            let Some(target) = action.get("target").and_then(Value::as_str) else {
                diagnostics.error("overlay action has no `target`", at(&action_pointer));
                continue;
            };
            let path = match JsonPath::parse(target) {
                Ok(path) => path,
                Err(error) => {
                    diagnostics.error(
                        format!("invalid JSONPath `{target}`: {error}"),
                        at(&format!("{action_pointer}/target")),
                    );
                    continue;
                }
            };
            let mut pointers: Vec<String> = path
                .query_located(&self.value)
                .locations()
                .map(|p| p.to_json_pointer())
                .collect();
            if pointers.is_empty() {
                diagnostics.error(
                    format!(
                        "overlay target `{target}` matches nothing in `{}`",
                        self.base.file
                    ),
                    at(&format!("{action_pointer}/target")),
                );
                continue;
            }
            let remove = action
                .get("remove")
                .and_then(Value::as_bool)
                .unwrap_or(false);
            match (remove, action.get("update")) {
                (true, _) => {
                    // Deepest and last first, so earlier removals do not shift later pointers.
                    pointers.sort_by(|a, b| b.cmp(a));
                    for pointer in pointers {
                        remove_at(&mut self.value, &pointer);
                    }
                }
                (false, Some(update)) => {
                    let source = overlay.location(&format!("{action_pointer}/update"));
                    for pointer in pointers {
                        let Some(node) = self.value.pointer_mut(&pointer) else {
                            continue;
                        };
                        merge(
                            node,
                            update,
                            &pointer,
                            &source,
                            &mut self.written_by_overlay,
                        );
                    }
                }
                (false, None) => diagnostics.error(
                    "overlay action has neither `update` nor `remove: true`",
                    at(&action_pointer),
                ),
            }
        }
    }
}

fn remove_at(root: &mut Value, pointer: &str) {
    let Some((parent, last)) = pointer.rsplit_once('/') else {
        return;
    };
    let last = crate::source::unescape_pointer_token(last);
    match root.pointer_mut(parent) {
        Some(Value::Object(map)) => {
            map.remove(&last);
        }
        Some(Value::Array(items)) => {
            if let Ok(index) = last.parse::<usize>() {
                if index < items.len() {
                    items.remove(index);
                }
            }
        }
        _ => {}
    }
}

/// Overlay 1.0 `update`: objects merge member by member, anything else replaces the target;
/// an array target gets the update appended.
fn merge(
    target: &mut Value,
    update: &Value,
    pointer: &str,
    source: &Location,
    written: &mut BTreeMap<String, Location>,
) {
    match (target, update) {
        (Value::Object(target), Value::Object(update)) => {
            for (key, value) in update {
                let child_pointer = format!("{pointer}/{}", escape_pointer_token(key));
                let mut child_source = source.clone();
                child_source
                    .pointer
                    .push_str(&format!("/{}", escape_pointer_token(key)));
                match target.get_mut(key) {
                    Some(existing) if existing.is_object() && value.is_object() => {
                        merge(existing, value, &child_pointer, &child_source, written)
                    }
                    _ => {
                        target.insert(key.clone(), value.clone());
                        written.insert(child_pointer, child_source);
                    }
                }
            }
        }
        (Value::Array(items), update) => {
            written.insert(format!("{pointer}/{}", items.len()), source.clone());
            items.push(update.clone());
        }
        (target, update) => {
            *target = update.clone();
            written.insert(pointer.to_owned(), source.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn doc(name: &str, text: &str) -> SourceDocument {
        SourceDocument::parse(Arc::from(name), text, false).unwrap()
    }

    #[test]
    fn update_merges_and_remove_deletes_with_provenance() {
        let base = doc("api.yaml", "components:\n  schemas:\n    A:\n      type: object\n      properties:\n        x: {type: object}\n        y: {type: string}\n");
        let overlay = doc(
            "fix.yaml",
            "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n  - target: $.components.schemas.A.properties.x\n    update:\n      type: array\n      items: {type: string}\n  - target: $.components.schemas.A.properties.y\n    remove: true\n",
        );
        let mut spec = OverlaidSpec::new(base);
        let mut diagnostics = Diagnostics::default();
        spec.apply(&overlay, &mut diagnostics);
        assert!(!diagnostics.has_errors());
        assert_eq!(
            spec.value
                .pointer("/components/schemas/A/properties")
                .unwrap(),
            &serde_json::json!({"x": {"type": "array", "items": {"type": "string"}}})
        );
        let location = spec.location("/components/schemas/A/properties/x/items/type");
        assert_eq!(&*location.file, "fix.yaml");
        assert_eq!(location.pointer, "/actions/0/update/items/type");
        assert_eq!(&*spec.location("/components/schemas/A").file, "api.yaml");
    }

    #[test]
    fn every_bad_action_is_reported() {
        let base = doc("api.yaml", "a: 1\n");
        let overlay = doc(
            "bad.yaml",
            "overlay: 1.0.0\nactions:\n  - target: $.nope\n    remove: true\n  - target: '$[['\n    remove: true\n  - update: {}\n  - target: $.a\n",
        );
        let mut spec = OverlaidSpec::new(base);
        let mut diagnostics = Diagnostics::default();
        spec.apply(&overlay, &mut diagnostics);
        let messages: Vec<String> = diagnostics
            .into_sorted()
            .into_iter()
            .map(|d| d.message)
            .collect();
        assert_eq!(messages.len(), 4, "{messages:#?}");
        assert!(messages.iter().any(|m| m.contains("matches nothing")));
        assert!(messages.iter().any(|m| m.contains("invalid JSONPath")));
        assert!(messages.iter().any(|m| m.contains("no `target`")));
        assert!(messages.iter().any(|m| m.contains("neither `update` nor")));
    }
}
