#!/usr/bin/env bash
# `npm run test:compose`: runs the product's own docker-compose.yaml for real, in containers,
# with a .env made from .env.example plus fresh secrets, and checks the running stack.
#
# Engine: a Docker engine when one answers (then with the real images), otherwise Debian's
# Podman 4.3 with its Docker-compatible API and docker-compose 1.29, installed when missing,
# with local stand-ins for the upstream images (no container registry is reachable here),
# built once and cached (lib/standins.sh, standins/). Traefik and Grafana are left out.
# Everything it starts is removed on exit, also on failure. MLSERVE_TEST_KEEP=1 keeps the
# work directory (the .env and the logs); MLSERVE_TEST_PROJECT changes the project name.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
HERE=$ROOT/test/compose
STANDINS=$HERE/standins
PROJECT=${MLSERVE_TEST_PROJECT:-mlservetest}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/mlserve-compose.XXXXXX")
# The services started, and so checked. Left out, with the reason logged:
SERVICES=(migrate api worker postgres redis rabbitmq prometheus redis-exporter postgres-exporter)
LEFT_OUT="traefik and grafana: no registry is reachable and Debian has no package to build a
stand-in from; their configuration is checked by test/deploy"
WORKERS=2
START=$SECONDS
UP=''
PASSED=''

log() { printf 'compose-test [%3ds] %s\n' $((SECONDS - START)) "$*" >&2; }
# Also from a command substitution's subshell: the reason is kept in a file for the summary.
die() { log "FAILED: $*"; echo "$*" >>"$WORK/failure"; exit 1; }

# shellcheck source=lib/engine.sh
source "$HERE/lib/engine.sh"
# shellcheck source=lib/standins.sh
source "$HERE/lib/standins.sh"
# shellcheck source=lib/checks.sh
source "$HERE/lib/checks.sh"

# GNU timeout where there is one (not on a stock macOS): seconds, command...
with_timeout() {
  if command -v timeout >/dev/null 2>&1; then timeout --foreground "$@"; else "${@:2}"; fi
}

# docker-compose with this run's project, .env and override; CALL_TIMEOUT bounds a hung call.
compose() {
  with_timeout "${CALL_TIMEOUT:-300}" "${COMPOSE[@]}" --project-name "$PROJECT" \
    --project-directory "$ROOT" --env-file "$WORK/.env" \
    -f "$ROOT/docker-compose.yaml" -f "$HERE/docker-compose.test.yaml" "$@"
}

cleanup() {
  local rc=$? service
  trap - EXIT INT TERM
  if [[ -n $UP ]]; then
    if ((rc != 0)); then
      compose ps >&2 || true
      for service in "${SERVICES[@]}"; do
        compose logs --no-color --tail 25 "$service" >&2 || true
      done
    fi
    compose down -v --remove-orphans --timeout 10 >"$WORK/down.log" 2>&1 || true
    if [[ ${ENGINE:-} == podman ]]; then sweep_podman_project; fi
  fi
  stop_engine
  if [[ -z $PASSED ]]; then
    echo "compose-test: FAILED after $((SECONDS - START)) s (engine: ${ENGINE:-none}):" \
      "$(head -1 "$WORK/failure" 2>/dev/null || echo "exit $rc")"
  fi
  if [[ -n ${MLSERVE_TEST_KEEP:-} || -z $PASSED ]]; then log "work directory kept: $WORK"
  else rm -rf "$WORK"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

secret() { head -c 24 /dev/urandom | base64 | tr '+/' '-_'; }
htpasswd_line() { printf "'%s:%s'" "$1" "$(openssl passwd -apr1 "$2")"; }
env_value() { sed -n "s/^$1=//p" "$WORK/.env" | tail -1; }
edit_env() { sed "$@" "$WORK/.env" >"$WORK/.env.new" && mv "$WORK/.env.new" "$WORK/.env"; }

# .env.example with every change-me placeholder replaced by a fresh secret (the same secret
# wherever a placeholder recurs, as in DATABASE_URL), and htpasswd lines for new passwords.
make_env() {
  local env=$WORK/.env token user pass
  cp .env.example "$env"
  grep -v '^#' .env.example | grep -o 'change-me[A-Za-z0-9_-]*' | sort -u |
    awk '{ print length, $0 }' | sort -rn | cut -d' ' -f2 >"$WORK/placeholders"
  while read -r token; do edit_env "/^#/! s/$token/$(secret)/g"; done <"$WORK/placeholders"
  ! grep -v '^#' "$env" | grep -q change-me || die ".env still has a change-me placeholder"
  user=$(env_value RABBITMQ_USER)
  pass=$(env_value RABBITMQ_PASS)
  edit_env -e "s|^RABBITMQ_BASIC_AUTH=.*|RABBITMQ_BASIC_AUTH=$(htpasswd_line "$user" "$pass")|" \
    -e "s|^TRAEFIK_BASIC_AUTH=.*|TRAEFIK_BASIC_AUTH=$(htpasswd_line admin "$(secret)")|" \
    -e "s|^PROMETHEUS_BASIC_AUTH=.*|PROMETHEUS_BASIC_AUTH=$(htpasswd_line admin "$(secret)")|"
  # the test's own network and image names, never those of a real deployment
  printf 'COMPOSE_PROJECT_NAME=%s\nIMAGE_PREFIX=%s\n' "$PROJECT" "$PROJECT" >>"$env"
  ADMIN=$(env_value ADMIN_API_KEY)
}

free_port() {
  node -e 'const s = require("net").createServer().listen(0, "127.0.0.1",
    () => { console.log(s.address().port); s.close(); })'
}

# The node base the Dockerfiles start FROM, and the image of every started service that has no
# build (docker-compose 1.29 is Python: its YAML module reads the resolved configuration).
build_standins() {
  local base service image
  sed -n 's/^FROM \([^ ]*\).*/\1/p' Dockerfile.api Dockerfile.worker | sort -u >"$WORK/images"
  while read -r base <&3; do build_standin node "$base"; done 3<"$WORK/images"
  compose config | python3 -c '
import sys, yaml
services = yaml.safe_load(sys.stdin)["services"]
for name in sys.argv[1:]:
    if "build" not in services[name]: print(name, services[name]["image"])
' "${SERVICES[@]}" >"$WORK/images"
  while read -r service image <&3; do build_standin "$service" "$image"; done 3<"$WORK/images"
}

main() {
  detect_engine
  make_env
  export MLSERVE_TEST_API_PORT MLSERVE_TEST_PROMETHEUS_PORT
  MLSERVE_TEST_API_PORT=$(free_port)
  MLSERVE_TEST_PROMETHEUS_PORT=$(free_port)
  API=http://127.0.0.1:$MLSERVE_TEST_API_PORT
  PROM=http://127.0.0.1:$MLSERVE_TEST_PROMETHEUS_PORT
  log "left out: ${LEFT_OUT//$'\n'/ }"
  if [[ $ENGINE == podman ]]; then build_standins; fi
  # what an earlier run that was killed may have left
  compose down -v --remove-orphans --timeout 5 >"$WORK/down-before.log" 2>&1 || true

  local t=$SECONDS
  log "building the api and worker images from Dockerfile.api and Dockerfile.worker"
  # migrate runs the api's image (the same name:tag): building it again would only re-tag it
  CALL_TIMEOUT=900 compose build api worker >"$WORK/build.log" 2>&1 ||
    { tail -40 "$WORK/build.log" >&2; die "docker-compose build"; }
  log "images built in $((SECONDS - t)) s"

  t=$SECONDS
  UP=1
  compose up -d --no-build --scale "worker=$WORKERS" "${SERVICES[@]}" >"$WORK/up.log" 2>&1 ||
    { cat "$WORK/up.log" >&2; die "docker-compose up"; }
  check_started
  log "stack up and healthy in $((SECONDS - t)) s"

  check_pipeline
  check_prometheus
  check_restart
  check_down
  UP=''
  PASSED=1
  echo "compose-test: PASSED in $((SECONDS - START)) s (engine: $ENGINE; ${#SERVICES[@]}" \
    "services, worker x$WORKERS; left out: traefik, grafana)"
}

main
