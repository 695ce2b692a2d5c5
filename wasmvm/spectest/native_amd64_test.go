package spectest

import (
	"fmt"
	goruntime "runtime"
	"strings"
	"testing"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/native"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/objfile"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wasm"
)

// TestNativeBaseline runs the v2 simd_* scripts, in both memory modes, on
// code compiled for the baseline x86-64 CPU (SSE4.1, no VEX forms):
// TestNative and TestNativeGuard compile for this CPU, with AVX where it
// has it, and both code paths must pass. Code without v128 values is the
// same for both CPUs, so the other scripts are not run twice (the guard
// mode's code regions are a per-process resource that is never given
// back).
func TestNativeBaseline(t *testing.T) {
	dir, err := SuiteDir("v2")
	if err != nil {
		t.Fatal(err)
	}
	scripts, err := LoadSuite(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, guard := range []bool{false, true} {
		var total Tally
		for _, s := range scripts {
			if !strings.HasPrefix(s.Name, "simd_") {
				continue
			}
			e := &native.Engine{Baseline: true}
			var r *Runner
			if guard {
				e.Memory = objfile.GuardRegions
				if r, err = NewGuardedRunner(e, wasm.Features{}); err != nil {
					t.Fatal(err)
				}
			} else {
				r = NewRunner(e, wasm.Features{})
			}
			r.Unsupported = backend.IsUnsupported
			total.Add(r.Run(s))
			goruntime.GC() // give the guarded memories back
		}
		label := "amd64 baseline"
		if guard {
			label = "amd64 guard baseline"
		}
		fmt.Printf("spectest v2 simd_* %s: %d passed, %d failed, %d skipped\n", label, total.Passed, total.Failed, total.Skipped)
		if total.Failed > 0 || total.Passed == 0 {
			t.Errorf("%s: %d passed, %d failures:\n%s", label, total.Passed, total.Failed, strings.Join(total.Failures, "\n"))
		}
	}
}
