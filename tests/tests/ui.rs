//! Compile-time errors of `specgen_macros::openapi!`: each case has its `.stderr` snapshot.
//!
//! trybuild compiles the cases as binaries of a scratch crate in
//! `<target dir>/tests/trybuild/specgen-tests/`, and that is where `CARGO_MANIFEST_DIR` (the
//! macro's base for relative paths) points. The target directory may be anywhere
//! (`CARGO_TARGET_DIR`), so the cases name their specs as `ui/specs/…`, relative to this
//! crate, and the test copies `ui/specs/` into the scratch crate first. The paths (and so the
//! `.stderr` snapshots) are then the same on every machine and for every target directory.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The target directory, asked of cargo exactly as trybuild asks it.
fn target_directory() -> PathBuf {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .args(["metadata", "--no-deps", "--format-version=1"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("`cargo metadata` runs");
    assert!(
        output.status.success(),
        "cargo metadata failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let metadata: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("`cargo metadata` prints JSON");
    let dir = metadata["target_directory"]
        .as_str()
        .expect("`cargo metadata` names the target directory");
    PathBuf::from(dir)
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn ui() {
    let scratch_crate = target_directory().join("tests/trybuild/specgen-tests");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/specs"),
        &scratch_crate.join("ui/specs"),
    );
    let cases = trybuild::TestCases::new();
    cases.compile_fail("ui/*.rs");
    cases.pass("ui/pass/*.rs");
}
