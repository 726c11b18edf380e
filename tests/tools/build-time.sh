#!/usr/bin/env bash
# Cold dev build of the generated crate (`cargo clean -p lsports && cargo build -p lsports`),
# this checkout against a base commit, alternating, each in its own target directory:
#
#   tests/tools/build-time.sh <base-commit> [runs]
#
# Prints wall and CPU time (user + system of cargo and every rustc it ran) per run. The base
# is checked out as a git worktree under ${TMPDIR:-/tmp}; its target directory is kept there.
set -euo pipefail
BASE=${1:?usage: tests/tools/build-time.sh <base-commit> [runs]}
RUNS=${2:-5}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=${TMPDIR:-/tmp}/specgen-build-time
BASE_TREE=$WORK/base
if [ ! -d "$BASE_TREE" ]; then
    git -C "$ROOT" worktree add --detach "$BASE_TREE" "$BASE" >/dev/null
else
    git -C "$BASE_TREE" checkout --quiet --detach "$BASE"
fi
HEAD_TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
run() { # label tree target
    (cd "$2" && CARGO_TARGET_DIR=$3 cargo clean -p lsports --quiet)
    /usr/bin/time -f "$1 wall=%e s user=%U s sys=%S s" \
        env -C "$2" CARGO_TARGET_DIR="$3" cargo build -p lsports --quiet
}
# Dependencies first, so that every timed run builds the generated crate alone.
(cd "$BASE_TREE" && CARGO_TARGET_DIR=$WORK/target cargo build -p lsports --quiet)
(cd "$ROOT" && CARGO_TARGET_DIR=$HEAD_TARGET cargo build -p lsports --quiet)
for _ in $(seq "$RUNS"); do
    run base "$BASE_TREE" "$WORK/target"
    run head "$ROOT" "$HEAD_TARGET"
done
