#!/usr/bin/env bash
# Builds the image, runs it on the host network (loopback only) and checks
# what a team relies on: the health check (HTTP and Docker's own), one call
# per provider, a non-root user, the size, the time to the first answer, a
# bundled scenario by name and a mounted scenario. Removes what it started.
#
# Usage: packaging/container/test.sh      (SKIP_BUILD=1 reuses mocklink:latest)
set -euo pipefail
cd "$(dirname "$0")/../.."

if [[ ${SKIP_BUILD:-} == 1 ]]; then
  IMAGE=mocklink:latest
else
  IMAGE=$(bash packaging/container/build.sh)
fi
NAME=mocklink-test-$$
WORK=$(mktemp -d)
chmod 755 "$WORK"
cleanup() {
  docker rm -f "$NAME" "$NAME-s" "$NAME-n" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
FAILED=0
fail() { echo "FAIL: $*"; FAILED=1; }
pass() { echo "ok: $*"; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
ms() { date +%s%3N; }

# wait_health URL: polls until /__admin/health answers, prints the ms waited.
wait_health() {
  local start; start=$(ms)
  for _ in $(seq 1 500); do
    if curl -fsS -o /dev/null "$1/__admin/health" 2>/dev/null; then
      echo $(($(ms) - start)); return 0
    fi
    sleep 0.01
  done
  return 1
}

SIZE=$(docker image inspect -f '{{.Size}}' "$IMAGE")
echo "image $IMAGE: $((SIZE / 1024 / 1024)) MiB ($SIZE bytes)"
((SIZE <= 20 * 1024 * 1024)) && pass "image is at most 20 MiB" || fail "image is over 20 MiB"
USER_ID=$(docker image inspect -f '{{.Config.User}}' "$IMAGE")
[[ -n $USER_ID && ${USER_ID%%:*} != 0 && $USER_ID != root ]] && pass "runs as user $USER_ID" ||
  fail "image runs as root ('$USER_ID')"

PORT=$(free_port)
URL=http://127.0.0.1:$PORT
docker run -d --name "$NAME" --network host -e MOCKLINK_PORT="$PORT" "$IMAGE" >/dev/null
if WAITED=$(wait_health "$URL"); then
  pass "health answered $WAITED ms after docker run returned"
else
  fail "no health answer"; docker logs "$NAME" || true; exit 1
fi
curl -fsS "$URL/__admin/health"; echo

# Docker's own health check runs `mocklink health` inside the image.
for _ in $(seq 1 60); do
  STATE=$(docker inspect -f '{{.State.Health.Status}}' "$NAME")
  [[ $STATE == healthy ]] && break
  sleep 0.5
done
[[ $STATE == healthy ]] && pass "Docker health check: healthy" || fail "Docker health check: $STATE"

# call NAME EXPECTED_STATUS CURL_ARGS…: one provider call, status checked.
call() {
  local what=$1 want=$2; shift 2
  local got; got=$(curl -sS -o "$WORK/body" -w '%{http_code}' "$@")
  if [[ $got == "$want" ]]; then pass "$what → $got"; else fail "$what → $got (want $want): $(head -c 300 "$WORK/body")"; fi
}
call "ConnectSafely profile" 200 -X POST "$URL/linkedin/profile" \
  -H 'Authorization: Bearer cs_live_demo' -H 'Content-Type: application/json' -d '{"profileId":"john-doe-123"}'
call "Atomus enrich" 200 -X POST "$URL/v1/linkedin-profile-enrichment/enrich" \
  -H 'Authorization: Bearer atm_live_demo' -H 'Content-Type: application/json' \
  -d '{"url":"https://www.linkedin.com/in/example-1"}'
call "Apify run" 201 -X POST "$URL/v2/acts/atomus~linkedin-profile-scraper/runs?token=apify_api_demo" \
  -H 'Content-Type: application/json' -d '{"urls":["https://www.linkedin.com/in/example-1"]}'
call "OutX fetch-profile" 200 -X POST "$URL/linkedin-agent/fetch-profile" \
  -H 'x-api-key: outx_demo_key' -H 'Content-Type: application/json' -d '{"profile_slug":"anandi-devi"}'
docker rm -f "$NAME" >/dev/null

# profile_limit PORT: how many distinct profiles one account gets before 429.
profile_limit() {
  local n=0
  for i in $(seq 1 10); do
    code=$(curl -sS -o /dev/null -w '%{http_code}' -X POST "http://127.0.0.1:$1/linkedin/profile" \
      -H 'Authorization: Bearer cs_live_demo' -H 'Content-Type: application/json' -d "{\"profileId\":\"p-$i\"}")
    [[ $code == 200 ]] || break
    n=$((n + 1))
  done
  echo "$n"
}

# A bundled scenario, by name.
PORT=$(free_port)
docker run -d --name "$NAME-n" --network host -e MOCKLINK_PORT="$PORT" "$IMAGE" --scenario tight-limits >/dev/null
if wait_health "http://127.0.0.1:$PORT" >/dev/null; then
  got=$(profile_limit "$PORT")
  [[ $got == 3 ]] && pass "bundled scenario tight-limits by name: 3 profiles a day" ||
    fail "bundled scenario tight-limits: $got profiles a day, want 3"
else
  fail "bundled scenario by name did not start: $(docker logs "$NAME-n" 2>&1 | tail -3)"
fi

# A mounted scenario: two profiles a day.
cat >"$WORK/mine.json" <<'JSON'
{ "connectsafely": { "limits": { "profilesPerDay": 2 },
    "keys": [ { "key": "cs_live_demo", "accounts": [ { "id": "696ce9e780e0483585e4e553", "premium": true } ] } ] } }
JSON
chmod 644 "$WORK/mine.json"
PORT=$(free_port)
docker run -d --name "$NAME-s" --network host -e MOCKLINK_PORT="$PORT" \
  -v "$WORK/mine.json:/scenarios/mine.json:ro" "$IMAGE" --scenario /scenarios/mine.json >/dev/null
if wait_health "http://127.0.0.1:$PORT" >/dev/null; then
  got=$(profile_limit "$PORT")
  [[ $got == 2 ]] && pass "mounted scenario: 2 profiles a day" || fail "mounted scenario: $got profiles a day, want 2"
else
  fail "mounted scenario did not start: $(docker logs "$NAME-s" 2>&1 | tail -3)"
fi

if ((FAILED)); then echo "container test: FAILED"; exit 1; fi
echo "container test: passed"
