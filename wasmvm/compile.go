package wasmvm

import (
	"fmt"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/objfile"
)

// CompileNative compiles the module ahead of time for target ("amd64" or
// "arm64") and memory mode ("bounds": explicit bounds checks; "guard":
// guard regions, as the kernel runs code) and returns the native module: a
// versioned object that the engine, or the kernel, loads without
// compiling. The code runs on any CPU of the target (CompileNativeCPU
// "baseline").
func (m *Module) CompileNative(target, memory string) ([]byte, error) {
	return m.CompileNativeCPU(target, memory, backend.CPUBaseline)
}

// CompileNativeCPU is CompileNative for the CPU level cpu: "baseline"
// (any CPU of the target), "host" (the CPU this program runs on) or, for
// amd64, "x86-64-v3" (AVX2, BMI2). The native module records the features its
// code uses; a loader on a CPU without them refuses it.
func (m *Module) CompileNativeCPU(target, memory, cpu string) ([]byte, error) {
	arch, err := objfile.ParseArch(target)
	if err != nil {
		return nil, err
	}
	mode, err := parseMemoryMode(memory)
	if err != nil {
		return nil, err
	}
	features, err := backend.ParseCPU(arch, cpu)
	if err != nil {
		return nil, err
	}
	compile, err := backend.ForCPU(arch, features)
	if err != nil {
		return nil, err
	}
	obj, err := compile(m.m, m.src, mode)
	if err != nil {
		return nil, fmt.Errorf("compile for %s: %w", arch, err)
	}
	return objfile.Encode(obj), nil
}

func parseMemoryMode(memory string) (objfile.MemoryMode, error) {
	switch memory {
	case "bounds", "", objfile.BoundsChecked.String():
		return objfile.BoundsChecked, nil
	case "guard", objfile.GuardRegions.String():
		return objfile.GuardRegions, nil
	}
	return 0, fmt.Errorf("unknown memory mode %q (want bounds or guard)", memory)
}

// NativeInfo describes a native module.
type NativeInfo struct {
	Arch, MemoryMode string
	Features         uint64
	FeatureNames     string // the features named, such as "SSE4.1 AVX"
	SourceSHA256     [32]byte
	CodeSize         int
	Functions        int
	// Compiled lists the functions' machine code (imported ones have
	// their call stubs), in function index order.
	Compiled []NativeFunction
	// Source is the WebAssembly module the native module was compiled
	// from.
	Source []byte
}

// NativeFunction is one function's machine code in a native module.
type NativeFunction struct {
	Index     uint32 // in the function index space
	CodeSize  int
	FrameSize int // bytes of stack a call takes, return address excluded
	// Code is the function's machine code, as loaded (calls and
	// references to other code are not yet relocated).
	Code []byte
}

// InspectNative checks a native module's integrity and describes it,
// whatever machine it targets.
func InspectNative(b []byte) (*NativeInfo, error) {
	arch := objfile.ArchAMD64
	if len(b) > 6 {
		arch = objfile.Arch(b[6])
	}
	obj, err := objfile.Decode(b, objfile.Expect{Arch: arch, Features: ^uint64(0)})
	if err != nil {
		return nil, err
	}
	info := &NativeInfo{Arch: obj.Arch.String(), MemoryMode: obj.Memory.String(), Features: obj.Features,
		FeatureNames: backend.FeatureNames(obj.Arch, obj.Features),
		SourceSHA256: obj.SourceSHA, CodeSize: len(obj.Code), Functions: len(obj.Functions), Source: obj.Source}
	for i, f := range obj.Functions { // imports have entries too
		info.Compiled = append(info.Compiled, NativeFunction{Index: uint32(i),
			CodeSize: int(f.Size), FrameSize: int(f.FrameSize), Code: obj.Code[f.Offset : f.Offset+f.Size]})
	}
	return info, nil
}
