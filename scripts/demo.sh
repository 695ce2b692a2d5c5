#!/usr/bin/env bash
# Builds wasmkernel and shows its demo: the kernel booted in QEMU (TCG)
# running its self-test in ring 0, then the bundled C program
# examples/hello/hello.wasm (wasm32-wasi), compiled ahead of time by
# wasmkernel's own compiler and run natively in this process with its WASI
# layer. (Running Wasm apps inside the kernel comes next.)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/deps.sh
require_go
require_apt qemu-system-x86
mkdir -p out
go build -o out/wasmkernel ./cmd/wasmkernel
echo "\$ wasmkernel boot -machine microvm selftest"
out/wasmkernel boot -machine microvm selftest </dev/null
echo
echo "\$ wasmkernel inspect examples/hello/hello.wasm | head -4"
out/wasmkernel inspect examples/hello/hello.wasm | head -4
echo
echo "\$ wasmkernel run --machine host --env WHO=you examples/hello/hello.wasm demo"
exec out/wasmkernel run --machine host --env WHO=you examples/hello/hello.wasm demo
