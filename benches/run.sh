#!/usr/bin/env bash
# mocklink benchmark (issue 7). One command: `benches/run.sh`.
#
# Runs mocklink (scenarios/bench.json: limits out of the way, so every request
# does the full work of its route) and the bare actix-web ceiling
# (benches/bare_server.rs) side by side on this machine, in this run, and
# reports throughput and p50/p99 latency of eight routes with the ratio
# mocklink / bare; the cache-hit profile fetch is measured twice, plainly and
# through a session (SPEC C-11), and their ratio is reported too. Then
# memory: idle RSS, RSS after 1,000,000 distinct profiles fetched across
# accounts, and again after the clock moves a day and
# another 1,000,000 are fetched (caches must expire, not pile up), and the
# time from start to the first answered request.
#
# Each route is measured in ROUNDS short rounds, bare and mocklink taking
# turns, and the medians are reported: on a small machine wrk and both
# servers share the cores, and a single run swings by a third.
#
# Env: IDEM_KEYS (answers stored before the fresh-key route, default 100000),
#      DURATION (per round, default 5s), ROUNDS (default 5), CONNECTIONS
#      (default 32), PROFILES (default 1000000; 0 skips the memory part),
#      THREADS (wrk threads, default 2), ROUTES (a space-separated subset of
#      the routes below, for working on one; default all).
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-5s}
ROUNDS=${ROUNDS:-5}
CONNECTIONS=${CONNECTIONS:-32}
PROFILES=${PROFILES:-1000000}
THREADS=${THREADS:-2}
ALL_ROUTES="cs_hit cs_hit_session cs_miss atomus atomus_idem outx cs_search cs_group"
ROUTES=${ROUTES:-$ALL_ROUTES}

if ! command -v wrk >/dev/null; then
  echo "installing wrk (Debian package)"
  if [[ $(id -u) -eq 0 ]]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get install -y -q wrk >/dev/null 2>&1 || { $SUDO apt-get update -q >/dev/null && $SUDO apt-get install -y -q wrk >/dev/null; }
fi

cargo build --release --quiet --bin mocklink --example bare_server
MOCK=target/release/mocklink
BARE=target/release/examples/bare_server
WORK=$(mktemp -d)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT

MOCK_PORT=18180
BARE_PORT=18190
"$MOCK" --port $MOCK_PORT --scenario scenarios/bench.json >"$WORK/mock.log" 2>&1 &
MOCK_PID=$!; PIDS+=($MOCK_PID)
"$BARE" $BARE_PORT >"$WORK/bare.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 100); do
  curl -fsS -o /dev/null "http://127.0.0.1:$MOCK_PORT/__admin/health" 2>/dev/null && \
  curl -s -o /dev/null "http://127.0.0.1:$BARE_PORT/" 2>/dev/null && break
  sleep 0.05
done
rss() { awk '/VmRSS/ {printf "%.1f", $2/1024}' "/proc/$1/status"; }
IDLE_RSS=$(rss $MOCK_PID)

# One OutX task to poll, finished at once in the bench scenario.
new_task() {
  curl -fsS -XPOST "http://127.0.0.1:$MOCK_PORT/linkedin-agent/fetch-profile" \
    -H 'x-api-key: outx_bench_key' -H 'content-type: application/json' \
    -d '{"profile_slug":"anandi-devi"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["api_agent_task_id"])'
}
TASK=$(new_task)

cat >"$WORK/cs_hit.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Authorization"] = "Bearer cs_live_bench"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"profileId":"anandi-devi"}'
LUA
cat >"$WORK/cs_miss.lua" <<'LUA'
-- A new profile every request (a cache miss), spread over the four accounts.
local accounts = {"b0000000000000000000000a","b0000000000000000000000b","b0000000000000000000000c","b0000000000000000000000d"}
local n, id = 0, 0
local limit = tonumber(os.getenv("LIMIT") or "0")
local stopped = false
local prefix = os.getenv("PREFIX") or "miss"
setup = function(thread) id = id + 1; thread:set("tid", id) end
request = function()
  n = n + 1
  local body = string.format('{"profileId":"%s-%d-%d","accountId":"%s"}', prefix, tid, n, accounts[(n % 4) + 1])
  return wrk.format("POST", "/linkedin/profile", {["Authorization"]="Bearer cs_live_bench", ["Content-Type"]="application/json"}, body)
end
response = function()
  if limit > 0 and n >= limit and not stopped then stopped = true; wrk.thread:stop() end
end
LUA
cat >"$WORK/atomus.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Authorization"] = "Bearer atm_live_bench"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"url":"https://www.linkedin.com/in/anandi-devi"}'
LUA
cat >"$WORK/cs_search.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Authorization"] = "Bearer cs_live_bench"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"keywords":"Engineering Manager OR CTO","count":100,"filters":{"connectionDegree":["S","O"]}}'
LUA
cat >"$WORK/cs_group.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Authorization"] = "Bearer cs_live_bench"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"groupId":"9357376","start":0,"count":100}'
LUA
# A fresh Idempotency-Key on every request (issue 10 item 5): measured with
# IDEM_KEYS (100,000) answers already stored for the tenant.
cat >"$WORK/atomus_idem.lua" <<'LUA'
local n, id = 0, 0
local limit = tonumber(os.getenv("LIMIT") or "0")
local stopped = false
local prefix = os.getenv("PREFIX") or "idem"
setup = function(thread) id = id + 1; thread:set("tid", id) end
request = function()
  n = n + 1
  local key = string.format("%s-%d-%d-6f1c0e8e-2b7a-4c1e-9d5e", prefix, tid, n)
  return wrk.format("POST", "/v1/linkedin-profile-enrichment/enrich",
    {["Authorization"]="Bearer atm_live_bench", ["Content-Type"]="application/json", ["Idempotency-Key"]=key},
    '{"url":"https://www.linkedin.com/in/anandi-devi"}')
end
response = function()
  if limit > 0 and n >= limit and not stopped then stopped = true; wrk.thread:stop() end
end
LUA
IDEM_KEYS=${IDEM_KEYS:-100000}
# Stores IDEM_KEYS answers under fresh keys (wrk runs for its whole -d, so
# in short rounds, each stopping once its share is done).
fill_idempotency() {
  local done=0 round=0 n
  while (( done < IDEM_KEYS )); do
    round=$((round + 1))
    n=$(( (IDEM_KEYS - done + THREADS - 1) / THREADS ))
    LIMIT=$n PREFIX="fill$1-$round" wrk -t"$THREADS" -c"$THREADS" -d5s -s "$WORK/atomus_idem.lua" \
      "http://127.0.0.1:$MOCK_PORT/v1/linkedin-profile-enrichment/enrich" >"$WORK/fill.out" 2>&1
    done=$(( done + $(awk '/requests in/ {print $1}' "$WORK/fill.out") ))
  done
}
write_outx_lua() {
  cat >"$WORK/outx.lua" <<LUA
wrk.method = "GET"
wrk.headers["x-api-key"] = "outx_bench_key"
wrk.path = "/linkedin-agent/get-task-status?api_agent_task_id=$TASK"
LUA
}
write_outx_lua

bench() { # name port script path
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$WORK/$3" "http://127.0.0.1:$2$4" >"$WORK/$1.out" 2>&1
}
for round in $(seq 1 "$ROUNDS"); do
  for route in $ROUTES; do
    script=$route.lua
    case $route in
      cs_hit|cs_miss) path=/linkedin/profile ;;
      # The same request through a session's prefix; the bare server has no
      # sessions, so its side is the plain route again.
      cs_hit_session) path=/__session/bench-worker/linkedin/profile; script=cs_hit.lua ;;
      atomus|atomus_idem) path=/v1/linkedin-profile-enrichment/enrich ;;
      cs_search) path=/linkedin/search/people ;;
      cs_group) path=/linkedin/groups/members ;;
      outx) path="/linkedin-agent/get-task-status?api_agent_task_id=$TASK" ;;
    esac
    # The bare server has no sessions and no idempotency: its side is the
    # plain cache hit and the bare enrich handler.
    bare_script=$script; [[ $route == atomus_idem ]] && bare_script=atomus.lua
    bare_path=$path; [[ $route == cs_hit_session ]] && bare_path=/linkedin/profile
    bench "bare_${route}_$round" $BARE_PORT "$bare_script" "$bare_path"
    # Every round starts from the scenario's start, so rounds are alike.
    curl -fsS -o /dev/null -XPOST "http://127.0.0.1:$MOCK_PORT/__admin/reset"
    [[ $route == atomus_idem ]] && fill_idempotency "$round"
    TASK=$(new_task)
    [[ $route == outx ]] && path="/linkedin-agent/get-task-status?api_agent_task_id=$TASK" && write_outx_lua
    PREFIX="warm$round" bench "mock_${route}_$round" $MOCK_PORT "$script" "$path"
  done
done

# Memory: PROFILES distinct profiles, then a day later PROFILES more. wrk
# always runs for its whole -d, so the count is reached in short rounds, each
# stopping its threads once the round's share is done.
fetch_distinct() { # prefix count
  local done=0 round=0 n
  while (( done < $2 )); do
    round=$((round + 1))
    n=$(( ($2 - done + THREADS - 1) / THREADS ))
    LIMIT=$n PREFIX="$1-r$round" wrk -t"$THREADS" -c"$THREADS" -d3s -s "$WORK/cs_miss.lua" \
      "http://127.0.0.1:$MOCK_PORT/linkedin/profile" >"$WORK/mem.out" 2>&1
    done=$(( done + $(awk '/requests in/ {print $1}' "$WORK/mem.out") ))
  done
}
RSS_1=skipped RSS_2=skipped
if (( PROFILES > 0 )); then
curl -fsS -o /dev/null -XPOST "http://127.0.0.1:$MOCK_PORT/__admin/reset"
fetch_distinct day1 "$PROFILES"
RSS_1=$(rss $MOCK_PID)
curl -fsS -o /dev/null -XPOST "http://127.0.0.1:$MOCK_PORT/__admin/clock" -H 'content-type: application/json' -d '{"advanceSeconds":86400}'
fetch_distinct day2 "$PROFILES"
RSS_2=$(rss $MOCK_PID)
fi
USED=$(curl -fsS -XPOST "http://127.0.0.1:$MOCK_PORT/linkedin/profile" -H 'Authorization: Bearer cs_live_bench' \
  -H 'content-type: application/json' -d '{"profileId":"probe-after"}' -D - -o /dev/null | tr -d '\r' | awk -F': ' 'tolower($1)=="x-ratelimit-used"{print $2}')

# Start-up to first answered request, median of 10.
STARTUP=$(python3 - "$MOCK" <<'PY'
import subprocess, sys, time, urllib.request
t = []
for _ in range(10):
    t0 = time.perf_counter()
    p = subprocess.Popen([sys.argv[1], "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    url = p.stdout.readline().decode().split(" on ")[1].strip()
    urllib.request.urlopen(url + "/__admin/health").read()
    t.append((time.perf_counter() - t0) * 1000)
    p.terminate(); p.wait()
print(f"{sorted(t)[5]:.1f}")
PY
)

python3 - "$WORK" "$IDLE_RSS" "$RSS_1" "$RSS_2" "$STARTUP" "$PROFILES" "${USED:-?}" "$ROUNDS" "$ROUTES" <<'PY'
import re, sys, os, statistics
work, idle, rss1, rss2, startup, profiles, used, rounds, routes = sys.argv[1:10]
routes = routes.split()
rounds = int(rounds)
def parse_one(name):
    text = open(os.path.join(work, name + ".out")).read()
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    def pct(p):
        m = re.search(rf"^\s+{p}%\s+([\d.]+)(us|ms|s)\s*$", text, re.M)
        v, u = float(m.group(1)), m.group(2)
        return v / 1000 if u == "us" else v * 1000 if u == "s" else v
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    return rps, pct(50), pct(99), int(non2xx.group(1)) if non2xx else 0
def parse(name):
    runs = [parse_one(f"{name}_{r}") for r in range(1, rounds + 1)]
    med = lambda i: statistics.median(x[i] for x in runs)
    return med(0), med(1), med(2), sum(x[3] for x in runs)
def ratios(k):
    # Median of the per-round ratios: each round's pair ran back to back.
    pairs = [(parse_one(f"mock_{k}_{r}"), parse_one(f"bare_{k}_{r}")) for r in range(1, rounds + 1)]
    return (statistics.median(m[0] / b[0] for m, b in pairs),
            statistics.median(m[2] / b[2] for m, b in pairs))
names = {"cs_hit": "ConnectSafely profile, cache hit",
         "cs_hit_session": "  the same, through a session",
         "cs_miss": "ConnectSafely profile, cache miss",
         "atomus": "Atomus enrich", "atomus_idem": "Atomus, fresh key, 100k stored",
         "outx": "OutX task status poll",
         "cs_search": "ConnectSafely people search, 100", "cs_group": "ConnectSafely group members, 100"}
targets = {"cs_hit": (0.7, 2.0), "cs_hit_session": (0.63, None), "cs_miss": (0.5, None), "atomus": (0.5, None),
           "atomus_idem": (0.5, None), "outx": (0.5, None), "cs_search": (0.5, None), "cs_group": (0.5, None)}
print(f"medians of {rounds} interleaved rounds")
print(f"{'route':36} {'mocklink rps':>12} {'bare rps':>10} {'ratio':>6} {'p50 ms':>14} {'p99 ms':>14} {'p99 ratio':>9}  target")
ok = True
for k, label in names.items():
    if k not in routes:
        continue
    m, b = parse("mock_" + k), parse("bare_" + k)
    ratio, p99r = ratios(k)
    tr, tp = targets[k]
    hit = ratio >= tr and (tp is None or p99r <= tp)
    ok &= hit
    errs = f"  ({m[3]} non-2xx!)" if m[3] else ""
    print(f"{label:36} {m[0]:12.0f} {b[0]:10.0f} {ratio:6.2f} {m[1]:6.2f}/{b[1]:<6.2f} {m[2]:6.2f}/{b[2]:<6.2f} {p99r:9.2f}  "
          f"{'≥'+str(tr)+'×' + (' p99≤'+str(tp)+'×' if tp else '')} {'OK' if hit else 'MISS'}{errs}")
# C-11: routing through a session costs at most 10 % of the plain route.
if {"cs_hit", "cs_hit_session"} <= set(routes):
    sess = statistics.median(parse_one(f"mock_cs_hit_session_{r}")[0] / parse_one(f"mock_cs_hit_{r}")[0]
                             for r in range(1, rounds + 1))
    ok &= sess >= 0.9
    print(f"session route / plain route, cache hit: {sess:.2f} (target ≥ 0.90) {'OK' if sess >= 0.9 else 'MISS'}")
print()
print(f"idle RSS: {idle} MiB (target ≤ 15)")
print(f"RSS after {int(profiles):,} distinct profiles: {rss1} MiB; after a day and {int(profiles):,} more: {rss2} MiB (target ≤ 200, flat)")
print(f"X-RateLimit-Used after day 2 on the probe's account: {used}")
print(f"start-up to first answered request: {startup} ms (target ≤ 100)")
PY
