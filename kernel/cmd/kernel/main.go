// Command kernel is the wasmkernel kernel program: package boot enters it
// from the boot loader and package kernel hosts the Go runtime it runs
// on. Build it with package images, not with a plain go build: it needs a
// fixed link address, the PVH entry point and the PVH note.
//
// Without a mode on the kernel command line it runs the apps of the
// initrd's manifest (see apps.go). The kernel command line selects
// the other modes: "selftest" runs the
// kernel self-test (package selftest) and leaves the VM with the number of
// failed checks as its status; "echo" reads a line from the console and
// writes it back; "stats" (with the apps) prints the time-stamp counter as
// each app enters _start; "bench" times each app's bench.start and
// bench.end and prints the region. Words with "=" become environment
// variables, as under Linux: "crash=nil" and "crash=kernel" fault on
// purpose, to show the reports.
package main

import (
	"bufio"
	"fmt"
	"os"
	"slices"
	"syscall"
	"unsafe"

	_ "github.com/wasmkernel/wasmkernel/boot"
	_ "github.com/wasmkernel/wasmkernel/kernel"
	"github.com/wasmkernel/wasmkernel/kernel/selftest"
)

func main() {
	fmt.Println("wasmkernel: Go runtime started")
	switch {
	case slices.Contains(os.Args[1:], "selftest"):
		os.Exit(selftest.Run(os.Stdout))
	case slices.Contains(os.Args[1:], "echo"):
		// Console input: read one line, write it back.
		line, err := bufio.NewReader(os.Stdin).ReadString('\n')
		if err != nil {
			fmt.Println("echo:", err)
			os.Exit(1)
		}
		fmt.Printf("echo: %q\n", line)
	case os.Getenv("crash") == "nil":
		// An unrecovered nil dereference: the runtime's own report.
		var p *[2]int
		fmt.Println(p[1])
	case os.Getenv("crash") == "kernel":
		// A system call handed an unmapped buffer: the kernel's report.
		syscall.Syscall(syscall.SYS_WRITE, 1, uintptr(unsafe.Pointer(nil))+8, 1)
	default:
		os.Exit(runApps())
	}
}
