#!/usr/bin/env bash
# Benchmark of the foundation (issue "The register's core"): how long `algoreg demo` takes to generate
# and load N descriptions, how large the database gets, and how long `algoreg serve` needs from start to
# a ready answer on that database. Prints a Markdown table.
#
#   scripts/bench-foundation.sh [COUNT ...]        (default: 2000 20000 100000)
#   ALGOREG_BENCH_POSTGRES=postgres://postgres@127.0.0.1:5432  adds PostgreSQL rows (a database per run)
set -euo pipefail
cd "$(dirname "$0")/.."
counts=("${@:-2000 20000 100000}")
read -r -a counts <<<"${counts[*]}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
cargo build --release -q -p algoreg
bin="$CARGO_TARGET_DIR/release/algoreg"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export ALGOREG_LOG=warn

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

# Seconds from starting `serve` to the first 200 from /ready (median of 3 starts).
cold_start() {
  local url=$1 port=18080 times=()
  for _ in 1 2 3; do
    local t0; t0=$(now)
    "$bin" --database-url "$url" serve --no-demo --listen "127.0.0.1:$port" >/dev/null 2>&1 &
    local pid=$!
    until curl -fs "http://127.0.0.1:$port/ready" >/dev/null 2>&1; do sleep 0.01; done
    times+=("$(secs "$t0" "$(now)")")
    kill "$pid"; wait "$pid" 2>/dev/null || true
  done
  printf '%s\n' "${times[@]}" | sort -n | sed -n 2p
}

echo "| backend | descriptions | versions | demo load (s) | database size (MB) | cold start to ready (s) |"
echo "|---|---:|---:|---:|---:|---:|"
for n in "${counts[@]}"; do
  db="$work/bench-$n.db"
  url="sqlite://$db"
  "$bin" --database-url "$url" migrate 2>/dev/null
  t0=$(now)
  out=$("$bin" --database-url "$url" demo --count "$n" --seed 1 --until 2026-11-01 2>&1)
  load=$(secs "$t0" "$(now)")
  versions=$(sed -n 's/.*(\([0-9]*\) versions).*/\1/p' <<<"$out")
  size=$(du -cm "$db"* | tail -n1 | cut -f1)
  echo "| SQLite | $n | $versions | $load | $size | $(cold_start "$url") |"
  if [ -n "${ALGOREG_BENCH_POSTGRES:-}" ]; then
    name="algoreg_bench_$n"
    psql "$ALGOREG_BENCH_POSTGRES/postgres" -qc "DROP DATABASE IF EXISTS $name" -c "CREATE DATABASE $name" >/dev/null
    url="$ALGOREG_BENCH_POSTGRES/$name"
    "$bin" --database-url "$url" migrate 2>/dev/null
    t0=$(now)
    "$bin" --database-url "$url" demo --count "$n" --seed 1 --until 2026-11-01 >/dev/null 2>&1
    load=$(secs "$t0" "$(now)")
    size=$(psql "$url" -Atc "SELECT pg_database_size(current_database()) / 1048576")
    echo "| PostgreSQL | $n | $versions | $load | $size | $(cold_start "$url") |"
    psql "$ALGOREG_BENCH_POSTGRES/postgres" -qc "DROP DATABASE IF EXISTS $name WITH (FORCE)" >/dev/null
  fi
done
