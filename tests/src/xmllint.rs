//! libxml2's `xmllint --schema` as an independent validator of what the XML encoders write.

use std::path::Path;
use std::process::Command;

/// Asserts that `xmllint` accepts `document` against `spec/feed/<xsd>`.
pub fn assert_valid(xsd: &str, document: &[u8], label: &str) {
    let dir = std::env::temp_dir().join(format!("specgen-feed-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join(label.replace('/', "_"));
    std::fs::write(&file, document).unwrap();
    let schema = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../spec/feed")
        .join(xsd);
    let output = Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(&schema)
        .arg(&file)
        .output()
        .expect("xmllint (libxml2) validates the encoder's output: install it (Debian: apt-get install libxml2-utils); .ci/run does");
    assert!(
        output.status.success(),
        "{label}: xmllint rejects the encoder's output:\n{}\n{}",
        String::from_utf8_lossy(&output.stderr),
        String::from_utf8_lossy(document)
    );
}
