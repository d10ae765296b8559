#!/usr/bin/env bash
# Creates or updates the Python virtualenv the non-Swift tests use
# ($ROOT/.venv-tests, from Tests/requirements.txt), and does nothing but one
# hash comparison when it is already up to date.
#
#   bin="$(scripts/python-env.sh)"          prints the venv's bin directory
#   source scripts/python-env.sh            puts that directory first on PATH
#
#   BASEBOOK_VENV=DIR      another location for the venv
#   PYTHON=python3.12      the interpreter to build it from (default python3)
#
# A stamp file in the venv holds the hash of the requirements file and of the
# interpreter's version: while both match, nothing is installed, so calling
# this before every test run is cheap. On Debian/Ubuntu `python3 -m venv`
# needs the python3-venv package (ensurepip is split out of python3); it is
# installed here when missing, as scripts/install-deps.sh installs the others.

# Sourced: run in a subshell so `set -e` and `exit` do not touch the caller's
# shell, then prepend the printed directory to the caller's PATH.
if [[ "${BASH_SOURCE[0]}" != "$0" ]]; then
    __basebook_venv_bin="$(bash "${BASH_SOURCE[0]}")" || return 1
    case ":$PATH:" in
        *":$__basebook_venv_bin:"*) ;;
        *) PATH="$__basebook_venv_bin:$PATH" ;;
    esac
    export PATH
    export VIRTUAL_ENV="${__basebook_venv_bin%/bin}"
    unset __basebook_venv_bin
    return 0
fi

set -euo pipefail

# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
BASEBOOK_LOG_TAG=python-env

ROOT="$(repo_root)"
VENV="${BASEBOOK_VENV:-$ROOT/.venv-tests}"
REQUIREMENTS="$ROOT/Tests/requirements.txt"
PYTHON="${PYTHON:-python3}"
STAMP="$VENV/.requirements.stamp"

[[ -r "$REQUIREMENTS" ]] || die "missing $REQUIREMENTS"
command -v "$PYTHON" >/dev/null 2>&1 \
    || die "no '$PYTHON' on PATH: install Python 3.9+ (Debian: apt-get install python3 python3-venv)"

wanted_stamp() {
    {
        "$PYTHON" -c 'import sys; print(sys.version)'
        cat "$REQUIREMENTS"
    } | sha256sum | cut -d' ' -f1
}

venv_usable() {
    [[ -x "$VENV/bin/python" ]] && "$VENV/bin/python" -c 'import sys' >/dev/null 2>&1
}

up_to_date() {
    venv_usable && [[ -r "$STAMP" && "$(cat "$STAMP")" == "$1" ]]
}

# Debian ships ensurepip (which venv needs to seed pip) in python3-venv, or in
# python3.X-venv on releases where the unversioned one is only a dependency.
install_venv_package() {
    command -v apt-get >/dev/null 2>&1 || return 1
    local version
    version="$("$PYTHON" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')"
    log "'$PYTHON -m venv' cannot seed pip (no ensurepip): installing Debian's python3-venv"
    local apt_log
    apt_log="$(mktemp)"
    if as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >"$apt_log" 2>&1 \
        && { as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
                python3-venv >>"$apt_log" 2>&1 \
            || as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
                "python$version-venv" >>"$apt_log" 2>&1; }; then
        rm -f "$apt_log"
        return 0
    fi
    cat "$apt_log" >&2
    rm -f "$apt_log"
    return 1
}

create_venv() {
    rm -rf "$VENV"
    if "$PYTHON" -m venv "$VENV" >/dev/null 2>&1; then
        return 0
    fi
    rm -rf "$VENV"
    if ! "$PYTHON" -c 'import ensurepip' >/dev/null 2>&1; then
        install_venv_package \
            || die "'$PYTHON -m venv' needs ensurepip: install the python3-venv package (Debian/Ubuntu) and rerun"
    fi
    "$PYTHON" -m venv "$VENV" || die "'$PYTHON -m venv $VENV' failed"
}

main() {
    local stamp
    stamp="$(wanted_stamp)"
    if ! up_to_date "$stamp"; then
        venv_usable || create_venv
        log "installing Tests/requirements.txt into $VENV"
        # pip's progress only matters when it fails.
        local pip_log
        pip_log="$(mktemp)"
        if ! "$VENV/bin/python" -m pip install --disable-pip-version-check -q \
            -r "$REQUIREMENTS" >"$pip_log" 2>&1; then
            cat "$pip_log" >&2
            rm -f "$pip_log"
            die "pip install -r Tests/requirements.txt failed"
        fi
        rm -f "$pip_log"
        printf '%s\n' "$stamp" >"$STAMP"
        log "ready: $VENV"
    fi
    printf '%s\n' "$VENV/bin"
}

main
