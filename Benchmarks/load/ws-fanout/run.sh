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
# to build (defaults: the repository, .build-bench, release).
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
cleanup() {
    if [[ -n "$server_pid" ]]; then
        kill -TERM "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
}
trap cleanup EXIT

url="${URL:-}"
if [[ -z "$url" ]]; then
    swift build -c "$CONFIGURATION" --package-path "$PACKAGE_PATH" --scratch-path "$SCRATCH" --product ws-fanout-server >&2
    bin="$(swift build -c "$CONFIGURATION" --package-path "$PACKAGE_PATH" --scratch-path "$SCRATCH" --show-bin-path)/ws-fanout-server"
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

"$PYTHON" "$HERE/fanout_client.py" --url "$url" --clients "$CLIENTS" --duration "$DURATION" "$@"
