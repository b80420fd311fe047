#!/usr/bin/env bash
# The GUI benchmarks of issue 6 point 8, all under Xvfb (xvfb-run), in the Release tree:
#   1. bench_gui_delta under callgrind (instructions counted only around the loop of deltas) with
#      10, 1,000 and 10,000 messages before the streamed reply; prints instructions per delta and
#      the ratio largest / smallest (target: at most 1.5).
#   2. bench_gui_first_screen: a 10,000-message conversation's first screen (target < 1 s), median
#      of RUNS; once from the loaded conversation, once from reading its file.
#   3. bench_gui_key_latency: key to composer paint while 200 deltas/s stream (target p95 < 50 ms),
#      RUNS runs; prints the median of the runs' p95.
#   4. bench_gui_cold_start: exec to first paint, claudette-qt against bench_bare_window (target
#      at most 2x), median of RUNS each.
#   5. bench_gui_idle_memory: VmRSS 5 s after the window shows, against bench_bare_window (target
#      at most 30 MB more), median of RUNS each.
#
# usage (inside `packaging/dev.sh shell`):
#   cmake --build build/release --target claudette-qt bench_bare_window bench_gui_delta \
#     bench_gui_first_screen bench_gui_key_latency bench_gui_cold_start bench_gui_idle_memory
#   tests/bench/gui_benches.sh [RUNS] [DELTAS] [ONLY...]
# DELTAS (default 10000) is the length of the callgrind loop; ONLY names benchmarks to run
# (delta first_screen key_latency cold_start idle_memory).
set -euo pipefail

REPO=$(cd "$(dirname "$0")/../.." && pwd)
REL=${CLAUDETTE_RELEASE_DIR:-$REPO/build/release}
B=$REL/tests/bench
RUNS=${1:-10}
DELTAS=${2:-10000}
shift $(( $# > 2 ? 2 : $# ))
ONLY=" ${*:-delta first_screen key_latency cold_start idle_memory} "
for f in "$REL/src/app/claudette-qt" "$B/bench_bare_window" "$B/bench_gui_delta" \
  "$B/bench_gui_first_screen" "$B/bench_gui_key_latency" "$B/bench_gui_cold_start" \
  "$B/bench_gui_idle_memory"; do
  [ -x "$f" ] || { echo "missing $f: build the Release tree first (see the header)" >&2; exit 2; }
done

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export XDG_DATA_HOME=$WORK/data XDG_CONFIG_HOME=$WORK/config XDG_CACHE_HOME=$WORK/cache
export QT_QPA_PLATFORM=xcb
unset ANTHROPIC_API_KEY || true
xrun() { xvfb-run -a -s "-screen 0 1440x900x24" "$@"; }

echo "# $(date -u '+%Y-%m-%d %H:%M UTC')  uptime:$(uptime)"
echo "# runs=$RUNS deltas=$DELTAS"

if [[ $ONLY == *" delta "* ]]; then
  # The three sizes run side by side (instruction counts do not depend on the load); each takes
  # tens of minutes under valgrind with 10,000 deltas.
  declare -A IR
  pids=()
  for n in 10 1000 10000; do
    xrun valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$WORK/callgrind.$n" \
      "$B/bench_gui_delta" --messages "$n" --deltas "$DELTAS" >"$WORK/delta.$n.log" 2>&1 &
    pids+=($!)
    sleep 3 # lets xvfb-run -a take its display number before the next one looks for a free one
  done
  for i in "${!pids[@]}"; do
    wait "${pids[$i]}" || { cat "$WORK"/delta.*.log >&2; exit 1; }
  done
  for n in 10 1000 10000; do
    total=$(grep -E '^totals:' "$WORK/callgrind.$n" | tail -n1 | awk '{print $2}')
    IR[$n]=$((total / DELTAS))
    echo "delta: messages=$n instructions_per_delta=${IR[$n]} ($(grep messages= "$WORK/delta.$n.log"))"
  done
  python3 - "${IR[10]}" "${IR[1000]}" "${IR[10000]}" <<'PY'
import sys
v = [int(x) for x in sys.argv[1:]]
print("delta: ratio max/min = %.2f (target <= 1.5)" % (max(v) / min(v)))
PY
fi

if [[ $ONLY == *" first_screen "* ]]; then
  xrun "$B/bench_gui_first_screen" --messages 10000 --runs "$RUNS" | sed 's/^/first_screen: /'
  xrun "$B/bench_gui_first_screen" --messages 10000 --runs "$RUNS" --from-file |
    sed 's/^/first_screen (from the file): /'
fi

if [[ $ONLY == *" key_latency "* ]]; then
  : >"$WORK/p95"
  for i in $(seq 1 "$RUNS"); do
    line=$(xrun "$B/bench_gui_key_latency" | tee "$WORK/key.$i" | grep key_to_paint_ms)
    echo "key_latency run $i: $line ($(head -n1 "$WORK/key.$i"))"
    echo "$line" | sed -E 's/.*p95=([0-9.]+).*/\1/' >>"$WORK/p95"
  done
  sort -n "$WORK/p95" | awk '{a[NR]=$1} END {printf "key_latency: median of the runs p95 = %.2f ms (target < 50)\n", a[int((NR+1)/2)]}'
fi

if [[ $ONLY == *" cold_start "* ]]; then
  xrun "$B/bench_gui_cold_start" --runs "$RUNS" | sed 's/^/cold_start: /'
fi

if [[ $ONLY == *" idle_memory "* ]]; then
  xrun "$B/bench_gui_idle_memory" --runs "$RUNS" | sed 's/^/idle_memory: /'
fi
