# shellcheck shell=bash
# ensure_venv EXTRAS: create ./.venv and install the project (editable) with EXTRAS, again
# only when pyproject.toml is newer than the last install.
ensure_venv() {
  local extras="$1" stamp=".venv/.installed${1//[^a-z]/-}"
  local python="${PYTHON:-python3}"
  if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    echo "error: Python 3.11 or newer is required (set PYTHON=/path/to/python3.11)" >&2
    exit 1
  fi
  if [ ! -x .venv/bin/python ]; then
    "$python" -m venv .venv
  fi
  if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    echo "installing kinerja_api${extras} into .venv ..." >&2
    .venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip 2>&1 | grep -v WARNING >&2 || true
    .venv/bin/python -m pip install -q --disable-pip-version-check -e ".${extras}" 2>&1 | grep -v WARNING >&2 || true
    .venv/bin/python -c "import kinerja_api" || { echo "error: installation failed" >&2; exit 1; }
    touch "$stamp"
  fi
}
