#!/bin/sh
# Runs compose's nginx start-up script (deploy/compose/nginx-site.sh) against this machine's nginx,
# as the nginx container would run it, then has nginx check the result. For test_compose.py, as
# root inside `unshare --mount --pid --fork --kill-child`:
#
#   check-compose-nginx.sh SITE-FOLDER STARTUP-SCRIPT WORK
#
# /etc is a copy in WORK/etc (without the machine's own sites; `deckhand` resolves to 127.0.0.1, as
# compose's DNS would resolve it), SITE-FOLDER appears at /opt/deckhand/nginx, and a throw-away
# certificate sits where certbot puts one. The reload loop the script starts dies with the namespace.
set -eu
site=$1 script=$2 work=$3
domain=anki.example.org
cp -a /etc "$work/etc"
mount --bind "$work/etc" /etc
mount -t tmpfs tmpfs /opt
mkdir -p /opt/deckhand/nginx
mount --bind "$site" /opt/deckhand/nginx
rm -f /etc/nginx/sites-enabled/* /etc/nginx/conf.d/*
echo "127.0.0.1 deckhand" >>/etc/hosts
# Left by the image's own configuration; the script removes it.
touch /etc/nginx/conf.d/default.conf
live="/etc/letsencrypt/live/$domain"
mkdir -p "$live"
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=$domain" \
  -keyout "$live/privkey.pem" -out "$live/fullchain.pem" 2>/dev/null
DECKHAND_DOMAIN=$domain sh "$script"
nginx -t
