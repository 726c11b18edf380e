//! Problems found in specs, collected so that every one is reported at once.

use std::fmt;
use std::sync::Arc;

/// Where something comes from: a spec file, a JSON Pointer (or XSD path) into it and, when
/// known, a line.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    /// The file as the user named it (relative paths stay relative).
    pub file: Arc<str>,
    /// JSON Pointer (RFC 6901) of the node inside the document; for an XSD, an XPath-like
    /// path from `xs:schema` such as `/complexType[@name='Bet']/attribute[@name='Price']`.
    pub pointer: String,
    /// 1-based line and column of the node in the file, when the loader could map it.
    pub line_col: Option<(usize, usize)>,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some((line, col)) = self.line_col {
            write!(f, ":{line}:{col}")?;
        }
        if self.pointer.is_empty() {
            Ok(())
        } else {
            write!(f, " (#{})", self.pointer)
        }
    }
}

/// The kind of a diagnostic, by a stable name: what a user writes to acknowledge a warning
/// (`acknowledge = ["non-standard-response-key"]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Code {
    /// `unknown-path-item-member`
    UnknownPathItemMember,
    /// `non-standard-response-key`
    NonStandardResponseKey,
    /// `unchecked-enum`
    UncheckedEnum,
    /// `duplicate-enum-value`
    DuplicateEnumValue,
    /// `unrepresented-namespace`
    UnrepresentedNamespace,
    /// `unenforced-identity-constraint`
    UnenforcedIdentityConstraint,
    /// `unenforced-facet`
    UnenforcedFacet,
    /// `unused-acknowledgement`
    UnusedAcknowledgement,
    /// `invalid-module-name`
    InvalidModuleName,
    /// `builder-call-order`
    BuilderCallOrder,
    /// `unsupported-media-type`
    UnsupportedMediaType,
    /// `unsupported-xml-shape`
    UnsupportedXmlShape,
    /// `unsupported-parameter-style`
    UnsupportedParameterStyle,
    /// `unknown-keyword`
    UnknownKeyword,
    /// `array-without-items`
    ArrayWithoutItems,
    /// `ungenerated-webhooks`
    UngeneratedWebhooks,
    /// `unusable-discriminator`
    UnusableDiscriminator,
    /// `empty-enum`
    EmptyEnum,
    /// `enum-type-mismatch`
    EnumTypeMismatch,
}

impl Code {
    /// Every code, in declaration order.
    pub const ALL: &'static [Code] = &[
        Self::UnknownPathItemMember,
        Self::NonStandardResponseKey,
        Self::UncheckedEnum,
        Self::DuplicateEnumValue,
        Self::UnrepresentedNamespace,
        Self::UnenforcedIdentityConstraint,
        Self::UnenforcedFacet,
        Self::UnusedAcknowledgement,
        Self::InvalidModuleName,
        Self::BuilderCallOrder,
        Self::UnsupportedMediaType,
        Self::UnsupportedXmlShape,
        Self::UnsupportedParameterStyle,
        Self::UnknownKeyword,
        Self::ArrayWithoutItems,
        Self::UngeneratedWebhooks,
        Self::UnusableDiscriminator,
        Self::EmptyEnum,
        Self::EnumTypeMismatch,
    ];

    /// The stable name, as printed in `warning[…]`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::UnknownPathItemMember => "unknown-path-item-member",
            Self::NonStandardResponseKey => "non-standard-response-key",
            Self::UncheckedEnum => "unchecked-enum",
            Self::DuplicateEnumValue => "duplicate-enum-value",
            Self::UnrepresentedNamespace => "unrepresented-namespace",
            Self::UnenforcedIdentityConstraint => "unenforced-identity-constraint",
            Self::UnenforcedFacet => "unenforced-facet",
            Self::UnusedAcknowledgement => "unused-acknowledgement",
            Self::InvalidModuleName => "invalid-module-name",
            Self::BuilderCallOrder => "builder-call-order",
            Self::UnsupportedMediaType => "unsupported-media-type",
            Self::UnsupportedXmlShape => "unsupported-xml-shape",
            Self::UnsupportedParameterStyle => "unsupported-parameter-style",
            Self::UnknownKeyword => "unknown-keyword",
            Self::ArrayWithoutItems => "array-without-items",
            Self::UngeneratedWebhooks => "ungenerated-webhooks",
            Self::UnusableDiscriminator => "unusable-discriminator",
            Self::EmptyEnum => "empty-enum",
            Self::EnumTypeMismatch => "enum-type-mismatch",
        }
    }

    /// The code named `name`, if there is one.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|code| code.as_str() == name)
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Generation continues and the output is usable; the user should still look.
    Warning,
    /// No output is produced.
    Error,
}

/// One problem, with where it is and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, in one sentence.
    pub message: String,
    /// Where, when the problem belongs to a place in a spec.
    pub location: Option<Location>,
    /// How to fix it, when there is advice to give.
    pub help: Option<String>,
    /// A stable name for the kind of problem (`non-standard-response-key`): what a user
    /// writes to acknowledge a warning. Every warning has one.
    pub code: Option<Code>,
}

impl Diagnostic {
    /// An error at `location`.
    pub fn error(message: impl Into<String>, location: Option<Location>) -> Self {
        Self {
            severity: Severity::Error,
            message: message.into(),
            location,
            help: None,
            code: None,
        }
    }

    /// A warning at `location`.
    pub fn warning(message: impl Into<String>, location: Option<Location>) -> Self {
        Self {
            severity: Severity::Warning,
            message: message.into(),
            location,
            help: None,
            code: None,
        }
    }

    /// The message, location and advice, without the `error:` / `warning:` label (for
    /// contexts that add their own, such as `compile_error!`).
    pub fn detail(&self) -> String {
        let mut text = self.message.clone();
        if let Some(location) = &self.location {
            text.push_str(&format!("\n  --> {location}"));
        }
        if let Some(help) = &self.help {
            text.push_str(&format!("\n  = help: {help}"));
        }
        text
    }

    /// Names the kind of problem (see [`Diagnostic::code`]).
    pub fn with_code(mut self, code: Code) -> Self {
        self.code = Some(code);
        self
    }

    /// Adds advice.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        match self.code {
            Some(code) => write!(f, "{label}[{}]: {}", code.as_str(), self.detail()),
            None => write!(f, "{label}: {}", self.detail()),
        }
    }
}

/// Collects diagnostics across a whole run; the caller decides when to stop.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Records a diagnostic.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    /// Records an error.
    pub fn error(&mut self, message: impl Into<String>, location: Option<Location>) {
        self.push(Diagnostic::error(message, location));
    }

    /// Records a warning of kind `code` (see [`Diagnostic::code`]).
    pub fn warning(&mut self, code: Code, message: impl Into<String>, location: Option<Location>) {
        self.push(Diagnostic::warning(message, location).with_code(code));
    }

    /// Whether any error was recorded.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// How many errors were recorded so far.
    pub fn error_count(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    /// All diagnostics, sorted by file and position so output reads top to bottom.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| {
            let key = |d: &Diagnostic| {
                d.location
                    .as_ref()
                    .map(|l| (l.file.clone(), l.line_col, l.pointer.clone()))
            };
            key(a)
                .cmp(&key(b))
                .then_with(|| b.severity.cmp(&a.severity))
        });
        self.items.dedup();
        self.items
    }

    /// Appends another collection.
    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }
}

/// The run failed; `diagnostics` holds every error (and the warnings seen on the way).
#[derive(Debug, Clone)]
pub struct Failure {
    /// Sorted diagnostics; at least one is an error.
    pub diagnostics: Vec<Diagnostic>,
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for diagnostic in &self.diagnostics {
            writeln!(f, "{diagnostic}")?;
        }
        let errors = self
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        write!(
            f,
            "specgen: {errors} error{} found",
            if errors == 1 { "" } else { "s" }
        )
    }
}

impl std::error::Error for Failure {}

impl From<Diagnostic> for Failure {
    fn from(diagnostic: Diagnostic) -> Self {
        Self {
            diagnostics: vec![diagnostic],
        }
    }
}
