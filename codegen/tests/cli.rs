//! `cargo specgen generate` / `check` on a scratch copy of the project.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_owned()
}

fn specgen(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cargo-specgen"))
        .arg("specgen")
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
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

/// A scratch project: `spec/` and `generated/src` copied from the workspace.
fn scratch_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&workspace().join("spec"), &dir.path().join("spec"));
    copy_dir(
        &workspace().join("generated/src"),
        &dir.path().join("generated/src"),
    );
    dir
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn check_passes_on_the_checked_in_crate_and_generate_changes_nothing() {
    let project = scratch_project();
    let check = specgen(project.path(), &["check"]);
    assert!(
        check.status.success(),
        "{}{}",
        text(&check.stdout),
        text(&check.stderr)
    );
    assert!(text(&check.stderr).contains("up to date"));
    let generate = specgen(project.path(), &["generate"]);
    assert!(generate.status.success(), "{}", text(&generate.stderr));
    assert!(
        text(&generate.stderr).contains("(0 files changed)"),
        "{}",
        text(&generate.stderr)
    );
}

#[test]
fn check_fails_with_a_diff_naming_the_field_after_a_spec_edit() {
    let project = scratch_project();
    let spec = project.path().join("spec/livescore-customers.yaml");
    // Add a member to the request schema: the drift check must name it.
    let edited = std::fs::read_to_string(&spec).unwrap().replacen(
        "      properties:\n        packageId:",
        "      properties:\n        clientReference:\n          type: string\n          description: Added after generation.\n        packageId:",
        1,
    );
    std::fs::write(&spec, edited).unwrap();

    let check = specgen(project.path(), &["check"]);
    assert_eq!(check.status.code(), Some(1), "{}", text(&check.stderr));
    let diff = text(&check.stdout);
    assert!(
        diff.contains("--- generated/src/livescore_customers.rs (checked in)"),
        "{diff}"
    );
    assert!(
        diff.contains("+    pub client_reference: Option<String>,"),
        "{diff}"
    );
    assert!(diff.contains("clientReference"), "{diff}");
    assert!(text(&check.stderr).contains("run `cargo specgen generate`"));

    // Regenerating brings it back in sync, from any subdirectory of the project.
    let generate = specgen(&project.path().join("generated"), &["generate"]);
    assert!(generate.status.success(), "{}", text(&generate.stderr));
    assert!(specgen(project.path(), &["check"]).status.success());
}

#[test]
fn check_reports_stale_and_missing_files() {
    let project = scratch_project();
    std::fs::write(
        project.path().join("generated/src/leftover.rs"),
        "// stale\n",
    )
    .unwrap();
    std::fs::remove_file(project.path().join("generated/src/rms_bet.rs")).unwrap();
    let check = specgen(project.path(), &["check"]);
    assert_eq!(check.status.code(), Some(1));
    let diff = text(&check.stdout);
    assert!(diff.contains("generated/src/leftover.rs"), "{diff}");
    assert!(diff.contains("generated/src/rms_bet.rs"), "{diff}");
    let generate = specgen(project.path(), &["generate"]);
    assert!(generate.status.success());
    assert!(!project.path().join("generated/src/leftover.rs").exists());
    assert!(specgen(project.path(), &["check"]).status.success());
}

#[test]
fn a_broken_spec_reports_every_error_with_its_location_and_writes_nothing() {
    let project = scratch_project();
    let spec = project.path().join("spec/rms-bet.json");
    let broken = std::fs::read_to_string(&spec)
        .unwrap()
        .replacen(
            "\"$ref\": \"#/components/schemas/StakeInfo\"",
            "\"$ref\": \"#/components/schemas/Nope\"",
            1,
        )
        .replacen("\"type\": \"boolean\"", "\"type\": \"bool\"", 1);
    std::fs::write(&spec, broken).unwrap();
    let before = std::fs::read_to_string(project.path().join("generated/src/rms_bet.rs")).unwrap();
    let generate = specgen(project.path(), &["generate"]);
    assert_eq!(generate.status.code(), Some(1));
    let stderr = text(&generate.stderr);
    assert!(
        stderr.contains("unresolvable `$ref`: `#/components/schemas/Nope`"),
        "{stderr}"
    );
    assert!(stderr.contains("unknown schema type `bool`"), "{stderr}");
    assert!(stderr.contains("--> spec/rms-bet.json:"), "{stderr}");
    assert!(stderr.contains("specgen: 2 errors found"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(project.path().join("generated/src/rms_bet.rs")).unwrap(),
        before
    );
}

#[test]
fn help_documents_both_commands() {
    let help = specgen(&workspace(), &["--help"]);
    let help = text(&help.stdout);
    assert!(help.contains("generate"), "{help}");
    assert!(help.contains("check"), "{help}");
    assert!(help.contains("--manifest"), "{help}");
    let check_help = text(&specgen(&workspace(), &["check", "--help"]).stdout);
    assert!(check_help.contains("unified diff"), "{check_help}");
}

#[test]
fn help_documents_every_manifest_field() {
    let output = specgen(&workspace(), &["--help"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let help = text(&output.stdout);
    // Each field of spec/specgen.toml (see specgen::manifest), as a line of the field list.
    for field in [
        "[output]",
        "dir ",
        "docs ",
        "schemars-feature ",
        "[[api]]",
        "module ",
        "spec ",
        "overlays ",
        "xml-codecs ",
        "server-feature ",
        "client-feature ",
        "mock-feature ",
        "acknowledge ",
    ] {
        assert!(
            help.lines()
                .any(|line| line.trim_start().starts_with(field)),
            "`--help` does not document the manifest field `{field}`:\n{help}"
        );
    }
    // The example is a manifest the loader accepts.
    let example = help
        .split("Example:")
        .nth(1)
        .expect("`--help` has an example manifest");
    let dir = tempfile::tempdir().unwrap();
    let manifest = dir.path().join("specgen.toml");
    let example: String = example.lines().map(|l| format!("{}\n", l.trim())).collect();
    std::fs::write(&manifest, example).unwrap();
    let loaded = specgen::manifest::Manifest::load(&manifest).expect("the example loads");
    assert_eq!(loaded.apis.len(), 1);
    assert_eq!(loaded.apis[0].module, "rms_bet");
}

#[test]
fn a_missing_manifest_is_a_clear_error() {
    let empty = tempfile::tempdir().unwrap();
    let output = specgen(empty.path(), &["check"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output.stderr).contains("no spec/specgen.toml found"),
        "{}",
        text(&output.stderr)
    );
}
