#!/usr/bin/env bash
# Runs the sync benchmark (Deckhand vs. the official anki sync server) and prints the report.
#
#   bench/run.sh            the default run: every case at full size (about 16 minutes on the
#                           2-core reference machine, plus about a minute the first time to build
#                           the cached collections and password hashes in bench/cache/)
#   bench/run.sh --quick    every case once at small sizes, to check the tool (under 4 minutes)
#   bench/run.sh [--cases concurrent,large,curve,many,nodes] [--targets deckhand,reference] [flags]
#
# Flags are sync_bench.py's (see bench/README.md or `sync_bench.py --help`).
# Builds nothing: expects app/target/deckhand.jar (or DECKHAND_JAR). Uses the conformance venv
# (CONFORMANCE_VENV, default conformance/.venv), creating it via conformance/run.sh if missing.
# Writes bench/results/latest.md (git-ignored). Exit code: 0 = every case valid, 1 = some case
# invalid (a sync error or diverging devices; see the report), 2 = setup problem.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
venv="${CONFORMANCE_VENV:-$repo/conformance/.venv}"
jar="${DECKHAND_JAR:-$repo/app/target/deckhand.jar}"

wants_deckhand=1
args=" $* "
case "$args" in
  *" --targets reference "*|*" --targets=reference "*) wants_deckhand=0 ;;
esac
if [ "$wants_deckhand" = 1 ] && [ ! -f "$jar" ]; then
  echo "Deckhand jar not found at $jar." >&2
  echo "Build it first:   (cd $repo && mvn -q -B package -DskipTests)" >&2
  echo "or benchmark only the official server:   bench/run.sh --targets reference" >&2
  exit 2
fi

if [ ! -x "$venv/bin/python" ]; then
  echo "== creating the conformance venv ($venv)" >&2
  "$repo/conformance/run.sh" --collect-only -q >/dev/null
fi

mkdir -p "$here/results"
out="$here/results/latest.md"
# An --out of the caller's wins (argparse keeps the last), and is the report shown at the end.
previous=""
for arg in "$@"; do
  case "$arg" in
    --out=*) out="${arg#--out=}" ;;
    *) [ "$previous" = "--out" ] && out="$arg" ;;
  esac
  previous="$arg"
done
set +e
"$venv/bin/python" "$here/sync_bench.py" --out "$out" "$@"
rc=$?
set -e
if [ -f "$out" ] && [ "$rc" -ne 2 ]; then
  echo
  cat "$out"
fi
exit "$rc"
