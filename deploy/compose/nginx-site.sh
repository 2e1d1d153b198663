#!/bin/sh
# Runs in the nginx container before nginx starts (compose.yaml mounts it into the image's
# /docker-entrypoint.d/). It renders Deckhand's site from the same template as a host install
# (deploy/nginx/render-site), for this project: the domain from .env, Deckhand at deckhand:8080 on
# the compose network, certbot's files in the shared volumes. Then it starts a loop that reloads
# nginx twice a day: certbot renews in its own container and cannot signal this one. A reload is
# graceful; a sync in progress finishes on the old certificate.
set -eu
live="/etc/letsencrypt/live/$DECKHAND_DOMAIN"
/opt/deckhand/nginx/render-site \
  --server-name "$DECKHAND_DOMAIN" \
  --deckhand deckhand:8080 \
  --certificate "$live/fullchain.pem" \
  --certificate-key "$live/privkey.pem" \
  --acme-webroot /var/www/certbot \
  --listen 0.0.0.0 \
  --max-sync-payload-megs "${DECKHAND_MAX_SYNC_PAYLOAD_MEGS:-100}" \
  --output /etc/nginx/conf.d/deckhand.conf
# The image's welcome page would answer requests for any other name.
rm -f /etc/nginx/conf.d/default.conf
(
  while sleep 43200; do
    nginx -s reload
  done
) </dev/null >/dev/null 2>&1 &
