//go:build linux && (amd64 || arm64)

package exec

import (
	"fmt"
	"sync"
	"sync/atomic"
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

// maxCodeRanges bounds the code regions the handler knows.
const maxCodeRanges = 4096

// codeRanges is read by the signal handler: pairs of start and end
// addresses, the first codeRangeCount of them valid.
var (
	codeRanges     [2 * maxCodeRanges]uintptr
	codeRangeCount uint64
	rangesMu       sync.Mutex
)

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
		var old sigaction
		if _, _, e := unix.RawSyscall6(unix.SYS_RT_SIGACTION, uintptr(unix.SIGSEGV), 0,
			uintptr(unsafe.Pointer(&old)), 8, 0, 0); e != 0 {
			installErr = fmt.Errorf("read the SIGSEGV handler: %w", e)
			return
		}
		oldSegvHandler = old.handler
		const saRestorer = 0x04000000
		nw := old
		nw.handler, nw.restorer = handlerAddrs()
		nw.flags |= saRestorer
		if _, _, e := unix.RawSyscall6(unix.SYS_RT_SIGACTION, uintptr(unix.SIGSEGV),
			uintptr(unsafe.Pointer(&nw)), 0, 8, 0, 0); e != 0 {
			installErr = fmt.Errorf("install the SIGSEGV handler: %w", e)
		}
	})
	return installErr
}

// RegisterCode tells the fault handler that faults in c are WebAssembly
// memory faults.
func RegisterCode(c *Code) error {
	rangesMu.Lock()
	defer rangesMu.Unlock()
	n := atomic.LoadUint64(&codeRangeCount)
	if n >= maxCodeRanges {
		return fmt.Errorf("more than %d guard-mode code regions", maxCodeRanges)
	}
	start := uintptr(unsafe.Pointer(&c.mem[0]))
	codeRanges[2*n], codeRanges[2*n+1] = start, start+uintptr(len(c.mem))
	atomic.StoreUint64(&codeRangeCount, n+1)
	return nil
}

// Implemented in guard_linux_$GOARCH.s. segvHandler, sigreturn and
// guardTrap are entered by the kernel or by a redirected thread, never
// called from Go.
func handlerAddrs() (handler, restorer uintptr)
func segvHandler()
func sigreturn()
func guardTrap()
