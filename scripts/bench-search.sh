#!/usr/bin/env bash
# Benchmark of search (issue "Search that finds what people mean").
#
# - Index build: `algoreg reindex --offline` on registers of 2,000, 20,000 and 100,000 generated
#   descriptions: time, index size on disk, peak memory of the process.
# - Search over HTTP at 32 connections (wrk) on the 20,000 register: one word, two words, a filtered
#   query and a misspelt word, facets included in every answer.
#
#   scripts/bench-search.sh          needs wrk, curl and GNU time (apt-get install wrk curl time)
#   BENCH_COUNTS="2000 20000 100000", BENCH_DURATION=20s to change.
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${BENCH_DURATION:-20s}
read -r -a counts <<<"${BENCH_COUNTS:-2000 20000 100000}"
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

echo "| descriptions | published | index build (s) | index size (MB) | peak memory (MB) |"
echo "|---:|---:|---:|---:|---:|"
for n in "${counts[@]}"; do
  db="$work/s$n.db"
  "$bin" --database-url "sqlite://$db" demo --count "$n" --seed 1 --until 2026-11-01 2>/dev/null
  out=$( { /usr/bin/time -f "RSS %M" "$bin" --database-url "sqlite://$db" reindex --offline --index-dir "$work/idx$n"; } 2>&1 )
  docs=$(sed -n 's/.*rebuilt: \([0-9]*\) descriptions in \([0-9.]*\) s.*/\1/p' <<<"$out")
  secs=$(sed -n 's/.*rebuilt: \([0-9]*\) descriptions in \([0-9.]*\) s.*/\2/p' <<<"$out")
  rss=$(sed -n 's/^RSS \([0-9]*\)/\1/p' <<<"$out")
  size=$(du -sm "$work/idx$n" | cut -f1)
  echo "| $n | $docs | $secs | $size | $((rss / 1024)) |"
done

n=20000
port=18090
ALGOREG_INDEX_DIR="$work/idx$n" "$bin" --database-url "sqlite://$work/s$n.db" serve --no-demo --listen "127.0.0.1:$port" >/dev/null 2>&1 &
pids+=("$!")
until curl -fs "http://127.0.0.1:$port/ready" >/dev/null; do sleep 0.05; done
sleep 2
echo
echo "Search on $n generated descriptions, wrk -t2 -c32 -d$duration, $(nproc) cores; every answer has 8 facets."
echo
echo "| query | results | requests/s | p99 | non-2xx |"
echo "|---|---:|---:|---:|---:|"
for q in "q=parkeren" "q=afval+route" "q=risico&theme=zorg-en-gezondheid&status=in-gebruik" "q=parkeerbelsting"; do
  total=$(curl -fs "http://127.0.0.1:$port/api/v1/search?$q" | grep -o '"total":[0-9]*' | head -1 | cut -d: -f2)
  wrk -t2 -c32 -d2s "http://127.0.0.1:$port/api/v1/search?$q" >/dev/null
  out=$(wrk -t2 -c32 -d"$duration" --latency "http://127.0.0.1:$port/api/v1/search?$q")
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  errors=$(awk '/Non-2xx/ {print $5}' <<<"$out")
  echo "| \`$q\` | $total | ${rps%.*} | $p99 | ${errors:-0} |"
done
