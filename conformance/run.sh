#!/usr/bin/env bash
# Runs the official-client conformance suite.
#
#   conformance/run.sh [extra pytest args]
#
# Environment:
#   CONFORMANCE_TARGET   deckhand (default) | reference
#   CONFORMANCE_VENV     venv to create/reuse (default: conformance/.venv)
#   CONFORMANCE_DESKTOP_VENV  venv of the desktop app (default: conformance/.venv-desktop)
#   CONFORMANCE_MARKERS  pytest -m expression (default: every test)
#   DECKHAND_JAR         jar under test (default: app/target/deckhand.jar)
#   CONFORMANCE_PYTHON   interpreter used to create the venv (default: python3)
# Exit code is pytest's.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
venv="${CONFORMANCE_VENV:-$here/.venv}"
python="${CONFORMANCE_PYTHON:-python3}"
req="$here/requirements.txt"

# Creates venv $1 if needed and installs requirements file $2 into it when that file changed since
# the last successful install.
ensure_venv() {
  local venv="$1" req="$2" stamp="$1/.conformance-requirements"
  if [ ! -x "$venv/bin/python" ]; then
    echo "== creating venv $venv" >&2
    "$python" -m venv "$venv"
  fi
  if ! cmp -s "$req" "$stamp" 2>/dev/null; then
    echo "== installing $req" >&2
    "$venv/bin/python" -m pip install -q --disable-pip-version-check -r "$req"
    cp "$req" "$stamp"
  fi
}
ensure_venv "$venv" "$req"
# The real desktop app (tests/test_desktop_app.py) lives in its own venv: PyQt6 and its web engine
# are large and the rest of the suite does not need them.
export CONFORMANCE_DESKTOP_VENV="${CONFORMANCE_DESKTOP_VENV:-$here/.venv-desktop}"
ensure_venv "$CONFORMANCE_DESKTOP_VENV" "$here/requirements-desktop.txt"

# cognito-local, the Cognito emulator the sign-in tests use, pinned by package-lock.json.
if ! cmp -s "$here/package-lock.json" "$here/node_modules/.deckhand-lock" 2>/dev/null; then
  echo "== installing the Cognito emulator (npm ci)" >&2
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
  cp "$here/package-lock.json" "$here/node_modules/.deckhand-lock"
fi

markers="${CONFORMANCE_MARKERS-}"
args=()
if [ -n "$markers" ]; then
  args+=(-m "$markers")
fi

cd "$here"
set +e
# With no path arguments pytest runs `testpaths` from pytest.ini (conformance/tests).
"$venv/bin/python" -m pytest "${args[@]}" "$@"
rc=$?
set -e
exit $rc
