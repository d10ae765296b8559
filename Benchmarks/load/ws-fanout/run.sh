#!/usr/bin/env bash
# WebSocket fan-out benchmark: ws-fanout-server (the backend's WebSocket server with a
# stamped synthetic "swaps" feed) on loopback, CLIENTS Python clients subscribed to "swaps",
# delivery latency p50/p99 from the feed's emission instant.
#
#   Benchmarks/load/ws-fanout/run.sh                 # 1,000 clients, 20 events/s, 30 s
#   CLIENTS=2000 FANOUT_RATE=50 DURATION=60 Benchmarks/load/ws-fanout/run.sh
#   URL=ws://127.0.0.1:4001/ws Benchmarks/load/ws-fanout/run.sh   # a running backend's devnet stream instead
#
# Needs the test venv (scripts/python-env.sh: `websockets`). PACKAGE_PATH/SCRATCH choose what
# to build (defaults: the repository, .build-bench, release); SERVER_BIN=path skips the build.
# Arguments after the variables go to fanout_client.py (e.g. --client websockets, --json).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
CLIENTS="${CLIENTS:-1000}"
DURATION="${DURATION:-30}"
PYTHON="${PYTHON:-$ROOT/.venv-tests/bin/python}"
# A free port unless told: a fixed one may be another process's, and the clients would measure that.
PORT="${WS_PORT:-$("$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"
PACKAGE_PATH="${PACKAGE_PATH:-$ROOT/Benchmarks}"
SCRATCH="${SCRATCH:-$ROOT/.build-bench}"
CONFIGURATION="${CONFIGURATION:-release}"
export PATH="/opt/swift/usr/bin:$PATH"

# Both processes hold one socket per client.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

server_pid=""
log=""
cleanup() {
    if [[ -n "$server_pid" ]]; then
        kill -TERM "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
        # The server's own count of clients it dropped as too slow (send queue full).
        grep -ho '"slowClientDisconnects":"[0-9]*"' "$log" >&2 || true
    fi
}
trap cleanup EXIT

url="${URL:-}"
if [[ -z "$url" ]]; then
    bin="${SERVER_BIN:-}"
    if [[ -z "$bin" ]]; then
        swift build -c "$CONFIGURATION" --package-path "$PACKAGE_PATH" --scratch-path "$SCRATCH" --product ws-fanout-server >&2
        bin="$(swift build -c "$CONFIGURATION" --package-path "$PACKAGE_PATH" --scratch-path "$SCRATCH" --show-bin-path)/ws-fanout-server"
    fi
    log="$(mktemp -t ws-fanout-server.XXXXXX.log)"
    HOST=127.0.0.1 WS_PORT="$PORT" WS_MAX_CONNECTIONS="$((CLIENTS + 100))" FANOUT_RATE="${FANOUT_RATE:-20}" \
        FANOUT_PADDING_BYTES="${FANOUT_PADDING_BYTES:-400}" "$bin" >"$log" 2>&1 &
    server_pid=$!
    for _ in $(seq 1 100); do
        if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then break; fi
        kill -0 "$server_pid" 2>/dev/null || { cat "$log" >&2; exit 1; }
        sleep 0.1
    done
    url="ws://127.0.0.1:$PORT/ws"
    echo "server log: $log" >&2
fi

echo "$(date -u +%Y-%m-%dT%H:%M:%SZ) $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), clients $CLIENTS, rate ${FANOUT_RATE:-20}/s, load before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
status=0
"$PYTHON" "$HERE/fanout_client.py" --url "$url" --clients "$CLIENTS" --duration "$DURATION" "$@" || status=$?
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
exit "$status"
