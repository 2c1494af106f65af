# shellcheck shell=bash
# The checks against the running stack. Sourced by run.sh (needs log, die, compose, API, PROM,
# ADMIN, WORK, PROJECT, WORKERS, HERE).

# An API call through the published port that must answer 2xx; prints the body.
call() { # key, method, path, curl args...
  local key=$1 method=$2 path=$3
  shift 3
  curl -sS --max-time 30 --fail-with-body -H "X-API-Key: $key" -X "$method" "$API$path" "$@" ||
    die "$method $path failed (its answer is above)"
}
post_json() { call "$1" POST "$2" -H 'content-type: application/json' -d "$3"; } # key, path, body
json() { printf '%s' "$1" | jq -er "$2" || die "no $2 in: $1"; }                   # text, filter

# Every container of the project: "<service> <id>", one a line.
containers() {
  local id
  for id in $(docker ps -aq --filter "label=com.docker.compose.project=$PROJECT"); do
    echo "$(docker inspect -f '{{index .Config.Labels "com.docker.compose.service"}}' "$id") $id"
  done
}
workers() { compose ps -q worker; }

# Waits until migrate exited 0 and every other started container is healthy.
check_started() {
  local deadline=$((SECONDS + 300)) pending service id state
  local format='{{.State.Status}} {{.State.ExitCode}} '
  format+='{{if .State.Health}}{{.State.Health.Status}}{{end}}'
  while :; do
    pending=''
    while read -r service id; do
      state=$(docker inspect -f "$format" "$id")
      case $service:$state in
        migrate:'exited 0'*) ;;
        migrate:exited*) die "migrate exited with ${state#exited }" ;;
        *:'running 0 healthy') ;;
        *) pending="$pending $service($state)" ;;
      esac
    done < <(containers)
    [[ -z $pending ]] && break
    ((SECONDS < deadline)) || die "not healthy within 300 s:$pending"
    sleep 2
  done
  local count
  count=$(workers | wc -l)
  ((count == WORKERS)) || die "$count worker containers, expected $WORKERS"
  log "healthy: $(containers | awk '$1 != "migrate" { print $1 }' | sort | uniq -c |
    awk '{ printf "%s%s", sep, ($1 > 1 ? $2 " x" $1 : $2); sep = ", " }'); migrate exited 0"
}

# The worker container whose hostname starts a job's workerId (hostname-pid by default).
worker_of() { # workerId
  local id
  for id in $(workers); do
    if [[ $1 == "$(docker inspect -f '{{.Config.Hostname}}' "$id")"-* ]]; then
      docker inspect -f '{{.Name}}' "$id" | tr -d /
      return
    fi
  done
  die "job ran on $1, which is none of the worker containers"
}

# Polls jobs until each has ended; writes "<id> <status> <workerId>" lines to a file.
await_jobs() { # key, seconds, file, id...
  local key=$1 deadline=$((SECONDS + $2)) file=$3 id job status open
  shift 3
  while :; do
    open=0
    : >"$file"
    for id in "$@"; do
      job=$(call "$key" GET "/v1/jobs/$id")
      status=$(json "$job" .status)
      if [[ $status == QUEUED || $status == RUNNING ]]; then open=$((open + 1)); fi
      echo "$id $status $(json "$job" '.workerId // "-"')" >>"$file"
    done
    ((open == 0)) && return
    ((SECONDS < deadline)) || die "$open of $# jobs still open after $2 s"
    sleep 1
  done
}

# A key, a model, a prediction and an inference job, through the api's published port.
check_pipeline() {
  local key model=compose-iris body id status worker
  body=$(post_json "$ADMIN" /v1/api-keys '{"name":"compose-test","scopes":["write"]}')
  key=$(json "$body" .key)
  node -r @swc-node/register "$HERE/make-model.ts" "$WORK/model.onnx"
  body=$(call "$ADMIN" POST /v1/models -F "name=$model" -F "file=@$WORK/model.onnx")
  log "model $model registered: $(json "$body" '"version \(.version), \(.artifact.bytes) bytes"')"
  body=$(post_json "$key" "/v1/models/$model/predict" '{"rows": [[1, 2, 3, 4]]}')
  log "predict: $(json "$body" .outputs | tr -d ' \n')"
  body=$(post_json "$key" /v1/jobs \
    "{\"type\":\"inference\",\"payload\":{\"model\":\"$model\",\"input\":{\"rows\":[[1,2,3,4]]}}}")
  await_jobs "$key" 60 "$WORK/job" "$(json "$body" .id)"
  read -r id status worker <"$WORK/job"
  [[ $status == SUCCEEDED ]] || die "inference job $id ended $status"
  log "inference job $id SUCCEEDED on $worker, container $(worker_of "$worker")"
}

# How many worker containers have a target up in Prometheus (on any of their networks).
scraped_workers() { # targets: "<job> <instance> <health>" lines
  local ip owner
  for ip in $(awk '$1 == "worker" && $3 == "up" { sub(/:[0-9]+$/, "", $2); print $2 }' <<<"$1"); do
    owner=$(awk -v ip="$ip" '$1 == ip { print $2 }' "$WORK/worker-ips")
    [[ -n $owner ]] || die "Prometheus scrapes a worker at $ip, which is no worker container"
    echo "$owner"
  done | sort -u | wc -l
}

# Prometheus, inside the stack, scrapes both workers (DNS discovery), the api, rabbitmq and the
# two exporters.
check_prometheus() {
  local deadline=$((SECONDS + 120)) id ip targets up
  local format='{{range .NetworkSettings.Networks}}{{.IPAddress}} {{end}}'
  for id in $(workers); do
    for ip in $(docker inspect -f "$format" "$id"); do echo "$ip $id"; done
  done >"$WORK/worker-ips"
  while :; do
    targets=$(curl -sS --max-time 10 "$PROM/api/v1/targets?state=active" |
      jq -r '.data.activeTargets[] | "\(.labels.job) \(.labels.instance) \(.health)"') || true
    up=" $(awk '$3 == "up" { print $1 }' <<<"$targets" | sort -u | tr '\n' ' ')"
    if (($(scraped_workers "$targets") == WORKERS)) && [[ $up == *" api "* &&
      $up == *" rabbitmq "* && $up == *" redis "* && $up == *" postgres "* ]]; then break; fi
    ((SECONDS < deadline)) || die "Prometheus targets not up within 120 s: ${targets//$'\n'/; }"
    sleep 3
  done
  log "Prometheus targets: $(awk '{ printf "%s%s %s", sep, $1, $3; sep = ", " }' <<<"$targets")"
}

workers_started() { for id in $(workers); do docker inspect -f '{{.State.StartedAt}}' "$id"; done; }

# Jobs queued before `compose restart worker` all succeed after it.
check_restart() {
  local ids=() body queued before
  while ((${#ids[@]} < 12)); do
    body=$(post_json "$ADMIN" /v1/jobs \
      '{"type":"diagnostic.sleep","payload":{"durationMs":1500,"steps":3}}')
    ids+=("$(json "$body" .id)")
  done
  queued=$(json "$(call "$ADMIN" GET '/v1/jobs?status=QUEUED&limit=100')" '.items | length')
  log "submitted ${#ids[@]} jobs ($queued still queued); docker-compose restart worker"
  before=$(workers_started)
  compose restart worker >"$WORK/restart.log" 2>&1 ||
    { cat "$WORK/restart.log" >&2; die "docker-compose restart worker"; }
  [[ -z $(paste <(echo "$before") <(workers_started) | awk -F '\t' '$1 == $2') ]] ||
    die "a worker container was not restarted"
  await_jobs "$ADMIN" 180 "$WORK/restart-jobs" "${ids[@]}"
  local bad
  bad=$(awk '$2 != "SUCCEEDED"' "$WORK/restart-jobs")
  [[ -z $bad ]] || die "jobs lost or failed across the restart: ${bad//$'\n'/; }"
  log "after the restart all ${#ids[@]} jobs SUCCEEDED"
  check_started
}

# `compose down -v` leaves no container, network or volume of the project.
check_down() {
  compose down -v --remove-orphans --timeout 30 >"$WORK/down.log" 2>&1 ||
    { cat "$WORK/down.log" >&2; die "docker-compose down -v"; }
  local left
  left=$(
    docker ps -aq --filter "label=com.docker.compose.project=$PROJECT"
    docker network ls -q --filter "label=com.docker.compose.project=$PROJECT"
    docker network ls --format '{{.Name}}' | grep "^${PROJECT}[_-]" || true
    docker volume ls -q --filter "label=com.docker.compose.project=$PROJECT"
    docker volume ls --format '{{.Name}}' | grep "^${PROJECT}_" || true
  )
  [[ -z $left ]] || die "left behind by down -v: ${left//$'\n'/ }"
  log "docker-compose down -v left no container, network or volume"
}
