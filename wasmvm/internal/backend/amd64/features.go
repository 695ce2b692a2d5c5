package amd64

import "golang.org/x/sys/cpu"

// CPU features generated code may use, recorded in native modules.
const (
	FeatureSSE41  uint64 = 1 << 0 // roundss/roundsd
	FeaturePOPCNT uint64 = 1 << 1
	FeatureLZCNT  uint64 = 1 << 2 // lzcnt, tzcnt (ABM/BMI1)
	FeatureSSE42  uint64 = 1 << 3 // pcmpgtq (i64x2 ordered comparisons)
)

// RequiredFeatures is what every module this backend emits needs (SSE4.1
// also covers the packed SIMD instructions up to pshufb, pmulld, ptest and
// pinsr/pextr); a module records more when its code uses them.
const RequiredFeatures = FeatureSSE41 | FeaturePOPCNT | FeatureLZCNT

// HostFeatures reports the features of the CPU this program runs on.
func HostFeatures() uint64 {
	var f uint64
	if cpu.X86.HasSSE41 {
		f |= FeatureSSE41
	}
	if cpu.X86.HasPOPCNT {
		f |= FeaturePOPCNT
	}
	if cpu.X86.HasSSE42 {
		f |= FeatureSSE42
	}
	if cpu.X86.HasBMI1 { // tzcnt; lzcnt comes with ABM on the same CPUs
		f |= FeatureLZCNT
	}
	return f
}
