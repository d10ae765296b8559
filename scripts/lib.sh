# shellcheck shell=bash
# Helpers shared by scripts/*.sh. Sourced, never executed.

# The machine image ships Swift outside the default PATH; every script is a
# separate process (make does not pass PATH changes between recipes' children
# unless exported), so each one repeats this.
BASEBOOK_SWIFT_FALLBACK_DIR="${BASEBOOK_SWIFT_FALLBACK_DIR:-/opt/swift/usr/bin}"

log() { printf '[%s] %s\n' "${BASEBOOK_LOG_TAG:-basebook}" "$*" >&2; }
die() { log "error: $*"; exit 1; }

repo_root() { cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd; }

# Returns non-zero (and says nothing) when no usable swift can be found, so the
# caller decides how loudly to fail.
ensure_swift_on_path() {
    if command -v swift >/dev/null 2>&1; then
        return 0
    fi
    if [[ -x "$BASEBOOK_SWIFT_FALLBACK_DIR/swift" ]]; then
        PATH="$BASEBOOK_SWIFT_FALLBACK_DIR:$PATH"
        export PATH
        return 0
    fi
    return 1
}

require_swift() {
    ensure_swift_on_path || die "no 'swift' on PATH nor in $BASEBOOK_SWIFT_FALLBACK_DIR: a Swift 6.1+ toolchain is required (https://www.swift.org/install/linux/)"
}

is_root() { [[ "$(id -u)" -eq 0 ]]; }

# Runs a command with root rights: directly as root, else through sudo.
as_root() {
    if is_root; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        die "need root to run '$*' and sudo is not installed; rerun as root"
    fi
}

# True when something accepts TCP connections on 127.0.0.1:PORT. Bash's
# /dev/tcp avoids depending on ss/netstat/nc, which minimal images lack.
port_in_use() {
    local port="$1"
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null
}

# Prints a TCP port that was free a moment ago. Callers must still cope with
# losing the race to another process (they retry), since nothing holds it.
free_port() {
    local port
    if command -v python3 >/dev/null 2>&1; then
        port="$(python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])' 2>/dev/null)" || port=""
        if [[ -n "$port" ]]; then
            printf '%s\n' "$port"
            return 0
        fi
    fi
    local _
    for _ in $(seq 1 200); do
        port=$((20000 + RANDOM % 40000))
        if ! port_in_use "$port"; then
            printf '%s\n' "$port"
            return 0
        fi
    done
    return 1
}

# Polls CMD... every 0.1 s until it succeeds or TIMEOUT seconds pass.
wait_until() {
    local timeout="$1"
    shift
    local deadline=$((SECONDS + timeout))
    until "$@" >/dev/null 2>&1; do
        if ((SECONDS >= deadline)); then
            return 1
        fi
        sleep 0.1
    done
}

# kill -0 succeeds on a zombie, and an exited child of ours stays one until we
# wait for it; so look at its state too.
process_alive() {
    local pid="$1" stat
    kill -0 "$pid" 2>/dev/null || return 1
    stat="$(cat "/proc/$pid/stat" 2>/dev/null)" || return 0
    stat="${stat##*) }"
    [[ "${stat:0:1}" != Z ]]
}
not_alive() { ! process_alive "$1"; }

# True when the pid in FILE names a running process.
pidfile_alive() {
    local file="$1" pid
    [[ -r "$file" ]] || return 1
    pid="$(head -n1 "$file" 2>/dev/null)" || return 1
    [[ "$pid" =~ ^[0-9]+$ ]] || return 1
    process_alive "$pid"
}
