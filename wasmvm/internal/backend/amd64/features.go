package amd64

import (
	"fmt"
	"strings"

	"golang.org/x/sys/cpu"
)

// CPU features generated code may use, recorded in native modules.
const (
	FeatureSSE41  uint64 = 1 << 0 // roundss/roundsd
	FeaturePOPCNT uint64 = 1 << 1
	FeatureLZCNT  uint64 = 1 << 2 // lzcnt, tzcnt (ABM/BMI1)
	FeatureSSE42  uint64 = 1 << 3 // pcmpgtq (i64x2 ordered comparisons)
	// FeatureAVX is the VEX encoding of the 128-bit instructions: three
	// operands, so no copy of the first source before a two-operand
	// SSE form. The operating system must save the YMM state (XCR0).
	FeatureAVX  uint64 = 1 << 4
	FeatureAVX2 uint64 = 1 << 5 // vpbroadcastb/w/d/q
	// FeatureBMI2 is shlx, shrx and sarx: shifts by a count in any
	// register (not only CL) into a third register.
	FeatureBMI2 uint64 = 1 << 6
)

// RequiredFeatures is what every module this backend emits needs (SSE4.1
// also covers the packed SIMD instructions up to pshufb, pmulld, ptest and
// pinsr/pextr); a module records more when its code uses them.
const RequiredFeatures = FeatureSSE41 | FeaturePOPCNT | FeatureLZCNT

// CPU targets: the features a compilation may use. Code records in its
// module the subset it does use, and a loader refuses the module on a CPU
// that lacks any of them.
const (
	// Baseline is for any x86-64 CPU with SSE4.1, POPCNT and LZCNT;
	// SSE4.2's pcmpgtq is used (and recorded) by i64x2 order
	// comparisons only.
	Baseline = RequiredFeatures | FeatureSSE42
	// V3 is the x86-64-v3 level (Haswell, Zen and later): Baseline with
	// the VEX forms, AVX2's broadcasts and BMI2's shifts.
	V3 = Baseline | FeatureAVX | FeatureAVX2 | FeatureBMI2
)

// HostFeatures reports the features of the CPU this program runs on. AVX
// counts only where the operating system saves the YMM registers (what
// cpu.X86.HasAVX checks): the wasmkernel kernel does not, so it runs
// baseline code.
func HostFeatures() uint64 {
	var f uint64
	for _, c := range []struct {
		has bool
		bit uint64
	}{
		{cpu.X86.HasSSE41, FeatureSSE41},
		{cpu.X86.HasPOPCNT, FeaturePOPCNT},
		{cpu.X86.HasSSE42, FeatureSSE42},
		{cpu.X86.HasBMI1, FeatureLZCNT}, // tzcnt; lzcnt comes with ABM on the same CPUs
		{cpu.X86.HasAVX, FeatureAVX},
		{cpu.X86.HasAVX && cpu.X86.HasAVX2, FeatureAVX2},
		{cpu.X86.HasBMI2, FeatureBMI2},
	} {
		if c.has {
			f |= c.bit
		}
	}
	return f
}

var featureNames = []string{"SSE4.1", "POPCNT", "LZCNT", "SSE4.2", "AVX", "AVX2", "BMI2"}

// FeatureNames names the features in f, for messages ("SSE4.1 AVX").
func FeatureNames(f uint64) string {
	var names []string
	for i, n := range featureNames {
		if f&(1<<i) != 0 {
			names = append(names, n)
		}
	}
	if unknown := f &^ (1<<len(featureNames) - 1); unknown != 0 {
		names = append(names, fmt.Sprintf("0x%x", unknown))
	}
	return strings.Join(names, " ")
}
