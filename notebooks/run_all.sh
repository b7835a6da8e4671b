#!/usr/bin/env bash
# Executes every notebook in notebooks/ into a temporary directory (the committed, output-free
# notebooks are never touched) and fails on the first error. The capsim binary is $CAPSIM
# (default: build/app/capsim under the repository root); a relative path is taken from the
# directory this script is called from. Usage: notebooks/run_all.sh   (or: make notebooks)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"

capsim="${CAPSIM:-$root/build/app/capsim}"
[[ "$capsim" = /* ]] || capsim="$PWD/$capsim"
if [[ ! -x "$capsim" ]]; then
  echo "run_all.sh: capsim binary not found at $capsim (run 'make build' or set CAPSIM)" >&2
  exit 2
fi
export CAPSIM="$capsim"
export PYDEVD_DISABLE_FILE_VALIDATION=1 # silences ipykernel's debugger warning

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
for notebook in "$here"/*.ipynb; do
  echo "== $(basename "$notebook")"
  jupyter nbconvert --to notebook --execute --ExecutePreprocessor.timeout=300 \
    --output-dir "$out" "$notebook"
done
echo "All notebooks ran without errors (capsim: $CAPSIM)."
