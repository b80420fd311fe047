#!/usr/bin/env bash
# dev.sh cli leaves stdout to the program (issue 18, point 8): `dev.sh cli … --to json | jq` must
# get JSON alone, whether the Release tree is built first or is already up to date. Build output
# belongs on stderr. Run by `dev.sh test` after the suite; it builds claudette-cli in Release,
# which also keeps the README's `dev.sh run` tree compiling in CI.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

check_json() {
  python3 - "$1" <<'PY' || { echo "devsh-stdout: $2: stdout is not one JSON document" >&2; head -c 300 "$1" >&2; exit 1; }
import json, sys
with open(sys.argv[1], encoding="utf-8") as f:
    doc = json.load(f)
assert isinstance(doc, (dict, list)) and doc, "empty document"
PY
}

# The first run may build; the second finds nothing to do. Both print JSON alone on stdout.
for pass in first second; do
  "$repo/packaging/dev.sh" cli export "$repo/samples/showcase.claudette" --to json \
    >"$out/$pass.json" 2>"$out/$pass.err"
  check_json "$out/$pass.json" "$pass run"
done
[ ! -s "$out/second.err" ] || { echo "devsh-stdout: an up-to-date build still printed:" >&2; cat "$out/second.err" >&2; exit 1; }
echo "devsh-stdout: dev.sh cli printed JSON alone, built and up to date"
