//! `cargo xtask test [ARGS…]`: the one command that runs every test on a fresh machine.
//!
//! 1. Installs `xmllint` (Debian/Ubuntu package `libxml2-utils`) with apt when it is missing,
//!    through `sudo` unless running as root; fails with a clear message when it cannot.
//! 2. Runs `cargo test --workspace --locked [ARGS…]` (every crate, every test).
//! 3. Runs `spec/feed/validate.sh` (the feed fixtures against the feed XSDs, with xmllint).
//!
//! `.ci/run` calls this same command for its test step.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

const USAGE: &str = "\
usage: cargo xtask test [ARGS...]

  test    install xmllint if it is missing (apt: libxml2-utils), then run
          `cargo test --workspace --locked [ARGS...]` and `spec/feed/validate.sh`";

fn main() -> ExitCode {
    let mut args = std::env::args_os().skip(1);
    match args.next().as_ref().and_then(|a| a.to_str()) {
        Some("test") => match test(args.collect()) {
            Ok(()) => ExitCode::SUCCESS,
            Err(message) => {
                eprintln!("xtask: error: {message}");
                ExitCode::FAILURE
            }
        },
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

/// The workspace root: this crate lives in `<root>/xtask`.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask/ is inside the workspace")
        .to_owned()
}

fn test(cargo_args: Vec<OsString>) -> Result<(), String> {
    ensure_xmllint()?;
    let root = root();

    step("cargo test --workspace --locked");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(cargo);
    // From the current directory (inside the workspace), so that a relative
    // CARGO_TARGET_DIR means what it means to the user's own cargo commands.
    command
        .args(["test", "--workspace", "--locked"])
        .args(&cargo_args);
    clear_cargo_run_env(&mut command);
    run(&mut command)?;

    step("spec/feed/validate.sh (feed fixtures against the feed XSDs)");
    run(Command::new("bash")
        .arg(root.join("spec/feed/validate.sh"))
        .current_dir(&root))?;

    step("ok: every test passed");
    Ok(())
}

fn step(what: &str) {
    eprintln!("\n==> {what}");
}

fn have_xmllint() -> bool {
    Command::new("xmllint").arg("--version").output().is_ok()
}

fn ensure_xmllint() -> Result<(), String> {
    if have_xmllint() {
        return Ok(());
    }
    const MANUAL: &str = "install libxml2's xmllint yourself (Debian/Ubuntu: \
        `sudo apt-get install libxml2-utils`; elsewhere: the package providing `xmllint`) \
        and run `cargo xtask test` again";
    if Command::new("apt-get").arg("--version").output().is_err() {
        return Err(format!(
            "xmllint is missing and apt-get is not available to install it: {MANUAL}"
        ));
    }
    let as_root = is_root();
    if !as_root && Command::new("sudo").arg("--version").output().is_err() {
        return Err(format!(
            "xmllint is missing; installing it needs root, and sudo is not available: {MANUAL}"
        ));
    }
    step(if as_root {
        "xmllint is missing: installing libxml2-utils with apt-get"
    } else {
        "xmllint is missing: installing libxml2-utils with sudo apt-get"
    });
    let apt = |args: &[&str]| {
        let mut command = if as_root {
            Command::new("apt-get")
        } else {
            let mut sudo = Command::new("sudo");
            sudo.arg("apt-get");
            sudo
        };
        command.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        run(&mut command)
    };
    apt(&["update", "-qq"])
        .and_then(|()| apt(&["install", "-y", "-qq", "libxml2-utils"]))
        .map_err(|error| format!("installing libxml2-utils failed ({error}): {MANUAL}"))?;
    if !have_xmllint() {
        return Err(format!(
            "libxml2-utils was installed but xmllint still cannot be run: {MANUAL}"
        ));
    }
    Ok(())
}

/// Whether this process runs as root (`id -u` is 0).
fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|output| String::from_utf8_lossy(&output.stdout).trim() == "0")
}

/// `cargo run` describes the xtask package to it through these variables; the nested
/// `cargo test` must not inherit them (cargo sets its own for every test).
fn clear_cargo_run_env(command: &mut Command) {
    for (name, _) in std::env::vars_os() {
        let Some(name) = name.to_str() else { continue };
        if name.starts_with("CARGO_PKG_")
            || matches!(
                name,
                "CARGO_MANIFEST_DIR"
                    | "CARGO_MANIFEST_PATH"
                    | "CARGO_CRATE_NAME"
                    | "CARGO_BIN_NAME"
                    | "CARGO_PRIMARY_PACKAGE"
            )
        {
            command.env_remove(name);
        }
    }
}

fn run(command: &mut Command) -> Result<(), String> {
    let shown = format!("{:?}", command.get_program()).replace('"', "");
    let status = command
        .status()
        .map_err(|error| format!("cannot run `{shown}`: {error}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{shown}` failed ({status})"))
    }
}
