//! Arbitrary bytes as an OpenAPI spec (the first byte picks `.yaml` or `.json`): the
//! generator reports errors, it never panics, overflows its stack or runs out of memory.
//! What lowers is also rendered to Rust.

#![no_main]

use libfuzzer_sys::fuzz_target;
use specgen::ApiSource;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, data)) = data.split_first() else {
        return;
    };
    let extension = if selector % 2 == 0 { "yaml" } else { "json" };
    let dir = std::env::temp_dir().join(format!("specgen-fuzz-openapi-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("scratch directory");
    let path = dir.join(format!("spec.{extension}"));
    std::fs::write(&path, data).expect("scratch file");
    let source = ApiSource {
        module: "api".into(),
        spec: path,
        spec_display: format!("spec.{extension}"),
        ..Default::default()
    };
    if let Ok(lowered) = specgen::lower(&source) {
        let _ = specgen::render_api(&lowered.api, &specgen::Options::default());
    }
});
