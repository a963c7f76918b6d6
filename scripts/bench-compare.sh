#!/usr/bin/env bash
# Before/after in one run: the uncached read API (issue 3), search (issue 4) and the full CSV download,
# measured for two binaries one right after the other under the same conditions, so that a change is
# read as a ratio even on a machine that is busy with other work.
#
#   scripts/bench-compare.sh BEFORE_BIN AFTER_BIN     e.g. release builds of main and of this branch
#   needs wrk and curl. BENCH_DURATION=10s, BENCH_COUNT=20000, BENCH_EXPORT_COUNT=100000 to change;
#   BENCH_SKIP_API=1 or BENCH_SKIP_EXPORT=1 to run one part only; BENCH_DB=path to start both from
#   copies of a register generated beforehand by BEFORE_BIN instead of generating one each.
#   Run it at a higher priority than other work if you may: nice -n -10 scripts/bench-compare.sh …
#
# - Each binary generates its own register of BENCH_COUNT descriptions (`demo --seed 1`: the same data)
#   and serves it with the answer cache off; wrk -t2 -c32 after a 2 s warm-up:
#   * `GET /api/v1/algorithms?status=in-gebruik&organisation_type=gemeente` (the issue's request);
#   * `GET /api/v1/algorithms?…` cycling through 506 different queries (filters, pages, sorts, sizes);
#   * `GET /api/v1/algorithms/{id}` cycling through 1,000 IDs;
#   * `GET /api/v1/search?…` one word, two words, filtered, misspelt (facets in every answer).
# - The full CSV download of BENCH_EXPORT_COUNT descriptions, generated once by AFTER_BIN (the older
#   binary reads that database as it reads its own: it ignores the newer table and column), after the
#   search index was built by an earlier start: time, size, server peak memory (VmHWM) after.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -eq 2 ] || { echo "usage: $0 BEFORE_BIN AFTER_BIN" >&2; exit 2; }
bins=("$(realpath "$1")" "$(realpath "$2")")
sides=(before after)
duration=${BENCH_DURATION:-10s}
count=${BENCH_COUNT:-20000}
export_count=${BENCH_EXPORT_COUNT:-100000}
work=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"' EXIT
export ALGOREG_LOG=warn

start() { # bin db index port cache
  ALGOREG_API_CACHE=$5 ALGOREG_INDEX_DIR="$3" "$1" --database-url "sqlite://$2" serve --no-demo \
    --listen "127.0.0.1:$4" >/dev/null 2>&1 &
  pid=$!
  pids+=("$pid")
  until curl -fs "http://127.0.0.1:$4/ready" >/dev/null; do
    kill -0 "$pid" 2>/dev/null || { echo "the server did not start" >&2; exit 1; }
    sleep 0.05
  done
  # Until the search index holds every published description (its first build would compete).
  local want got=
  want=$(total "http://127.0.0.1:$4/api/v1/algorithms?page_size=1")
  until [ "$got" = "$want" ]; do
    sleep 0.5
    got=$(curl -fs "http://127.0.0.1:$4/api/v1/search?q=" | grep -o '"total":[0-9]*' | head -1 | cut -d: -f2)
  done
  sleep 1
}
stop() { kill "$pid"; while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done; }
total() { curl -fs "$1" | sed -n 's/^{"total":\([0-9]*\).*/\1/p'; }
hwm() { awk '/VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$pid/status"; }

# wrk: requests/s, p50, p99, non-2xx.
measure() { # port url-or-script
  local args=(-t2 -c32 --latency) out
  if [[ $2 == *.lua ]]; then args+=(-s "$2" "http://127.0.0.1:$1"); else args+=("http://127.0.0.1:$1$2"); fi
  wrk "${args[@]}" -d2s >/dev/null
  out=$(wrk "${args[@]}" -d"$duration")
  echo "$(awk '/Requests\/sec/ {printf "%d", $2}' <<<"$out") $(awk '$1 == "50%" {print $2}' <<<"$out") $(awk '$1 == "99%" {print $2}' <<<"$out") $(awk '/Non-2xx/ {print $5}' <<<"$out" | grep . || echo 0)"
}

cat >"$work/lists.lua" <<'LUA'
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

echo "$(nproc) cores; load at start $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%FT%TZ)"
if [ -z "${BENCH_SKIP_API:-}" ]; then
for i in 0 1; do
  if [ -n "${BENCH_DB:-}" ]; then
    # A register generated beforehand (by BEFORE_BIN): both start from a copy; AFTER_BIN migrates its
    # copy when it starts.
    cp "$BENCH_DB" "$work/${sides[$i]}.db"
  else
    "${bins[$i]}" --database-url "sqlite://$work/${sides[$i]}.db" demo --count "$count" --seed 1 --until 2026-11-01 2>/dev/null
  fi
done

list="/api/v1/algorithms?status=in-gebruik&organisation_type=gemeente"
requests=("GET $list" "GET /api/v1/algorithms?… (506 different)" "GET /api/v1/algorithms/{id} (1,000 different)"
  "search q=parkeren" "search q=afval route" "search q=risico + theme + status" "search q=parkeerbelsting (typo)")
declare -A results
# Answers compared between the two binaries (same port, so the same URLs inside).
checks=()
for w in parkeren "afval route" risico subsidie parkeerbelsting "woz of belasting" '"sociaal domein"' bsn -zorg fraude \
  uitkering verkeer; do
  for f in "" "&status=in-gebruik" "&theme=zorg-en-gezondheid&organisation_type=gemeente" "&sort=newest&page=2"; do
    checks+=("/api/v1/search?q=$(sed 's/ /+/g; s/"/%22/g' <<<"$w")$f")
  done
done
for q in "status=in-gebruik&organisation_type=gemeente" "theme=verkeer&sort=name" "theme=werk&sort=-name&page=3" \
  "impact_assessment=none&page_size=50" "impact_assessment=other" "publication_category=hoog-risico-ai-systeem&sort=published" \
  "organisation_type=provincie&status=buiten-gebruik" "page=7&page_size=100" "sort=name&page=40"; do
  checks+=("/api/v1/algorithms?$q")
done
for i in 0 1; do
  port=18100
  start "${bins[$i]}" "$work/${sides[$i]}.db" "$work/${sides[$i]}.index" $port false
  ids=$(for p in $(seq 1 10); do curl -fs "http://127.0.0.1:$port/api/v1/algorithms?page_size=100&page=$p"; done \
    | grep -o '"id":"[0-9]\{8\}"' | cut -d'"' -f4 | paste -sd, -)
  cat >"$work/ids.lua" <<LUA
local ids = {} for id in string.gmatch("$ids", "[^,]+") do ids[#ids + 1] = id end
local i = 0
request = function() i = i % #ids + 1 return wrk.format("GET", "/api/v1/algorithms/" .. ids[i]) end
LUA
  results[$i,0]=$(measure $port "$list")
  results[$i,1]=$(measure $port "$work/lists.lua")
  results[$i,2]=$(measure $port "$work/ids.lua")
  k=3
  for q in "q=parkeren" "q=afval+route" "q=risico&theme=zorg-en-gezondheid&status=in-gebruik" "q=parkeerbelsting"; do
    results[$i,$k]="$(measure $port "/api/v1/search?$q") $(curl -fs "http://127.0.0.1:$port/api/v1/search?$q" | grep -o '"total":[0-9]*' | head -1 | cut -d: -f2)"
    k=$((k + 1))
  done
  mkdir -p "$work/answers-$i"
  n=0
  for c in "${checks[@]}" $(tr , '\n' <<<"$ids" | head -50 | sed 's|^|/api/v1/algorithms/|'); do
    curl -fs "http://127.0.0.1:$port$c" >"$work/answers-$i/$n.json" || echo "failed: $c" >"$work/answers-$i/$n.json"
    echo "$c" >"$work/answers-$i/$n.url"
    n=$((n + 1))
  done
  stop
done

echo
echo "$count generated descriptions on SQLite, answer cache off, wrk -t2 -c32 -d$duration."
echo
echo "| request | before: req/s | p99 | after: req/s | p99 | after / before | non-2xx (before, after) |"
echo "|---|---:|---:|---:|---:|---:|---|"
for k in "${!requests[@]}"; do
  read -r b_rps _ b_p99 b_err _ <<<"${results[0,$k]}"
  read -r a_rps _ a_p99 a_err _ <<<"${results[1,$k]}"
  echo "| ${requests[$k]} | $b_rps | $b_p99 | $a_rps | $a_p99 | $(awk -v a="$a_rps" -v b="$b_rps" 'BEGIN { printf "%.2f×", a / b }') | $b_err, $a_err |"
done
echo
echo "search totals (before, after): $(for k in 3 4 5 6; do echo -n "$(cut -d' ' -f5 <<<"${results[0,$k]}")/$(cut -d' ' -f5 <<<"${results[1,$k]}") "; done)"
same=0
differ=()
for f in "$work"/answers-0/*.json; do
  b=$(basename "$f")
  if cmp -s "$f" "$work/answers-1/$b"; then same=$((same + 1)); else differ+=("$(cat "$work/answers-0/${b%.json}.url")"); fi
done
echo "answers compared byte for byte (searches, lists, descriptions): $same equal, ${#differ[@]} different"
for d in "${differ[@]}"; do echo "  differs: $d"; done

fi

[ -n "${BENCH_SKIP_EXPORT:-}" ] && exit 0
"${bins[1]}" --database-url "sqlite://$work/export.db" demo --count "$export_count" --seed 2 --until 2026-11-01 2>/dev/null
echo
echo "| CSV download of $export_count generated | rows | size (MB) | time (s) | server peak memory (MB) |"
echo "|---|---:|---:|---:|---:|"
for i in 0 1; do
  # The first start builds the search index; the measured one starts with it built.
  start "${bins[$i]}" "$work/export.db" "$work/export-${sides[$i]}.index" 18110 true
  stop
  start "${bins[$i]}" "$work/export.db" "$work/export-${sides[$i]}.index" 18110 true
  rows=$(total "http://127.0.0.1:18110/api/v1/algorithms?page_size=1")
  t0=$(date +%s.%N)
  bytes=$(curl -fs -o "$work/${sides[$i]}.csv" -w '%{size_download}' "http://127.0.0.1:18110/api/v1/downloads/algorithms?format=csv")
  t1=$(date +%s.%N)
  awk -v s="${sides[$i]}" -v r="$rows" -v b="$bytes" -v a="$t0" -v z="$t1" -v m="$(hwm)" \
    'BEGIN { printf "| %s | %d | %.1f | %.2f | %d |\n", s, r, b/1048576, z-a, m }'
  stop
done
if cmp -s "$work/before.csv" "$work/after.csv"; then echo; echo "The two CSV files are identical."; else echo; echo "The two CSV files differ."; fi
echo
echo "load at end $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%FT%TZ)"
