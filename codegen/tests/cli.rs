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

/// The structural rules of OpenAPI 3.0 an exported document must follow (what a standard
/// parser insists on): version, info, paths starting with `/`, and operations whose
/// responses are keyed by a status, a range or `default`, each with a description.
fn assert_openapi_30(document: &serde_json::Value, name: &str) {
    let version = document["openapi"].as_str().unwrap_or_default();
    assert!(version.starts_with("3.0."), "{name}: openapi {version}");
    assert!(document["info"]["title"].is_string(), "{name}: info.title");
    assert!(
        document["info"]["version"].is_string(),
        "{name}: info.version"
    );
    let paths = document["paths"].as_object().expect("paths");
    assert!(!paths.is_empty(), "{name}");
    let methods = [
        "get", "put", "post", "delete", "options", "head", "patch", "trace",
    ];
    for (path, item) in paths {
        assert!(path.starts_with('/'), "{name}: path {path}");
        for (method, operation) in item.as_object().expect("path item") {
            if !methods.contains(&method.as_str()) {
                continue;
            }
            let responses = operation["responses"].as_object().expect("responses");
            assert!(!responses.is_empty(), "{name}: {method} {path}");
            for (key, response) in responses {
                if key.starts_with("x-") {
                    continue;
                }
                let bytes = key.as_bytes();
                let status = key.len() == 3
                    && (b'1'..=b'5').contains(&bytes[0])
                    && (bytes[1..].iter().all(u8::is_ascii_digit)
                        || key[1..].eq_ignore_ascii_case("XX"));
                assert!(
                    status || key == "default",
                    "{name}: {method} {path}: response key `{key}`"
                );
                assert!(
                    response.get("$ref").is_some() || response["description"].is_string(),
                    "{name}: {method} {path} {key}: description"
                );
            }
        }
    }
}

#[test]
fn export_writes_standard_documents_for_every_openapi_api() {
    let project = scratch_project();
    let out = project.path().join("exported");
    let export = specgen(project.path(), &["export", "--out", out.to_str().unwrap()]);
    assert!(export.status.success(), "{}", text(&export.stderr));
    let stderr = text(&export.stderr);
    assert!(
        stderr.contains("`trade360_feed` is an XML Schema"),
        "{stderr}"
    );
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "livescore_customers.openapi.json",
            "rms_bet.openapi.json",
            "rms_customer_integration.openapi.json"
        ]
    );
    for name in &names {
        let text = std::fs::read_to_string(out.join(name)).unwrap();
        let document: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_openapi_30(&document, name);
        // Pretty and deterministic: the same bytes as serde_json's pretty printer.
        assert_eq!(
            text,
            format!("{}\n", serde_json::to_string_pretty(&document).unwrap())
        );
    }
    let rms_bet: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("rms_bet.openapi.json")).unwrap())
            .unwrap();
    let alternatives = |path: &str| {
        let response = &rms_bet["paths"][path]["post"]["responses"]["400"];
        let one_of = response["content"]["application/json"]["schema"]["oneOf"]
            .as_array()
            .map_or(0, Vec::len);
        (
            one_of,
            response["description"]
                .as_str()
                .unwrap_or_default()
                .to_owned(),
        )
    };
    let (count, description) = alternatives("/cart/place-bet");
    assert_eq!(count, 2);
    assert!(
        description.starts_with(
            "Request validation failed / Bet Slip Rejected by the risk system, or error saving the bet"
        ),
        "{description}"
    );
    assert_eq!(alternatives("/bet/define").0, 4);
    // The overlays are applied, and the extensions specgen reads are kept.
    assert!(
        rms_bet["components"]["schemas"]["ValidationErrorResponseDto"]["x-violation-report"]
            .is_object()
    );
}

#[test]
fn export_of_one_api_goes_to_standard_output_or_a_file() {
    let project = scratch_project();
    let stdout = specgen(project.path(), &["export", "--api", "livescore_customers"]);
    assert!(stdout.status.success(), "{}", text(&stdout.stderr));
    let document: serde_json::Value = serde_json::from_slice(&stdout.stdout).unwrap();
    assert_openapi_30(&document, "livescore_customers");
    let file = project.path().join("one.json");
    let written = specgen(
        project.path(),
        &[
            "export",
            "--api",
            "livescore_customers",
            "--out",
            file.to_str().unwrap(),
        ],
    );
    assert!(written.status.success(), "{}", text(&written.stderr));
    assert_eq!(std::fs::read(&file).unwrap(), stdout.stdout);
    let unknown = specgen(project.path(), &["export", "--api", "nope"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(text(&unknown.stderr).contains("modules: livescore_customers"));
    let xsd = specgen(project.path(), &["export", "--api", "trade360_feed"]);
    assert_eq!(xsd.status.code(), Some(1));
    let several = specgen(project.path(), &["export"]);
    assert_eq!(several.status.code(), Some(2));
}
