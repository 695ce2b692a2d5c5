//go:build linux && (amd64 || arm64)

package exec

import (
	"fmt"
	"sync"
	"unsafe"

	"golang.org/x/sys/unix"
)

// Guard-region memories turn an out-of-bounds access into a fault. In a
// Linux process the fault arrives as SIGSEGV: InstallFaultHandler puts a
// handler in front of the Go runtime's. For a fault whose instruction lies
// in registered WebAssembly code, the handler redirects the thread to
// guardTrap, which leaves native code like any other trap (code "out of
// bounds memory access"); every other fault goes to the Go runtime's
// handler unchanged. In the kernel, the page-fault handler does the same.

// oldSegvHandler is the Go runtime's SIGSEGV handler, for faults that are
// not ours.
var oldSegvHandler uintptr

// sigaction is the kernel's struct sigaction (the same on amd64 and arm64).
type sigaction struct {
	handler  uintptr
	flags    uint64
	restorer uintptr
	mask     uint64
}

var installOnce sync.Once
var installErr error

// InstallFaultHandler installs the SIGSEGV handler for guard regions once
// per process.
func InstallFaultHandler() error {
	installOnce.Do(func() {
		handler, restorer := handlerAddrs()
		oldSegvHandler, installErr = chainHandler(unix.SIGSEGV, handler, restorer)
	})
	return installErr
}

// chainHandler installs handler (with restorer, see sigreturn) for sig,
// keeping the flags of the handler it replaces, and returns that
// handler's address, which the new one passes on to what is not its own.
func chainHandler(sig unix.Signal, handler, restorer uintptr) (old uintptr, err error) {
	var prev sigaction
	if _, _, e := unix.RawSyscall6(unix.SYS_RT_SIGACTION, uintptr(sig), 0,
		uintptr(unsafe.Pointer(&prev)), 8, 0, 0); e != 0 {
		return 0, fmt.Errorf("read the %v handler: %w", sig, e)
	}
	const saRestorer = 0x04000000
	nw := prev
	nw.handler, nw.restorer = handler, restorer
	nw.flags |= saRestorer
	if _, _, e := unix.RawSyscall6(unix.SYS_RT_SIGACTION, uintptr(sig),
		uintptr(unsafe.Pointer(&nw)), 0, 8, 0, 0); e != 0 {
		return 0, fmt.Errorf("install the %v handler: %w", sig, e)
	}
	return prev.handler, nil
}

// RegisterCode tells the fault handler that faults in c are WebAssembly
// memory faults.
func RegisterCode(c *Code) error { return guardRanges.add(c) }

// Implemented in guard_linux_$GOARCH.s. segvHandler, sigreturn and
// guardTrap are entered by the kernel or by a redirected thread, never
// called from Go.
func handlerAddrs() (handler, restorer uintptr)
func segvHandler()
func sigreturn()
func guardTrap()
