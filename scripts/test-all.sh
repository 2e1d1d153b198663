#!/usr/bin/env bash
# Runs every test Deckhand has: the links of the README and docs, the Java suites (unit, adapter,
# end-to-end HTTP, architecture, the fuzz tests' regression inputs), a short coverage-guided fuzzing
# run of each parser (docs/testing.md), and the conformance suite, which drives the built jar with
# the official Anki client. Installs what the tests need first (scripts/install-test-deps.sh), so it
# works on a fresh machine.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-test-deps.sh
scripts/check-doc-links.py
mvn -B -ntp verify
scripts/fuzz.sh 10
conformance/run.sh
