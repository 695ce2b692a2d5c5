package amd64

import "golang.org/x/sys/cpu"

// CPU features generated code may use, recorded in native modules.
const (
	FeatureSSE41  uint64 = 1 << 0 // roundss/roundsd
	FeaturePOPCNT uint64 = 1 << 1
	FeatureLZCNT  uint64 = 1 << 2 // lzcnt, tzcnt (ABM/BMI1)
)

// RequiredFeatures is what the code this backend emits needs today.
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
	if cpu.X86.HasBMI1 { // tzcnt; lzcnt comes with ABM on the same CPUs
		f |= FeatureLZCNT
	}
	return f
}
