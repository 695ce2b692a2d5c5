//go:build !(linux && (amd64 || arm64))

package exec

import (
	"fmt"
	"runtime"
)

// InstallFaultHandler fails where the guard-region fault handler does not
// exist yet (it is written for Linux on amd64 and arm64).
func InstallFaultHandler() error {
	return fmt.Errorf("guard-region memory needs a fault handler, not available on %s/%s yet", runtime.GOOS, runtime.GOARCH)
}

// RegisterCode fails like InstallFaultHandler.
func RegisterCode(*Code) error { return InstallFaultHandler() }
