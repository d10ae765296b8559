#!/usr/bin/env bash
# Static-file throughput of `basebook-frontend serve` against nginx serving the same directory,
# in the same run, with the same wrk settings: the web app's index.html and its largest ES
# module, plain and gzip, and a conditional GET answered with 304.
#
#   Benchmarks/load/run-frontend-load.sh
#
# Environment (all optional):
#   FRONTEND_BIN    a built basebook-frontend (default: build it with `swift build -c release`)
#   DURATION        wrk duration per scenario (default 15s); THREADS (2); CONNECTIONS (32)
#   PORT            frontend port (default 13000); NGINX_PORT (13001)
#   KEEP_WORKDIR=1  keep the temporary directory (site copy, logs, wrk output)
#
# Both servers listen on 127.0.0.1 only and serve one copy of Frontend/ in a temporary
# directory. nginx gets the settings a production static server would use: sendfile, etag,
# gzip at level 1 for the same types (it compresses every response; basebook-frontend
# compresses once and keeps the result). wrk and nginx are installed with apt-get when missing.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
DURATION=${DURATION:-15s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-32}
PORT=${PORT:-13000}
NGINX_PORT=${NGINX_PORT:-13001}

work=$(mktemp -d /tmp/basebook-frontend-load.XXXXXX)
frontend_pid="" nginx_pid=""
cleanup() {
    local status=$?
    if [[ -n $frontend_pid ]] && kill -0 "$frontend_pid" 2>/dev/null; then kill -TERM "$frontend_pid" 2>/dev/null || true; wait "$frontend_pid" 2>/dev/null || true; fi
    if [[ -n $nginx_pid ]] && kill -0 "$nginx_pid" 2>/dev/null; then kill -QUIT "$nginx_pid" 2>/dev/null || true; wait "$nginx_pid" 2>/dev/null || true; fi
    if [[ ${KEEP_WORKDIR:-0} == 1 ]]; then echo "work directory kept: $work"; else rm -rf "$work"; fi
    exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM
log() { printf '==> %s\n' "$*" >&2; }

missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v nginx >/dev/null || [[ -x /usr/sbin/nginx ]] || missing+=(nginx-light)
if ((${#missing[@]})); then
    [[ $(id -u) == 0 ]] || { echo "missing ${missing[*]}; apt-get install them or run as root" >&2; exit 1; }
    policy=/usr/sbin/policy-rc.d created=0
    # Keep apt from starting a system-wide nginx on port 80.
    if [[ ! -e $policy ]]; then printf '#!/bin/sh\nexit 101\n' > "$policy"; chmod +x "$policy"; created=1; fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    if [[ $created == 1 ]]; then rm -f "$policy"; fi
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

if [[ -z ${FRONTEND_BIN:-} ]]; then
    export PATH="/opt/swift/usr/bin:$PATH"
    log "building basebook-frontend (release)"
    (cd "$root" && swift build -c release --product basebook-frontend --scratch-path "$root/.build-frontend-load" >&2)
    FRONTEND_BIN="$root/.build-frontend-load/release/basebook-frontend"
fi

site="$work/site"
cp -R "$root/Frontend" "$site"
chmod 711 "$work"
chmod -R a+rX "$site"
big=$(cd "$site" && find . -name '*.js' -printf '%s %P\n' | sort -rn | head -1 | cut -d' ' -f2)

log "starting basebook-frontend on 127.0.0.1:$PORT"
HOST=127.0.0.1 PORT=$PORT FRONTEND_ROOT="$site" LOG_LEVEL=warning "$FRONTEND_BIN" serve >"$work/frontend.log" 2>&1 &
frontend_pid=$!

mkdir -p "$work/nginx/logs"
cat > "$work/nginx/nginx.conf" <<EOF
worker_processes 2;
pid $work/nginx/nginx.pid;
error_log $work/nginx/logs/error.log warn;
events { worker_connections 1024; }
http {
    include /etc/nginx/mime.types;
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    gzip on;
    gzip_comp_level 1;
    gzip_vary on;
    gzip_types text/css text/javascript application/javascript application/json image/svg+xml;
    client_body_temp_path $work/nginx/client_body;
    proxy_temp_path $work/nginx/proxy;
    fastcgi_temp_path $work/nginx/fastcgi;
    uwsgi_temp_path $work/nginx/uwsgi;
    scgi_temp_path $work/nginx/scgi;
    server {
        listen 127.0.0.1:$NGINX_PORT;
        root $site;
        location / { try_files \$uri /index.html; }
    }
}
EOF
log "starting nginx on 127.0.0.1:$NGINX_PORT"
"$NGINX" -p "$work/nginx" -c "$work/nginx/nginx.conf" -g 'daemon off;' 2>"$work/nginx/logs/stderr.log" &
nginx_pid=$!

for port in "$PORT" "$NGINX_PORT"; do
    for _ in $(seq 1 80); do curl -fsS -o /dev/null "http://127.0.0.1:$port/index.html" 2>/dev/null && break; sleep 0.25; done
    cmp -s <(curl -fsS "http://127.0.0.1:$port/$big") "$site/$big" || { echo "port $port does not serve $big" >&2; exit 1; }
done

etag_frontend=$(curl -fsSI "http://127.0.0.1:$PORT/index.html" | tr -d '\r' | sed -n 's/^[Ee][Tt]ag: //p')
etag_nginx=$(curl -fsSI "http://127.0.0.1:$NGINX_PORT/index.html" | tr -d '\r' | sed -n 's/^[Ee][Tt]ag: //p')

results="$work/results.tsv"
printf 'scenario\tserver\trequests/s\tlatency p50\tlatency p99\n' > "$results"
run() {  # name server url [header...]
    local name=$1 server=$2 url=$3; shift 3
    local args=() header
    for header in "$@"; do args+=(-H "$header"); done
    log "$name · $server"
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "${args[@]}" "$url" > "$work/$name-$server.txt"
    local rps p50 p99
    rps=$(awk '/^Requests\/sec/ {print $2}' "$work/$name-$server.txt")
    p50=$(awk '$1 == "50%" {print $2}' "$work/$name-$server.txt")
    p99=$(awk '$1 == "99%" {print $2}' "$work/$name-$server.txt")
    if grep -q "Non-2xx or 3xx" "$work/$name-$server.txt"; then rps="$rps (errors!)"; fi
    printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$server" "$rps" "$p50" "$p99" >> "$results"
}

for server in basebook-frontend nginx; do
    if [[ $server == nginx ]]; then port=$NGINX_PORT etag=$etag_nginx; else port=$PORT etag=$etag_frontend; fi
    base="http://127.0.0.1:$port"
    run index-plain "$server" "$base/index.html"
    run index-gzip "$server" "$base/index.html" "Accept-Encoding: gzip"
    run module-plain "$server" "$base/$big"
    run module-gzip "$server" "$base/$big" "Accept-Encoding: gzip"
    run index-304 "$server" "$base/index.html" "If-None-Match: $etag"
    run spa-route "$server" "$base/pools/0x4200000000000000000000000000000000000006"
done

echo
echo "Static throughput, $(nproc) cores, wrk -t$THREADS -c$CONNECTIONS -d$DURATION, $(date -u +%Y-%m-%dT%H:%MZ), load after: $(cut -d" " -f1-3 /proc/loadavg)"
echo "module: $big ($(stat -c %s "$site/$big") bytes)"
column -t -s $'\t' "$results"
