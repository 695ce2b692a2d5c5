package backend

import (
	"fmt"
	"runtime"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/amd64"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/arm64"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/objfile"
)

// CPU names accepted by ParseCPU.
const (
	CPUBaseline = "baseline"  // any CPU the backend supports
	CPUHost     = "host"      // the CPU this program runs on
	CPUX8664V3  = "x86-64-v3" // amd64: AVX, AVX2 and BMI2
)

// ParseCPU returns the features code for arch may use on the CPU named
// name: CPUBaseline, CPUHost (only when arch is this machine's) or, for
// amd64, CPUX8664V3.
func ParseCPU(arch objfile.Arch, name string) (uint64, error) {
	host := objfile.Arch(0)
	if a, err := objfile.ParseArch(runtime.GOARCH); err == nil {
		host = a
	}
	switch {
	case name == CPUBaseline || name == "":
		return BaselineFeatures(arch), nil
	case name == CPUHost && arch == host:
		return HostFeatures(arch), nil
	case name == CPUHost:
		return 0, fmt.Errorf("cpu host: this machine is not %s; name a CPU level (%s)", arch, cpuNames(arch))
	case name == CPUX8664V3 && arch == objfile.ArchAMD64:
		return amd64.V3, nil
	}
	return 0, fmt.Errorf("unknown cpu %q for %s (want %s)", name, arch, cpuNames(arch))
}

func cpuNames(arch objfile.Arch) string {
	if arch == objfile.ArchAMD64 {
		return CPUBaseline + ", " + CPUHost + " or " + CPUX8664V3
	}
	return CPUBaseline + " or " + CPUHost
}

// BaselineFeatures is what code compiled for any CPU of arch may use.
func BaselineFeatures(arch objfile.Arch) uint64 {
	if arch == objfile.ArchAMD64 {
		return amd64.Baseline
	}
	return arm64.RequiredFeatures
}

// HostFeatures reports the features of this machine's CPU, as arch's
// backend names them.
func HostFeatures(arch objfile.Arch) uint64 {
	if arch == objfile.ArchAMD64 {
		return amd64.HostFeatures()
	}
	return arm64.HostFeatures()
}

// FeatureNames names arch's features in f, for messages.
func FeatureNames(arch objfile.Arch, f uint64) string {
	if arch == objfile.ArchAMD64 {
		return amd64.FeatureNames(f)
	}
	return fmt.Sprintf("0x%x", f)
}
