package spectest

import (
	"testing"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/interp"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wasm"
)

// TestInterp runs every command of the suites with the SSA interpreter,
// which checks the front end and the runtime independently of any backend.
func TestInterp(t *testing.T) {
	runSuites(t, "interp", func(s *Script, f wasm.Features) Tally {
		return NewRunner(interp.Engine{}, f).Run(s)
	})
}
