//! Choosing among several documented shapes of one JSON value.
//!
//! A response status with several documented bodies (`"400 (1)"`, `"400 (2)"`, …) and a
//! `oneOf`/`anyOf` without discriminator are decoded the same way: every alternative is
//! tried, and the one that decodes while leaving the fewest members undeclared wins (ties go
//! to the earlier alternative, in spec order). This is what lets a body that only fits the
//! second alternative land there even when the first has no required members.

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::DecodeError;

/// One alternative that decoded: the wrapped value and how many members it did not declare.
pub struct Candidate<T> {
    value: T,
    undeclared: usize,
}

/// Tries to decode `value` as `A`; `wrap` turns it into the enum variant, `undeclared`
/// counts members `A` does not declare.
pub fn candidate<A: DeserializeOwned, T>(
    value: &Value,
    wrap: fn(A) -> T,
    undeclared: fn(&A) -> usize,
) -> Result<Candidate<T>, DecodeError> {
    let decoded: A = crate::from_json_value(value.clone())?;
    let undeclared = undeclared(&decoded);
    Ok(Candidate {
        value: wrap(decoded),
        undeclared,
    })
}

/// Picks the best-fitting alternative, or explains why none fits.
pub fn best_fit<T>(
    type_name: &str,
    candidates: Vec<Result<Candidate<T>, DecodeError>>,
) -> Result<T, DecodeError> {
    let mut best: Option<Candidate<T>> = None;
    let mut reasons = Vec::new();
    for (index, candidate) in candidates.into_iter().enumerate() {
        match candidate {
            Ok(candidate) => {
                // `map_or(true, …)` rather than `Option::is_none_or`, which needs Rust 1.82
                // (the workspace's MSRV is 1.80).
                if best
                    .as_ref()
                    .is_none_or(|b| candidate.undeclared < b.undeclared)
                {
                    best = Some(candidate);
                }
            }
            Err(error) => reasons.push(format!("alternative {}: {error}", index + 1)),
        }
    }
    best.map(|candidate| candidate.value).ok_or_else(|| {
        DecodeError::new(
            "",
            format!(
                "matches none of the shapes of {type_name} ({})",
                reasons.join("; ")
            ),
        )
    })
}

/// Counts undeclared members for alternatives that are not objects with a catch-all.
pub fn none<A>(_: &A) -> usize {
    0
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize, Debug)]
    struct Loose {
        #[serde(default)]
        message: Option<String>,
        #[serde(flatten)]
        rest: serde_json::Map<String, Value>,
    }

    #[derive(Deserialize, Debug)]
    struct Odds {
        #[serde(default)]
        result: Option<bool>,
        #[serde(flatten)]
        rest: serde_json::Map<String, Value>,
    }

    #[derive(Debug)]
    enum Either {
        Loose(Loose),
        Odds(Odds),
    }

    fn decode(value: Value) -> Result<Either, DecodeError> {
        best_fit(
            "Either",
            vec![
                candidate(&value, Either::Loose, |v: &Loose| v.rest.len()),
                candidate(&value, Either::Odds, |v: &Odds| v.rest.len()),
            ],
        )
    }

    #[test]
    fn the_alternative_declaring_most_members_wins() {
        let value = serde_json::json!({"result": false});
        assert!(matches!(decode(value).unwrap(), Either::Odds(o) if o.result == Some(false)));
        let value = serde_json::json!({"message": "x"});
        assert!(
            matches!(decode(value).unwrap(), Either::Loose(l) if l.message.as_deref() == Some("x"))
        );
    }

    #[test]
    fn no_fitting_alternative_is_an_error_listing_each_reason() {
        let error = decode(serde_json::json!({"message": 3, "result": "yes"}))
            .map(|_| ())
            .unwrap_err();
        assert!(
            error.message().contains("alternative 1: at /message"),
            "{error}"
        );
        assert!(
            error.message().contains("alternative 2: at /result"),
            "{error}"
        );
    }
}
