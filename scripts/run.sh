#!/usr/bin/env bash
# Builds BaseBook in release mode and runs it locally.
#
#   scripts/run.sh
#
# Starts every service whose executable has a `serve` subcommand (logs and pid
# files in .run/), waits until each answers its health check, prints the URLs
# and stops them all on Ctrl-C / SIGTERM. While no executable can serve yet,
# it demonstrates the router's exact swap simulator instead.
set -euo pipefail

# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
BASEBOOK_LOG_TAG="run"

ROOT="$(repo_root)"
cd "$ROOT"

RUN_DIR="$ROOT/.run"
HEALTH_TIMEOUT="${BASEBOOK_RUN_HEALTH_TIMEOUT:-60}"
STOP_TIMEOUT="${BASEBOOK_RUN_STOP_TIMEOUT:-20}"
SIMULATE_INPUT="$ROOT/examples/simulate.json"

# name | ports it binds | health URLs (any one answering 2xx counts)
# name|ports|readiness URL: each must be ready (state loaded, dependencies up), not just alive.
SERVICES=(
    "basebook-api|4000 4001 9090|http://127.0.0.1:4000/ready"
    "basebook-router|8080 9091|http://127.0.0.1:8080/ready"
    "basebook-frontend|3000|http://127.0.0.1:3000/api/health"
)

bin_dir=""
started_names=()
started_pids=()
owns_run_pid=0

field() { local IFS='|' parts; read -r -a parts <<<"$1"; printf '%s\n' "${parts[$2]}"; }

# ---------------------------------------------------------------- guards

refuse_if_already_running() {
    mkdir -p "$RUN_DIR"
    local file live=()
    for file in "$RUN_DIR"/*.pid; do
        [[ -e "$file" ]] || continue
        if pidfile_alive "$file"; then
            live+=("$(basename "$file" .pid) (pid $(head -n1 "$file"))")
        else
            rm -f "$file"
        fi
    done
    if ((${#live[@]} > 0)); then
        log "a previous 'make run' is still running: ${live[*]}"
        die "stop it first (Ctrl-C in its terminal, or kill the pids above), then retry"
    fi
    printf '%s\n' "$$" >"$RUN_DIR/run.pid"
    owns_run_pid=1
}

refuse_if_ports_busy() {
    local spec port busy=()
    for spec in "$@"; do
        for port in $(field "$spec" 1); do
            port_in_use "$port" && busy+=("$port ($(field "$spec" 0))")
        done
    done
    if ((${#busy[@]} > 0)); then
        die "ports already in use: ${busy[*]}; is a previous 'make run' (or another server) still running?"
    fi
}

# ---------------------------------------------------------------- build

build_release() {
    local spec name
    for spec in "${SERVICES[@]}"; do
        name="$(field "$spec" 0)"
        log "building $name (release)"
        swift build -c release --product "$name"
    done
    bin_dir="$(swift build -c release --show-bin-path)"
}

# `BIN SUB --help` alone is not enough: for an unknown subcommand
# ArgumentParser prints the root command's help and still exits 0. Only the
# subcommand's own help has a usage line naming it.
supports() {
    local name="$1" sub="$2" help
    help="$("$bin_dir/$name" "$sub" --help 2>&1)" || return 1
    grep -Eq "^USAGE: +$name $sub( |\$)" <<<"$help"
}

# ---------------------------------------------------------------- services

http_ok() {
    local url="$1"
    if command -v curl >/dev/null 2>&1; then
        curl -fsS -o /dev/null --max-time 2 "$url"
    else
        python3 -c 'import sys, urllib.request
urllib.request.urlopen(sys.argv[1], timeout=2)' "$url"
    fi
}

healthy() {
    local url
    for url in $(field "$1" 2); do
        http_ok "$url" >/dev/null 2>&1 && return 0
    done
    return 1
}

stop_services() {
    ((${#started_pids[@]} > 0)) || return 0
    local pid
    for pid in "${started_pids[@]}"; do
        kill -TERM "$pid" 2>/dev/null || true
    done
    local deadline=$((SECONDS + STOP_TIMEOUT))
    for pid in "${started_pids[@]}"; do
        while process_alive "$pid" && ((SECONDS < deadline)); do
            sleep 0.1
        done
        if process_alive "$pid"; then
            log "pid $pid ignored SIGTERM for ${STOP_TIMEOUT}s; killing it"
            kill -KILL "$pid" 2>/dev/null || true
        fi
        wait "$pid" 2>/dev/null || true
    done
    local name
    for name in "${started_names[@]}"; do
        rm -f "$RUN_DIR/$name.pid"
    done
    started_pids=()
    started_names=()
}

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    if ((${#started_pids[@]} > 0)); then
        log "stopping services"
        stop_services
        log "stopped"
    fi
    ((owns_run_pid)) && rm -f "$RUN_DIR/run.pid"
    exit "$rc"
}

start_service() {
    local spec="$1" name pid
    name="$(field "$spec" 0)"
    # Background jobs of a non-interactive shell ignore SIGINT, so Ctrl-C
    # reaches only this script, which then stops each service with SIGTERM:
    # the graceful-shutdown path the services implement for Kubernetes.
    local args=()
    mapfile -t args < <(serve_args "$name")
    # The browser reaches the API and WebSocket on localhost; the frontend hands it those URLs.
    API_URL="${API_URL:-http://localhost:4000}" WS_URL="${WS_URL:-ws://localhost:4001/ws}" \
        "$bin_dir/$name" serve "${args[@]}" >"$RUN_DIR/$name.log" 2>&1 &
    pid=$!
    printf '%s\n' "$pid" >"$RUN_DIR/$name.pid"
    started_names+=("$name")
    started_pids+=("$pid")
    log "started $name (pid $pid, log .run/$name.log)"
}

# Extra arguments for `NAME serve`, one per line. The router follows the
# backend once the backend serves; until then it quotes over a deterministic
# synthetic market (1,000 pools) so the suite has something to route over.
serve_args() {
    if [[ "$1" == basebook-router ]] && supports basebook-api serve; then
        printf '%s\n' --backend-url "http://127.0.0.1:4000"
    elif [[ "$1" == basebook-router ]]; then
        local state="$RUN_DIR/market.json"
        if [[ ! -s "$state" ]]; then
            "$bin_dir/basebook-router" market --pools 1000 --tokens 250 --seed 1 >"$state" \
                || die "could not generate the synthetic market for the router"
        fi
        printf '%s\n' --state-file "$state"
    fi
}

wait_healthy() {
    local spec="$1" pid="$2" name
    name="$(field "$spec" 0)"
    local deadline=$((SECONDS + HEALTH_TIMEOUT))
    until healthy "$spec"; do
        if ! process_alive "$pid"; then
            log "$name exited during start-up; last lines of .run/$name.log:"
            tail -n 40 "$RUN_DIR/$name.log" >&2 || true
            return 1
        fi
        if ((SECONDS >= deadline)); then
            log "$name did not answer $(field "$spec" 2) within ${HEALTH_TIMEOUT}s; last lines of .run/$name.log:"
            tail -n 40 "$RUN_DIR/$name.log" >&2 || true
            return 1
        fi
        sleep 0.2
    done
}

started() {
    local name
    for name in "${started_names[@]}"; do
        [[ "$name" == "$1" ]] && return 0
    done
    return 1
}

print_urls() {
    echo
    echo "BaseBook is running (Ctrl-C stops it):"
    if started basebook-frontend; then
        echo "  web app    http://localhost:3000"
    fi
    if started basebook-api; then
        echo "  API        http://localhost:4000"
        echo "  WebSocket  ws://localhost:4001/ws"
    fi
    if started basebook-router; then
        echo "  router     http://localhost:8080"
    fi
    if started basebook-api; then
        echo "  metrics    http://localhost:9090/metrics (API)"
    fi
    if started basebook-router; then
        echo "  metrics    http://localhost:9091/metrics (router)"
    fi
    echo "  logs       .run/*.log"
    echo
}

serve_all() {
    local specs=("$@") i
    refuse_if_ports_busy "${specs[@]}"
    for i in "${!specs[@]}"; do
        start_service "${specs[$i]}"
    done
    for i in "${!specs[@]}"; do
        wait_healthy "${specs[$i]}" "${started_pids[$i]}" || die "start-up failed; stopping"
    done
    print_urls

    # Only the services are children now, so the first one to exit ends the
    # wait; a service that dies on its own takes the others down with it.
    local rc=0
    wait -n || rc=$?
    for i in "${!started_pids[@]}"; do
        if ! process_alive "${started_pids[$i]}"; then
            log "${started_names[$i]} exited (code $rc); see .run/${started_names[$i]}.log"
        fi
    done
    return $((rc == 0 ? 1 : rc))
}

# ---------------------------------------------------------------- demo

simulate_demo() {
    local router="$bin_dir/basebook-router"
    if [[ ! -x "$router" ]] || ! supports basebook-router simulate; then
        die "basebook-router has no 'simulate' subcommand yet: nothing to run"
    fi
    echo "\$ basebook-router simulate < examples/simulate.json"
    local out
    out="$("$router" simulate <"$SIMULATE_INPUT")" || die "basebook-router simulate failed"
    # Pretty-print when possible; the raw output is just as correct.
    if command -v python3 >/dev/null 2>&1 && python3 -m json.tool <<<"$out" 2>/dev/null; then
        return 0
    fi
    printf '%s\n' "$out"
}

# ---------------------------------------------------------------- main

main() {
    require_swift
    refuse_if_already_running
    trap cleanup EXIT
    # Ctrl-C / SIGTERM is how a run normally ends: a clean stop, not a failure.
    trap 'exit 0' INT TERM

    build_release

    local spec servable=()
    for spec in "${SERVICES[@]}"; do
        supports "$(field "$spec" 0)" serve && servable+=("$spec")
    done

    if ((${#servable[@]} == 0)); then
        log "no service has a 'serve' subcommand yet; demonstrating the router's exact swap simulator instead"
        simulate_demo
        return 0
    fi
    serve_all "${servable[@]}"
}

main "$@"
