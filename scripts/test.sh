#!/usr/bin/env bash
# Runs wasmkernel's whole test suite; .ci/run runs exactly this.
#   scripts/test.sh          the suite as CI runs it (slow suites in -short mode)
#   scripts/test.sh --full   every suite at full length
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/deps.sh
require_go
require_apt "${TEST_PACKAGES[@]}"

short="-short"
if [ "${1:-}" = "--full" ]; then
	short=""
fi

echo "== gofmt"
unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))
if [ -n "$unformatted" ]; then
	echo "gofmt would change:" >&2
	echo "$unformatted" >&2
	exit 1
fi
echo "== go vet"
go vet ./...
echo "== go vet (arm64)"
GOARCH=arm64 go vet ./wasmvm/... ./wasi/...
echo "== go test $short"
# -v so that suites can print their summary lines (spectest, wasi-testsuite,
# benchmark ratios); the per-test RUN/PASS chatter is filtered out.
go test $short -v -count=1 -timeout 60m ./... 2>&1 |
	grep --line-buffered -vE '^(=== (RUN|PAUSE|CONT|NAME)|\s*--- PASS|PASS$)'
echo "== go test $short (arm64 under qemu-user: the engine and WASI)"
GOARCH=arm64 go test $short -v -count=1 -timeout 60m -exec qemu-aarch64-static ./wasmvm/... ./wasi/... 2>&1 |
	grep --line-buffered -vE '^(=== (RUN|PAUSE|CONT|NAME)|\s*--- PASS|PASS$)'
