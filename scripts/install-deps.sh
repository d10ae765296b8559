#!/usr/bin/env bash
# Installs what building, testing and running BaseBook needs, and only what is
# missing, so it is cheap to call before every `make test`/`make run`.
#
#   scripts/install-deps.sh [EXTRA_DEBIAN_PACKAGE...]
#
# Extra arguments are more Debian packages (e.g. chromium, wrk) for targets
# that need them.
set -euo pipefail

# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
BASEBOOK_LOG_TAG=install-deps

# C libraries the Swift targets link (libpq, hiredis, libuv via pkg-config),
# plus the servers scripts/test.sh starts for the integration tests and
# prometheus for promtool, which checks the metrics text the services expose.
packages=(libpq-dev libhiredis-dev libuv1-dev zlib1g-dev pkg-config postgresql redis-server prometheus)
packages+=("$@")

check_swift() {
    require_swift
    local version major minor
    version="$(swift --version 2>&1 | sed -n 's/.*Swift version \([0-9][0-9]*\.[0-9][0-9]*\).*/\1/p')" || version=""
    version="${version%%$'\n'*}"
    if [[ -z "$version" ]]; then
        die "could not read the version of $(command -v swift): a Swift 6.1+ toolchain is required"
    fi
    major="${version%%.*}"
    minor="${version#*.}"
    if ((major < 6 || (major == 6 && minor < 1))); then
        die "found Swift $version at $(command -v swift): a Swift 6.1+ toolchain is required"
    fi
}

# dpkg -s also knows removed packages whose config files remain, so the
# status line has to be read. Captured first: grep -q closing the pipe early
# would make pipefail report an installed package as missing.
is_installed() {
    local status
    status="$(dpkg -s "$1" 2>/dev/null)" || return 1
    grep -q '^Status: install ok installed$' <<<"$status"
}

install_debian_packages() {
    if ! command -v dpkg >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
        log "not a Debian/Ubuntu system: make sure these (or their equivalents) are installed: ${packages[*]}"
        return 0
    fi
    local missing=() pkg
    for pkg in "${packages[@]}"; do
        is_installed "$pkg" || missing+=("$pkg")
    done
    ((${#missing[@]} > 0)) || return 0

    log "installing missing packages: ${missing[*]}"
    # apt's chatter (debconf notes, progress) only matters when it fails.
    local apt_log
    apt_log="$(mktemp)"
    # Package lists on a fresh image are empty or stale; refreshing only when
    # something is missing keeps the common path offline and fast.
    if ! as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >"$apt_log" 2>&1 \
        || ! as_root env DEBIAN_FRONTEND=noninteractive \
            apt-get install -y -qq --no-install-recommends "${missing[@]}" >>"$apt_log" 2>&1; then
        cat "$apt_log" >&2
        rm -f "$apt_log"
        die "apt-get failed to install: ${missing[*]}"
    fi
    rm -f "$apt_log"
    for pkg in "${missing[@]}"; do
        is_installed "$pkg" || die "package $pkg is still not installed after apt-get install"
    done
    log "installed: ${missing[*]}"
}

check_swift
install_debian_packages
