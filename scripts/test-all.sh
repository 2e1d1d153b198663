#!/usr/bin/env bash
# Runs every test Deckhand has: the Java suites (unit, adapter, end-to-end HTTP, architecture) and the
# conformance suite, which drives the built jar with the official Anki client.
set -euo pipefail
cd "$(dirname "$0")/.."

mvn -B -ntp verify
conformance/run.sh
