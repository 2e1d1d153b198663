#!/bin/sh
# Regenerates docs/images/admin-desktop.png and admin-phone.png: the conformance test of the
# administrators' dashboard syncs three users with the official client against the built jar and
# photographs /admin at desktop (1280x800) and phone (390x844) width.
# Needs the jar (mvn -q -B package -DskipTests), conformance/.venv and /usr/bin/chromium + chromedriver.
set -eu
cd "$(dirname "$0")/../conformance"
PYTHON=${PYTHON:-.venv/bin/python}
CONFORMANCE_UPDATE_SCREENSHOTS=1 exec "$PYTHON" -m pytest tests/test_admin_dashboard.py -q \
    -k shows_the_same_figures "$@"
