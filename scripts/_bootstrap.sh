# shellcheck shell=bash
# Sourced by scripts/run, scripts/test and .ci/run; not meant to be executed.
#
# netra_bootstrap makes sure ./.venv exists (Python 3.11) and holds exactly what
# requirements.lock pins plus Netra itself (editable). It reinstalls only when the lock file,
# pyproject.toml or the Python version changed since the last install (hash stamp in .venv).
#
# Knobs: NETRA_PYTHON=/path/to/python3.11 picks the interpreter used to create .venv.

NETRA_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NETRA_VENV="$NETRA_ROOT/.venv"
NETRA_LOCK="$NETRA_ROOT/requirements.lock"
NETRA_STAMP="$NETRA_VENV/.netra-install.sha256"

netra_say() { printf '==> %s\n' "$*" >&2; }
netra_die() {
    printf '\nnetra: %s\n' "$*" >&2
    exit 1
}
netra_is_root() { [ "$(id -u)" = 0 ]; }

# Print the path of a Python 3.11 interpreter, or fail.
netra_find_python() {
    local candidate path
    for candidate in "${NETRA_PYTHON:-}" python3.11 python3 /usr/bin/python3.11; do
        [ -n "$candidate" ] || continue
        path="$(command -v "$candidate" 2>/dev/null)" || continue
        if "$path" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; then
            printf '%s\n' "$path"
            return 0
        fi
    done
    return 1
}

# Debian splits ensurepip (needed by `python -m venv`) into python3-venv / python3.11-venv.
netra_ensure_venv_module() {
    local python="$1"
    "$python" -c 'import ensurepip, venv' 2>/dev/null && return 0
    if netra_is_root && command -v apt-get >/dev/null 2>&1; then
        netra_say "$python cannot create virtual environments (no ensurepip): installing python3-venv"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv python3.11-venv >/dev/null
        "$python" -c 'import ensurepip, venv' 2>/dev/null && return 0
    fi
    netra_die "$python cannot create virtual environments (the ensurepip module is missing).
On Debian/Ubuntu install it first:   sudo apt-get install python3.11-venv
(or point NETRA_PYTHON at another Python 3.11), then run this command again."
}

netra_venv_works() {
    [ -x "$NETRA_VENV/bin/python" ] &&
        "$NETRA_VENV/bin/python" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' \
            2>/dev/null
}

netra_install_fingerprint() {
    {
        cat "$NETRA_LOCK" "$NETRA_ROOT/pyproject.toml"
        "$NETRA_VENV/bin/python" -c 'import sys; print(sys.version)'
    } | sha256sum | cut -d' ' -f1
}

netra_bootstrap() {
    [ -f "$NETRA_LOCK" ] || netra_die "missing $NETRA_LOCK"
    if ! netra_venv_works; then
        local python
        python="$(netra_find_python)" || netra_die "Python 3.11 not found.
Install it (Debian 12: sudo apt-get install python3 python3-venv) or set NETRA_PYTHON."
        netra_ensure_venv_module "$python"
        netra_say "Creating .venv with $python ($("$python" -V 2>&1))"
        rm -rf "$NETRA_VENV"
        if ! "$python" -m venv "$NETRA_VENV"; then
            rm -rf "$NETRA_VENV"
            netra_die "could not create $NETRA_VENV with $python"
        fi
    fi
    local fingerprint
    fingerprint="$(netra_install_fingerprint)"
    if [ ! -f "$NETRA_STAMP" ] || [ "$(cat "$NETRA_STAMP")" != "$fingerprint" ]; then
        netra_say "Installing dependencies from requirements.lock (hash-checked)"
        rm -f "$NETRA_STAMP"
        "$NETRA_VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
            --require-hashes -r "$NETRA_LOCK"
        netra_say "Installing Netra (editable)"
        "$NETRA_VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
            --no-deps -e "$NETRA_ROOT"
        printf '%s\n' "$fingerprint" >"$NETRA_STAMP"
    fi
    export PATH="$NETRA_VENV/bin:$PATH"
    export VIRTUAL_ENV="$NETRA_VENV"
    netra_ensure_system_libraries
}

# WeasyPrint (PDF documents) loads Pango and HarfBuzz from the system at run time.
NETRA_SYSTEM_LIBS=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core)

netra_ensure_system_libraries() {
    "$NETRA_VENV/bin/python" -c 'import weasyprint' >/dev/null 2>&1 && return 0
    if netra_is_root && command -v apt-get >/dev/null 2>&1; then
        netra_say "Installing the system libraries WeasyPrint needs: ${NETRA_SYSTEM_LIBS[*]}"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
            "${NETRA_SYSTEM_LIBS[@]}" >/dev/null
        "$NETRA_VENV/bin/python" -c 'import weasyprint' >/dev/null 2>&1 && return 0
    fi
    netra_die "WeasyPrint cannot load its system libraries (Pango, HarfBuzz).
On Debian/Ubuntu install them:   sudo apt-get install ${NETRA_SYSTEM_LIBS[*]}"
}
