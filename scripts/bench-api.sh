#!/usr/bin/env bash
# Benchmark of the public read API and downloads (issue "Public read API and open-data downloads").
#
# - Throughput and latency at 32 connections, with wrk, on a register with about 20,000 published
#   descriptions on SQLite, each with the answer cache on (the default) and off:
#   * `GET /api/v1/algorithms?status=in-gebruik&organisation_type=gemeente` (the issue's request, the
#     same URL every time: what a cache is best at);
#   * `GET /api/v1/algorithms?…` cycling through 506 different queries: filter combinations, pages
#     1–5, every sort, page sizes 20 and 50;
#   * `GET /api/v1/algorithms/{id}` cycling through 1,000 different IDs.
# - A full CSV download of 100,000 descriptions: time and the server's peak memory (VmHWM) before and
#   after, on a server whose search index was built by an earlier start (so the peak is the serving
#   node's, not the one-off index build's), with the read model built by a first list.
#
#   scripts/bench-api.sh            needs wrk and curl (apt-get install wrk curl)
#   BENCH_DURATION=20s, BENCH_COUNT=22000, BENCH_EXPORT_COUNT=100000, BENCH_RUNS=1 to change the sizes;
#   BENCH_SKIP_EXPORT=1 to measure the API only.
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${BENCH_DURATION:-20s}
count=${BENCH_COUNT:-22000}
export_count=${BENCH_EXPORT_COUNT:-100000}
runs=${BENCH_RUNS:-1}
# ALGOREG_BIN: measure that binary (e.g. one built from another commit) instead of building this tree.
if [ -n "${ALGOREG_BIN:-}" ]; then
  bin=$ALGOREG_BIN
else
  export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
  cargo build --release -q -p algoreg
  bin="$CARGO_TARGET_DIR/release/algoreg"
fi
work=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"' EXIT
export ALGOREG_LOG=warn

# Starts a server (its pid in $pid) and waits until it is ready; stop() ends it and waits until it is gone.
start() { # db port cache
  ALGOREG_API_CACHE=$3 ALGOREG_INDEX_DIR="$1.index" "$bin" --database-url "sqlite://$1" serve --no-demo \
    --listen "127.0.0.1:$2" >/dev/null 2>&1 &
  pid=$!
  pids+=("$pid")
  until curl -fs "http://127.0.0.1:$2/ready" >/dev/null; do
    kill -0 "$pid" 2>/dev/null || { echo "the server did not start" >&2; exit 1; }
    sleep 0.05
  done
  # Let the search index finish its first build (it holds as many descriptions as the list), so it
  # does not compete with the measurement. The first list also builds the read model.
  local want got
  want=$(total "http://127.0.0.1:$2/api/v1/algorithms?page_size=1")
  until [ "${got:-}" = "$want" ]; do
    sleep 0.5
    got=$(curl -fs "http://127.0.0.1:$2/api/v1/search?q=" | grep -o '"total":[0-9]*' | head -1 | cut -d: -f2)
  done
  sleep 1
}
stop() { kill "$pid"; while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done; }
total() { curl -fs "$1" | sed -n 's/^{"total":\([0-9]*\).*/\1/p'; }
hwm() { awk '/VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$pid/status"; }

"$bin" --database-url "sqlite://$work/api.db" demo --count "$count" --seed 1 --until 2026-11-01 2>/dev/null
start "$work/api.db" 18081 true
published=$(total "http://127.0.0.1:18081/api/v1/algorithms?page_size=1")
ids=$(for p in $(seq 1 10); do curl -fs "http://127.0.0.1:18081/api/v1/algorithms?page_size=100&page=$p"; done \
  | grep -o '"id":"[0-9]\{8\}"' | cut -d'"' -f4 | paste -sd, -)
cat >"$work/ids.lua" <<LUA
local ids = {} for id in string.gmatch("$ids", "[^,]+") do ids[#ids + 1] = id end
local i = 0
request = function() i = i % #ids + 1 return wrk.format("GET", "/api/v1/algorithms/" .. ids[i]) end
LUA
cat >"$work/lists.lua" <<'LUA'
-- Many different lists, so that neither the answer cache nor the database sees one query over and over.
local statuses = {"in-gebruik", "in-ontwikkeling", "buiten-gebruik"}
local types = {"gemeente", "provincie", "waterschap", "ministerie", "zelfstandig_bestuursorgaan", "veiligheidsregio"}
local themes = {"verkeer", "zorg-en-gezondheid", "werk", "wonen", "sociale-zekerheid", "natuur-en-milieu", "recht", "economie"}
local categories = {"hoog-risico-ai-systeem", "impactvolle-algoritmes", "overige-algoritmes"}
local impacts = {"dpia", "iama", "other", "none"}
local sorts = {"-published", "published", "name", "-name"}
local paths = {}
local function add(q) paths[#paths + 1] = "/api/v1/algorithms?" .. q end
for _, s in ipairs(statuses) do
  for _, t in ipairs(types) do
    for _, o in ipairs(sorts) do
      for p = 1, 5 do add("status=" .. s .. "&organisation_type=" .. t .. "&sort=" .. o .. "&page=" .. p) end
    end
  end
end
for _, th in ipairs(themes) do
  for _, s in ipairs(statuses) do
    for p = 1, 3 do add("theme=" .. th .. "&status=" .. s .. "&page=" .. p) end
  end
  for _, c in ipairs(categories) do add("theme=" .. th .. "&publication_category=" .. c .. "&sort=name") end
  for _, im in ipairs(impacts) do add("theme=" .. th .. "&impact_assessment=" .. im .. "&page_size=50") end
end
for _, c in ipairs(categories) do
  for _, t in ipairs(types) do add("publication_category=" .. c .. "&organisation_type=" .. t .. "&sort=-name&page=2") end
end
local i = 0
request = function() i = i % #paths + 1 return wrk.format("GET", paths[i]) end
LUA
stop

# wrk prints "Requests/sec:" and, with --latency, the 50% and 99% lines.
measure() { # label url-or-script cache
  local port=18082 out rps p50 p99 errors run
  start "$work/api.db" $port "$3"
  for run in $(seq 1 "$runs"); do
    local args=(-t2 -c32 --latency)
    if [[ $2 == *.lua ]]; then
      args+=(-s "$2" "http://127.0.0.1:$port")
    else
      args+=("http://127.0.0.1:$port$2")
    fi
    wrk "${args[@]}" -d2s >/dev/null # warm up
    out=$(wrk "${args[@]}" -d"$duration")
    rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
    p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
    p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
    errors=$(awk '/Non-2xx/ {print $5}' <<<"$out")
    echo "| $1 | $([ "$3" = true ] && echo on || echo off) | ${rps%.*} | $p50 | $p99 | ${errors:-0} |"
  done
  stop
}

echo "Register: $published published descriptions (SQLite), wrk -t2 -c32 -d$duration, $(nproc) cores, load before: $(cut -d' ' -f1-3 /proc/loadavg)."
echo
echo "| request | answer cache | requests/s | p50 | p99 | non-2xx |"
echo "|---|---|---:|---:|---:|---:|"
list="/api/v1/algorithms?status=in-gebruik&organisation_type=gemeente"
for cache in false true; do
  measure "GET $list" "$list" $cache
  measure "GET /api/v1/algorithms?… (506 different queries)" "$work/lists.lua" $cache
  measure "GET /api/v1/algorithms/{id} (1,000 IDs)" "$work/ids.lua" $cache
done

[ -n "${BENCH_SKIP_EXPORT:-}" ] && exit 0
echo
"$bin" --database-url "sqlite://$work/export.db" demo --count "$export_count" --seed 2 --until 2026-11-01 2>/dev/null
# The first start builds the search index; the measured one starts with it built.
start "$work/export.db" 18083 true
stop
start "$work/export.db" 18083 true
rows=$(total "http://127.0.0.1:18083/api/v1/algorithms?page_size=1")
echo "| CSV download | descriptions | size (MB) | time (s) | server peak memory before → after (MB) |"
echo "|---|---:|---:|---:|---:|"
for run in $(seq 1 "$runs"); do
  before=$(hwm)
  t0=$(date +%s.%N)
  bytes=$(curl -fs -o /dev/null -w '%{size_download}' "http://127.0.0.1:18083/api/v1/downloads/algorithms?format=csv")
  t1=$(date +%s.%N)
  awk -v r="$rows" -v b="$bytes" -v a="$t0" -v z="$t1" -v m0="$before" -v m1="$(hwm)" \
    'BEGIN { printf "| all published, %d generated | %d | %.1f | %.2f | %d → %d |\n", '"$export_count"', r, b/1048576, z-a, m0, m1 }'
done
stop
