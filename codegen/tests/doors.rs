//! The Builder and manifest doors: the same module naming, the same checks of names, the
//! same acknowledgement of warnings, and a Builder that refuses out-of-order calls and
//! removes what an earlier run wrote.

use std::path::{Path, PathBuf};

use specgen::{Builder, BuilderError, Severity};

fn spec(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../spec")
        .join(name)
}

fn errors(error: BuilderError) -> Vec<specgen::Diagnostic> {
    match error {
        BuilderError::Spec(failure) => failure
            .diagnostics
            .into_iter()
            .filter(|d| d.severity == Severity::Error)
            .collect(),
        other => panic!("expected spec errors, got {other}"),
    }
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".rs"))
        .collect();
    names.sort();
    names
}

#[test]
fn the_default_module_name_is_the_snake_case_file_stem() {
    let out = tempfile::tempdir().unwrap();
    let written = Builder::new()
        .with_spec(spec("rms-bet.json"))
        .with_out_dir(out.path())
        .generate()
        .unwrap();
    assert_eq!(written, [out.path().join("rms_bet.rs")]);
}

#[test]
fn a_bad_module_name_is_an_error_at_the_call_not_a_panic() {
    for bad in ["orders-api", "type", "2fa", ""] {
        let out = tempfile::tempdir().unwrap();
        let line = line!() + 3;
        let error = Builder::new()
            .with_spec(spec("livescore-customers.yaml"))
            .with_module_name(bad)
            .with_out_dir(out.path())
            .generate()
            .unwrap_err();
        let errors = errors(error);
        assert_eq!(errors.len(), 1, "{bad}: {errors:?}");
        assert_eq!(
            errors[0].code,
            Some(specgen::diagnostics::Code::InvalidModuleName)
        );
        let location = errors[0].location.as_ref().unwrap();
        assert!(location.file.ends_with("doors.rs"), "{location}");
        assert_eq!(location.line_col.map(|(line, _)| line), Some(line as usize));
        assert!(errors[0].help.is_some());
        // Nothing is written, not even a file named after the bad module.
        assert!(names_in(out.path()).is_empty(), "{bad}");
    }
}

#[test]
fn calls_before_any_spec_are_refused_with_their_location() {
    let out = tempfile::tempdir().unwrap();
    let line = line!() + 2;
    let error = Builder::new()
        .with_module_name("early")
        .with_overlay("overlay.yaml")
        .with_spec(spec("livescore-customers.yaml"))
        .with_out_dir(out.path())
        .generate()
        .unwrap_err();
    let errors = errors(error);
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(errors[0]
        .message
        .contains("`with_module_name` called before any `with_spec`"));
    assert!(errors[1]
        .message
        .contains("`with_overlay` called before any `with_spec`"));
    assert_eq!(
        errors[0].location.as_ref().unwrap().line_col.map(|l| l.0),
        Some(line as usize)
    );
    assert!(names_in(out.path()).is_empty());
}

#[test]
fn files_of_an_earlier_module_name_are_removed() {
    let out = tempfile::tempdir().unwrap();
    let run = |module: &str| {
        Builder::new()
            .with_spec(spec("livescore-customers.yaml"))
            .with_module_name(module)
            .with_out_dir(out.path())
            .generate()
            .unwrap()
    };
    run("first");
    assert_eq!(names_in(out.path()), ["first.rs"]);
    run("second");
    assert_eq!(names_in(out.path()), ["second.rs"]);
    // A file the builder did not write is left alone.
    std::fs::write(out.path().join("mine.rs"), "// user file\n").unwrap();
    run("third");
    assert_eq!(names_in(out.path()), ["mine.rs", "third.rs"]);
}

#[test]
fn two_specs_cannot_share_a_module() {
    let out = tempfile::tempdir().unwrap();
    let error = Builder::new()
        .with_spec(spec("livescore-customers.yaml"))
        .with_module_name("api")
        .with_spec(spec("rms-bet.json"))
        .with_module_name("api")
        .with_out_dir(out.path())
        .generate()
        .unwrap_err();
    assert!(errors(error)[0].message.contains("`api.rs`"));
}

fn rms_bet_warnings(acknowledge: &[&str]) -> Result<Vec<specgen::Diagnostic>, specgen::Failure> {
    let mut source = specgen::ApiSource::new(spec("rms-bet.json"), "spec/rms-bet.json");
    for entry in acknowledge {
        source
            .acknowledged
            .push(specgen::Acknowledgement::parse(entry).unwrap());
    }
    specgen::pipeline::generate(&source, &specgen::Options::default()).map(|g| g.warnings)
}

#[test]
fn acknowledged_warnings_are_not_reported_again() {
    let all = rms_bet_warnings(&[]).unwrap();
    assert_eq!(all.len(), 6, "{all:?}");
    assert!(all
        .iter()
        .all(|w| w.code == Some(specgen::diagnostics::Code::NonStandardResponseKey)));
    assert!(rms_bet_warnings(&["non-standard-response-key"])
        .unwrap()
        .is_empty());
    // One occurrence, by its pointer.
    let pointer = all[0].location.as_ref().unwrap().pointer.clone();
    let rest = rms_bet_warnings(&[&format!("non-standard-response-key@{pointer}")]).unwrap();
    assert_eq!(rest.len(), 5);
    assert!(rest
        .iter()
        .all(|w| w.location.as_ref().unwrap().pointer != pointer));
    // An acknowledgement that matches nothing says so.
    let stale = rms_bet_warnings(&["non-standard-response-key", "duplicate-enum-value"]).unwrap();
    assert_eq!(stale.len(), 1);
    assert_eq!(
        stale[0].code,
        Some(specgen::diagnostics::Code::UnusedAcknowledgement)
    );
    assert!(stale[0].message.contains("`duplicate-enum-value`"));
}

#[test]
fn the_builder_rejects_a_malformed_acknowledgement() {
    let out = tempfile::tempdir().unwrap();
    let error = Builder::new()
        .with_spec(spec("rms-bet.json"))
        .acknowledge_warning("400 (1)")
        .with_out_dir(out.path())
        .generate()
        .unwrap_err();
    assert!(errors(error)[0]
        .message
        .contains("not a warning to acknowledge"));
}

mod manifest {
    use super::*;
    use specgen::manifest::Manifest;

    fn load(text: &str) -> Result<Manifest, specgen::Failure> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("specgen.toml");
        std::fs::write(&path, text).unwrap();
        Manifest::load(&path)
    }

    #[test]
    fn a_bad_module_name_is_located_at_its_manifest_line() {
        let spec = spec("livescore-customers.yaml");
        let manifest = load(&format!(
            "[output]\ndir = \"out\"\n\n[[api]]\nmodule = \"type\"\nspec = {:?}\n",
            spec.display().to_string()
        ))
        .unwrap();
        let failure = specgen::project::generate(&manifest).unwrap_err();
        let error = &failure.diagnostics[0];
        assert_eq!(
            error.code,
            Some(specgen::diagnostics::Code::InvalidModuleName)
        );
        assert!(
            error.message.contains("`type` is a Rust keyword"),
            "{error}"
        );
        let location = error.location.as_ref().unwrap();
        assert!(location.file.ends_with("specgen.toml"));
        assert_eq!(location.line_col, Some((5, 10)));
    }

    #[test]
    fn acknowledgements_are_read_and_checked() {
        let text = |entry: &str| {
            format!(
                "[output]\ndir = \"out\"\n\n[[api]]\nmodule = \"rms_bet\"\nspec = {:?}\nacknowledge = [{entry:?}]\n",
                spec("rms-bet.json").display().to_string()
            )
        };
        let manifest = load(&text("non-standard-response-key")).unwrap();
        let generated = specgen::project::generate(&manifest).unwrap();
        assert!(generated.warnings.is_empty(), "{:?}", generated.warnings);
        let failure = load(&text("Not a code")).unwrap_err();
        assert_eq!(
            failure.diagnostics[0].location.as_ref().unwrap().line_col,
            Some((7, 16))
        );
    }
}

#[test]
fn an_emitter_reports_what_it_leaves_out() {
    // XML codecs cannot encode a union of object shapes: the types left without a codec are
    // named in located warnings instead of being skipped silently.
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/specs/unions.yaml");
    let source = specgen::ApiSource::new(spec, "tests/specs/unions.yaml");
    let options = specgen::Options {
        xml_codecs: true,
        ..Default::default()
    };
    let generated = specgen::pipeline::generate(&source, &options).unwrap();
    let left_out: Vec<&specgen::Diagnostic> = generated
        .warnings
        .iter()
        .filter(|w| w.code == Some(specgen::diagnostics::Code::UnsupportedXmlShape))
        .collect();
    assert!(
        left_out
            .iter()
            .any(|w| w.message.contains("`Pet` gets no XML codec")),
        "{left_out:?}"
    );
    for warning in &left_out {
        let location = warning.location.as_ref().expect("located");
        assert_eq!(&*location.file, "tests/specs/unions.yaml");
        assert!(
            location.pointer.starts_with("/components/schemas/"),
            "{warning}"
        );
    }
    // Without the option there is nothing to report.
    let plain = specgen::pipeline::generate(&source, &specgen::Options::default()).unwrap();
    assert!(plain
        .warnings
        .iter()
        .all(|w| w.code != Some(specgen::diagnostics::Code::UnsupportedXmlShape)));
}

#[test]
fn builder_output_is_the_module_file_inside_a_module_that_allows_dead_code() {
    let out = tempfile::tempdir().unwrap();
    Builder::new()
        .with_spec(spec("rms-bet.json"))
        .with_out_dir(out.path())
        .generate()
        .unwrap();
    let embedded = std::fs::read_to_string(out.path().join("rms_bet.rs")).unwrap();
    let embedded = syn::parse_file(&embedded).unwrap();
    // What `cargo specgen generate` writes as a module file, with the same options.
    let lowered = specgen::lower(&specgen::ApiSource::new(
        spec("rms-bet.json"),
        "rms-bet.json",
    ))
    .unwrap();
    let module_file = syn::parse_file(&specgen::render_api(
        &lowered.api,
        &specgen::Options::default(),
    ))
    .unwrap();
    let [syn::Item::Mod(wrapper), syn::Item::Use(reexport)] = &embedded.items[..] else {
        panic!(
            "expected a module and its re-export, got {} items",
            embedded.items.len()
        );
    };
    assert_eq!(wrapper.ident, "generated_rms_bet");
    let allows = |attrs: &[syn::Attribute], lint: &str| {
        attrs.iter().any(|attr| {
            attr.path().is_ident("allow")
                && attr.meta.require_list().unwrap().tokens.to_string() == lint
        })
    };
    assert!(allows(&wrapper.attrs, "dead_code"));
    assert!(allows(&reexport.attrs, "unused_imports"));
    assert!(matches!(reexport.vis, syn::Visibility::Public(_)));
    let items = &wrapper.content.as_ref().unwrap().1;
    assert_eq!(items.len(), module_file.items.len());
    // The same items, by kind and name (formatting at another depth may break lines, and
    // so place optional commas and braces, differently).
    let names = |items: &[syn::Item]| -> Vec<String> {
        items
            .iter()
            .map(|item| match item {
                syn::Item::Struct(item) => format!("struct {}", item.ident),
                syn::Item::Enum(item) => format!("enum {}", item.ident),
                syn::Item::Mod(item) => format!("mod {}", item.ident),
                syn::Item::Type(item) => format!("type {}", item.ident),
                syn::Item::Const(item) => format!("const {}", item.ident),
                syn::Item::Static(item) => format!("static {}", item.ident),
                syn::Item::Fn(item) => format!("fn {}", item.sig.ident),
                syn::Item::Impl(item) => {
                    let ty = &item.self_ty;
                    format!("impl {}", quote::quote! { #ty })
                }
                syn::Item::Use(item) => format!("use {}", quote::quote! { #item }),
                syn::Item::Macro(item) => format!(
                    "macro {:?}",
                    item.mac.path.segments.last().map(|s| s.ident.to_string())
                ),
                other => panic!(
                    "an item of an unexpected kind: {}",
                    quote::quote! { #other }
                ),
            })
            .collect()
    };
    assert_eq!(names(items), names(&module_file.items));
}
