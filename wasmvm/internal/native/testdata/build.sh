#!/usr/bin/env bash
# Rebuilds the test modules from their .wat sources (Debian package: wabt).
set -euo pipefail
cd "$(dirname "$0")"
for w in *.wat; do wat2wasm --debug-names "$w" -o "${w%.wat}.wasm"; done
