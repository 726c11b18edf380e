//! `cargo specgen`: regenerate the checked-in crate from `spec/`, or check it is up to date.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};
use specgen::manifest::Manifest;
use specgen::project;

#[derive(Parser)]
#[command(name = "cargo", bin_name = "cargo")]
enum Cargo {
    /// Generate typed Rust models from OpenAPI specs and XML Schemas.
    Specgen(Args),
}

/// The manifest's fields, for `cargo specgen --help` (the truth is `specgen::manifest`).
const MANIFEST_HELP: &str = r#"The manifest (spec/specgen.toml; paths in it are relative to the manifest's directory):

  [output]
    dir               (required) directory receiving lib.rs and one file per API
    docs              (optional) crate-level documentation of the generated lib.rs
    schemars-feature  (optional) cargo feature of the output crate behind which every
                      model derives schemars::JsonSchema

  [[api]]             (repeated; each becomes one module of the output crate)
    module            (required) the module's name
    spec              (required) an OpenAPI 3.0 document (JSON or YAML) or an XML Schema (.xsd)
    overlays          (optional) OpenAPI Overlay 1.0 documents, applied in order

Unknown fields are errors. Example:

  [output]
  dir = "../generated/src"
  schemars-feature = "schemars"

  [[api]]
  module = "rms_bet"
  spec = "rms-bet.json"
  overlays = ["overlays/rms-bet-place-bet.yaml"]"#;

#[derive(clap::Args)]
#[command(after_long_help = MANIFEST_HELP)]
#[command(version, about = "Generate typed Rust models from the OpenAPI specs and XML Schemas in spec/, and keep them in sync.", long_about = None)]
struct Args {
    #[command(subcommand)]
    command: Command,
    /// The manifest listing specs, overlays and the output directory.
    /// Default: spec/specgen.toml in the current directory or the closest ancestor that has one.
    #[arg(long, global = true, value_name = "PATH")]
    manifest: Option<PathBuf>,
}

#[derive(Subcommand)]
enum Command {
    /// Regenerate the output crate's sources from the specs (writes only files that change).
    Generate,
    /// Regenerate in memory and exit non-zero, printing a unified diff, if the checked-in
    /// sources differ from what the specs produce. Meant for CI.
    Check,
}

fn main() -> ExitCode {
    let Cargo::Specgen(args) = Cargo::parse();
    let manifest_path = match args
        .manifest
        .or_else(|| Manifest::discover(&std::env::current_dir().unwrap_or_default()))
    {
        Some(path) => path,
        None => {
            eprintln!(
                "error: no spec/{} found here or in any parent directory (use --manifest)",
                specgen::manifest::MANIFEST_FILE
            );
            return ExitCode::from(2);
        }
    };
    let manifest = match Manifest::load(&manifest_path) {
        Ok(manifest) => manifest,
        Err(diagnostic) => {
            eprintln!("{diagnostic}");
            return ExitCode::from(2);
        }
    };
    let started = Instant::now();
    let generated = match project::generate(&manifest) {
        Ok(generated) => generated,
        Err(failure) => {
            eprintln!("{failure}");
            return ExitCode::FAILURE;
        }
    };
    let elapsed = started.elapsed();
    for warning in &generated.warnings {
        eprintln!("{warning}");
    }
    match args.command {
        Command::Generate => match project::write(&manifest.output_dir, &generated) {
            Ok(changed) => {
                eprintln!(
                    "specgen: generated {} APIs into {} in {:.1} ms ({} file{} changed)",
                    manifest.apis.len(),
                    manifest.output_display,
                    elapsed.as_secs_f64() * 1000.0,
                    changed.len(),
                    if changed.len() == 1 { "" } else { "s" }
                );
                ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!("error: cannot write {}: {error}", manifest.output_display);
                ExitCode::FAILURE
            }
        },
        Command::Check => {
            match project::diff(&manifest.output_dir, &manifest.output_display, &generated) {
                Ok(diff) if diff.is_empty() => {
                    eprintln!(
                        "specgen: {} is up to date with the specs",
                        manifest.output_display
                    );
                    ExitCode::SUCCESS
                }
                Ok(diff) => {
                    print!("{diff}");
                    eprintln!("error: {} is out of date with the specs; run `cargo specgen generate` and commit the result", manifest.output_display);
                    ExitCode::FAILURE
                }
                Err(error) => {
                    eprintln!("error: cannot read {}: {error}", manifest.output_display);
                    ExitCode::from(2)
                }
            }
        }
    }
}
