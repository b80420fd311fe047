#!/usr/bin/env bash
# Whole-process streaming benchmark: claudette-cli --json against the official TypeScript SDK
# (tests/bench/sdk_stream_client.mjs), both streaming the same generated 240,000-delta (~29 MB)
# reply over HTTP from claudette-fake-api on 127.0.0.1, in the same run, RUNS times each
# (alternating). Checks that both produced the same final Message, prints the median and best wall
# and CPU times and the ratios SDK / claudette-cli.
#
# usage (Release tree in build/release, node in PATH; e.g. inside `packaging/dev.sh shell`):
#   cmake --build build/release --target claudette-cli claudette-fake-api bench_sse_throughput
#   tests/bench/sse_throughput.sh [RUNS]
set -euo pipefail

REPO=$(cd "$(dirname "$0")/../.." && pwd)
REL=${CLAUDETTE_RELEASE_DIR:-$REPO/build/release}
RUNS=${1:-5}
CLI=$REL/src/cli/claudette-cli
FAKE=$REL/bin/claudette-fake-api
GEN=$REL/tests/bench/bench_sse_throughput
for f in "$CLI" "$FAKE" "$GEN"; do
  [ -x "$f" ] || { echo "missing $f: build the Release tree first (see the header)" >&2; exit 2; }
done
command -v node >/dev/null || { echo "node is needed for the SDK side" >&2; exit 2; }
[ -d "$REPO/tests/sdk/node_modules/@anthropic-ai/sdk" ] ||
  { echo "tests/sdk/node_modules missing: cd tests/sdk && npm ci" >&2; exit 2; }

WORK=$(mktemp -d)
FAKE_PID=
cleanup() {
  [ -n "$FAKE_PID" ] && kill "$FAKE_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

"$GEN" --runs 1 --write "$WORK/stream.sse" >/dev/null
cat >"$WORK/script.json" <<'JSON'
[{"match": {"method": "POST", "path": "/v1/messages"}, "body_file": "stream.sse",
  "headers": {"content-type": "text/event-stream"}}]
JSON
"$FAKE" "$WORK/script.json" >"$WORK/port" &
FAKE_PID=$!
for _ in $(seq 100); do [ -s "$WORK/port" ] && break; sleep 0.05; done
PORT=$(head -n1 "$WORK/port")
URL=http://127.0.0.1:$PORT
SIZE=$(stat -c %s "$WORK/stream.sse")
echo "stream: $(awk -v s="$SIZE" 'BEGIN{printf "%.1f", s/1e6}') MB served by claudette-fake-api at $URL; $RUNS runs each"

# Wall time of the whole process, and its CPU time (user + system, all threads): on a shared,
# loaded machine the wall time mostly measures the scheduler, the CPU time the work done.
TIMEFORMAT='%3R %3U %3S'
timed() { # prints "wall_ms cpu_ms"; the command's stdout goes to $1
  local out=$1 t
  shift
  t=$( { time "$@" >"$out"; } 2>&1 | tail -n1)
  awk -v t="$t" 'BEGIN{split(t, v, " "); printf "%.1f %.1f", v[1]*1000, (v[2]+v[3])*1000}'
}
ours=()
sdk=()
ours_cpu=()
sdk_cpu=()
for i in $(seq "$RUNS"); do
  read -r w c <<<"$(timed "$WORK/ours.json" env ANTHROPIC_API_KEY=bench-key "$CLI" --base-url "$URL" \
    --max-retries 0 --json bench)"
  ours+=("$w")
  ours_cpu+=("$c")
  read -r w c <<<"$(timed "$WORK/sdk.json" node "$REPO/tests/bench/sdk_stream_client.mjs" "$URL")"
  sdk+=("$w")
  sdk_cpu+=("$c")
  echo "run $i: claudette-cli ${ours[-1]} ms (CPU ${ours_cpu[-1]} ms), SDK ${sdk[-1]} ms (CPU ${sdk_cpu[-1]} ms)"
done

# Same final Message (deep equality, key order ignored).
node -e '
const fs = require("fs");
const norm = (v) => Array.isArray(v) ? v.map(norm) : v && typeof v === "object"
  ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, norm(v[k])])) : v;
const a = JSON.stringify(norm(JSON.parse(fs.readFileSync(process.argv[1], "utf8"))));
const b = JSON.stringify(norm(JSON.parse(fs.readFileSync(process.argv[2], "utf8"))));
if (a !== b) { console.error("the final Messages differ"); process.exit(1); }
console.log("final Messages identical (" + a.length + " bytes of JSON)");
' "$WORK/ours.json" "$WORK/sdk.json"

stats() { printf '%s\n' "$@" | sort -g | awk '{v[NR]=$1} END{printf "%s %s", v[1], v[int((NR+1)/2)]}'; }
read -r ours_best ours_med <<<"$(stats "${ours[@]}")"
read -r sdk_best sdk_med <<<"$(stats "${sdk[@]}")"
read -r ours_cbest ours_cmed <<<"$(stats "${ours_cpu[@]}")"
read -r sdk_cbest sdk_cmed <<<"$(stats "${sdk_cpu[@]}")"
echo "claudette-cli --json: wall best $ours_best ms, median $ours_med ms; CPU best $ours_cbest ms, median $ours_cmed ms"
echo "TypeScript SDK:       wall best $sdk_best ms, median $sdk_med ms; CPU best $sdk_cbest ms, median $sdk_cmed ms"
awk -v o="$ours_med" -v s="$sdk_med" 'BEGIN{printf "ratio (SDK / claudette-cli, wall medians): %.1fx\n", s/o}'
awk -v o="$ours_cmed" -v s="$sdk_cmed" 'BEGIN{printf "ratio (SDK / claudette-cli, CPU medians): %.1fx\n", s/o}'
