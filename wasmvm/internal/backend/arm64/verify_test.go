package arm64

import (
	"testing"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/mach/machtest"
)

// TestAllocationsVerify checks the allocations of every function of the
// benchmark suite against the code this backend emits.
func TestAllocationsVerify(t *testing.T) {
	machtest.VerifySuiteAllocations(t, target, "../../../../bench/suite/*.wasm")
}

// TestGoProgramAllocationsVerify checks the allocations of a Go wasip1
// program (examples/gowasi) against the code this backend emits.
func TestGoProgramAllocationsVerify(t *testing.T) {
	machtest.VerifyGoProgramAllocations(t, target, "../../../../examples/gowasi")
}
