//! Generated code for the feature specs in `tests/specs/`, compiled as part of this crate.
