#!/usr/bin/env bash
# Validate the feed XML fixtures against the feed XSDs with xmllint.
#
#   spec/feed/validate.sh            # from anywhere inside the repository
#
# Layout (tests/fixtures/feed/, see its README.md):
#   seed/<gen>/*.xml               complete messages: validated as they are
#   seed/<gen>/*.fragment.xml      bare seed fragments: wrapped in a minimal Message in a
#                                  temporary file (by root element name), then validated
#   seed/<gen>/*.placeholder.xml   seed skeletons with "..." placeholders: well-formedness only
#   domain/<gen>/*.xml             complete messages: validated as they are
#   invalid/<gen>/*.xml            well-formed messages that the schema MUST reject
# where <gen> is odds-service (spec/feed/odds-service.xsd) or trade360 (spec/feed/trade360.xsd).
#
# Exits non-zero if any check fails. Requires xmllint (Debian: apt-get install libxml2-utils).
set -u

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
fixtures="$root/tests/fixtures/feed"
gens=(odds-service trade360)

if ! command -v xmllint >/dev/null 2>&1; then
  echo "validate.sh: xmllint not found (apt-get install -y libxml2-utils)" >&2
  exit 2
fi

tmpdir="$(mktemp -d)"
trap 'rm -rf "$tmpdir"' EXIT

pass=0
fail=0
ok()  { pass=$((pass + 1)); printf 'ok    %s\n' "$1"; }
bad() { fail=$((fail + 1)); printf 'FAIL  %s\n' "$1"; [ -n "${2:-}" ] && sed 's/^/      /' "$2"; }

guid="00000000-0000-4000-8000-000000000000"
odds_header() { printf '<Header><Type>%s</Type><MsgGuid>%s</MsgGuid><ServerTimestamp>1489578474</ServerTimestamp></Header>' "$1" "$guid"; }
t360_header() { printf '<Header><Type>%s</Type><MsgGuid>%s</MsgGuid><ServerTimestamp>1489578474000</ServerTimestamp></Header>' "$1" "$guid"; }

# Minimal legacy context around a fragment, chosen by the fragment's root element.
odds_fixture_open='<Fixture LastUpdate="2017-03-04T17:12:00Z"><Sport Id="6046" Name="Football"/><Location Id="243" Name="England"/><League Id="67" Name="Premier League"/><StartDate>2017-03-04T15:30:00Z</StartDate><Status>1</Status>'
wrap() { # gen root -> sets $pre and $post; returns 1 if no wrapper is known
  local gen="$1" r="$2"
  local ev_open ev_close
  pre="" post=""
  if [ "$gen" = trade360 ]; then
    case "$r" in
      Livescore)  pre="<Message>$(t360_header 2)<Body><Events><FixtureId>1</FixtureId>"; post="</Events></Body></Message>" ;;
      *) return 1 ;;
    esac
    return 0
  fi
  ev_open='<Body><Events><Event FixtureId="1">'
  ev_close='</Event></Events></Body></Message>'
  case "$r" in
    Header)               pre="<Message>"; post="</Message>" ;;
    Fixture)              pre="<Message>$(odds_header 1)$ev_open"; post="$ev_close" ;;
    Markets)              pre="<Message>$(odds_header 3)$ev_open"; post="$ev_close" ;;
    Livescore)            pre="<Message>$(odds_header 2)$ev_open"; post="$ev_close" ;;
    Scoreboard)           pre="<Message>$(odds_header 2)$ev_open<Livescore>"; post="</Livescore>$ev_close" ;;
    Statistic)            pre="<Message>$(odds_header 2)$ev_open<Livescore><Statistics>"; post="</Statistics></Livescore>$ev_close" ;;
    LivescoreExtraData)   pre="<Message>$(odds_header 2)$ev_open<Livescore>"; post="</Livescore>$ev_close" ;;
    FixtureExtraData)     pre="<Message>$(odds_header 1)$ev_open$odds_fixture_open"; post="<Participants/></Fixture>$ev_close" ;;
    Participant)          pre="<Message>$(odds_header 1)$ev_open$odds_fixture_open<Participants>"; post="</Participants></Fixture>$ev_close" ;;
    ParticipantExtraData) pre="<Message>$(odds_header 1)$ev_open$odds_fixture_open<Participants><Participant Id=\"1\" Name=\"P\" Position=\"1\">"; post="</Participant></Participants></Fixture>$ev_close" ;;
    KeepAlive)            pre="<Message>$(odds_header 31)<Body>"; post="</Body></Message>" ;;
    Competition)          pre="<Message>$(odds_header 37)<Body>"; post="</Body></Message>" ;;
    Competitions)         pre="<Message>$(odds_header 38)<Body>"; post="</Body></Message>" ;;
    *) return 1 ;;
  esac
}

validate() { # xsd file label
  if xmllint --noout --schema "$1" "$2" >"$tmpdir/out" 2>&1; then ok "$3"; else bad "$3" "$tmpdir/out"; fi
}

# 1. The schemas themselves: well-formed, and loadable by the schema compiler.
for gen in "${gens[@]}"; do
  xsd="$here/$gen.xsd"
  if xmllint --noout "$xsd" >"$tmpdir/out" 2>&1; then ok "xsd well-formed: $gen.xsd"; else bad "xsd well-formed: $gen.xsd" "$tmpdir/out"; fi
  if [ "$gen" = trade360 ]; then ts=1516013721000; else ts=1516013721; fi
  printf '<Message><Header><Type>32</Type><MsgGuid>%s</MsgGuid><ServerTimestamp>%s</ServerTimestamp></Header></Message>\n' "$guid" "$ts" >"$tmpdir/probe.xml"
  validate "$xsd" "$tmpdir/probe.xml" "xsd loads: $gen.xsd"
done

# 2. Fixtures that must validate.
for gen in "${gens[@]}"; do
  xsd="$here/$gen.xsd"
  for dir in "$fixtures/seed/$gen" "$fixtures/domain/$gen"; do
    [ -d "$dir" ] || continue
    for f in "$dir"/*.xml; do
      [ -e "$f" ] || continue
      label="${f#"$root"/}"
      case "$f" in
        *.placeholder.xml)
          if xmllint --noout "$f" >"$tmpdir/out" 2>&1; then ok "$label (well-formed only)"; else bad "$label" "$tmpdir/out"; fi ;;
        *.fragment.xml)
          r="$(xmllint --xpath 'name(/*)' "$f" 2>/dev/null)"
          if ! wrap "$gen" "$r"; then bad "$label (no wrapper for root <$r>)"; continue; fi
          { printf '%s\n' "$pre"; sed '/^<?xml/d' "$f"; printf '%s\n' "$post"; } >"$tmpdir/wrapped.xml"
          validate "$xsd" "$tmpdir/wrapped.xml" "$label (wrapped <$r>)" ;;
        *)
          validate "$xsd" "$f" "$label" ;;
      esac
    done
  done
done

# 3. Fixtures that must be rejected (schema-invalid but well-formed).
for gen in "${gens[@]}"; do
  xsd="$here/$gen.xsd"
  dir="$fixtures/invalid/$gen"
  [ -d "$dir" ] || continue
  for f in "$dir"/*.xml; do
    [ -e "$f" ] || continue
    label="${f#"$root"/}"
    if ! xmllint --noout "$f" >"$tmpdir/out" 2>&1; then bad "$label (not well-formed)" "$tmpdir/out"; continue; fi
    if xmllint --noout --schema "$xsd" "$f" >"$tmpdir/out" 2>&1; then
      bad "$label (expected rejection, but it validates)"
    else
      ok "$label (rejected as expected)"
    fi
  done
done

echo "validate.sh: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
