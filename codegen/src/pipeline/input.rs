//! What the three doors hand the pipeline: an API to generate and the choices that do not
//! come from its spec. Builder, proc macro and manifest all fill in these same types, so
//! they name modules, validate names and treat warnings the same way.

use std::path::{Path, PathBuf};

use crate::diagnostics::{Code, Diagnostic, Location};

/// One API to generate: a spec, the overlays applied to it, and the module it becomes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ApiSource {
    /// Rust module name (and output file stem). Checked by the pipeline: a name that is not a
    /// Rust identifier, or is a keyword, is an error located at [`ApiSource::declared_at`].
    pub module: String,
    /// Path of the spec file.
    pub spec: PathBuf,
    /// How the spec is named in messages and generated headers.
    pub spec_display: String,
    /// Overlays, in the order they apply: path and display name.
    pub overlays: Vec<(PathBuf, String)>,
    /// Warnings the user has looked at and accepted: they are not reported again.
    pub acknowledged: Vec<Acknowledgement>,
    /// Where this API was declared (a manifest entry, a `build.rs` call): errors about the
    /// declaration itself, such as a bad module name, point here.
    pub declared_at: Option<Location>,
}

impl ApiSource {
    /// An API for the spec at `path`, with no overlays, named `display` in messages; its
    /// module is [`default_module_name`] of the path.
    pub fn new(path: impl Into<PathBuf>, display: impl Into<String>) -> Self {
        let spec = path.into();
        Self {
            module: default_module_name(&spec),
            spec,
            spec_display: display.into(),
            overlays: Vec::new(),
            acknowledged: Vec::new(),
            declared_at: None,
        }
    }

    /// Whether the spec is an XML Schema (its path ends in `.xsd`) rather than an OpenAPI
    /// document.
    pub fn is_xsd(&self) -> bool {
        crate::xsd::is_xsd(&self.spec)
    }

    /// Every file this API is built from (for `rerun-if-changed` and the like).
    pub fn inputs(&self) -> Vec<PathBuf> {
        std::iter::once(self.spec.clone())
            .chain(self.overlays.iter().map(|(p, _)| p.clone()))
            .collect()
    }
}

/// The module name an API gets when none is given: the spec's file stem in snake_case
/// (`spec/rms-bet.json` → `rms_bet`). Every door uses this one rule.
pub fn default_module_name(spec: &Path) -> String {
    spec.file_stem()
        .map(|stem| crate::naming::snake(&stem.to_string_lossy()))
        .unwrap_or_else(|| "api".into())
}

/// Why `name` cannot name a generated module, if it cannot: it must be a Rust identifier
/// (it becomes `pub mod <name>;` and the file `<name>.rs`) and not a keyword.
pub fn module_name_problem(name: &str) -> Option<String> {
    let mut chars = name.chars();
    let Some(first) = chars.next() else {
        return Some("the module name is empty".into());
    };
    if !(first == '_' || unicode_ident::is_xid_start(first))
        || !chars.all(unicode_ident::is_xid_continue)
    {
        return Some(format!("`{name}` is not a Rust identifier"));
    }
    if name == "_" {
        return Some("`_` cannot name a module".into());
    }
    if crate::naming::is_keyword(name) {
        return Some(format!("`{name}` is a Rust keyword"));
    }
    None
}

/// A warning the user accepted, by its code and optionally the JSON Pointer (or XSD path)
/// where it occurs: `non-standard-response-key` silences every such warning of the API,
/// `non-standard-response-key@/paths/~1a/post/responses/400 (1)` only that one.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Acknowledgement {
    /// The warning's code (printed in brackets after `warning`).
    pub code: Code,
    /// Where, when only one occurrence is accepted.
    pub pointer: Option<String>,
}

impl Acknowledgement {
    /// Reads `code` or `code@pointer`.
    pub fn parse(text: &str) -> Result<Self, String> {
        let (code, pointer) = match text.split_once('@') {
            Some((code, pointer)) => (code, Some(pointer.to_owned())),
            None => (text, None),
        };
        let Some(code) = Code::from_name(code) else {
            let closest = Code::ALL
                .iter()
                .map(|known| (crate::naming::edit_distance(code, known.as_str()), known))
                .min()
                .filter(|(distance, _)| *distance <= 3)
                .map(|(_, known)| format!(" (did you mean `{known}`?)"))
                .unwrap_or_default();
            return Err(format!(
                "`{text}` is not a warning to acknowledge: `{code}` is no warning code{closest}; write a code as printed in `warning[…]`, optionally followed by `@` and the pointer it was reported at"
            ));
        };
        Ok(Self { code, pointer })
    }

    /// Whether this acknowledgement covers `warning`.
    pub fn covers(&self, warning: &Diagnostic) -> bool {
        warning.code == Some(self.code)
            && self.pointer.as_ref().is_none_or(|pointer| {
                warning
                    .location
                    .as_ref()
                    .is_some_and(|l| l.pointer == *pointer)
            })
    }
}

impl std::fmt::Display for Acknowledgement {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.pointer {
            Some(pointer) => write!(f, "{}@{pointer}", self.code),
            None => f.write_str(self.code.as_str()),
        }
    }
}

/// Choices about the generated code that do not come from the spec. Every door takes the
/// same ones: `Builder::with_*`, the macro's `key = value` arguments and the manifest's
/// `[output]` keys.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// When set, models derive `schemars::JsonSchema` (with every constraint of the spec)
    /// under `#[cfg(feature = "<this name>")]`; the generated code's crate must declare the
    /// feature and enable `specgen-runtime/schemars` with it.
    pub schemars_feature: Option<String>,
    /// Generate XML codecs (`FromXml` / `ToXml` over quick-xml events) for the models of
    /// every API; APIs from an XSD (which have XML root elements) always get them.
    pub xml_codecs: bool,
    /// When set, generate an axum server (a `server` module: a trait with one method per
    /// operation and a router) under `#[cfg(feature = "<this name>")]`; the crate must
    /// enable `specgen-runtime/server` with the feature.
    pub server_feature: Option<String>,
    /// When set, generate a reqwest client (a `client` module) under this cargo feature;
    /// the crate must enable `specgen-runtime/client` with it.
    pub client_feature: Option<String>,
    /// When set, generate a mock implementation of the server trait (a `mock` module) that
    /// answers from the spec's examples, under this cargo feature (which must also enable
    /// the server's).
    pub mock_feature: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn module_names() {
        assert_eq!(
            default_module_name(Path::new("spec/rms-bet.json")),
            "rms_bet"
        );
        assert_eq!(
            default_module_name(Path::new("Orders API.yaml")),
            "orders_api"
        );
        assert_eq!(default_module_name(Path::new("type.yaml")), "type_");
        assert_eq!(module_name_problem("rms_bet"), None);
        assert_eq!(module_name_problem("données"), None);
        assert!(module_name_problem("orders-api").is_some());
        assert!(module_name_problem("type").is_some());
        assert!(module_name_problem("self").is_some());
        assert!(module_name_problem("2fa").is_some());
        assert!(module_name_problem("").is_some());
        assert!(module_name_problem("_").is_some());
    }

    #[test]
    fn acknowledgements() {
        let all = Acknowledgement::parse("non-standard-response-key").unwrap();
        let one = Acknowledgement::parse("non-standard-response-key@/paths/~1a/x").unwrap();
        assert_eq!(one.pointer.as_deref(), Some("/paths/~1a/x"));
        assert_eq!(one.to_string(), "non-standard-response-key@/paths/~1a/x");
        assert!(Acknowledgement::parse("Not A Code").is_err());
        let typo = Acknowledgement::parse("non-standard-response-keys").unwrap_err();
        assert!(
            typo.contains("did you mean `non-standard-response-key`?"),
            "{typo}"
        );
        assert!(Acknowledgement::parse("@/x").is_err());
        assert_eq!(crate::naming::edit_distance("kitten", "sitting"), 3);
        let at = |pointer: &str| {
            Diagnostic::warning(
                "w",
                Some(Location {
                    file: "a.json".into(),
                    pointer: pointer.into(),
                    line_col: None,
                }),
            )
            .with_code(crate::diagnostics::Code::NonStandardResponseKey)
        };
        assert!(all.covers(&at("/paths/~1b")));
        assert!(one.covers(&at("/paths/~1a/x")));
        assert!(!one.covers(&at("/paths/~1a/y")));
        assert!(!all.covers(&Diagnostic::warning("w", None)));
    }
}
