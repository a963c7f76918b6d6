#!/usr/bin/env bash
# Before/after: runs scripts/bench-api.sh and scripts/bench-search.sh of this tree against two
# binaries, one after the other per script (same data: the demo generator is deterministic), so that
# a change is measured as a ratio under the same conditions.
#
#   scripts/bench-compare.sh BEFORE_BIN AFTER_BIN      e.g. a release build of main, and of this branch
#   BENCH_* variables pass through to both scripts (see them); output goes to stdout.
#   Run it at a higher priority than other work on the machine if you can: nice -n -10 scripts/bench-compare.sh …
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -eq 2 ] || { echo "usage: $0 BEFORE_BIN AFTER_BIN" >&2; exit 2; }
before=$(realpath "$1")
after=$(realpath "$2")
echo "load at start: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores; $(date -u +%FT%TZ)"
for script in bench-api.sh bench-search.sh; do
  for side in before after; do
    bin=$before
    [ "$side" = after ] && bin=$after
    echo
    echo "## $script — $side ($bin)"
    echo
    ALGOREG_BIN=$bin "scripts/$script"
  done
done
echo
echo "load at end: $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%FT%TZ)"
