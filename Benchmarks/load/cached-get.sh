#!/usr/bin/env bash
# Cached-GET throughput of basebook-api with the Redis response cache vs the in-process one:
# wrk on GET /v1/pools (a cached, sequence-keyed answer) against `basebook-api serve` on a
# still devnet market (DEVNET_SWAPS_PER_SECOND=0, so the sequence does not move and every
# request after the first is a cache hit), first without REDIS_URL, then with a throwaway
# redis-server. The difference is the cost of one Redis GET per request on loopback.
#
#   Benchmarks/load/cached-get.sh
#
# Environment (optional): API_BIN (a built basebook-api; default: swift build -c release),
# DURATION (20s), THREADS (2), CONNECTIONS (32), PATH_QUERY (/v1/pools?sort=tvl&limit=50),
# KEEP_WORKDIR=1 to keep logs and wrk output.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
DURATION=${DURATION:-20s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-32}
PATH_QUERY=${PATH_QUERY:-/v1/pools?sort=tvl&limit=50}

work=$(mktemp -d /tmp/basebook-cached-get.XXXXXX)
api_pid="" redis_pid=""
cleanup() {
    local status=$?
    [[ -n $api_pid ]] && { kill -TERM "$api_pid" 2>/dev/null || true; wait "$api_pid" 2>/dev/null || true; }
    [[ -n $redis_pid ]] && { kill -TERM "$redis_pid" 2>/dev/null || true; wait "$redis_pid" 2>/dev/null || true; }
    if [[ ${KEEP_WORKDIR:-0} == 1 ]]; then echo "work directory kept: $work"; else rm -rf "$work"; fi
    exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM
log() { printf '==> %s\n' "$*" >&2; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
for tool in wrk redis-server redis-cli curl; do command -v $tool >/dev/null || { echo "missing $tool (apt-get install wrk redis-server curl)" >&2; exit 1; }; done

if [[ -z ${API_BIN:-} ]]; then
    log "building basebook-api (release)"
    (cd "$root" && swift build -c release --product basebook-api >/dev/null)
    API_BIN="$root/.build/release/basebook-api"
fi

redis_port=$(free_port)
redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --dir "$work" >"$work/redis.log" 2>&1 &
redis_pid=$!
until [[ $(redis-cli -p "$redis_port" ping 2>/dev/null) == PONG ]]; do kill -0 "$redis_pid" || exit 1; sleep 0.1; done

run() {
    local mode=$1 port metrics ws
    port=$(free_port) metrics=$(free_port) ws=$(free_port)
    local -a env=(HOST=127.0.0.1 PORT="$port" METRICS_PORT="$metrics" WS_PORT="$ws" LOG_LEVEL=error
                  DEVNET_SWAPS_PER_SECOND=0 DEVNET_HISTORY_HOURS=1 RATE_LIMIT_PER_MINUTE=0 QUOTE_CACHE_TTL_MS=600000)
    [[ $mode == redis ]] && env+=(REDIS_URL="redis://127.0.0.1:$redis_port" REDIS_KEY_PREFIX="bench:")
    env "${env[@]}" "$API_BIN" serve >"$work/api-$mode.log" 2>&1 &
    api_pid=$!
    until curl -fsS "http://127.0.0.1:$port/ready" >/dev/null 2>&1; do kill -0 "$api_pid" || { cat "$work/api-$mode.log" >&2; exit 1; }; sleep 0.2; done
    curl -fsS "http://127.0.0.1:$port$PATH_QUERY" >/dev/null
    log "$mode: wrk -t$THREADS -c$CONNECTIONS -d$DURATION $PATH_QUERY (load $(cut -d' ' -f1-3 /proc/loadavg))"
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "http://127.0.0.1:$port$PATH_QUERY" >"$work/wrk-$mode.txt"
    printf '%-10s %12s req/s   p50 %8s   p99 %8s   non-2xx %s\n' "$mode" \
        "$(awk '/Requests\/sec/ {print $2}' "$work/wrk-$mode.txt")" \
        "$(awk '$1 == "50%" {print $2}' "$work/wrk-$mode.txt")" "$(awk '$1 == "99%" {print $2}' "$work/wrk-$mode.txt")" \
        "$(awk '/Non-2xx/ {print $NF}' "$work/wrk-$mode.txt")"
    kill -TERM "$api_pid"; wait "$api_pid" || true; api_pid=""
}
run embedded
run redis
