#!/usr/bin/env bash
# End-to-end proof of the running suite: starts basebook-api (devnet market),
# basebook-router (following the backend's state feed) and basebook-frontend
# from the debug build on free loopback ports, waits until all three are ready
# and the devnet market has caught up with the wall clock, then runs
#
#   pytest Tests/E2E Tests/Browser [PYTEST_ARG...]
#
# against them (Tests/E2E: quotes, WebSocket, router freshness, Prometheus,
# generated bad input (no 5xx, every error in the envelope),
# SIGTERM under wrk; Tests/Browser: the web app in Debian's chromium).
#
#   scripts/test-e2e.sh [PYTEST_ARG...]          e.g. scripts/test-e2e.sh -k websocket
#
# Artifacts (screenshots, service logs, junit.xml) go to artifacts/ (ARTIFACTS_DIR).
# Needs the debug binaries (`swift build`, as scripts/test.sh leaves them);
# BASEBOOK_BIN_DIR overrides where they are looked for. Installs chromium, wrk
# and prometheus (promtool) through scripts/install-deps.sh when missing.
#
# Tuning (environment): BASEBOOK_E2E_START_TIMEOUT (seconds, default 240),
# E2E_DEVNET_SWAPS_PER_SECOND, E2E_DEVNET_BLOCK_SECONDS (see devnet_parameters).
set -euo pipefail

# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
BASEBOOK_LOG_TAG=test-e2e

ROOT="$(repo_root)"
cd "$ROOT"

START_TIMEOUT="${BASEBOOK_E2E_START_TIMEOUT:-240}"
STOP_TIMEOUT=30
ARTIFACTS_DIR="${ARTIFACTS_DIR:-$ROOT/artifacts}"
TMP_PREFIX=basebook-e2e.
SERVICES=(api router frontend)

work_dir=""
child_pid=""
declare -A pids=()

# ---------------------------------------------------------------- tools

find_bin_dir() {
    if [[ -n "${BASEBOOK_BIN_DIR:-}" ]]; then
        printf '%s\n' "$BASEBOOK_BIN_DIR"
        return 0
    fi
    require_swift
    swift build --show-bin-path
}

find_chromium() {
    local candidate
    for candidate in "${CHROMIUM_PATH:-}" /usr/bin/chromium "$(command -v chromium 2>/dev/null || true)"; do
        if [[ -n "$candidate" && -x "$candidate" ]]; then
            printf '%s\n' "$candidate"
            return 0
        fi
    done
    return 1
}

prepare_tools() {
    # The browser tests are part of the proof: no chromium is a failure, never a skip.
    "$ROOT/scripts/install-deps.sh" chromium wrk \
        || die "could not install chromium and wrk (scripts/install-deps.sh chromium wrk); the browser and SIGTERM tests need them"
    CHROMIUM="$(find_chromium)" || die "no chromium executable (looked at CHROMIUM_PATH, /usr/bin/chromium, PATH) although install-deps ran"
    local tool
    for tool in wrk prometheus promtool; do
        command -v "$tool" >/dev/null 2>&1 || die "'$tool' not found on PATH after scripts/install-deps.sh"
    done
    VENV_BIN="$("$ROOT/scripts/python-env.sh")" || die "could not prepare the Python test tools (scripts/python-env.sh)"
}

# The devnet starts DEVNET_START_TIME seconds ago: ten minutes of history (so
# charts and swap lists have data) that a debug build generates in seconds,
# then a lively market, so the live tests see trades quickly.
# E2E_DEVNET_* override the rate and block time.
devnet_parameters() {
    DEVNET_BLOCK="${E2E_DEVNET_BLOCK_SECONDS:-1}"
    DEVNET_RATE="${E2E_DEVNET_SWAPS_PER_SECOND:-5}"
    DEVNET_START=$(($(date -u +%s) - 600))
}

# ---------------------------------------------------------------- services

log_file() { printf '%s\n' "$work_dir/$1.log"; }

start_service() {
    local name="$1"
    shift
    # Its own process group, so that stopping it also stops anything it spawned.
    setsid "$@" >"$(log_file "$name")" 2>&1 </dev/null &
    pids[$name]=$!
    printf '%s\n' "${pids[$name]}" >"$work_dir/$name.pid"
}

stop_service() {
    local name="$1" pid="${pids[$1]:-}"
    [[ -n "$pid" ]] || return 0
    kill -TERM "$pid" 2>/dev/null || true
    wait_until "$STOP_TIMEOUT" not_alive "$pid" || {
        log "$name (pid $pid) did not stop within ${STOP_TIMEOUT}s of SIGTERM: killing it"
        kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
    }
    wait "$pid" 2>/dev/null || true
    unset "pids[$name]"
    rm -f "$work_dir/$name.pid"
}

stop_suite() {
    local name
    for name in frontend router api; do
        stop_service "$name"
    done
}

# Every port is chosen before anything starts: the backend's CORS origin is
# the frontend's, and the frontend and router need the backend's URLs.
choose_ports() {
    local chosen=() port name
    for name in API WS API_METRICS ROUTER ROUTER_METRICS FRONTEND; do
        while :; do
            port="$(free_port)" || die "no free TCP port"
            [[ " ${chosen[*]} " == *" $port "* ]] || break
        done
        chosen+=("$port")
        printf -v "PORT_$name" '%s' "$port"
    done
    BACKEND_URL="http://127.0.0.1:$PORT_API"
    BACKEND_WS_URL="ws://127.0.0.1:$PORT_WS/ws"
    ROUTER_URL="http://127.0.0.1:$PORT_ROUTER"
    FRONTEND_URL="http://127.0.0.1:$PORT_FRONTEND"
}

start_suite() {
    start_service api env PORT="$PORT_API" WS_PORT="$PORT_WS" METRICS_PORT="$PORT_API_METRICS" HOST=127.0.0.1 \
        INDEXER=devnet DEVNET_START_TIME="$DEVNET_START" DEVNET_SWAPS_PER_SECOND="$DEVNET_RATE" DEVNET_BLOCK_SECONDS="$DEVNET_BLOCK" \
        ROUTER_URL="$ROUTER_URL" CORS_ORIGINS="$FRONTEND_URL" \
        RATE_LIMIT_PER_MINUTE=100000 RATE_LIMIT_BURST=10000 \
        "$BIN_DIR/basebook-api" serve
    start_service router env PORT="$PORT_ROUTER" METRICS_PORT="$PORT_ROUTER_METRICS" HOST=127.0.0.1 \
        "$BIN_DIR/basebook-router" serve --backend-url "$BACKEND_URL"
    start_service frontend env PORT="$PORT_FRONTEND" HOST=127.0.0.1 FRONTEND_ROOT="$ROOT/Frontend" \
        API_URL="$BACKEND_URL" WS_URL="$BACKEND_WS_URL" \
        "$BIN_DIR/basebook-frontend" serve
}

# Waits for /ready, /api/health, the devnet catching up with the clock and the
# router catching up with the backend. Exit status 2: a service died (a port
# taken between choosing and binding it, most likely), worth another try.
wait_for_suite() {
    "$VENV_BIN/python" "$ROOT/Tests/E2E/wait_for_suite.py" \
        --backend "$BACKEND_URL" --router "$ROUTER_URL" --frontend "$FRONTEND_URL" \
        --block-seconds "$DEVNET_BLOCK" --timeout "$START_TIMEOUT" \
        --pid "api=${pids[api]}" --pid "router=${pids[router]}" --pid "frontend=${pids[frontend]}"
}

bring_up_suite() {
    local attempt status
    for attempt in 1 2 3; do
        choose_ports
        start_suite
        status=0
        wait_for_suite || status=$?
        ((status != 0)) || return 0
        print_log_tails
        stop_suite
        ((status == 2)) || die "the suite did not become ready within ${START_TIMEOUT}s"
        log "a service exited during start (attempt $attempt); retrying on other ports"
    done
    die "the suite did not start in 3 attempts"
}

print_log_tails() {
    local name file
    for name in "${SERVICES[@]}"; do
        file="$(log_file "$name")"
        [[ -s "$file" ]] || continue
        log "---- last lines of $name's log ($file)"
        tail -n 40 "$file" >&2
    done
}

# ---------------------------------------------------------------- lifecycle

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    if [[ -n "$child_pid" ]]; then
        kill -TERM -- "-$child_pid" 2>/dev/null || kill -TERM "$child_pid" 2>/dev/null || true
        wait "$child_pid" 2>/dev/null || true
    fi
    if [[ -n "$work_dir" ]]; then
        ((rc == 0)) || print_log_tails
        stop_suite
        mkdir -p "$ARTIFACTS_DIR/e2e"
        cp "$work_dir"/*.log "$work_dir"/tests/*.log "$ARTIFACTS_DIR/e2e/" 2>/dev/null || true
        rm -rf "$work_dir"
    fi
    exit "$rc"
}

# A run killed with SIGKILL never reaches its trap: stop what it left running.
reap_stale_runs() {
    local base="$1" dir pid file
    for dir in "$base/$TMP_PREFIX"*; do
        [[ -d "$dir" && -O "$dir" ]] || continue
        pid="$(head -n1 "$dir/owner.pid" 2>/dev/null)" || pid=""
        if [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null; then
            continue
        fi
        [[ -n "$pid" || -n "$(find "$dir" -maxdepth 0 -mmin +2 2>/dev/null)" ]] || continue
        log "cleaning up after an interrupted run: $dir"
        for file in "$dir"/*.pid "$dir"/tests/*.pid; do
            [[ "$file" != "$dir/owner.pid" ]] || continue
            if pidfile_alive "$file"; then
                kill -KILL -- "-$(head -n1 "$file")" 2>/dev/null || kill -KILL "$(head -n1 "$file")" 2>/dev/null || true
            fi
        done
        rm -rf "$dir"
    done
}

run_tests() {
    # This run's artifacts only: stale screenshots would pass for new ones.
    rm -rf "$ARTIFACTS_DIR/browser" "$ARTIFACTS_DIR/e2e"
    mkdir -p "$ARTIFACTS_DIR/browser" "$ARTIFACTS_DIR/e2e" "$work_dir/tests"
    # Like scripts/test.sh: a background child in its own process group, so a
    # TERM to this script is handled at once and reaches every process pytest
    # started (service instances of the SIGTERM tests, prometheus, chromium).
    env PATH="$VENV_BIN:$PATH" PYTHONDONTWRITEBYTECODE=1 \
        BACKEND_URL="$BACKEND_URL" BACKEND_WS_URL="$BACKEND_WS_URL" \
        BACKEND_METRICS_URL="http://127.0.0.1:$PORT_API_METRICS/metrics" \
        ROUTER_URL="$ROUTER_URL" ROUTER_METRICS_URL="http://127.0.0.1:$PORT_ROUTER_METRICS/metrics" \
        FRONTEND_URL="$FRONTEND_URL" FRONTEND_METRICS_URL="$FRONTEND_URL/metrics" \
        API_URL="$BACKEND_URL" \
        DEVNET_BLOCK_SECONDS="$DEVNET_BLOCK" \
        BASEBOOK_BIN_DIR="$BIN_DIR" FRONTEND_ROOT="$ROOT/Frontend" \
        E2E_WORK_DIR="$work_dir/tests" \
        ARTIFACTS_DIR="$ARTIFACTS_DIR/browser" CHROMIUM_PATH="$CHROMIUM" \
        setsid "$VENV_BIN/python" -m pytest -p no:cacheprovider -rA \
        --junitxml="$ARTIFACTS_DIR/e2e/junit.xml" \
        Tests/E2E Tests/Browser "$@" &
    child_pid=$!
    printf '%s\n' "$child_pid" >"$work_dir/pytest.pid"
    local rc=0
    wait "$child_pid" || rc=$?
    child_pid=""
    return "$rc"
}

main() {
    local started=$SECONDS
    BIN_DIR="$(find_bin_dir)" || die "could not locate the build's bin directory (swift build --show-bin-path)"
    local exe
    for exe in basebook-api basebook-router basebook-frontend; do
        [[ -x "$BIN_DIR/$exe" ]] || die "$BIN_DIR/$exe is missing: build first (swift build, as scripts/test.sh does)"
    done
    prepare_tools
    devnet_parameters

    local base="${TMPDIR:-/tmp}"
    reap_stale_runs "$base"
    trap cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    work_dir="$(mktemp -d "$base/${TMP_PREFIX}XXXXXX")"
    printf '%s\n' "$$" >"$work_dir/owner.pid"

    log "devnet: $DEVNET_RATE swaps/s in ${DEVNET_BLOCK}s blocks; logs in $work_dir"
    bring_up_suite
    log "suite ready after $((SECONDS - started))s: backend $BACKEND_URL (ws $BACKEND_WS_URL), router $ROUTER_URL, frontend $FRONTEND_URL"

    local rc=0
    run_tests "$@" || rc=$?
    log "tests finished with status $rc after $((SECONDS - started))s; artifacts in $ARTIFACTS_DIR"
    return "$rc"
}

main "$@"
