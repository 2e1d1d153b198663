#!/usr/bin/env bash
# Installs what the test suite needs that Maven and pip do not fetch themselves, from Debian's
# packages: a venv-capable Python, Node.js and npm (the Cognito emulator), Chromium and its driver
# (the web page tests), nginx, certbot and pebble (the HTTPS deployment tests), mmdebstrap (the
# container image's base), skopeo (reads the built image back), Docker and Compose (run the image
# and compose.yaml), systemd-analyze (checks the systemd unit), Xvfb and friends and the libraries
# Qt needs (the desktop app test), PostgreSQL (the shared-media fault test crashes and restarts
# one). Installs only what is missing, so a second run costs a few dpkg queries. Needs root (or
# sudo) the first time on a fresh machine.
set -euo pipefail

# command or file that proves a package is there -> Debian package
declare -A wanted=(
  [/usr/bin/chromium]=chromium
  [/usr/bin/chromedriver]=chromium-driver
  [/usr/sbin/nginx]=nginx
  [/usr/bin/certbot]=certbot
  [/usr/bin/pebble]=pebble
  [/usr/bin/mmdebstrap]=mmdebstrap
  [/usr/bin/skopeo]=skopeo
  [/usr/sbin/dockerd]=docker.io
  [/usr/bin/docker-compose]=docker-compose
  [/usr/bin/openssl]=openssl
  [/usr/sbin/update-ca-certificates]=ca-certificates
  [/usr/bin/systemd-analyze]=systemd
  [/usr/bin/unshare]=util-linux
  [/usr/bin/Xvfb]=xvfb
  [/usr/bin/xdotool]=xdotool
  [/usr/bin/openbox]=openbox
  [/usr/bin/import]=imagemagick
  [/usr/bin/pg_lsclusters]=postgresql
)

# Libraries the desktop app's Qt (PyQt6 and its web engine, from PyPI) loads at run time and does
# not ship: X11/xcb and keyboard, OpenGL/EGL, fonts, NSS for the web engine, sound. Found with ldd
# on the wheels' libraries and plugins; a fresh machine lacks some of them (xcb-icccm, xcb-keysyms,
# wayland-cursor, pulse).
qt_runtime=(
  libegl1 libgl1 libgbm1 libdrm2 libglib2.0-0 libdbus-1-3 libfontconfig1 libfreetype6
  libx11-6 libx11-xcb1 libxcb1 libxcb-cursor0 libxcb-glx0 libxcb-icccm4 libxcb-image0
  libxcb-keysyms1 libxcb-randr0 libxcb-render0 libxcb-render-util0 libxcb-shape0 libxcb-shm0
  libxcb-sync1 libxcb-util1 libxcb-xfixes0 libxcb-xkb1 libxkbcommon0 libxkbcommon-x11-0
  libxcomposite1 libxdamage1 libxext6 libxfixes3 libxrandr2 libxrender1 libxtst6 libxkbfile1
  libnss3 libnspr4 libasound2 libpulse0 libwayland-client0 libwayland-cursor0 libwayland-server0
)

missing=()
for path in "${!wanted[@]}"; do
  [ -e "$path" ] || missing+=("${wanted[$path]}")
done
for package in "${qt_runtime[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" || missing+=("$package")
done
# The conformance suite makes a venv; Debian's python3 needs python3-venv for that (pyenv's has it).
if ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
  missing+=(python3-venv)
fi
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
echo "== installing Debian packages: ${missing[*]}" >&2
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
