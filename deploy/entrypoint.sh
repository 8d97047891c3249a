#!/bin/sh
# Entrypoint of the covidmaps image: share the static files with nginx, then run the container's command.
set -eu

# Only web containers mount /srv/static. Copy the files collected at build time into that volume, keeping older
# hashed files: pages rendered by a container of the previous release must still find their CSS and JavaScript.
if mountpoint -q /srv/static; then
    cp -R -p -u /app/var/static/. /srv/static/
fi

exec "$@"
