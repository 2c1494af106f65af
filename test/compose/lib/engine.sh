# shellcheck shell=bash
# The container engine: a real Docker engine when one answers (and is not Podman), otherwise
# Debian's Podman with its Docker-compatible API, started here and stopped by stop_engine.
# Sourced by run.sh (needs log, die, WORK, PROJECT). Sets ENGINE (docker|podman) and COMPOSE.

PODMAN_PACKAGES=(podman runc crun catatonit fuse-overlayfs slirp4netns uidmap
  containernetworking-plugins netavark aardvark-dns debootstrap docker-compose iptables jq curl
  openssl)
PODMAN_PID=''
HEALTH_PID=''

# Installs Debian packages whose commands are missing (root, as in CI).
ensure_debian_packages() { # package...
  local missing=()
  for pkg in "$@"; do dpkg-query -W -f '${Status}' "$pkg" 2>/dev/null | grep -q 'ok installed' ||
    missing+=("$pkg"); done
  [[ ${#missing[@]} -eq 0 ]] && return 0
  log "installing Debian's ${missing[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
    --no-install-recommends "${missing[@]}" >"$WORK/apt.log" 2>&1 ||
    die "apt-get install ${missing[*]} failed: see $WORK/apt.log"
}

# The server's name when a Docker API answers at DOCKER_HOST (or the default socket).
docker_server() {
  command -v docker >/dev/null 2>&1 || return 1
  with_timeout 10 docker version 2>/dev/null \
    --format '{{range .Server.Components}}{{.Name}};{{end}}'
}

detect_engine() {
  local server
  if server=$(docker_server) && [[ -n $server && $server != *Podman* ]]; then
    ENGINE=docker
    if docker compose version >/dev/null 2>&1; then COMPOSE=(docker compose)
    else COMPOSE=(docker-compose); fi
    log "engine: Docker $(docker version --format '{{.Server.Version}}'), real images," \
      "${COMPOSE[*]}"
    for tool in curl jq openssl node; do
      command -v "$tool" >/dev/null || die "$tool is needed (the checks use it)"
    done
    return 0
  fi
  ENGINE=podman
  COMPOSE=(docker-compose)
  ensure_debian_packages "${PODMAN_PACKAGES[@]}"
  # the checks' docker ps/inspect/network/volume calls: Podman's own CLI takes them as well
  if ! command -v docker >/dev/null 2>&1; then docker() { podman "$@"; }; fi
  start_podman
}

start_podman() {
  # crun cannot set rlimits here and refuses hybrid cgroups: runc, cgroupfs, fixed ulimits.
  cat >"$WORK/containers.conf" <<'EOF'
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]
[engine]
runtime = "runc"
events_logger = "file"
cgroup_manager = "cgroupfs"
EOF
  export CONTAINERS_CONF="$WORK/containers.conf"
  podman system service --time=0 "unix://$WORK/podman.sock" >"$WORK/podman.log" 2>&1 &
  PODMAN_PID=$!
  export DOCKER_HOST="unix://$WORK/podman.sock"
  # docker-compose builds through the API (docker-py), not the docker CLI's BuildKit
  export COMPOSE_DOCKER_CLI_BUILD=0 DOCKER_BUILDKIT=0
  for _ in $(seq 60); do
    curl -sf --unix-socket "$WORK/podman.sock" http://d/_ping >/dev/null 2>&1 && break
    sleep 0.5
  done
  curl -sf --unix-socket "$WORK/podman.sock" http://d/_ping >/dev/null ||
    die "podman system service did not answer: see $WORK/podman.log"
  log "engine: $(podman --version) (Docker API at $DOCKER_HOST), $(docker-compose version --short)"
  # Podman 4.3 runs healthchecks from systemd timers, and there is no systemd here.
  (while sleep 2; do
    for id in $(podman ps -q --filter status=running \
      --filter "label=com.docker.compose.project=$PROJECT"); do
      podman healthcheck run "$id" >/dev/null 2>&1 || true
    done
  done) &
  HEALTH_PID=$!
}

# What `compose down -v` should have removed, removed anyway (after a failed or hung down).
sweep_podman_project() {
  local label="label=com.docker.compose.project=$PROJECT"
  podman ps -aq --filter "$label" | xargs -r podman rm -f -t 5 >/dev/null 2>&1 || true
  podman network ls -q --filter "$label" | xargs -r podman network rm -f >/dev/null 2>&1 || true
  podman volume ls -q --filter "$label" | xargs -r podman volume rm -f >/dev/null 2>&1 || true
}

stop_engine() {
  if [[ -n $HEALTH_PID ]]; then kill "$HEALTH_PID" 2>/dev/null || true; fi
  if [[ -n $PODMAN_PID ]]; then
    kill "$PODMAN_PID" 2>/dev/null || true
    wait "$PODMAN_PID" 2>/dev/null || true
  fi
  HEALTH_PID='' PODMAN_PID=''
}
