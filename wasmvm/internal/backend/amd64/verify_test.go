package amd64

import (
	"testing"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/mach/machtest"
)

// TestAllocationsVerify checks the allocations of every function of the
// benchmark suite against the code this backend emits, in both memory
// modes (guard-mode functions whose loops spill may allocate R14).
func TestAllocationsVerify(t *testing.T) {
	for _, guard := range []bool{false, true} {
		machtest.VerifySuiteAllocations(t, targetFor(guard, HostFeatures()), "../../../../bench/suite/*.wasm")
	}
}

// TestGoProgramAllocationsVerify checks the allocations of a Go wasip1
// program (examples/gowasi) against the code this backend emits.
func TestGoProgramAllocationsVerify(t *testing.T) {
	machtest.VerifyGoProgramAllocations(t, targetFor(true, HostFeatures()), "../../../../examples/gowasi")
}
