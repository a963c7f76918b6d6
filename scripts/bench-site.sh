#!/usr/bin/env bash
# Benchmark of the public website (issue "The public website").
#
# - Description pages (1,000 different descriptions, cycled) and search result pages (60 different
#   queries, some with filters, cycled) at 32 connections with wrk, on a register of 20,000 generated
#   descriptions on SQLite; once with the page cache on (the default) and once with it off; each run
#   after one request for every page and 2 s of load.
# - Page weight: HTML of those pages (largest and median), and the stylesheet + script.
#
#   scripts/bench-site.sh            needs wrk and curl (apt-get install wrk curl)
#   BENCH_DURATION=20s, BENCH_COUNT=20000 to change the sizes.
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${BENCH_DURATION:-20s}
count=${BENCH_COUNT:-20000}
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
cargo build --release -q -p algoreg
bin="$CARGO_TARGET_DIR/release/algoreg"
work=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"' EXIT
export ALGOREG_LOG=warn

start() { # port cache
  ALGOREG_API_CACHE=$2 ALGOREG_INDEX_DIR="$work/index" "$bin" --database-url "sqlite://$work/site.db" serve --no-demo \
    --listen "127.0.0.1:$1" >/dev/null 2>&1 &
  pid=$!
  pids+=("$pid")
  until curl -fs "http://127.0.0.1:$1/ready" >/dev/null; do
    kill -0 "$pid" 2>/dev/null || { echo "the server did not start" >&2; exit 1; }
    sleep 0.05
  done
  local want got
  want=$(curl -fs "http://127.0.0.1:$1/api/v1/algorithms?page_size=1" | sed -n 's/^{"total":\([0-9]*\).*/\1/p')
  until [ "${got:-}" = "$want" ]; do
    sleep 0.5
    got=$(curl -fs "http://127.0.0.1:$1/api/v1/search?q=" | grep -o '"total":[0-9]*' | head -1 | cut -d: -f2)
  done
  sleep 1
}
stop() { kill "$pid"; while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done; }

"$bin" --database-url "sqlite://$work/site.db" demo --count "$count" --seed 1 --until 2026-11-01 2>/dev/null
start 18181 true
published=$(curl -fs "http://127.0.0.1:18181/api/v1/algorithms?page_size=1" | sed -n 's/^{"total":\([0-9]*\).*/\1/p')
for p in $(seq 1 10); do curl -fs "http://127.0.0.1:18181/api/v1/algorithms?page_size=100&page=$p"; done \
  | grep -o '"html":{"href":"[^"]*"' | sed 's/.*"href":"http:\/\/[^/]*//; s/"$//' >"$work/descriptions.txt"
words="parkeren afval bijstand verkeer subsidie chatbot fraude belasting water route toezicht vergunning
  zorg jeugd schuld camera wegen bomen onderwijs energie woning riolering meldingen handhaving planning
  fiets ov sport cultuur archief"
: >"$work/searches.txt"
for w in $words; do
  echo "/zoeken?q=$w" >>"$work/searches.txt"
  echo "/zoeken?q=$w&status=in-gebruik" >>"$work/searches.txt"
done
lua() { # file-with-paths
  cat <<LUA
local paths = {}
for line in io.lines("$1") do paths[#paths + 1] = line end
local i = 0
request = function() i = i % #paths + 1 return wrk.format("GET", paths[i]) end
LUA
}
lua "$work/descriptions.txt" >"$work/descriptions.lua"
lua "$work/searches.txt" >"$work/searches.lua"

# Page weight (bytes), with the server still running.
sizes() { while read -r p; do curl -fs "http://127.0.0.1:18181$p" | wc -c; done <"$1" | sort -n; }
desc_sizes=$(sizes "$work/descriptions.txt")
search_sizes=$(sizes "$work/searches.txt")
home=$(curl -fs "http://127.0.0.1:18181/")
css=$(grep -o '/assets/site\.[0-9a-f]*\.css' <<<"$home" | head -1)
js=$(grep -o '/assets/site\.[0-9a-f]*\.js' <<<"$home" | head -1)
css_bytes=$(curl -fs "http://127.0.0.1:18181$css" | wc -c)
js_bytes=$(curl -fs "http://127.0.0.1:18181$js" | wc -c)
stop

measure() { # label script cache
  local port=18182 out rps p99 errors
  start $port "$3"
  # Warm up: every page once (with the cache on, each is then rendered), then 2 s of load.
  while read -r p; do curl -fs -o /dev/null "http://127.0.0.1:$port$p"; done <"${2%.lua}.txt"
  wrk -t2 -c32 -d2s -s "$2" "http://127.0.0.1:$port" >/dev/null
  out=$(wrk -t2 -c32 -d"$duration" --latency -s "$2" "http://127.0.0.1:$port")
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  errors=$(awk '/Non-2xx/ {print $5}' <<<"$out")
  echo "| $1 | $([ "$3" = true ] && echo on || echo off) | ${rps%.*} | $p99 | ${errors:-0} |"
  stop
}

echo "Register: $published published of $count generated descriptions (SQLite), wrk -t2 -c32 -d$duration, $(nproc) cores."
echo
echo "| page | page cache | pages/s | p99 | non-2xx |"
echo "|---|---|---:|---:|---:|"
measure "description page (1,000 different)" "$work/descriptions.lua" true
measure "search results (60 different queries)" "$work/searches.lua" true
measure "description page (1,000 different)" "$work/descriptions.lua" false
measure "search results (60 different queries)" "$work/searches.lua" false
echo
median() { awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "| page weight | median (KB) | largest (KB) |"
echo "|---|---:|---:|"
echo "| description page HTML | $(( $(median <<<"$desc_sizes") / 1024 )) | $(( $(tail -1 <<<"$desc_sizes") / 1024 )) |"
echo "| search results HTML | $(( $(median <<<"$search_sizes") / 1024 )) | $(( $(tail -1 <<<"$search_sizes") / 1024 )) |"
echo "| CSS + JS | $(( (css_bytes + js_bytes) / 1024 )) | |"
