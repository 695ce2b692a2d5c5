package mach

import (
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/frontend"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/opt"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wasm"
)

// maxInlineBody is the largest function body, in bytes of WebAssembly,
// that is translated to see whether it can be inlined: a cheap filter
// before opt.Inlinable decides on the SSA.
const maxInlineBody = 128

// inlineBodies translates and optimizes, in parallel, the module-defined
// functions small enough to be inlined, and returns a lookup from function
// index to body (nil for the others and for imports). The bodies are
// shared read-only by every caller.
func inlineBodies(m *wasm.Module) func(idx uint32) *ssa.Func {
	bodies := make([]*ssa.Func, len(m.Codes))
	parallel(len(m.Codes), func(k int) {
		if len(m.Codes[k].Body) > maxInlineBody {
			return
		}
		f, err := frontend.Translate(m, m.NumImportedFuncs+uint32(k))
		if err != nil {
			return // reported when the function itself is compiled
		}
		if opt.Optimize(f) == nil && opt.Inlinable(f, m.NumImportedFuncs) {
			bodies[k] = f
		}
	})
	return func(idx uint32) *ssa.Func {
		if idx < m.NumImportedFuncs {
			return nil
		}
		return bodies[idx-m.NumImportedFuncs]
	}
}
