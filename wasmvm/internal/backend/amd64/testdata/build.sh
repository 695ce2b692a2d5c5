#!/usr/bin/env bash
# Rebuilds the test modules from their sources (Debian package: wabt):
# layout.wasm, outgoing.wasm, and outgoing-tail.wasm, the same with a
# tail call.
set -euo pipefail
cd "$(dirname "$0")"
wat2wasm --debug-names layout.wat -o layout.wasm
wat2wasm --debug-names outgoing.wat -o outgoing.wasm
sed 's/(i32.const 0))))$/(i32.const 0)))\n  (func $tail (param i32) (result i32) (return_call $g (local.get 0))))/' outgoing.wat >outgoing-tail.wat.tmp
wat2wasm --enable-tail-call --debug-names outgoing-tail.wat.tmp -o outgoing-tail.wasm
rm outgoing-tail.wat.tmp
