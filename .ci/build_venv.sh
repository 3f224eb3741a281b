#!/usr/bin/env bash
# Build (or bring up to date) the project's virtual environment from the committed lock, quietly.
#
#   .ci/build_venv.sh PYTHON VENV LOCK      (make runs it; see the Makefile)
#
# 1. VENV is created with PYTHON's venv module, without pip (instant).
# 2. uv, a fast installer shipped as a wheel on PyPI, is put into VENV by PYTHON's own pip; if that fails
#    (no pip, no network for it), VENV gets pip from ensurepip and pip does the work instead.
# 3. Exactly the versions in LOCK are installed (--no-deps: the lock already names every package), then w2vlib
#    itself in editable mode.
# A few lines of progress go to the terminal; everything the installers print goes to VENV/install.log, whose
# last lines are shown if a step fails.
set -uo pipefail
python=${1:-python3}
venv=${2:-.venv}
lock=${3:-requirements.lock}
log="$venv/install.log"
started=$SECONDS

fail() {
  echo "make: building $venv failed while $1. The last lines of $log:" >&2
  tail -n 30 "$log" >&2
  echo "(full log: $log; remove $venv and try again, or run: make clean venv)" >&2
  exit 1
}

if ! "$venv/bin/python" -c "import sys" >/dev/null 2>&1; then
  "$python" -c "import sys; sys.exit(sys.version_info < (3, 10))" 2>/dev/null ||
    { echo "make: $python is not Python 3.10 or newer; run make PYTHON=python3.11 (or another)." >&2; exit 1; }
  echo "Creating $venv with $("$python" --version 2>&1) ..."
  rm -rf "$venv"
  "$python" -m venv --without-pip "$venv" || { echo "make: '$python -m venv' failed (on Debian: apt install python3-venv)." >&2; exit 1; }
fi
: > "$log"

ensure_pip() {
  "$venv/bin/python" -m pip --version >/dev/null 2>&1 || "$venv/bin/python" -m ensurepip --upgrade >>"$log" 2>&1
}

uv="$venv/bin/uv"
if [ ! -x "$uv" ]; then
  echo "  getting uv, a fast installer (pip install uv into $venv) ..."
  if ! "$python" -m pip --python "$venv/bin/python" install --quiet uv >>"$log" 2>&1; then
    { ensure_pip && "$venv/bin/python" -m pip install --quiet uv; } >>"$log" 2>&1 || true
  fi
fi


if "$uv" --version >>"$log" 2>&1; then
  echo "  installing $lock with $("$uv" --version) ..."
  "$uv" pip install --python "$venv/bin/python" --no-deps --requirement "$lock" >>"$log" 2>&1 ||
    fail "installing $lock with uv"
  "$uv" pip install --python "$venv/bin/python" --no-deps --editable . >>"$log" 2>&1 || fail "installing w2vlib"
else
  echo "  uv is not available (see $log); installing $lock with pip (slower) ..."
  ensure_pip || fail "setting up pip (ensurepip)"
  "$venv/bin/python" -m pip install --no-deps --requirement "$lock" >>"$log" 2>&1 || fail "installing $lock with pip"
  "$venv/bin/python" -m pip install --no-deps --editable . >>"$log" 2>&1 || fail "installing w2vlib"
fi
echo "$venv is ready ($((SECONDS - started)) s; installer output in $log)."
