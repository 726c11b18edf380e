//! Generated-code snapshots of the feature specs in `tests/specs/`.
//!
//! Every `tests/specs/<name>.yaml` is lowered and rendered, and the result must equal
//! `tests/src/snapshots/<name>.rs` byte for byte. That file is compiled into this crate
//! (`src/snapshots/mod.rs` includes it), so the snapshots are also proven to build without
//! warnings, and `tests/features.rs` exercises their behaviour.
//!
//! After an intended change to the generator, bless the new output with
//! `SPECGEN_BLESS=1 cargo test -p specgen-tests --test snapshots`, then review the diff.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use specgen::ApiSource;

fn crate_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn snapshot_dir() -> PathBuf {
    crate_dir().join("src/snapshots")
}

/// The feature specs: `tests/specs/*.yaml` (not `tests/specs/invalid/`), sorted by name.
fn feature_specs() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(crate_dir().join("specs"))
        .expect("tests/specs exists")
        .map(|entry| entry.expect("readable directory entry").path())
        .filter(|path| path.is_file() && path.extension().is_some_and(|e| e == "yaml"))
        .map(|path| {
            path.file_stem()
                .and_then(|s| s.to_str())
                .expect("UTF-8 file name")
                .to_owned()
        })
        .collect();
    names.sort();
    names
}

fn render(name: &str) -> Result<String, String> {
    let source = ApiSource {
        module: name.to_owned(),
        spec: crate_dir().join(format!("specs/{name}.yaml")),
        spec_display: format!("tests/specs/{name}.yaml"),
        overlays: Vec::new(),
        ..Default::default()
    };
    let lowered = specgen::lower(&source).map_err(|failure| failure.to_string())?;
    Ok(specgen::render_api(
        &lowered.api,
        &specgen::Options::default(),
    ))
}

/// The first differing line, with a little context, for the failure message.
fn first_difference(expected: &str, actual: &str) -> String {
    let expected_lines: Vec<&str> = expected.lines().collect();
    let actual_lines: Vec<&str> = actual.lines().collect();
    let at = expected_lines
        .iter()
        .zip(&actual_lines)
        .position(|(e, a)| e != a)
        .unwrap_or(expected_lines.len().min(actual_lines.len()));
    let mut out = format!("first difference at line {}:\n", at + 1);
    for (label, lines) in [("snapshot", &expected_lines), ("generated", &actual_lines)] {
        let _ = writeln!(out, "  {label}:");
        for line in lines.iter().skip(at).take(5) {
            let _ = writeln!(out, "    | {line}");
        }
        if at >= lines.len() {
            let _ = writeln!(out, "    (end of file)");
        }
    }
    out
}

#[test]
fn feature_specs_match_their_snapshots() {
    let bless = std::env::var("SPECGEN_BLESS").is_ok_and(|v| v == "1");
    let specs = feature_specs();
    assert!(
        specs.len() >= 7,
        "expected the feature specs in tests/specs, found {specs:?}"
    );
    let mut problems = Vec::new();
    for name in &specs {
        let generated = match render(name) {
            Ok(generated) => generated,
            Err(failure) => {
                problems.push(format!(
                    "tests/specs/{name}.yaml does not lower:\n{failure}"
                ));
                continue;
            }
        };
        let path = snapshot_dir().join(format!("{name}.rs"));
        if bless {
            std::fs::write(&path, &generated).expect("snapshot is writable");
            continue;
        }
        match std::fs::read_to_string(&path) {
            Ok(existing) if existing == generated => {}
            Ok(existing) => problems.push(format!(
                "tests/src/snapshots/{name}.rs differs from what tests/specs/{name}.yaml generates; {}",
                first_difference(&existing, &generated)
            )),
            Err(error) => problems.push(format!(
                "tests/src/snapshots/{name}.rs cannot be read ({error}); it must hold the code generated from tests/specs/{name}.yaml"
            )),
        }
    }
    assert!(
        problems.is_empty(),
        "{}\n\nIf the change is intended, bless the new output with\n  SPECGEN_BLESS=1 cargo test -p specgen-tests --test snapshots\nand review the diff.",
        problems.join("\n\n")
    );
}

#[test]
fn rendering_is_deterministic() {
    for name in feature_specs() {
        let first = render(&name).expect("feature spec lowers");
        let second = render(&name).expect("feature spec lowers");
        assert!(
            first == second,
            "rendering tests/specs/{name}.yaml twice gave different output; {}",
            first_difference(&first, &second)
        );
    }
}

#[test]
fn every_snapshot_is_compiled_into_the_crate() {
    let mod_rs =
        std::fs::read_to_string(snapshot_dir().join("mod.rs")).expect("src/snapshots/mod.rs");
    let registered: Vec<String> = mod_rs
        .lines()
        .filter_map(|line| line.trim().strip_prefix("include!(\""))
        .filter_map(|rest| rest.strip_suffix(".rs\");"))
        .map(str::to_owned)
        .collect();
    for name in &registered {
        assert!(
            mod_rs.contains(&format!("pub mod {name} {{")),
            "src/snapshots/mod.rs includes {name}.rs outside `pub mod {name}`"
        );
    }
    let mut sorted = registered.clone();
    sorted.sort();
    assert_eq!(
        sorted,
        feature_specs(),
        "src/snapshots/mod.rs must register exactly one `pub mod <name> {{ include!(\"<name>.rs\"); }}` per tests/specs/<name>.yaml"
    );
    // No stale snapshot files either.
    let mut files: Vec<String> = std::fs::read_dir(snapshot_dir())
        .expect("src/snapshots")
        .map(|entry| {
            entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|name| name != "mod.rs")
        .filter_map(|name| name.strip_suffix(".rs").map(str::to_owned))
        .collect();
    files.sort();
    assert_eq!(
        files,
        feature_specs(),
        "every file in src/snapshots/ must belong to a spec in tests/specs/"
    );
}

#[test]
fn snapshots_name_their_spec_in_the_generated_header() {
    for name in feature_specs() {
        let text = render(&name).expect("feature spec lowers");
        let header =
            format!("// This file is @generated by specgen from `tests/specs/{name}.yaml`.");
        assert!(
            text.starts_with(&header),
            "{name}: header is {:?}",
            text.lines().next()
        );
    }
}
