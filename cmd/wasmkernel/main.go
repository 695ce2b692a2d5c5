// Command wasmkernel builds, runs, inspects and measures WebAssembly
// applications for the wasmkernel unikernel.
//
// Usage:
//
//	wasmkernel inspect FILE.wasm|FILE.wkn
//	wasmkernel compile [-target amd64] [-o OUT.wkn] APP.wasm
//	wasmkernel run [--machine microvm|q35|host] [--memory SIZE] [--dir HOST::GUEST]... [--env K=V]... APP.wasm [ARGS...]
//	wasmkernel image -o DIR [--machine microvm|q35] [--dir HOST::GUEST]... APP.wasm [ARGS...]
//	wasmkernel image --board rpi3|rpi4|rpi5|zero2w [--apps A.wasm,B.wasm] -o CARD.img [APP.wasm [ARGS...]]
//	wasmkernel flash [--yes] CARD.img DEVICE
//	wasmkernel run --board rpi3|zero2w CARD.img
//	wasmkernel boot [-machine microvm|q35] [KERNEL COMMAND LINE...]
//
// Each subcommand has -h for its flags.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
)

// command is one subcommand.
type command struct {
	name    string
	summary string
	run     func(args []string, stdout, stderr io.Writer) error
}

var commands = []command{
	{"inspect", "describe a WebAssembly module (imports, exports, memory, tables, functions) or a native module", runInspect},
	{"compile", "compile a WebAssembly module ahead of time into a native module (.wkn)", runCompile},
	{"run", "run a WASI command module in the wasmkernel kernel in QEMU (--machine host: natively in this process)", runRun},
	{"image", "write the bootable image of an app (kernel, initrd, boot script) without booting it, or a Raspberry Pi's SD card (--board)", runImage},
	{"flash", "write a Raspberry Pi card image to a removable device (SD card), checked, confirmed and verified", runFlash},
	{"bench", "measure benchmarks on wasmkernel against native code, wazero and node, with ratios", runBench},
	{"boot", "boot the wasmkernel kernel in QEMU with a kernel command line (default: selftest)", runBoot},
}

// errUsage marks an error caused by the command line rather than the work.
var errUsage = errors.New("usage")

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run executes the command line and returns the process exit status.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stderr)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	for _, c := range commands {
		if c.name == args[0] {
			if err := c.run(args[1:], stdout, stderr); err != nil {
				if errors.Is(err, flag.ErrHelp) {
					return 0
				}
				var exit *exitCodeError
				if errors.As(err, &exit) {
					return exit.code
				}
				fmt.Fprintf(stderr, "wasmkernel %s: %v\n", c.name, err)
				if errors.Is(err, errUsage) {
					return 2
				}
				return 1
			}
			return 0
		}
	}
	fmt.Fprintf(stderr, "wasmkernel: unknown command %q (run 'wasmkernel help' for the list)\n", args[0])
	return 2
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "wasmkernel: build, run, inspect and measure WebAssembly apps for the wasmkernel unikernel")
	fmt.Fprintln(w, "\nCommands:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
}

// newFlags returns a flag set that reports errors instead of exiting.
func newFlags(name, argsSyntax string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: wasmkernel %s %s\n", name, argsSyntax)
		fs.PrintDefaults()
	}
	return fs
}
