// Command kernel is the wasmkernel kernel program: package boot enters it
// from the boot loader and package kernel hosts the Go runtime it runs
// on. Build it with package images (wasmkernel image / scripts), not with
// a plain go build: it needs a fixed link address, the PVH entry point and
// the PVH note.
//
// The kernel command line selects what it does: "selftest" runs the
// kernel self-test (package selftest) and exits the VM with its status.
package main

import (
	"fmt"
	"os"

	_ "github.com/wasmkernel/wasmkernel/boot"
	_ "github.com/wasmkernel/wasmkernel/kernel"
)

func main() {
	fmt.Println("hello from Go in ring 0", os.Args, os.Environ())
	os.Exit(3)
}
