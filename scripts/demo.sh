#!/usr/bin/env bash
# Builds wasmkernel and shows its demo: the bundled C program
# examples/hello/hello.wasm (wasm32-wasi), compiled ahead of time by
# wasmkernel's own compiler and run natively in this process with its WASI
# layer. (Booting it in QEMU comes with the kernel.)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/deps.sh
require_go
mkdir -p out
go build -o out/wasmkernel ./cmd/wasmkernel
echo "\$ wasmkernel inspect examples/hello/hello.wasm | head -4"
out/wasmkernel inspect examples/hello/hello.wasm | head -4
echo
echo "\$ wasmkernel run --machine host --env WHO=you examples/hello/hello.wasm demo"
exec out/wasmkernel run --machine host --env WHO=you examples/hello/hello.wasm demo
