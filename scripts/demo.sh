#!/usr/bin/env bash
# Builds wasmkernel and shows its demo: the bundled C program
# examples/hello/hello.wasm (wasm32-wasi) compiled ahead of time by
# wasmkernel's own compiler, put into an image with the kernel, and booted
# in QEMU (TCG), where it runs in ring 0 and its WASI calls are function
# calls into the kernel. Then the same module natively in this process,
# for comparison.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/deps.sh
require_go
require_apt qemu-system-x86
mkdir -p out
go build -o out/wasmkernel ./cmd/wasmkernel
echo "\$ wasmkernel run --env WHO=you examples/hello/hello.wasm demo"
time out/wasmkernel run --env WHO=you examples/hello/hello.wasm demo </dev/null
echo
echo "\$ wasmkernel run --machine host --env WHO=you examples/hello/hello.wasm demo"
exec out/wasmkernel run --machine host --env WHO=you examples/hello/hello.wasm demo
