//! Compile-time errors of `specgen_macros::openapi!`: each case has its `.stderr` snapshot.
//! Spec paths in the cases are relative to trybuild's scratch crate in
//! `target/tests/trybuild/specgen-tests/` (that is where `CARGO_MANIFEST_DIR` points).

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("ui/*.rs");
}
