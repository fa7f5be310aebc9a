#!/usr/bin/env bash
# Runs the official Apify clients (npm apify-client 2.25.0 and 2.23.3, PyPI
# apify-client 3.4.0 and 2.5.1), unchanged, against the release binary
# (issue 11). Each client gets its own server, so `lastRun()` and the journal
# are its own; runs take 20 ms per URL on a running clock (the instant
# scenario with a short per-URL time), so waits are short but real.
# After the flows, every server's journal must hold no 404 other than the
# error flows' deliberate ones (unknown actor, unknown run).
#
# Usage: tests/clients/apify/run.sh [path/to/mocklink]   (default: release build)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
cd "$HERE/../../.."

bash "$HERE/install.sh"
ROOT=target/clients/apify
if [[ $# -ge 1 ]]; then
  BIN=$1
else
  cargo build --release --quiet
  BIN=$(bash .ci/release-binary)
fi

WORK=$(mktemp -d)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

# start_server NAME: starts mocklink on a free port with the short timing; sets URL.
start_server() {
  local log="$WORK/$1.log"
  "$BIN" --port 0 --scenario scenarios/instant.json >"$log" 2>"$WORK/$1.err" &
  PIDS+=($!)
  for _ in $(seq 1 200); do
    if [[ -s $log ]]; then break; fi
    sleep 0.05
  done
  URL=$(head -n1 "$log" | sed -n 's/^mocklink listening on //p')
  [[ -n $URL ]] || { echo "mocklink did not start"; cat "$WORK/$1.err"; exit 1; }
  # The instant scenario with 20 ms per URL: an abort finds a run running.
  curl -fsS "$URL/__admin/scenario" |
    python3 -c 'import json,sys; s=json.load(sys.stdin); s["apify"]["perUrlSeconds"]=0.02; s["apify"]["startDelaySeconds"]=0; print(json.dumps(s))' |
    curl -fsS -X PUT -H 'content-type: application/json' --data-binary @- "$URL/__admin/scenario" >/dev/null
}

# check_journal NAME: fails on any 404 but the error flows' own.
check_journal() {
  curl -fsS "$URL/__admin/requests?provider=apify&limit=100000" | python3 -c '
import json, sys
reqs = json.load(sys.stdin)["requests"]
expected = ("nobody~no-such-actor", "NoSuchRun00000000")
bad = [r for r in reqs if r["status"] == 404 and not any(e in r["path"] for e in expected)]
for r in bad:
    print("  unexpected 404:", r["method"], r["path"], r["query"])
actors = sum(r["path"].startswith("/v2/actors/") for r in reqs)
acts = sum(r["path"].startswith("/v2/acts/") for r in reqs)
encodings = sorted({r["headers"].get("x-mocklink-content-encoding") for r in reqs} - {None})
print("  journal: %d requests (%d under /v2/actors/, %d under /v2/acts/; bodies sent %s), %d unexpected 404s"
      % (len(reqs), actors, acts, "+".join(encodings) or "plain", len(bad)))
sys.exit(1 if bad else 0)'
}

CLIENTS=(js-2.25.0 js-2.23.3 py-3.4.0 py-2.5.1)
declare -A URLS
for c in "${CLIENTS[@]}"; do
  start_server "$c"
  URLS[$c]=$URL
done

# All four at once: each waits mostly on its own client's sleeps.
declare -A JOBS
for c in "${CLIENTS[@]}"; do
  out="$WORK/$c.out"
  case $c in
    js-*) MOCKLINK_URL=${URLS[$c]} node "$HERE/flows.mjs" "$ROOT/$c" >"$out" 2>"$WORK/$c.stderr" & ;;
    py-*) MOCKLINK_URL=${URLS[$c]} "$ROOT/$c/bin/python" "$HERE/flows.py" >"$out" 2>"$WORK/$c.stderr" & ;;
  esac
  JOBS[$c]=$!
done

FAILED=()
for c in "${CLIENTS[@]}"; do
  if ! wait "${JOBS[$c]}"; then FAILED+=("$c"); fi
  # The clients' own log redirection prints the runs' logs first; the
  # results start at the `apify-client (…)` line.
  sed -n '/^apify-client (/,$p' "$WORK/$c.out"
  if ! grep -q '^apify-client (' "$WORK/$c.out"; then
    echo "$c printed nothing; its stderr:"
    tail -n 30 "$WORK/$c.stderr"
  fi
  URL=${URLS[$c]}
  check_journal || FAILED+=("$c-journal")
done

if ((${#FAILED[@]})); then
  echo "apify client flows failed: ${FAILED[*]}"
  exit 1
fi
echo "apify client flows: every flow of every client version passed"
