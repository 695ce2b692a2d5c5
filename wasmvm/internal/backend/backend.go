// Package backend chooses the code generator for a target instruction set.
// Every backend compiles a validated module to a native module
// (objfile.Module) through the same pipeline: the SSA front end, its own
// instruction selection, register allocation with package regalloc, and its
// own encoder. This is the one place where a backend is selected.
package backend

import (
	"errors"
	"fmt"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/amd64"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/arm64"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/mach"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/objfile"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wasm"
)

// Compiler compiles a validated module (source is its binary, recorded in
// the native module) for one memory-safety mode.
type Compiler func(m *wasm.Module, source []byte, memory objfile.MemoryMode) (*objfile.Module, error)

// For returns the compiler for arch's baseline CPU, or an error naming
// what exists.
func For(arch objfile.Arch) (Compiler, error) { return ForCPU(arch, BaselineFeatures(arch)) }

// ForCPU returns the compiler for arch whose code may use the CPU
// features cpu (from ParseCPU, BaselineFeatures or HostFeatures).
func ForCPU(arch objfile.Arch, cpu uint64) (Compiler, error) {
	switch arch {
	case objfile.ArchAMD64:
		return amd64.CompileFor(cpu), nil
	case objfile.ArchARM64:
		return arm64.Compile, nil
	}
	return nil, fmt.Errorf("no backend for %s (there are amd64 and arm64)", arch)
}

// IsUnsupported reports whether a compile error means the module uses
// something the backend does not compile yet (SIMD so far).
func IsUnsupported(err error) bool { return errors.Is(err, mach.ErrUnsupported) }
