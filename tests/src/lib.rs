//! Test-only crate: its tests live in `tests/`; `src/snapshots` compiles the generated-code
//! snapshots so they are proven to build warning-free; `xmllint` is shared by the feed tests.

pub mod snapshots;
pub mod xmllint;
