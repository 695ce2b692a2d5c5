#!/bin/bash
# Builds every WASI-call-heavy benchmark NAME.c in this directory into
# NAME.wasm (wasm32-wasi, -O2), as bench/suite/build.sh does; the bench
# tool builds the native programs itself, with the same clang and flags.
set -euo pipefail
cd "$(dirname "$0")"

CLANG=${CLANG:-clang}
CFLAGS=(-O2)

for src in *.c; do
	name=${src%.c}
	echo "building $name.wasm"
	"$CLANG" --target=wasm32-wasi "${CFLAGS[@]}" "$src" -o "$name.wasm" -lm
done
