#!/usr/bin/env bash
# The corpus run: generate, then `cargo clippy -- -D warnings`, for every OpenAPI document
# (`*.json`, `*.yaml`, `*.yml`) in a directory, each as the only API of a crate of its own with
# the server, client and mock features on. Prints one row per document: whether it generated
# (or the number of errors), the lines of generated code, the generation time, and whether
# clippy passed (or the number of warnings and errors), with the time of that cold check.
#
#   tests/corpus/run.sh <dir> [work-dir]
#
# The documents are not part of the repository: tests/corpus/README.md lists where each of
# the measured ones comes from. Crates and logs go to work-dir (default
# ${TMPDIR:-/tmp}/specgen-corpus); CORPUS_TARGET_DIR (default <work-dir>/target) is shared by
# the crates, so the runtime's dependencies build once.
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DIR=${1:?usage: tests/corpus/run.sh <dir> [work-dir]}
DIR=$(cd "$DIR" && pwd)
WORK=${2:-${TMPDIR:-/tmp}/specgen-corpus}
mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)
export CARGO_TARGET_DIR=${CORPUS_TARGET_DIR:-$WORK/target}

cargo build --quiet --release -p specgen --features cli --bin cargo-specgen --manifest-path "$ROOT/Cargo.toml" \
    --target-dir "$WORK/generator" || exit 1
SPECGEN="$WORK/generator/release/cargo-specgen"

printf '| document | size | generate | lines | time | clippy -D warnings | clippy time (dependencies built) |\n'
printf '| --- | --- | --- | --- | --- | --- | --- |\n'
for spec in "$DIR"/*.json "$DIR"/*.yaml "$DIR"/*.yml; do
    [ -f "$spec" ] || continue
    name=$(basename "$spec")
    stem=${name%.*}
    module=$(printf '%s' "$stem" | tr 'A-Z' 'a-z' | tr -c 'a-z0-9\n' '_' | sed 's/^\([0-9]\)/_\1/')
    crate="$WORK/crates/$module"
    rm -rf "$crate"
    mkdir -p "$crate/src" "$crate/spec"
    cp "$spec" "$crate/spec/$name"
    cat > "$crate/Cargo.toml" <<TOML
[package]
name = "corpus-$(printf '%s' "$module" | tr '_' '-')"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
specgen-runtime = { path = "$ROOT/runtime" }

[features]
server = ["specgen-runtime/server"]
client = ["specgen-runtime/client"]
mock = ["server"]

[workspace]
TOML
    cat > "$crate/spec/specgen.toml" <<TOML
[output]
dir = "../src"
server-feature = "server"
client-feature = "client"
mock-feature = "mock"

[[api]]
module = "$module"
spec = "$name"
TOML
    size=$(du -k "$spec" | cut -f1)
    started=$(date +%s%3N)
    if "$SPECGEN" specgen --manifest "$crate/spec/specgen.toml" generate > "$crate/generate.log" 2>&1; then
        generate_ms=$(( $(date +%s%3N) - started ))
        lines=$(cat "$crate"/src/*.rs | wc -l)
        warnings=$(grep -c '^warning' "$crate/generate.log")
        started=$(date +%s%3N)
        if (cd "$crate" && cargo clippy --quiet --all-features -- -D warnings > clippy.log 2>&1); then
            clippy="passes"
        else
            clippy="fails: $(grep -cE '^(warning|error)' "$crate/clippy.log") messages"
        fi
        check_ms=$(( $(date +%s%3N) - started ))
        printf '| %s | %s KiB | yes (%s warnings) | %s | %s ms | %s | %s s |\n' \
            "$name" "$size" "$warnings" "$lines" "$generate_ms" "$clippy" "$(( check_ms / 1000 ))"
    else
        errors=$(grep -c '^error' "$crate/generate.log")
        printf '| %s | %s KiB | refused: %s errors | | | | |\n' "$name" "$size" "$errors"
    fi
done
