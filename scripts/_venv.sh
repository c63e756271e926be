# Shared by scripts/serve and scripts/test: create .venv and install a lock file into it.
# Reinstalls only when the lock file or pyproject.toml changed since the last install.

require_python() {
  PYTHON=${PYTHON:-python3}
  if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    echo "Erfaringsbasen needs Python 3.11 or newer as '$PYTHON' (set PYTHON=... to choose)." >&2
    exit 1
  fi
}

ensure_venv() {  # $1: lock file
  local lock=$1 stamp
  require_python
  if [ ! -x .venv/bin/python ]; then
    "$PYTHON" -m venv .venv
  fi
  stamp=".venv/.installed-$(cat "$lock" pyproject.toml | sha256sum | cut -c1-16)"
  if [ ! -f "$stamp" ]; then
    echo "Installing $lock into .venv ..."
    .venv/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes -r "$lock"
    # The package itself, editable; its dependencies came pinned from the lock file.
    .venv/bin/python -m pip install --quiet --disable-pip-version-check \
      --no-deps --no-build-isolation -e .
    rm -f .venv/.installed-*
    touch "$stamp"
  fi
}

# Material prints a notice about its end of life on every build; the README covers it.
export NO_MKDOCS_2_WARNING=1
