#!/usr/bin/env bash
# Benchmark of the public read API and downloads (issue "Public read API and open-data downloads").
#
# - Throughput and latency of `GET /api/v1/algorithms` with two filters and of `GET /api/v1/algorithms/{id}`
#   (1,000 different IDs) at 32 connections, with wrk, on a register with about 20,000 published
#   descriptions on SQLite; once with the answer cache on (the default) and once with it off.
# - A full CSV download of 100,000 descriptions: time and the server's peak memory (VmHWM).
#
#   scripts/bench-api.sh            needs wrk and curl (apt-get install wrk curl)
#   BENCH_DURATION=20s, BENCH_COUNT=22000, BENCH_EXPORT_COUNT=100000 to change the sizes.
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${BENCH_DURATION:-20s}
count=${BENCH_COUNT:-22000}
export_count=${BENCH_EXPORT_COUNT:-100000}
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
cargo build --release -q -p algoreg
bin="$CARGO_TARGET_DIR/release/algoreg"
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
  # does not compete with the measurement.
  local want got
  want=$(curl -fs "http://127.0.0.1:$2/api/v1/algorithms?page_size=1" | sed -n 's/^{"total":\([0-9]*\).*/\1/p')
  until [ "${got:-}" = "$want" ]; do
    sleep 0.5
    got=$(curl -fs "http://127.0.0.1:$2/api/v1/search?q=" | grep -o '"total":[0-9]*' | head -1 | cut -d: -f2)
  done
  sleep 1
}
stop() { kill "$pid"; while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done; }

"$bin" --database-url "sqlite://$work/api.db" demo --count "$count" --seed 1 --until 2026-11-01 2>/dev/null
start "$work/api.db" 18081 true
published=$(curl -fs "http://127.0.0.1:18081/api/v1/algorithms?page_size=1" | sed -n 's/^{"total":\([0-9]*\).*/\1/p')
ids=$(for p in $(seq 1 10); do curl -fs "http://127.0.0.1:18081/api/v1/algorithms?page_size=100&page=$p"; done \
  | grep -o '"id":"[0-9]\{8\}"' | cut -d'"' -f4 | paste -sd, -)
cat >"$work/ids.lua" <<LUA
local ids = {} for id in string.gmatch("$ids", "[^,]+") do ids[#ids + 1] = id end
local i = 0
request = function() i = i % #ids + 1 return wrk.format("GET", "/api/v1/algorithms/" .. ids[i]) end
LUA
stop

# wrk prints "Requests/sec:" and, with --latency, the 99% line.
measure() { # label url-or-script cache
  local port=18082 out rps p99
  start "$work/api.db" $port "$3"
  local args=(-t2 -c32 -d"$duration" --latency)
  if [[ $2 == *.lua ]]; then
    wrk "${args[@]}" -d2s -s "$2" "http://127.0.0.1:$port" >/dev/null # warm up
    out=$(wrk "${args[@]}" -s "$2" "http://127.0.0.1:$port")
  else
    wrk "${args[@]}" -d2s "http://127.0.0.1:$port$2" >/dev/null
    out=$(wrk "${args[@]}" "http://127.0.0.1:$port$2")
  fi
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  errors=$(awk '/Non-2xx/ {print $5}' <<<"$out")
  echo "| $1 | cache $([ "$3" = true ] && echo on || echo off) | ${rps%.*} | $p99 | ${errors:-0} |"
  stop
}

echo "Register: $published published descriptions (SQLite), wrk -t2 -c32 -d$duration, $(nproc) cores."
echo
echo "| request | answers | requests/s | p99 | non-2xx |"
echo "|---|---|---:|---:|---:|"
list="/api/v1/algorithms?status=in-gebruik&organisation_type=gemeente"
measure "GET $list" "$list" true
measure "GET /api/v1/algorithms/{id} (1,000 IDs)" "$work/ids.lua" true
measure "GET $list" "$list" false
measure "GET /api/v1/algorithms/{id} (1,000 IDs)" "$work/ids.lua" false

echo
"$bin" --database-url "sqlite://$work/export.db" demo --count "$export_count" --seed 2 --until 2026-11-01 2>/dev/null
start "$work/export.db" 18083 true
before=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
t0=$(date +%s.%N)
bytes=$(curl -fs -o /dev/null -w '%{size_download}' "http://127.0.0.1:18083/api/v1/downloads/algorithms?format=csv")
t1=$(date +%s.%N)
peak=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
rows=$(curl -fs "http://127.0.0.1:18083/api/v1/algorithms?page_size=1" | sed -n 's/^{"total":\([0-9]*\).*/\1/p')
echo "| CSV download | descriptions | size (MB) | time (s) | server peak memory before → after (MB) |"
echo "|---|---:|---:|---:|---:|"
awk -v r="$rows" -v b="$bytes" -v a="$t0" -v z="$t1" -v m0="$before" -v m1="$peak" \
  'BEGIN { printf "| all published, %d generated | %d | %.1f | %.2f | %.0f → %.0f |\n", '"$export_count"', r, b/1048576, z-a, m0/1024, m1/1024 }'
stop
