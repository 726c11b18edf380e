//! The `build.rs` interface.

use std::path::{Path, PathBuf};

use crate::{ApiSource, Failure};

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
/// Each spec becomes `<module>.rs` in the output directory; the module name defaults to the
/// spec's file stem in snake_case. Paths are relative to the package (`CARGO_MANIFEST_DIR`).
/// `generate` prints `cargo:rerun-if-changed` for every spec and overlay and
/// `cargo:warning` for every warning.
#[derive(Debug, Clone, Default)]
pub struct Builder {
    apis: Vec<ApiSource>,
    out_dir: Option<PathBuf>,
    base_dir: Option<PathBuf>,
    options: crate::EmitOptions,
}

/// Why a build-time generation failed.
#[derive(Debug)]
pub enum BuilderError {
    /// The specs have problems (all of them are listed).
    Spec(Failure),
    /// Misuse of the builder (an overlay before any spec, no `OUT_DIR`, …).
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

    /// Adds a spec; later `with_overlay` and `with_module_name` calls apply to it.
    pub fn with_spec(&mut self, path: impl AsRef<Path>) -> &mut Self {
        let path = path.as_ref();
        let module = path
            .file_stem()
            .map(|s| crate::naming::snake(&s.to_string_lossy()))
            .unwrap_or_else(|| "api".into());
        self.apis.push(ApiSource {
            module,
            spec: path.to_owned(),
            spec_display: display(path),
            overlays: Vec::new(),
        });
        self
    }

    /// Adds an overlay to the last spec added.
    pub fn with_overlay(&mut self, path: impl AsRef<Path>) -> &mut Self {
        let path = path.as_ref();
        if let Some(api) = self.apis.last_mut() {
            api.overlays.push((path.to_owned(), display(path)));
        } else {
            // Reported by `generate`, which is where the caller looks at errors.
            self.apis.push(ApiSource {
                module: String::new(),
                spec: PathBuf::new(),
                spec_display: String::new(),
                overlays: vec![(path.to_owned(), display(path))],
            });
        }
        self
    }

    /// Names the module (and output file) of the last spec added.
    pub fn with_module_name(&mut self, name: impl Into<String>) -> &mut Self {
        if let Some(api) = self.apis.last_mut() {
            api.module = name.into();
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

    /// Resolves relative spec paths against `dir` instead of `CARGO_MANIFEST_DIR`.
    pub fn with_base_dir(&mut self, dir: impl Into<PathBuf>) -> &mut Self {
        self.base_dir = Some(dir.into());
        self
    }

    /// Generates every spec; returns the files written.
    pub fn generate(&self) -> Result<Vec<PathBuf>, BuilderError> {
        if self.apis.iter().any(|api| api.spec.as_os_str().is_empty()) {
            return Err(BuilderError::Usage(
                "`with_overlay` called before any `with_spec`".into(),
            ));
        }
        if self.apis.is_empty() {
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
        let mut written = Vec::new();
        let mut failures = Vec::new();
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
            match crate::lower(&api) {
                Ok(lowered) => {
                    for warning in &lowered.warnings {
                        println!("cargo:warning={}", warning.detail().replace('\n', " "));
                    }
                    let path = out_dir.join(format!("{}.rs", api.module));
                    std::fs::write(&path, crate::render_api_with(&lowered.api, &self.options))
                        .map_err(BuilderError::Io)?;
                    written.push(path);
                }
                Err(failure) => failures.extend(failure.diagnostics),
            }
        }
        if failures.is_empty() {
            Ok(written)
        } else {
            Err(BuilderError::Spec(Failure {
                diagnostics: failures,
            }))
        }
    }
}

fn display(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}
