package spectest

import (
	goruntime "runtime"
	"testing"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/native"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/objfile"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wasm"
)

// TestNative runs the suites on native code compiled for this machine.
// Modules using instructions the backend does not compile yet are counted
// as skipped.
func TestNative(t *testing.T) { runNative(t, goruntime.GOARCH, false) }

// TestNativeGuard runs the suites on code compiled for guard-region
// memories: no bounds checks in the code, out-of-bounds accesses fault and
// the fault handler turns them into traps.
func TestNativeGuard(t *testing.T) { runNativeGuard(t, goruntime.GOARCH+" guard", false) }

// runNative runs the suites on engines that compile for this CPU or, with
// baseline, for the backend's baseline CPU.
func runNative(t *testing.T, label string, baseline bool) {
	runSuites(t, label, func(s *Script, f wasm.Features) Tally {
		r := NewRunner(&native.Engine{Baseline: baseline}, f)
		r.Unsupported = backend.IsUnsupported
		return r.Run(s)
	})
}

// runNativeGuard is runNative for guard-region memories.
func runNativeGuard(t *testing.T, label string, baseline bool) {
	runSuites(t, label, func(s *Script, f wasm.Features) Tally {
		r, err := NewGuardedRunner(&native.Engine{Memory: objfile.GuardRegions, Baseline: baseline}, f)
		if err != nil {
			t.Fatal(err)
		}
		r.Unsupported = backend.IsUnsupported
		tally := r.Run(s)
		// Give the script's 8 GiB reservations back before the next
		// script makes its own: under qemu-user every reservation costs
		// the emulator real memory until it is unmapped.
		goruntime.GC()
		return tally
	})
}
