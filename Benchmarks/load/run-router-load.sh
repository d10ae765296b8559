#!/usr/bin/env bash
# HTTP load test of the router: wrk posting varied quotes to `basebook-router serve` on the
# 1,000-pool synthetic market, and the same wrk against nginx serving a static copy of one quote
# response (what the loopback, wrk and an HTTP server cost without any routing).
#
#   Benchmarks/load/run-router-load.sh
#
# Environment (all optional):
#   ROUTER_BIN      a built basebook-router (default: build it with `swift build -c release`)
#   MARKET_BIN      a built routing-market (default: build it in Benchmarks/ with `swift build -c release`)
#   BODIES_FILE     request bodies, one per line, instead of `routing-market requests` (then
#                   routing-market is neither built nor run when basebook-router has `market`)
#   DURATION        wrk duration (default 20s); THREADS (2); CONNECTIONS (32)
#   PORT            router HTTP port (default 18080); METRICS_PORT (19091); NGINX_PORT (18081)
#   CACHE_SIZES     QUOTE_CACHE_SIZE values to run the router with (default "0 10000": without the
#                   quote cache, so every request is a full route search, then with the default cache)
#   KEEP_WORKDIR=1  keep the temporary directory (state file, bodies, logs, wrk output)
#
# Prints wrk's figures per target, and per router run the router's CPU time per request (both
# cores, from /proc) and its route calculations' time per request (route_calculation_duration_seconds).
#
# Everything listens on 127.0.0.1 only, runs as the current user (nginx too: a config of its own
# in a temporary directory), is bounded by DURATION, and is stopped on exit (also on error or ^C).
# wrk and nginx are installed with apt-get when missing (that part needs root).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
bench=$(dirname "$here")
root=$(dirname "$bench")
DURATION=${DURATION:-20s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-32}
PORT=${PORT:-18080}
METRICS_PORT=${METRICS_PORT:-19091}
NGINX_PORT=${NGINX_PORT:-18081}
CACHE_SIZES=${CACHE_SIZES:-"0 10000"}
POOLS=1000 TOKENS=250 SEED=1

work=$(mktemp -d /tmp/basebook-load.XXXXXX)
router_pid="" nginx_pid=""
cleanup() {
    local status=$?
    if [[ -n $router_pid ]] && kill -0 "$router_pid" 2>/dev/null; then kill -TERM "$router_pid" 2>/dev/null || true; wait "$router_pid" 2>/dev/null || true; fi
    if [[ -n $nginx_pid ]] && kill -0 "$nginx_pid" 2>/dev/null; then kill -QUIT "$nginx_pid" 2>/dev/null || true; wait "$nginx_pid" 2>/dev/null || true; fi
    if [[ ${KEEP_WORKDIR:-0} == 1 ]]; then echo "work directory kept: $work"; else rm -rf "$work"; fi
    exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { printf '==> %s\n' "$*" >&2; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

# --- Tools ------------------------------------------------------------------------------------

install_packages() {
    [[ $(id -u) == 0 ]] || { echo "missing $*; install them (apt-get install $*) or run as root" >&2; exit 1; }
    log "installing $* (apt-get)"
    # Keep apt from starting a system-wide nginx on port 80: policy-rc.d refuses service starts.
    local policy=/usr/sbin/policy-rc.d created=0
    if [[ ! -e $policy ]]; then printf '#!/bin/sh\nexit 101\n' > "$policy"; chmod +x "$policy"; created=1; fi
    apt-get update -qq >/dev/null || true
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
    if [[ $created == 1 ]]; then rm -f "$policy"; fi
}
missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v nginx >/dev/null || [[ -x /usr/sbin/nginx ]] || missing+=(nginx-light)
command -v curl >/dev/null || missing+=(curl)
(( ${#missing[@]} == 0 )) || install_packages "${missing[@]}"
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

# --- Router, market and request bodies -----------------------------------------------------------

if [[ -z ${ROUTER_BIN:-} ]]; then
    log "building basebook-router (release)"
    (cd "$root" && swift build -c release --product basebook-router >&2)
    ROUTER_BIN="$root/.build/release/basebook-router"
fi
need_market_bin=1
if [[ -n ${BODIES_FILE:-} ]] && "$ROUTER_BIN" market --help >/dev/null 2>&1; then need_market_bin=0; fi
if [[ $need_market_bin == 1 && -z ${MARKET_BIN:-} ]]; then
    log "building routing-market (release)"
    (cd "$bench" && swift build -c release --product routing-market >&2)
    MARKET_BIN="$bench/.build/release/routing-market"
fi

if "$ROUTER_BIN" market --help >/dev/null 2>&1; then
    log "market: basebook-router market --pools $POOLS --tokens $TOKENS --seed $SEED"
    "$ROUTER_BIN" market --pools $POOLS --tokens $TOKENS --seed $SEED > "$work/state.json"
else
    log "market: basebook-router has no 'market' subcommand; using routing-market snapshot (same generator)"
    "$MARKET_BIN" snapshot --pools $POOLS --tokens $TOKENS --seed $SEED > "$work/state.json"
fi
if [[ -n ${BODIES_FILE:-} ]]; then
    log "request bodies: $BODIES_FILE"
    cp "$BODIES_FILE" "$work/bodies.jsonl"
else
    "$MARKET_BIN" requests --pools $POOLS --tokens $TOKENS --seed $SEED > "$work/bodies.jsonl"
fi
log "$(wc -c < "$work/state.json") bytes of state, $(wc -l < "$work/bodies.jsonl") request bodies"

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for p in "$PORT" "$METRICS_PORT" "$NGINX_PORT"; do port_free "$p" || { echo "port $p on 127.0.0.1 is in use; set PORT/METRICS_PORT/NGINX_PORT" >&2; exit 1; }; done

process_cpu_seconds() { # pid: user + system time so far
    awk -v tick="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / tick }' "/proc/$1/stat"
}
metric_value() { # name: its value on the router's /metrics (0 when absent)
    curl -fsS "http://127.0.0.1:$METRICS_PORT/metrics" 2>/dev/null | awk -v m="$1" '$1 == m { v = $2 } END { print v + 0 }'
}

run_wrk() { # name url
    local name=$1 url=$2 before
    before=$(loadavg)
    log "wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency -s quotes.lua $url -- bodies-ok.jsonl   (load average before: $before)"
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$here/quotes.lua" "$url" -- "$work/bodies-ok.jsonl" | tee "$work/wrk-$name.txt" >&2
    echo "$name load_before=\"$before\" $(grep '^RESULT' "$work/wrk-$name.txt" | sed 's/^RESULT //')" >> "$work/results.txt"
}

for cache in $CACHE_SIZES; do
    log "starting basebook-router serve on 127.0.0.1:$PORT (QUOTE_CACHE_SIZE=$cache)"
    HOST=127.0.0.1 PORT=$PORT METRICS_PORT=$METRICS_PORT LOG_LEVEL=${LOG_LEVEL:-warning} QUOTE_CACHE_SIZE=$cache \
        "$ROUTER_BIN" serve --state-file "$work/state.json" > "$work/router-$cache.log" 2>&1 &
    router_pid=$!
    ready=0
    for _ in $(seq 1 240); do
        kill -0 "$router_pid" 2>/dev/null || { echo "the router exited; its log:" >&2; tail -20 "$work/router-$cache.log" >&2; exit 1; }
        if curl -fsS -o /dev/null "http://127.0.0.1:$PORT/ready"; then ready=1; break; fi
        sleep 0.5
    done
    [[ $ready == 1 ]] || { echo "the router did not become ready within 120 s" >&2; tail -20 "$work/router-$cache.log" >&2; exit 1; }
    # Every body once. wrk posts only those answered 200: a 4xx (say INSUFFICIENT_LIQUIDITY for a
    # large amount under a low hop limit) is a cheap error, not a quote, and would inflate requests/s.
    if [[ ! -e $work/bodies-ok.jsonl ]]; then
        ok=0 total=0
        : > "$work/bodies-ok.jsonl"
        while IFS= read -r body; do
            total=$((total + 1))
            status=$(curl -sS -o "$work/response.json" -w '%{http_code}' -H 'Content-Type: application/json' --data-binary "$body" "http://127.0.0.1:$PORT/v1/quote")
            if [[ $status == 200 ]]; then
                ok=$((ok + 1))
                echo "$body" >> "$work/bodies-ok.jsonl"
                [[ -s $work/static-quote.json ]] || cp "$work/response.json" "$work/static-quote.json"
            else
                log "left out (HTTP $status $(grep -o '"code":"[A-Z_]*"' "$work/response.json")): $body"
            fi
        done < "$work/bodies.jsonl"
        log "$ok of $total request bodies answered 200; wrk posts those"
        (( ok > 0 )) || { echo "no request body was answered 200" >&2; exit 1; }
    fi
    # The router's CPU time and its route calculations' summed duration around the run: what a
    # request costs the two cores, and how much of that is the engine.
    cpu_before=$(process_cpu_seconds "$router_pid"); calc_before=$(metric_value route_calculation_duration_seconds_sum)
    run_wrk "router-cache-$cache" "http://127.0.0.1:$PORT"
    cpu_after=$(process_cpu_seconds "$router_pid"); calc_after=$(metric_value route_calculation_duration_seconds_sum)
    requests=$(grep '^RESULT' "$work/wrk-router-cache-$cache.txt" | sed -n 's/.* requests=\([0-9]*\).*/\1/p')
    awk -v c0="$cpu_before" -v c1="$cpu_after" -v q0="$calc_before" -v q1="$calc_after" -v n="$requests" -v name="router-cache-$cache" \
        'BEGIN { if (n > 0) printf "| %s | %.0f µs | %.0f µs | %.0f %% |\n", name, (c1 - c0) / n * 1e6, (q1 - q0) / n * 1e6, (c1 > c0 ? 100 * (q1 - q0) / (c1 - c0) : 0) }' \
        >> "$work/cpu.txt"
    curl -fsS "http://127.0.0.1:$METRICS_PORT/metrics" 2>/dev/null | grep -E '^route_(calculations_total|cache_hits_total|cache_misses_total)' >> "$work/metrics-$cache.txt" || true
    kill -TERM "$router_pid"; wait "$router_pid" || true; router_pid=""
done

# --- nginx with a static copy of one quote response ---------------------------------------------

[[ -s $work/static-quote.json ]] || { echo "no quote response to serve statically" >&2; exit 1; }
mkdir -p "$work/nginx/logs" "$work/nginx/html/v1"
cp "$work/static-quote.json" "$work/nginx/html/v1/quote.json"
# Started as root, nginx's workers run as nobody: let them through the (mktemp 0700) directory.
chmod 711 "$work" "$work/nginx"
chmod -R a+rX "$work/nginx/html"
cat > "$work/nginx/nginx.conf" <<EOF
worker_processes 2;
pid $work/nginx/nginx.pid;
error_log $work/nginx/logs/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $work/nginx/client_body;
    proxy_temp_path $work/nginx/proxy;
    fastcgi_temp_path $work/nginx/fastcgi;
    uwsgi_temp_path $work/nginx/uwsgi;
    scgi_temp_path $work/nginx/scgi;
    keepalive_requests 1000000;
    server {
        listen 127.0.0.1:$NGINX_PORT;
        root $work/nginx/html;
        default_type application/json;
        # The static module answers POST with 405; serve the file instead (internal redirect as GET).
        location = /v1/quote { error_page 405 =200 /v1/quote.json; return 405; }
        location = /v1/quote.json { }
    }
}
EOF
log "starting nginx on 127.0.0.1:$NGINX_PORT"
"$NGINX" -p "$work/nginx" -c "$work/nginx/nginx.conf" -g 'daemon off;' 2>"$work/nginx/logs/stderr.log" &
nginx_pid=$!
for _ in $(seq 1 40); do curl -fsS -o /dev/null -X POST --data '{}' "http://127.0.0.1:$NGINX_PORT/v1/quote" 2>/dev/null && break; sleep 0.25; done
cmp -s <(curl -fsS -X POST --data '{}' "http://127.0.0.1:$NGINX_PORT/v1/quote") "$work/static-quote.json" \
    || { echo "nginx does not serve the quote copy" >&2; cat "$work/nginx/logs/"* >&2; exit 1; }
run_wrk "nginx-static" "http://127.0.0.1:$NGINX_PORT"
kill -QUIT "$nginx_pid"; wait "$nginx_pid" || true; nginx_pid=""

# --- Summary -----------------------------------------------------------------------------------

echo
echo "HTTP load, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores ($(lscpu | sed -n 's/^Model name: *//p')), wrk -t$THREADS -c$CONNECTIONS -d$DURATION"
echo "static response: $(wc -c < "$work/static-quote.json") bytes"
echo
echo "| target | requests/s | p50 | p90 | p99 | p99.9 | max | non-2xx | socket errors | load avg before |"
echo "|---|--:|--:|--:|--:|--:|--:|--:|--:|---|"
while read -r name rest; do
    declare -A r=()
    load=$(sed -n 's/.*load_before="\([^"]*\)".*/\1/p' <<< "$rest")
    for kv in ${rest#*\" }; do r[${kv%%=*}]=${kv#*=}; done
    ms() { awk -v us="$1" 'BEGIN { printf (us >= 1000 ? "%.2f ms" : "%d µs"), (us >= 1000 ? us / 1000 : us) }'; }
    echo "| $name | ${r[requests_per_sec]} | $(ms "${r[p50_us]}") | $(ms "${r[p90_us]}") | $(ms "${r[p99_us]}") | $(ms "${r[p999_us]}") | $(ms "${r[max_us]}") | ${r[non2xx]} | ${r[socket_errors]} | $load |"
    unset r
done < "$work/results.txt"
if [[ -s $work/cpu.txt ]]; then
    echo
    echo "| router run | CPU per request (both cores) | route calculation per request | calculation share of CPU |"
    echo "|---|--:|--:|--:|"
    cat "$work/cpu.txt"
fi
for f in "$work"/metrics-*.txt; do [[ -s $f ]] && { echo; n=${f##*metrics-}; echo "router counters after the run with QUOTE_CACHE_SIZE=${n%.txt}:"; sed 's/^/  /' "$f"; }; done
exit 0
