#!/usr/bin/env bash
# Conformance of the generated servers (through their mocks) to the effective specs, checked
# by schemathesis: for each OpenAPI API of spec/specgen.toml, export the effective document
# (`cargo specgen export`), start `specgen-mock-server` on a free port, and run schemathesis
# against it, bounded and seeded. Exits non-zero when any API fails a check.
#
#   spec/tools/conformance.sh [api …]     # apis: livescore rms-customer-integration rms-bet
#
# Environment: MAX_EXAMPLES (default 25), SEED (default 1), VENV (default
# ${TMPDIR:-/tmp}/specgen-schemathesis), CARGO_TARGET_DIR as usual.
set -euo pipefail

SCHEMATHESIS_VERSION=4.32.5
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
MAX_EXAMPLES=${MAX_EXAMPLES:-25}
SEED=${SEED:-1}
VENV=${VENV:-${TMPDIR:-/tmp}/specgen-schemathesis}
WORK=$(mktemp -d)
SERVER_PID=
cleanup() {
    if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT

if [ ! -x "$VENV/bin/schemathesis" ] || ! "$VENV/bin/schemathesis" --version | grep -q "$SCHEMATHESIS_VERSION"; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet "schemathesis==$SCHEMATHESIS_VERSION"
fi

cd "$ROOT"
cargo build --quiet -p specgen --features cli --bin cargo-specgen
cargo build --quiet -p specgen-mock-server
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}/debug
"$TARGET/cargo-specgen" specgen export --out "$WORK/specs" 2>/dev/null
# schemathesis keeps its state (.schemathesis/) in the working directory: not in the repo.
cd "$WORK"

module_of() {
    case "$1" in
        livescore) echo livescore_customers ;;
        rms-customer-integration) echo rms_customer_integration ;;
        rms-bet) echo rms_bet ;;
        *) echo "unknown API $1" >&2; exit 2 ;;
    esac
}

CHECKS=not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,negative_data_rejection,positive_data_acceptance,unsupported_method,ignored_auth
APIS=("$@")
[ ${#APIS[@]} -gt 0 ] || APIS=(livescore rms-customer-integration rms-bet)
FAILED=()
for api in "${APIS[@]}"; do
    module=$(module_of "$api")
    "$TARGET/specgen-mock-server" --api "$api" --port 0 --credential conformance > "$WORK/$api.out" 2>&1 &
    SERVER_PID=$!
    url=
    for _ in $(seq 50); do
        url=$(grep -o 'http://[0-9.:]*' "$WORK/$api.out" || true)
        [ -n "$url" ] && break
        sleep 0.1
    done
    [ -n "$url" ] || { cat "$WORK/$api.out"; exit 1; }
    echo "== $api ($module) at $url"
    started=$(date +%s)
    if "$VENV/bin/schemathesis" --no-color run "$WORK/specs/$module.openapi.json" \
        --url "$url" \
        --header "Authorization: Bearer conformance" \
        --checks "$CHECKS" \
        --mode all \
        --max-examples "$MAX_EXAMPLES" \
        --seed "$SEED"; then
        echo "== $api passed in $(( $(date +%s) - started )) s"
    else
        echo "== $api FAILED in $(( $(date +%s) - started )) s"
        FAILED+=("$api")
    fi
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=
done

if [ ${#FAILED[@]} -gt 0 ]; then
    echo "conformance failed: ${FAILED[*]}"
    exit 1
fi
echo "conformance passed: ${APIS[*]}"
