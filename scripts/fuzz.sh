#!/usr/bin/env bash
# Coverage-guided fuzzing of the parsers of untrusted bytes (the @FuzzTest classes), each for a
# bounded time, then a summary per target: executions, corpus entries, findings.
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TEST_PATTERN]      # defaults: 15, *FuzzTest
#
# Each fuzz test class runs in its own JVM (Jazzer fuzzes one test per JVM). The corpus that grows
# is kept in <module>/.cifuzz-corpus/ (ignored by git) and reused by the next run; a finding is
# written by Jazzer into the test's committed inputs (src/test/resources/.../<Class>Inputs/<method>/)
# and fails the run. Without JAZZER_FUZZ, `mvn verify` replays those inputs as regression tests.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-15}"
pattern="${2:-*FuzzTest}"
modules="adapter-http-javalin,adapter-image"

log=target-fuzz.log
set +e
JAZZER_FUZZ=1 mvn -B -ntp --fail-at-end test -pl "$modules" -am \
  -Dtest="$pattern" -Dsurefire.failIfNoSpecifiedTests=false \
  -DreuseForks=false -Djazzer.max_duration="${seconds}s" >"$log" 2>&1
rc=$?
set -e

# The forks run one after the other; libFuzzer's last line of each ("#N DONE cov: ... corp: E/B")
# follows Surefire's "Running <class>" line for it.
printf '%-56s %11s %7s %s\n' "fuzz target" "executions" "corpus" "result"
awk '
  /Running dev\.deckhand\..*FuzzTest$/ { class = $NF; sub(/.*\./, "", class); order[++n] = class }
  /DONE +cov:/ && class != "" { runs[class] = substr($1, 2); split($0, c, "corp: "); split(c[2], e, "/"); corpus[class] = e[1] }
  /Tests run:.*in dev\.deckhand\..*FuzzTest$/ { name = $NF; sub(/.*\./, "", name); failed[name] = ($0 ~ /FAILURE/) }
  END { for (i = 1; i <= n; i++) { k = order[i];
          printf "%-56s %11s %7s %s\n", k, (k in runs ? runs[k] : "?"), (k in corpus ? corpus[k] : "?"), (failed[k] ? "FINDING" : "ok") } }
' "$log"
if [ "$rc" -ne 0 ]; then
  echo "fuzzing failed (exit $rc): findings are written to the test inputs (git status shows them); Maven's output is in $log" >&2
  grep -a 'FuzzTestFinding\|ERROR\] *[A-Za-z]*FuzzTest' "$log" | head -20 >&2 || true
fi
exit "$rc"
