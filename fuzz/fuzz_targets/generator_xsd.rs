//! Arbitrary bytes as an XML Schema: the generator reports errors, it never panics (xsd-parser
//! included: what it cannot handle is rejected before it runs), overflows its stack or runs
//! out of memory. What lowers is also rendered to Rust.

#![no_main]

use libfuzzer_sys::fuzz_target;
use specgen::ApiSource;

fuzz_target!(|data: &[u8]| {
    let dir = std::env::temp_dir().join(format!("specgen-fuzz-xsd-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("scratch directory");
    let path = dir.join("schema.xsd");
    std::fs::write(&path, data).expect("scratch file");
    let source = ApiSource {
        module: "feed".into(),
        spec: path,
        spec_display: "schema.xsd".into(),
        ..Default::default()
    };
    if let Ok(lowered) = specgen::lower(&source) {
        let _ = specgen::render_api(&lowered.api, &specgen::Options::default());
    }
});
