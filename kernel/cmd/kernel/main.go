// Command kernel is the wasmkernel kernel program: package boot enters it
// from the boot loader and package kernel hosts the Go runtime it runs
// on. Build it with package images, not with a plain go build: it needs a
// fixed link address, the PVH entry point and the PVH note.
//
// The kernel command line selects what it does: "selftest" runs the
// kernel self-test (package selftest) and leaves the VM with the number of
// failed checks as its status.
package main

import (
	"fmt"
	"os"
	"slices"

	_ "github.com/wasmkernel/wasmkernel/boot"
	_ "github.com/wasmkernel/wasmkernel/kernel"
	"github.com/wasmkernel/wasmkernel/kernel/selftest"
)

func main() {
	fmt.Println("wasmkernel: Go runtime started")
	switch {
	case slices.Contains(os.Args[1:], "selftest"):
		os.Exit(selftest.Run(os.Stdout))
	default:
		fmt.Fprintln(os.Stderr, "wasmkernel: nothing to run (kernel command line: selftest)")
		os.Exit(2)
	}
}
