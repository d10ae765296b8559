#!/usr/bin/env bash
# REST throughput of `basebook-api serve` against nginx serving the very same response bytes from
# files, in the same run, with the same wrk settings: GET /v1/pools?limit=20 and
# GET /v1/tokens?limit=20 on a devnet market.
#
#   Benchmarks/load/run-backend-load.sh
#
# The backend caches each GET answer per market sequence, and the sequence moves with every
# devnet block that holds a trade (one block every 2 s). So the run is repeated for each rate in
# SWAP_RATES: at the default 2 swaps/s the cache misses once per endpoint per block; at 0 the
# market stands still and every request after the first is a cache hit. The response-cache
# counters of each run are printed with the table, so the hit rate is measured, not assumed.
#
# Environment (all optional):
#   API_BIN         a built basebook-api (default: .build/release/basebook-api; never built here)
#   DURATION        wrk duration per measurement (default 10s); THREADS (2); CONNECTIONS (64)
#   SWAP_RATES      DEVNET_SWAPS_PER_SECOND values, one backend run each (default "2 0")
#   NGINX_WORKERS   nginx worker_processes (default 2, one per core here)
#   KEEP_WORKDIR=1  keep the temporary directory (response files, logs, wrk output)
#
# Everything listens on 127.0.0.1, on ports the OS says are free, runs as the current user (nginx
# with a config of its own in a temporary directory), and is stopped on exit, also on error or ^C.
# The rate limiter is off (RATE_LIMIT_PER_MINUTE=0): one wrk is one client, and would be refused.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
API_BIN=${API_BIN:-$root/.build/release/basebook-api}
DURATION=${DURATION:-10s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-64}
SWAP_RATES=${SWAP_RATES:-"2 0"}
NGINX_WORKERS=${NGINX_WORKERS:-2}
ENDPOINTS=("/v1/pools?limit=20" "/v1/tokens?limit=20")

work=$(mktemp -d /tmp/basebook-backend-load.XXXXXX)
api_pid="" nginx_pid=""
stop_servers() {
    if [[ -n $api_pid ]] && kill -0 "$api_pid" 2>/dev/null; then kill -TERM "$api_pid" 2>/dev/null || true; wait "$api_pid" 2>/dev/null || true; fi
    if [[ -n $nginx_pid ]] && kill -0 "$nginx_pid" 2>/dev/null; then kill -QUIT "$nginx_pid" 2>/dev/null || true; wait "$nginx_pid" 2>/dev/null || true; fi
    api_pid="" nginx_pid=""
}
cleanup() {
    local status=$?
    stop_servers
    if [[ ${KEEP_WORKDIR:-0} == 1 ]]; then echo "work directory kept: $work" >&2; else rm -rf "$work"; fi
    exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM
log() { printf '==> %s\n' "$*" >&2; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
metric() { curl -fsS "http://127.0.0.1:$metrics_port/metrics" | awk -v name="$1" '$1 == name || index($1, name "{") == 1 { sum += $2 } END { printf "%d", sum }'; }

for tool in wrk curl python3; do command -v $tool >/dev/null || { echo "missing $tool (scripts/install-deps.sh wrk nginx-light)" >&2; exit 1; }; done
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
[[ -x $NGINX ]] || { echo "missing nginx (scripts/install-deps.sh wrk nginx-light)" >&2; exit 1; }
[[ -x $API_BIN ]] || { echo "no basebook-api at $API_BIN (build it, or set API_BIN)" >&2; exit 1; }

results="$work/results.tsv"
printf 'swaps/s\tendpoint\tserver\tbytes\trequests/s\tp50\tp99\tnon-2xx\tload before\n' > "$results"
ratios="$work/ratios.tsv"
printf 'swaps/s\tendpoint\tbasebook-api req/s\tnginx req/s\tnginx / api\n' > "$ratios"
caches="$work/caches.txt"
: > "$caches"

measure() {  # rate endpoint server url bytes → prints requests/s
    local rate=$1 endpoint=$2 server=$3 url=$4 bytes=$5 out before
    out="$work/wrk-$rate-$server-$(echo "$endpoint" | tr -c 'a-z0-9' '_').txt"
    before=$(loadavg)
    log "rate $rate · $endpoint · $server (load $before)"
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$url" > "$out"
    local rps p50 p99 errors
    rps=$(awk '/^Requests\/sec/ {print $2}' "$out")
    p50=$(awk '$1 == "50%" {print $2}' "$out")
    p99=$(awk '$1 == "99%" {print $2}' "$out")
    errors=$(awk '/Non-2xx or 3xx/ {print $NF}' "$out")
    if grep -q "Socket errors" "$out"; then errors="${errors:-0} ($(grep 'Socket errors' "$out" | sed 's/^ *//'))"; fi
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$rate" "$endpoint" "$server" "$bytes" "$rps" "$p50" "$p99" "${errors:-0}" "$before" >> "$results"
    echo "$rps"
}

for rate in $SWAP_RATES; do
    port=$(free_port) ws_port=$(free_port) metrics_port=$(free_port) nginx_port=$(free_port)
    log "basebook-api serve, DEVNET_SWAPS_PER_SECOND=$rate, on 127.0.0.1:$port"
    HOST=127.0.0.1 PORT=$port WS_PORT=$ws_port METRICS_PORT=$metrics_port DEVNET_HISTORY_HOURS=1 \
        DEVNET_SWAPS_PER_SECOND=$rate RATE_LIMIT_PER_MINUTE=0 LOG_LEVEL=warning \
        "$API_BIN" serve > "$work/api-$rate.log" 2>&1 &
    api_pid=$!
    for _ in $(seq 1 600); do
        curl -fsS -o /dev/null "http://127.0.0.1:$port/ready" 2>/dev/null && break
        kill -0 "$api_pid" 2>/dev/null || { cat "$work/api-$rate.log" >&2; exit 1; }
        sleep 0.1
    done
    # /ready answers while the devnet history (from the start of the UTC day) is still being
    # ingested; measuring then would time the catch-up. Wait until the head is at the wall clock.
    for _ in $(seq 1 600); do
        head=$(curl -fsS "http://127.0.0.1:$port/v1/stats" | python3 -c 'import json, sys; print(json.load(sys.stdin)["timestamp"])')
        (( $(date +%s) - head <= 5 )) && break
        sleep 0.5
    done
    (( $(date +%s) - head <= 5 )) || { echo "the devnet market did not catch up with the wall clock" >&2; exit 1; }

    # The exact bytes and Content-Type the backend answers, for nginx to serve from files.
    mkdir -p "$work/site-$rate"
    declare -A file_of=() type_of=()
    for endpoint in "${ENDPOINTS[@]}"; do
        name=$(echo "$endpoint" | tr -c 'a-z0-9\n' '_')
        curl -fsS -D "$work/site-$rate/$name.headers" -o "$work/site-$rate/$name" "http://127.0.0.1:$port$endpoint"
        file_of[$endpoint]=$name
        type_of[$endpoint]=$(tr -d '\r' < "$work/site-$rate/$name.headers" | sed -n 's/^[Cc]ontent-[Tt]ype: //p')
    done

    mkdir -p "$work/nginx-$rate/logs"
    locations=""
    for endpoint in "${ENDPOINTS[@]}"; do
        # Matched on the path only (nginx locations ignore the query string); each path is one file.
        locations+="        location = ${endpoint%%\?*} { default_type \"${type_of[$endpoint]}\"; alias $work/site-$rate/${file_of[$endpoint]}; }"$'\n'
    done
    cat > "$work/nginx-$rate/nginx.conf" <<EOF
worker_processes $NGINX_WORKERS;
pid $work/nginx-$rate/nginx.pid;
error_log $work/nginx-$rate/logs/error.log warn;
events { worker_connections 4096; }
http {
    types { }
    access_log off;
    server_tokens off;
    etag off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    client_body_temp_path $work/nginx-$rate/client_body;
    proxy_temp_path $work/nginx-$rate/proxy;
    fastcgi_temp_path $work/nginx-$rate/fastcgi;
    uwsgi_temp_path $work/nginx-$rate/uwsgi;
    scgi_temp_path $work/nginx-$rate/scgi;
    server {
        listen 127.0.0.1:$nginx_port;
$locations    }
}
EOF
    chmod -R a+rX "$work"
    "$NGINX" -p "$work/nginx-$rate" -c "$work/nginx-$rate/nginx.conf" -g 'daemon off;' 2>"$work/nginx-$rate/logs/stderr.log" &
    nginx_pid=$!
    for _ in $(seq 1 80); do curl -fsS -o /dev/null "http://127.0.0.1:$nginx_port${ENDPOINTS[0]}" 2>/dev/null && break; sleep 0.25; done
    for endpoint in "${ENDPOINTS[@]}"; do
        cmp -s <(curl -fsS "http://127.0.0.1:$nginx_port$endpoint") "$work/site-$rate/${file_of[$endpoint]}" \
            || { echo "nginx does not serve the saved $endpoint" >&2; exit 1; }
        got=$(curl -fsS -o /dev/null -w '%{content_type}' "http://127.0.0.1:$nginx_port$endpoint")
        [[ $got == "${type_of[$endpoint]}" ]] || { echo "nginx answers $endpoint as '$got', the backend as '${type_of[$endpoint]}'" >&2; exit 1; }
    done

    hits_before=$(metric response_cache_hits_total) misses_before=$(metric response_cache_misses_total)
    seq_before=$(curl -fsS "http://127.0.0.1:$port/v1/stats" | python3 -c 'import json, sys; print(json.load(sys.stdin)["sequence"])')
    for endpoint in "${ENDPOINTS[@]}"; do
        bytes=$(stat -c %s "$work/site-$rate/${file_of[$endpoint]}")
        api_rps=$(measure "$rate" "$endpoint" basebook-api "http://127.0.0.1:$port$endpoint" "$bytes")
        nginx_rps=$(measure "$rate" "$endpoint" nginx "http://127.0.0.1:$nginx_port$endpoint" "$bytes")
        printf '%s\t%s\t%s\t%s\t%s\n' "$rate" "$endpoint" "$api_rps" "$nginx_rps" \
            "$(python3 -c "print(f'{$nginx_rps / $api_rps:.1f}x')")" >> "$ratios"
    done
    hits=$(( $(metric response_cache_hits_total) - hits_before )) misses=$(( $(metric response_cache_misses_total) - misses_before ))
    seq_after=$(curl -fsS "http://127.0.0.1:$port/v1/stats" | python3 -c 'import json, sys; print(json.load(sys.stdin)["sequence"])')
    echo "swaps/s $rate: response cache $hits hits, $misses misses during the backend's runs; market sequence $seq_before → $seq_after" >> "$caches"
    stop_servers
    unset file_of type_of
done

echo
echo "basebook-api vs nginx (same response bytes), $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency, $(date -u +%Y-%m-%dT%H:%MZ), load after: $(loadavg)"
column -t -s $'\t' "$results"
echo
column -t -s $'\t' "$ratios"
echo
cat "$caches"
