//! The [`Validator`]: the walk's position (JSON Pointer, the spec's message in force) and the
//! violations recorded, the type checks of JSON values, and composition (`oneOf` / `anyOf`).

use std::fmt::{self, Write as _};

use serde::Serialize;
use serde_json::{Map, Number, Value};

use super::ValidateFn;

/// One way a value breaks its schema.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Violation {
    /// JSON Pointer (RFC 6901) of the offending value; empty for the document itself.
    pub pointer: String,
    /// The schema keyword that is violated (`required`, `type`, `minLength`, …).
    pub keyword: &'static str,
    /// What is wrong, for a human; the spec's own message when it defines one.
    pub message: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pointer = if self.pointer.is_empty() {
            "(document root)"
        } else {
            &self.pointer
        };
        write!(
            f,
            "{}: {} ({})",
            crate::error::escape_controls(pointer),
            crate::error::escape_controls(&self.message),
            self.keyword
        )
    }
}

/// Walks a document, keeping the current JSON Pointer and the violations found so far.
#[derive(Debug)]
pub struct Validator {
    pointer: String,
    violations: Vec<Violation>,
    pub(super) message: Option<&'static str>,
    /// Whether pointers and violations are kept ([`Validator::new`]) or only the verdict
    /// ([`Validator::fast`]).
    tracking: bool,
    failed: bool,
}

impl Default for Validator {
    fn default() -> Self {
        Self::new()
    }
}

impl Validator {
    /// A validator at the document root that records every violation with its pointer.
    pub fn new() -> Self {
        Self {
            pointer: String::new(),
            violations: Vec::new(),
            message: None,
            tracking: true,
            failed: false,
        }
    }

    /// A validator that only finds out whether the value is valid: it keeps no pointer and
    /// records nothing ([`Validator::violations`] stays empty), which makes it several times
    /// faster. [`collect_violations`](super::collect_violations) uses it first and walks again
    /// only when needed.
    pub fn fast() -> Self {
        Self {
            tracking: false,
            ..Self::new()
        }
    }

    /// Whether pointers and violations are kept ([`Validator::new`]), not only the verdict
    /// ([`Validator::fast`]).
    #[inline]
    pub(crate) fn is_tracking(&self) -> bool {
        self.tracking
    }

    /// Whether nothing was reported.
    pub fn is_valid(&self) -> bool {
        !self.failed
    }

    /// The violations so far, in document order.
    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }

    /// `Ok` when nothing was reported, else every violation (none from a
    /// [`Validator::fast`] one).
    pub fn into_result(self) -> Result<(), Vec<Violation>> {
        if self.failed {
            Err(self.violations)
        } else {
            Ok(())
        }
    }

    /// Reports a violation at the current pointer. Inside a member entered with a message
    /// (`enter_member(name, Some(..))`), the spec's message replaces `message`.
    pub fn report(&mut self, keyword: &'static str, message: impl FnOnce() -> String) {
        self.failed = true;
        if !self.tracking {
            return;
        }
        let message = match self.message {
            Some(custom) => custom.to_owned(),
            None => message(),
        };
        self.violations.push(Violation {
            pointer: self.pointer.clone(),
            keyword,
            message,
        });
    }

    /// Steps into member `name`; with `message` (the spec's `x-error-message`), everything
    /// reported inside uses it. Pair with [`Validator::leave`].
    #[inline]
    pub fn enter_member(&mut self, name: &str, message: Option<&'static str>) -> Mark {
        let mark = Mark {
            pointer_length: self.pointer.len(),
            message: self.message,
        };
        if self.tracking {
            self.push_member(name, message);
        }
        mark
    }

    #[inline(never)]
    fn push_member(&mut self, name: &str, message: Option<&'static str>) {
        self.pointer.push('/');
        if name.bytes().any(|b| b == b'~' || b == b'/') {
            self.pointer
                .push_str(&name.replace('~', "~0").replace('/', "~1"));
        } else {
            self.pointer.push_str(name);
        }
        if message.is_some() {
            self.message = message;
        }
    }

    /// Steps into array element `index`. Pair with [`Validator::leave`].
    #[inline]
    pub fn enter_index(&mut self, index: usize) -> Mark {
        let mark = Mark {
            pointer_length: self.pointer.len(),
            message: self.message,
        };
        if self.tracking {
            let _ = write!(self.pointer, "/{index}");
        }
        mark
    }

    /// Steps back out to where `mark` was taken.
    #[inline]
    pub fn leave(&mut self, mark: Mark) {
        self.pointer.truncate(mark.pointer_length);
        self.message = mark.message;
    }

    /// Runs `check` one member deeper (a closure form of `enter_member` / `leave`).
    pub fn at_member(
        &mut self,
        name: &str,
        message: Option<&'static str>,
        check: impl FnOnce(&mut Self),
    ) {
        let mark = self.enter_member(name, message);
        check(self);
        self.leave(mark);
    }

    #[cold]
    #[inline(never)]
    fn wrong_type(&mut self, expected: &'static str, value: &Value) {
        self.report("type", || {
            format!("expected {expected}, found {}", describe(value))
        });
    }

    /// The object, or a `type` violation; `null` is accepted silently when `nullable`.
    #[inline]
    pub fn object<'v>(
        &mut self,
        value: &'v Value,
        nullable: bool,
    ) -> Option<&'v Map<String, Value>> {
        match value {
            Value::Object(map) => Some(map),
            Value::Null if nullable => None,
            other => {
                self.wrong_type("an object", other);
                None
            }
        }
    }

    /// The array, or a `type` violation.
    #[inline]
    pub fn array<'v>(&mut self, value: &'v Value, nullable: bool) -> Option<&'v [Value]> {
        match value {
            Value::Array(items) => Some(items),
            Value::Null if nullable => None,
            other => {
                self.wrong_type("an array", other);
                None
            }
        }
    }

    /// The string, or a `type` violation.
    #[inline]
    pub fn string<'v>(&mut self, value: &'v Value, nullable: bool) -> Option<&'v str> {
        match value {
            Value::String(text) => Some(text),
            Value::Null if nullable => None,
            other => {
                self.wrong_type("a string", other);
                None
            }
        }
    }

    /// The number, or a `type` violation.
    #[inline]
    pub fn number<'v>(&mut self, value: &'v Value, nullable: bool) -> Option<&'v Number> {
        match value {
            Value::Number(number) => Some(number),
            Value::Null if nullable => None,
            other => {
                self.wrong_type("a number", other);
                None
            }
        }
    }

    /// The integer, or a `type` violation (a number written with a fraction is not one; a
    /// whole number beyond 64 bits, which arrives as a float, is).
    #[inline]
    pub fn integer<'v>(&mut self, value: &'v Value, nullable: bool) -> Option<&'v Number> {
        match value {
            Value::Number(number) if super::is_integer(number) => Some(number),
            Value::Null if nullable => None,
            other => {
                self.wrong_type("an integer", other);
                None
            }
        }
    }

    /// Checks that the value is a boolean.
    #[inline]
    pub fn boolean(&mut self, value: &Value, nullable: bool) {
        match value {
            Value::Bool(_) => {}
            Value::Null if nullable => {}
            other => self.wrong_type("a boolean", other),
        }
    }

    /// Checks a decoded value by its JSON encoding with a generated JSON-value validation
    /// function: for `oneOf` / `anyOf`, whose verdict depends on how many alternatives the
    /// encoded value satisfies, not only on the one it was decoded as.
    pub fn encoded<T: Serialize + ?Sized>(&mut self, value: &T, check: ValidateFn) {
        match serde_json::to_value(value) {
            Ok(json) => check(&json, self),
            Err(error) => self.report("encode", || error.to_string()),
        }
    }

    /// `oneOf` (exactly one alternative holds) or, with `any`, `anyOf` (at least one).
    pub fn alternatives(
        &mut self,
        value: &Value,
        alternatives: &[fn(&Value, &mut Validator)],
        any: bool,
    ) {
        let holding = alternatives
            .iter()
            .filter(|check| {
                let mut scratch = Validator::fast();
                check(value, &mut scratch);
                scratch.is_valid()
            })
            .count();
        if any && holding == 0 {
            self.report("anyOf", || "matches none of the alternatives".to_owned());
        } else if !any && holding != 1 {
            self.report("oneOf", || {
                format!("must match exactly one alternative, matches {holding}")
            });
        }
    }
}

/// Where a [`Validator`] was before stepping into a member or element.
#[derive(Debug, Clone, Copy)]
#[must_use = "pass the mark to `Validator::leave`"]
pub struct Mark {
    pointer_length: usize,
    message: Option<&'static str>,
}

fn describe(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(n) if n.is_f64() => "a number",
        Value::Number(_) => "an integer",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
