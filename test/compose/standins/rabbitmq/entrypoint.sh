#!/bin/sh
# The official rabbitmq image's start, as far as docker-compose.yaml relies on it.
set -eu
if [ "$1" = rabbitmq-server ]; then
  shift
  chown -R rabbitmq:rabbitmq /var/lib/rabbitmq
  # the default user, which the official image takes from these variables
  conf=/etc/rabbitmq/conf.d/20-default-user.conf
  : >"$conf"
  [ -z "${RABBITMQ_DEFAULT_USER:-}" ] || echo "default_user = $RABBITMQ_DEFAULT_USER" >>"$conf"
  [ -z "${RABBITMQ_DEFAULT_PASS:-}" ] || echo "default_pass = $RABBITMQ_DEFAULT_PASS" >>"$conf"
  # The server's own script, not Debian's su wrapper: it stops the broker cleanly on SIGTERM.
  exec setpriv --reuid=rabbitmq --regid=rabbitmq --init-groups \
    /usr/lib/rabbitmq/bin/rabbitmq-server "$@"
fi
exec "$@"
