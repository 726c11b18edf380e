//! Test-only crate: its tests live in `tests/`; `src/snapshots` compiles the generated-code
//! snapshots so they are proven to build warning-free.

pub mod snapshots;
