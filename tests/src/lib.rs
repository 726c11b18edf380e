//! Test-only crate: its tests live in `tests/`; `bench_data` holds messages the benchmarks share; `src/snapshots` compiles the generated-code
//! snapshots so they are proven to build warning-free; `xmllint` is shared by the feed tests.

pub mod bench_data;
pub mod snapshots;
pub mod xmllint;
