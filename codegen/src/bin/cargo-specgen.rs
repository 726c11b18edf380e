//! `cargo specgen`: regenerate the checked-in crate from `spec/`, or check it is up to date.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};

// Generation builds and drops millions of small token and syntax-tree nodes; mimalloc
// makes that a third cheaper than the system allocator (BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use specgen::manifest::Manifest;
use specgen::project;

#[derive(Parser)]
#[command(name = "cargo", bin_name = "cargo")]
enum Cargo {
    /// Generate typed Rust models from OpenAPI specs and XML Schemas.
    Specgen(Args),
}

#[derive(clap::Args)]
#[command(version, about = "Generate typed Rust models from the OpenAPI specs and XML Schemas in spec/, and keep them in sync.", long_about = None, after_help = specgen::manifest::MANIFEST_HELP)]
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
    /// Write the effective OpenAPI document of an API (its spec with the overlays applied,
    /// alternative `"400 (n)"` responses merged into one `oneOf` response) as pretty JSON, for
    /// tools that read specs themselves. APIs from an XSD have none and are skipped.
    Export {
        /// Only this API (its module name in the manifest). Default: every API.
        #[arg(long, value_name = "MODULE")]
        api: Option<String>,
        /// A directory (receives `<module>.openapi.json` per API) or, for one API, a file
        /// ending in `.json`. Default: standard output, when one API is exported.
        #[arg(long, value_name = "PATH")]
        out: Option<PathBuf>,
    },
}

/// `mi_option_purge_delay` in mimalloc.h (the Rust bindings name no constant for it).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() -> ExitCode {
    // mimalloc hands freed memory back to the OS after 10 ms; generation frees and takes
    // hundreds of megabytes in bursts, and the kernel zeroes every page handed back before
    // it can be used again, which was half of the time of a 4 MB document. The process
    // lives for a second: it keeps what it freed (-1: never purge).
    // SAFETY: `mi_option_set` only stores the option; any thread may call it at any time.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
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
        Err(failure) => {
            eprintln!("{failure}");
            return ExitCode::from(2);
        }
    };
    if let Command::Export { api, out } = &args.command {
        return export(&manifest, api.as_deref(), out.as_deref());
    }
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
        Command::Export { .. } => ExitCode::SUCCESS,
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

/// `cargo specgen export`: the effective document of one API or of every OpenAPI one.
fn export(manifest: &Manifest, api: Option<&str>, out: Option<&Path>) -> ExitCode {
    let selected: Vec<&specgen::ApiSource> = manifest
        .apis
        .iter()
        .filter(|source| api.is_none_or(|module| source.module == module))
        .collect();
    if selected.is_empty() {
        let modules: Vec<&str> = manifest.apis.iter().map(|s| s.module.as_str()).collect();
        eprintln!(
            "error: no API `{}` in {} (modules: {})",
            api.unwrap_or_default(),
            manifest.path.display(),
            modules.join(", ")
        );
        return ExitCode::from(2);
    }
    let mut documents = Vec::new();
    for source in selected {
        if source.is_xsd() {
            eprintln!(
                "note: `{}` is an XML Schema: no OpenAPI document to export",
                source.module
            );
            continue;
        }
        match specgen::effective_document(source) {
            Ok(document) => {
                let mut text = serde_json::to_string_pretty(&document).unwrap_or_default();
                text.push('\n');
                documents.push((source.module.clone(), text));
            }
            Err(failure) => {
                eprintln!("{failure}");
                return ExitCode::FAILURE;
            }
        }
    }
    let to_file =
        out.filter(|path| path.extension().is_some_and(|e| e == "json") && !path.is_dir());
    match (out, to_file, documents.as_slice()) {
        (_, _, []) => {
            eprintln!("error: nothing to export (every selected API is an XML Schema)");
            ExitCode::FAILURE
        }
        (None, _, [(_, text)]) => {
            print!("{text}");
            ExitCode::SUCCESS
        }
        (None, _, _) | (Some(_), Some(_), [_, _, ..]) => {
            eprintln!(
                "error: several APIs to export: name a directory with --out, or one API with --api"
            );
            ExitCode::from(2)
        }
        (Some(_), Some(file), [(_, text)]) => write_export(file, text),
        (Some(dir), None, _) => {
            if let Err(error) = std::fs::create_dir_all(dir) {
                eprintln!("error: cannot create {}: {error}", dir.display());
                return ExitCode::FAILURE;
            }
            for (module, text) in &documents {
                let code = write_export(&dir.join(format!("{module}.openapi.json")), text);
                if code != ExitCode::SUCCESS {
                    return code;
                }
            }
            ExitCode::SUCCESS
        }
    }
}

fn write_export(path: &Path, text: &str) -> ExitCode {
    match std::fs::write(path, text) {
        Ok(()) => {
            eprintln!("specgen: wrote {}", path.display());
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: cannot write {}: {error}", path.display());
            ExitCode::FAILURE
        }
    }
}
