#!/usr/bin/env python3
"""Merge the OpenAPI fragments of the RMS API reference page into one document per API.

The vendor's "API Reference" page (RMS Customer Integration API and RMS Bet API)
publishes its OpenAPI 3.0.1 description as many small ```json fragments: one per
operation and one per schema object, each repeating `openapi`, `info` and (for
operation fragments) `servers` and `security`. This tool rebuilds one document per
API from those fragments without changing any vendor content.

Usage (run by hand from the repository root; nothing runs this at build or test time):

    python3 spec/tools/merge_fragments.py <rms-api-reference.md> spec/

Output files (in the given output directory):

    rms-customer-integration.json   <- fragments with info.title "LSports RMS Customer Integration API"
    rms-bet.json                    <- fragments with info.title "LSports RMS Bet API"

Rules:
  * every ```json fenced block is parsed; a block that is not valid JSON is skipped
    (the page contains one: the odds-validation 400 example with a `{ ... }`
    placeholder), unless it mentions "openapi", in which case the tool fails;
  * a parsed block without an "openapi" key is skipped; one with an unknown
    info.title makes the tool fail;
  * `openapi`, `info`, `servers`, `security` are taken from the fragments and must
    be deep-equal in every fragment where they are present;
  * `components.<kind>` (schemas, securitySchemes, ...) and `paths` are the union
    of all fragments, in first-seen key order; an entry appearing in several
    fragments must be deep-equal there, including key order (the tool asserts
    it), so merging never alters vendor content;
  * output: json.dumps(indent=2, ensure_ascii=False) plus a trailing newline.

Python 3 standard library only.
"""

import json
import os
import sys

TITLE_TO_FILE = {
    "LSports RMS Customer Integration API": "rms-customer-integration.json",
    "LSports RMS Bet API": "rms-bet.json",
}

# Top-level keys taken as a whole from the fragments (must be identical where present).
SINGLE_KEYS = ("openapi", "info", "servers", "security")
# Top-level keys whose members are merged (union, first-seen order).
MAP_KEYS = ("components", "paths")


def fenced_json_blocks(text):
    """Yield (line_number, body) for every ```json fenced block."""
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        if lines[i].strip() == "```json":
            start = i + 1
            j = start
            while j < len(lines) and lines[j].strip() != "```":
                j += 1
            if j == len(lines):
                raise SystemExit(f"unterminated ```json block at line {i + 1}")
            yield start, "\n".join(lines[start:j])
            i = j + 1
        else:
            i += 1


def require(condition, message):
    """Like `assert`, but also active under `python -O`."""
    if not condition:
        raise AssertionError(message)


def canonical(value):
    """Exact serialisation, key order included, used for the equality assertions."""
    return json.dumps(value, ensure_ascii=False, sort_keys=False)


def assert_same(what, old, new, where):
    require(old == new, f"{what}: differs between fragments (second seen at line {where})")
    require(
        canonical(old) == canonical(new),
        f"{what}: same content but different key order between fragments (line {where})",
    )


def merge_map(target, source, what, where):
    """Union of source into target (both dicts); shared keys must be deep-equal."""
    for key, value in source.items():
        if key in target:
            assert_same(f"{what}[{key!r}]", target[key], value, where)
        else:
            target[key] = value


def merge(fragments):
    doc = {}
    for where, frag in fragments:
        unknown = set(frag) - set(SINGLE_KEYS) - set(MAP_KEYS)
        require(not unknown, f"fragment at line {where}: unexpected top-level keys {sorted(unknown)}")
        for key, value in frag.items():
            if key in SINGLE_KEYS:
                if key in doc:
                    assert_same(key, doc[key], value, where)
                else:
                    doc[key] = value
            elif key == "paths":
                merge_map(doc.setdefault("paths", {}), value, "paths", where)
            elif key == "components":
                comps = doc.setdefault("components", {})
                for kind, members in value.items():
                    require(isinstance(members, dict), f"components.{kind} is not an object (line {where})")
                    merge_map(comps.setdefault(kind, {}), members, f"components.{kind}", where)
    return doc


def main(argv):
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        print("usage: merge_fragments.py <rms-api-reference.md> <output-dir>", file=sys.stderr)
        return 2
    src, out_dir = argv[1], argv[2]
    with open(src, encoding="utf-8") as f:
        text = f.read()

    groups = {title: [] for title in TITLE_TO_FILE}
    skipped = 0
    for line, body in fenced_json_blocks(text):
        try:
            frag = json.loads(body)
        except json.JSONDecodeError as e:
            require('"openapi"' not in body, f"line {line}: OpenAPI-looking block is not valid JSON: {e}")
            print(f"skip: ```json block at line {line} is not JSON ({e.msg})", file=sys.stderr)
            skipped += 1
            continue
        if not isinstance(frag, dict) or "openapi" not in frag:
            print(f"skip: ```json block at line {line} is not an OpenAPI document", file=sys.stderr)
            skipped += 1
            continue
        title = frag.get("info", {}).get("title")
        require(title in TITLE_TO_FILE, f"line {line}: unknown info.title {title!r}")
        groups[title].append((line, frag))

    os.makedirs(out_dir, exist_ok=True)
    for title, fragments in groups.items():
        require(fragments, f"no fragment found for {title!r}")
        doc = merge(fragments)
        path = os.path.join(out_dir, TITLE_TO_FILE[title])
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            f.write(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
        print(
            f"{path}: {len(fragments)} fragments, "
            f"{len(doc.get('paths', {}))} paths, "
            f"{len(doc.get('components', {}).get('schemas', {}))} schemas",
            file=sys.stderr,
        )
    print(f"skipped {skipped} non-OpenAPI block(s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
