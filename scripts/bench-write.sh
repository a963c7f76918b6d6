#!/usr/bin/env bash
# Benchmark of the write API (issue 7, "Publishing by machine"): validate and save throughput for 1.0
# documents (goal: over 1,000 saves/s on SQLite on 2 cores) and a bulk upsert of 10,000 descriptions
# (goal: under 20 s). Prints Markdown tables.
#
# - Through the register, no HTTP: `crates/register/examples/bench_write.rs` (validate, create, save a
#   draft from 8 concurrent tasks; bulk upsert of 10,000 in calls of 1,000: create, update, unchanged).
# - Through HTTP with a real token (a person's, from the token endpoint) against `algoreg serve` on a
#   new SQLite database: `POST /api/v1/validate` and `POST /api/v1/algorithms` with wrk (each request
#   creates a description, cycling through 500 different generated documents), then the same bulk
#   upsert of 10,000 with curl, one call of 1,000 after the other.
#
#   scripts/bench-write.sh         needs wrk and curl (apt-get install wrk curl)
#   BENCH_DURATION=10s, BENCH_CONNECTIONS=8, BENCH_SAVES=5000, BENCH_BULK=10000 to change the sizes.
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${BENCH_DURATION:-10s}
conns=${BENCH_CONNECTIONS:-8}
saves=${BENCH_SAVES:-5000}
bulk=${BENCH_BULK:-10000}
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
cargo build --release -q -p algoreg
cargo build --release -q -p algoreg-register --example bench_write
bin="$CARGO_TARGET_DIR/release/algoreg"
example="$CARGO_TARGET_DIR/release/examples/bench_write"
work=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT
export ALGOREG_LOG=warn

echo "Through the register (no HTTP), SQLite, $(nproc) cores:"
echo
"$example" "$saves" 8 "$bulk"
echo

"$example" files "$work/bodies" "$bulk"
db="sqlite://$work/write.db"
port=18091
# The rate limits (per minute) are lifted: this measures the work, not the limiter.
ALGOREG_RATE_LIMIT_PER_ACTOR=1000000000 ALGOREG_RATE_LIMIT_PER_ADDRESS=1000000000 \
  ALGOREG_INDEX_DIR="$work/index" "$bin" --database-url "$db" serve --no-demo --listen "127.0.0.1:$port" >/dev/null 2>&1 &
pid=$!
until curl -fs "http://127.0.0.1:$port/ready" >/dev/null; do
  kill -0 "$pid" 2>/dev/null || { echo "the server did not start" >&2; exit 1; }
  sleep 0.05
done
password="bench-password-$RANDOM$RANDOM"
echo "$password" | "$bin" --database-url "$db" user add --email bench@example.nl --name Bench \
  --password-stdin --org gm0363 --role editor --org gm0599 --role editor 2>/dev/null
token=$(curl -fs "http://127.0.0.1:$port/realms/algreg/protocol/openid-connect/token" \
  --data-urlencode grant_type=password --data-urlencode client_id=bench \
  --data-urlencode username=bench@example.nl --data-urlencode "password=$password" |
  sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')
[ -n "$token" ] || { echo "no token from the token endpoint" >&2; exit 1; }

cat >"$work/create.lua" <<LUA
local bodies = {}
for line in io.lines("$work/bodies/create.jsonl") do bodies[#bodies + 1] = line end
local i = 0
request = function()
  i = i % #bodies + 1
  return wrk.format("POST", "/api/v1/algorithms", nil, bodies[i])
end
LUA
cat >"$work/validate.lua" <<LUA
local f = io.open("$work/bodies/validate.json") local body = f:read("*a") f:close()
request = function() return wrk.format("POST", "/api/v1/validate", nil, body) end
LUA

# wrk prints "Requests/sec:", with --latency the 99% line, and "Non-2xx" when there were errors.
measure() { # label script
  local out rps p99 errors
  local args=(-t2 -c"$conns" --latency -H "Authorization: Bearer $token" -H "Content-Type: application/json" -s "$2")
  wrk "${args[@]}" -d2s "http://127.0.0.1:$port" >/dev/null # warm up
  out=$(wrk "${args[@]}" -d"$duration" "http://127.0.0.1:$port")
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  errors=$(awk '/Non-2xx/ {print $5}' <<<"$out")
  echo "| $1 | ${rps%.*} | $p99 | ${errors:-0} |"
  [ -z "$errors" ] || { echo "$1: answers other than 2xx; the figures above are not valid" >&2; exit 1; }
}

echo "Through HTTP with a bearer token: algoreg serve on SQLite, wrk -t2 -c$conns -d$duration on the same machine."
echo
echo "| request | requests/s | p99 | non-2xx |"
echo "|---|---:|---:|---:|"
measure "POST /api/v1/validate" "$work/validate.lua"
measure "POST /api/v1/algorithms (create a draft)" "$work/create.lua"

echo
echo "| bulk upsert through HTTP | descriptions | time (s) |"
echo "|---|---:|---:|"
for round in create unchanged; do
  t0=$(date +%s.%N)
  for f in $(ls "$work"/bodies/bulk-*.json | sort -V); do
    code=$(curl -s -o "$work/answer.json" -w '%{http_code}' -H "Authorization: Bearer $token" \
      -H "Content-Type: application/json" --data-binary "@$f" \
      "http://127.0.0.1:$port/api/v1/organizations/gm0599/algorithms/bulk")
    [ "$code" = 200 ] || { echo "bulk call answered $code: $(head -c 500 "$work/answer.json")" >&2; exit 1; }
  done
  t1=$(date +%s.%N)
  awk -v r="$round" -v n="$bulk" -v a="$t0" -v z="$t1" \
    'BEGIN { printf "| %s, %d calls of 1,000 | %d | %.2f |\n", r, (n + 999) / 1000, n, z - a }'
done
