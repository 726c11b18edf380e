//! libxml2's `xmllint --schema` as an independent validator of what the XML encoders write.

use std::path::Path;
use std::process::Command;
use std::sync::OnceLock;

/// How to get `xmllint`, for the message of a test that needs it.
const INSTALL_HINT: &str = "xmllint (libxml2) is not installed, and the feed tests use it as an \
independent validator of the XML encoders' output. Run the tests with `cargo xtask test`, which \
installs it, or install it yourself (Debian/Ubuntu: `sudo apt-get install libxml2-utils`; \
elsewhere: the package providing libxml2's `xmllint`) and run `cargo test` again.";

/// Whether `xmllint` can be started, asked once per test binary.
fn available() -> bool {
    static AVAILABLE: OnceLock<bool> = OnceLock::new();
    *AVAILABLE.get_or_init(|| Command::new("xmllint").arg("--version").output().is_ok())
}

/// Asserts that `xmllint` accepts `document` against `spec/feed/<xsd>`.
///
/// Without `xmllint` the calling test fails with a message saying how to install it: the
/// oracle is part of the test, so it is never skipped silently.
pub fn assert_valid(xsd: &str, document: &[u8], label: &str) {
    assert!(available(), "{INSTALL_HINT}");
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
        .unwrap_or_else(|error| panic!("cannot run xmllint: {error}\n{INSTALL_HINT}"));
    assert!(
        output.status.success(),
        "{label}: xmllint rejects the encoder's output:\n{}\n{}",
        String::from_utf8_lossy(&output.stderr),
        String::from_utf8_lossy(document)
    );
}
