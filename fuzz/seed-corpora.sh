#!/usr/bin/env bash
# Seeds fuzz/corpus/<target>/ from the project's fixtures and specs (the corpora are not
# committed: they grow with every run). Each target reads a selector byte first (which feed,
# which API type, YAML or JSON), so the seeds get one per choice.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
root=..
corpus=corpus

# seed <target> <selector byte, two hex digits or ""> <file>...
seed() {
    local target=$1 selector=$2
    shift 2
    mkdir -p "$corpus/$target"
    for file in "$@"; do
        [ -f "$file" ] || continue
        local name
        name="$selector-$(basename "$(dirname "$file")")-$(basename "$file")"
        if [ -n "$selector" ]; then
            { printf "\\x$selector"; cat "$file"; } >"$corpus/$target/$name"
        else
            cp "$file" "$corpus/$target/$name"
        fi
    done
}

feeds=$root/tests/fixtures/feed
for kind in domain invalid seed; do
    seed feed_xml 00 "$feeds/$kind"/odds-service/*.xml
    seed feed_xml 01 "$feeds/$kind"/trade360/*.xml
done
seed feed_json 00 "$feeds"/json/odds-service/*.json
seed feed_json 01 "$feeds"/json/trade360/*.json

examples=$root/tests/fixtures/seed-examples
for selector in 00 01 02 03 04 05; do
    seed api_decode "$selector" "$examples"/*/*/*.json
done

seed generator_openapi 00 "$root"/spec/*.yaml "$root"/tests/specs/*.yaml "$root"/tests/specs/invalid/*.yaml "$root"/spec/overlays/*.yaml
seed generator_openapi 01 "$root"/spec/*.json "$root"/tests/specs/invalid/*.json
seed generator_xsd "" "$root"/spec/feed/*.xsd

for dir in "$corpus"/*/; do
    printf '%s: %s files\n' "$dir" "$(find "$dir" -type f | wc -l)"
done
