#!/usr/bin/env bash
# Builds and runs every test against a throwaway PostgreSQL and Redis.
#
#   scripts/test.sh [SWIFT_TEST_ARG...]        e.g. scripts/test.sh --filter DEXMathTests
#   TEST_COMMAND='psql "$BASEBOOK_TEST_DATABASE_URL" -c "select 1"' scripts/test.sh
#
# Exports for the tests:
#   BASEBOOK_TEST_DATABASE_URL  postgres://basebook@127.0.0.1:PORT/basebook_test
#   BASEBOOK_TEST_REDIS_URL     redis://127.0.0.1:PORT
# Both servers live on free loopback ports in a private temp dir, so runs can
# overlap; they are stopped and the dir removed however the script ends.
set -euo pipefail

# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
BASEBOOK_LOG_TAG="test"

ROOT="$(repo_root)"
cd "$ROOT"

PG_USER=basebook
PG_DB=basebook_test
START_TIMEOUT="${BASEBOOK_TEST_START_TIMEOUT:-30}"
TMP_PREFIX=basebook-test.

work_dir=""
pg_bin=""
pg_data=""
redis_pid=""
child_pid=""

# ---------------------------------------------------------------- postgres

find_pg_bin() {
    local dir
    dir="$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin -type d 2>/dev/null | sort -V | tail -n1)" || dir=""
    if [[ -z "$dir" ]] && command -v initdb >/dev/null 2>&1; then
        dir="$(dirname "$(command -v initdb)")"
    fi
    [[ -n "$dir" && -x "$dir/initdb" ]] || die "PostgreSQL server binaries not found (looked in /usr/lib/postgresql/*/bin and PATH); run scripts/install-deps.sh"
    printf '%s\n' "$dir"
}

# initdb and postgres refuse to run as root, so as root they run as the
# postgres system user that Debian's postgresql package creates.
as_pg() {
    if ! is_root; then
        "$@"
    elif command -v runuser >/dev/null 2>&1; then
        (cd / && runuser -u postgres -- "$@")
    else
        local quoted
        quoted="$(printf '%q ' "$@")"
        (cd / && su postgres -s /bin/sh -c "$quoted")
    fi
}

pg_log() { printf '%s\n' "$work_dir/pg/postgres.log"; }

pg_running() { [[ -n "$pg_data" && -f "$pg_data/postmaster.pid" ]]; }

pg_ready() {
    "$pg_bin/pg_isready" -q -h 127.0.0.1 -p "$1" -U "$PG_USER" -d postgres -t 1
}

init_pg() {
    pg_bin="$(find_pg_bin)"
    local pg_dir="$work_dir/pg"
    pg_data="$pg_dir/data"
    mkdir -p "$pg_dir/sock"
    if is_root; then
        getent passwd postgres >/dev/null || die "running as root needs the 'postgres' system user (from Debian's postgresql package) to run initdb"
        chown -R postgres: "$pg_dir"
    fi
    if ! as_pg "$pg_bin/initdb" -D "$pg_data" -U "$PG_USER" --auth=trust \
        --encoding=UTF8 --locale=C --no-sync >"$pg_dir/initdb.log" 2>&1; then
        cat "$pg_dir/initdb.log" >&2
        die "initdb failed"
    fi
    # Durability is worthless for a database deleted after the run.
    as_pg tee -a "$pg_data/postgresql.conf" >/dev/null <<EOF
listen_addresses = '127.0.0.1'
unix_socket_directories = '$pg_dir/sock'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
EOF
    as_pg tee "$pg_data/pg_hba.conf" >/dev/null <<'EOF'
local all all              trust
host  all all 127.0.0.1/32 trust
host  all all ::1/128      trust
EOF
}

# One attempt on PORT; non-zero when the server did not come up (e.g. another
# process took the port between choosing and binding it).
try_start_pg() {
    local port="$1" log
    log="$(pg_log)"
    as_pg "$pg_bin/pg_ctl" -D "$pg_data" -l "$log" -o "-p $port" -W start >/dev/null 2>&1 || return 1
    local started=$SECONDS deadline=$((SECONDS + START_TIMEOUT))
    until pg_ready "$port"; do
        # A postmaster that failed to bind removes its pid file and exits; no
        # point waiting out the whole timeout for it.
        if ((SECONDS >= deadline)) || { ((SECONDS - started > 1)) && ! as_pg "$pg_bin/pg_ctl" -D "$pg_data" status >/dev/null 2>&1; }; then
            stop_pg
            return 1
        fi
        sleep 0.1
    done
}

start_pg() {
    init_pg
    local attempt port
    for attempt in 1 2 3; do
        port="$(free_port)" || die "no free TCP port for PostgreSQL"
        if try_start_pg "$port"; then
            "$pg_bin/createdb" -w -h 127.0.0.1 -p "$port" -U "$PG_USER" "$PG_DB" \
                || die "createdb $PG_DB failed"
            export BASEBOOK_TEST_DATABASE_URL="postgres://$PG_USER@127.0.0.1:$port/$PG_DB"
            return 0
        fi
        log "PostgreSQL did not start on port $port (attempt $attempt)"
    done
    log "PostgreSQL log ($(pg_log)):"
    cat "$(pg_log)" >&2 2>/dev/null || true
    die "could not start PostgreSQL"
}

stop_pg() {
    pg_running || return 0
    # Immediate mode: nothing in this cluster is worth a checkpoint.
    as_pg "$pg_bin/pg_ctl" -D "$pg_data" -m immediate -w -t 10 stop >/dev/null 2>&1 && return 0
    local pid
    pid="$(head -n1 "$pg_data/postmaster.pid" 2>/dev/null)" || return 0
    if [[ "$pid" =~ ^[0-9]+$ ]]; then
        kill -KILL "$pid" 2>/dev/null || true
    fi
}

# ---------------------------------------------------------------- redis

redis_dir() { printf '%s\n' "$work_dir/redis"; }

try_start_redis() {
    local port="$1" dir
    dir="$(redis_dir)"
    # In the background rather than --daemonize, so that a failed bind shows as
    # a dead pid here instead of a silent daemon that never answers.
    redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no \
        --dir "$dir" --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" \
        </dev/null >>"$dir/redis.out" 2>&1 &
    redis_pid=$!
    printf '%s\n' "$redis_pid" >"$dir/server.pid"
    local deadline=$((SECONDS + START_TIMEOUT))
    until [[ "$(redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null)" == PONG ]]; do
        if ((SECONDS >= deadline)) || ! process_alive "$redis_pid"; then
            stop_redis
            return 1
        fi
        sleep 0.1
    done
}

start_redis() {
    command -v redis-server >/dev/null 2>&1 || die "redis-server not found; run scripts/install-deps.sh"
    mkdir -p "$(redis_dir)"
    local attempt port
    for attempt in 1 2 3; do
        port="$(free_port)" || die "no free TCP port for Redis"
        if try_start_redis "$port"; then
            export BASEBOOK_TEST_REDIS_URL="redis://127.0.0.1:$port"
            return 0
        fi
        log "Redis did not start on port $port (attempt $attempt)"
    done
    log "Redis log ($(redis_dir)):"
    cat "$(redis_dir)/redis.log" "$(redis_dir)/redis.out" >&2 2>/dev/null || true
    die "could not start Redis"
}

stop_redis() {
    [[ -n "$redis_pid" ]] || return 0
    kill -TERM "$redis_pid" 2>/dev/null || true
    wait_until 5 not_alive "$redis_pid" || true
    kill -KILL "$redis_pid" 2>/dev/null || true
    wait "$redis_pid" 2>/dev/null || true
    redis_pid=""
}

# ---------------------------------------------------------------- lifecycle

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    if [[ -n "$child_pid" ]]; then
        # The child leads its own process group (see run_child), so this also
        # reaches the test runner processes swift test spawned.
        kill -TERM -- "-$child_pid" 2>/dev/null || kill -TERM "$child_pid" 2>/dev/null || true
        wait "$child_pid" 2>/dev/null || true
    fi
    stop_redis
    stop_pg
    [[ -n "$work_dir" ]] && rm -rf "$work_dir"
    exit "$rc"
}

# A run killed with SIGKILL never reaches its trap; its servers keep running
# and its dir stays. Reap those whose owning script is gone.
reap_stale_runs() {
    local base="$1" dir pid
    for dir in "$base/$TMP_PREFIX"*; do
        [[ -d "$dir" && -O "$dir" ]] || continue
        if [[ ! -f "$dir/owner.pid" ]]; then
            # Another run may have just created it and not yet signed it.
            [[ -n "$(find "$dir" -maxdepth 0 -mmin +2 2>/dev/null)" ]] || continue
        else
            pid="$(head -n1 "$dir/owner.pid" 2>/dev/null)" || pid=""
            if [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null; then
                continue
            fi
        fi
        log "cleaning up after an interrupted run: $dir"
        if pidfile_alive "$dir/child.pgid"; then
            kill -TERM -- "-$(head -n1 "$dir/child.pgid")" 2>/dev/null || true
        fi
        if pidfile_alive "$dir/redis/server.pid"; then
            kill -KILL "$(head -n1 "$dir/redis/server.pid")" 2>/dev/null || true
        fi
        if [[ -f "$dir/pg/data/postmaster.pid" ]]; then
            local stale_bin
            stale_bin="$(find_pg_bin)"
            (pg_data="$dir/pg/data" pg_bin="$stale_bin" stop_pg) || true
        fi
        rm -rf "$dir"
    done
}

# Runs a command as a background child so that a TERM sent to this script is
# handled at once (bash defers traps while a foreground child runs). setsid
# puts it in its own process group, so cleanup can stop its whole tree.
run_child() {
    if command -v setsid >/dev/null 2>&1; then
        setsid "$@" &
        child_pid=$!
        printf '%s\n' "$child_pid" >"$work_dir/child.pgid"
    else
        "$@" &
        child_pid=$!
    fi
    local rc=0
    wait "$child_pid" || rc=$?
    child_pid=""
    return "$rc"
}

main() {
    require_swift

    local base="${TMPDIR:-/tmp}"
    # The postgres user must be able to reach its data dir through every
    # parent; a private TMPDIR (e.g. under /root) would not allow that.
    if is_root && ! as_pg test -x "$base" 2>/dev/null; then
        base=/tmp
    fi
    reap_stale_runs "$base"

    trap cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM

    work_dir="$(mktemp -d "$base/${TMP_PREFIX}XXXXXX")"
    printf '%s\n' "$$" >"$work_dir/owner.pid"
    # Traverse-only for others: the postgres user needs to reach pg/.
    chmod 711 "$work_dir"

    start_pg
    start_redis
    log "PostgreSQL at $BASEBOOK_TEST_DATABASE_URL, Redis at $BASEBOOK_TEST_REDIS_URL"

    local rc=0
    if [[ -n "${TEST_COMMAND:-}" ]]; then
        run_child bash -c "$TEST_COMMAND" || rc=$?
    else
        run_child swift build --build-tests || rc=$?
        if ((rc == 0)); then
            run_child swift test "$@" || rc=$?
        fi
    fi
    return "$rc"
}

main "$@"
