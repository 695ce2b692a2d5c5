#!/usr/bin/env bash
# Rebuilds the example modules from their sources. Needs clang with the
# wasm32-wasi target (Debian: clang, lld, wasi-libc, libclang-rt-14-dev-wasm32)
# and wasm-opt (Debian: binaryen).
set -euo pipefail
cd "$(dirname "$0")"
for c in */*.c; do
	out="${c%.c}.wasm"
	clang --target=wasm32-wasi -O2 "$c" -o "$out"
	wasm-opt --strip-debug --strip-producers -O2 "$out" -o "$out"
	echo "built $out ($(stat -c %s "$out") bytes)"
done
for w in trap/*.wat; do
	wat2wasm --debug-names "$w" -o "${w%.wat}.wasm"
done
