#!/usr/bin/env bash
# Builds wasmkernel and shows its demo: today, inspecting the bundled demo
# module examples/hello/hello.wasm.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/deps.sh
require_go
mkdir -p out
go build -o out/wasmkernel ./cmd/wasmkernel
exec out/wasmkernel inspect examples/hello/hello.wasm
