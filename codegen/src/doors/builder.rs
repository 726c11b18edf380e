//! The `build.rs` door: generated modules written into `OUT_DIR`.

use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Failure, Location};
use crate::pipeline::{self, Acknowledgement, ApiSource, Options};

/// The file in the output directory that lists what the last run wrote, so that a module
/// renamed or removed since does not linger (and is not `include!`d by mistake).
const WRITTEN_LIST: &str = "specgen-written.txt";

/// Generates modules from specs in a build script, into `OUT_DIR`.
///
/// ```no_run
/// // build.rs, in `fn main()` (written without it: clippy's `needless_doctest_main`):
/// specgen::Builder::new()
///     .with_spec("spec/rms-bet.json")
///     .with_overlay("spec/overlays/rms-bet-place-bet.yaml")
///     .generate()
///     .unwrap_or_else(|error| panic!("{error}"));
/// // src/lib.rs:
/// // pub mod rms_bet { include!(concat!(env!("OUT_DIR"), "/rms_bet.rs")); }
/// ```
///
/// Each spec becomes `<module>.rs` in the output directory, for a module the user writes
/// around it (public or private, in a library or a binary: the items a program does not use
/// are not dead-code warnings); the module name defaults to the
/// spec's file stem in snake_case (the rule every door uses). Paths are relative to the
/// package (`CARGO_MANIFEST_DIR`). `with_overlay`, `with_module_name` and
/// `acknowledge_warning` apply to the spec added last; called before any `with_spec` they
/// make `generate` fail, naming the call. `generate` prints `cargo:rerun-if-changed` for
/// every spec and overlay and `cargo:warning` for every warning not acknowledged, writes
/// nothing unless every spec generates, and removes files an earlier run wrote that this
/// run does not.
#[derive(Debug, Clone, Default)]
pub struct Builder {
    apis: Vec<ApiSource>,
    misuse: Vec<Diagnostic>,
    out_dir: Option<PathBuf>,
    base_dir: Option<PathBuf>,
    options: Options,
}

/// Why a build-time generation failed.
#[derive(Debug)]
pub enum BuilderError {
    /// The specs, or the way they were declared, have problems (all of them are listed).
    Spec(Failure),
    /// Misuse of the builder that no location can be given for (no spec, no `OUT_DIR`).
    Usage(String),
    /// Writing the output failed.
    Io(std::io::Error),
}

impl std::fmt::Display for BuilderError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Spec(failure) => failure.fmt(f),
            Self::Usage(message) => write!(f, "specgen: {message}"),
            Self::Io(error) => write!(f, "specgen: cannot write generated code: {error}"),
        }
    }
}

impl std::error::Error for BuilderError {}

impl Builder {
    /// A builder with no specs.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a spec; later `with_overlay`, `with_module_name` and `acknowledge_warning` calls
    /// apply to it.
    #[track_caller]
    pub fn with_spec(&mut self, path: impl AsRef<Path>) -> &mut Self {
        let path = path.as_ref();
        let mut api = ApiSource::new(path, display(path));
        api.declared_at = Some(caller());
        self.apis.push(api);
        self
    }

    /// Adds an overlay to the last spec added.
    #[track_caller]
    pub fn with_overlay(&mut self, path: impl AsRef<Path>) -> &mut Self {
        let path = path.as_ref();
        if let Some(api) = self.last_api("with_overlay") {
            api.overlays.push((path.to_owned(), display(path)));
        }
        self
    }

    /// Names the module (and output file) of the last spec added.
    #[track_caller]
    pub fn with_module_name(&mut self, name: impl Into<String>) -> &mut Self {
        let name = name.into();
        let at = caller();
        if let Some(api) = self.last_api("with_module_name") {
            api.module = name;
            api.declared_at = Some(at);
        }
        self
    }

    /// Stops reporting a warning of the last spec added: `code` (every warning of that
    /// kind) or `code@pointer` (the one at that JSON Pointer), as printed with the warning.
    #[track_caller]
    pub fn acknowledge_warning(&mut self, warning: &str) -> &mut Self {
        let parsed = Acknowledgement::parse(warning);
        let at = caller();
        if let Some(api) = self.last_api("acknowledge_warning") {
            match parsed {
                Ok(acknowledgement) => api.acknowledged.push(acknowledgement),
                Err(message) => self.misuse.push(Diagnostic::error(message, Some(at))),
            }
        }
        self
    }

    /// Writes into `dir` instead of `OUT_DIR`.
    pub fn with_out_dir(&mut self, dir: impl Into<PathBuf>) -> &mut Self {
        self.out_dir = Some(dir.into());
        self
    }

    /// Derives `schemars::JsonSchema` for every model under `#[cfg(feature = "<feature>")]`.
    pub fn with_schemars_feature(&mut self, feature: impl Into<String>) -> &mut Self {
        self.options.schemars_feature = Some(feature.into());
        self
    }

    /// Generates XML codecs for the models of every API (XSD APIs always have them).
    pub fn with_xml_codecs(&mut self, enabled: bool) -> &mut Self {
        self.options.xml_codecs = enabled;
        self
    }

    /// Generates an axum server for every API under `#[cfg(feature = "<feature>")]` (the
    /// crate's feature must enable `specgen-runtime/server`).
    pub fn with_server_feature(&mut self, feature: impl Into<String>) -> &mut Self {
        self.options.server_feature = Some(feature.into());
        self
    }

    /// Generates a reqwest client for every API under `#[cfg(feature = "<feature>")]` (the
    /// crate's feature must enable `specgen-runtime/client`).
    pub fn with_client_feature(&mut self, feature: impl Into<String>) -> &mut Self {
        self.options.client_feature = Some(feature.into());
        self
    }

    /// Generates a mock server implementation for every API under
    /// `#[cfg(feature = "<feature>")]` (the feature must also enable the server's).
    pub fn with_mock_feature(&mut self, feature: impl Into<String>) -> &mut Self {
        self.options.mock_feature = Some(feature.into());
        self
    }

    /// Resolves relative spec paths against `dir` instead of `CARGO_MANIFEST_DIR`.
    pub fn with_base_dir(&mut self, dir: impl Into<PathBuf>) -> &mut Self {
        self.base_dir = Some(dir.into());
        self
    }

    /// Generates every spec; returns the files written.
    pub fn generate(&self) -> Result<Vec<PathBuf>, BuilderError> {
        if self.apis.is_empty() && self.misuse.is_empty() {
            return Err(BuilderError::Usage(
                "no spec given: call `with_spec` first".into(),
            ));
        }
        let out_dir = match &self.out_dir {
            Some(dir) => dir.clone(),
            None => std::env::var_os("OUT_DIR")
                .map(PathBuf::from)
                .ok_or_else(|| {
                    BuilderError::Usage(
                        "OUT_DIR is not set: run from build.rs or call `with_out_dir`".into(),
                    )
                })?,
        };
        let base = self
            .base_dir
            .clone()
            .or_else(|| std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from));
        let mut files = Vec::new();
        let mut problems = self.misuse.clone();
        let mut warnings = Vec::new();
        for api in &self.apis {
            let mut api = api.clone();
            if let Some(base) = &base {
                api.spec = base.join(&api.spec);
                for (path, _) in &mut api.overlays {
                    *path = base.join(&*path);
                }
            }
            for input in api.inputs() {
                println!("cargo:rerun-if-changed={}", input.display());
            }
            match pipeline::generate(&api, &self.options) {
                Ok(mut generated) => {
                    warnings.append(&mut generated.warnings);
                    files.push((
                        format!("{}.rs", api.module),
                        generated.into_embedded_source_file(),
                    ));
                }
                Err(failure) => problems.extend(failure.diagnostics),
            }
        }
        for (index, (name, _)) in files.iter().enumerate() {
            if files[..index].iter().any(|(earlier, _)| earlier == name) {
                problems.push(
                    Diagnostic::error(format!("two specs would both be written to `{name}`"), None)
                        .with_help("give one of them another name with `with_module_name`"),
                );
            }
        }
        for warning in &warnings {
            println!("cargo:warning={}", warning.to_string().replace('\n', " "));
        }
        if !problems.is_empty() {
            problems.extend(warnings);
            return Err(BuilderError::Spec(Failure {
                diagnostics: problems,
            }));
        }
        write_outputs(&out_dir, &files).map_err(BuilderError::Io)
    }

    #[track_caller]
    fn last_api(&mut self, call: &str) -> Option<&mut ApiSource> {
        if self.apis.is_empty() {
            self.misuse.push(
                Diagnostic::error(
                    format!(
                        "`{call}` called before any `with_spec`: it applies to the spec added last"
                    ),
                    Some(caller()),
                )
                .with_code(crate::diagnostics::Code::BuilderCallOrder),
            );
        }
        self.apis.last_mut()
    }
}

/// Writes `files` into `dir` and removes what the previous run wrote that this one did not.
fn write_outputs(dir: &Path, files: &[(String, String)]) -> std::io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let list = dir.join(WRITTEN_LIST);
    let previous = std::fs::read_to_string(&list).unwrap_or_default();
    for stale in previous.lines() {
        // Only names this builder could have written: never a path out of `dir`.
        let own = stale.ends_with(".rs") && !stale.contains(['/', '\\']) && stale != ".rs";
        if own && !files.iter().any(|(name, _)| name == stale) {
            match std::fs::remove_file(dir.join(stale)) {
                Err(error) if error.kind() != std::io::ErrorKind::NotFound => return Err(error),
                _ => {}
            }
        }
    }
    let mut written = Vec::new();
    for (name, contents) in files {
        let path = dir.join(name);
        // Rewriting identical output would make Cargo rebuild the including crate.
        if std::fs::read_to_string(&path).ok().as_deref() != Some(contents.as_str()) {
            std::fs::write(&path, contents)?;
        }
        written.push(path);
    }
    let names: String = files.iter().map(|(name, _)| format!("{name}\n")).collect();
    std::fs::write(list, names)?;
    Ok(written)
}

#[track_caller]
fn caller() -> Location {
    let at = std::panic::Location::caller();
    Location {
        file: at.file().replace('\\', "/").into(),
        pointer: String::new(),
        line_col: Some((at.line() as usize, at.column() as usize)),
    }
}

fn display(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}
