#!/bin/sh
# The official redis image's start: options alone mean redis-server; it runs as redis.
set -eu
if [ "${1#-}" != "$1" ] || [ "${1%.conf}" != "$1" ]; then set -- redis-server "$@"; fi
if [ "$1" = redis-server ] && [ "$(id -u)" = 0 ]; then
  find . \! -user redis -exec chown redis:redis '{}' +
  exec setpriv --reuid=redis --regid=redis --init-groups "$0" "$@"
fi
if [ "$1" = redis-server ]; then
  # The official build turns protected mode off; the command's own options still win.
  shift
  case ${1:-} in
    -* | '') set -- redis-server --protected-mode no "$@" ;;
    *) conf=$1 && shift && set -- redis-server "$conf" --protected-mode no "$@" ;;
  esac
fi
exec "$@"
