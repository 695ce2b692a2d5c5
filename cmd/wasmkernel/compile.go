package main

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"

	"github.com/wasmkernel/wasmkernel/wasmvm"
)

func runCompile(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("compile", "[-target amd64|arm64] [-cpu baseline|host|x86-64-v3] [-memory bounds|guard] [-o OUT.wkn] APP.wasm", stderr)
	target := fs.String("target", runtime.GOARCH, "instruction set to compile for: amd64 or arm64")
	cpu := fs.String("cpu", "baseline", "CPU the code may require: baseline (any CPU of the target: SSE4.1 on amd64), "+
		"host (this machine's, with AVX where it has it) or x86-64-v3 (amd64 with AVX2)")
	memory := fs.String("memory", "bounds", "memory safety: bounds (explicit checks) or guard (guard regions, as in the kernel)")
	out := fs.String("o", "", "output file (default: APP.wkn beside the input)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return fmt.Errorf("%w: want exactly one module file", errUsage)
	}
	path := fs.Arg(0)
	m, err := parseFile(path)
	if err != nil {
		return err
	}
	native, err := m.CompileNativeCPU(*target, *memory, *cpu)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if *out == "" {
		*out = strings.TrimSuffix(path, ".wasm") + ".wkn"
	}
	if err := os.WriteFile(*out, native, 0o644); err != nil {
		return err
	}
	info, err := wasmvm.InspectNative(native)
	if err != nil {
		return fmt.Errorf("check %s: %w", *out, err)
	}
	fmt.Fprintf(stdout, "%s: %s, %d functions, %d bytes of code, %s memory (%d bytes), CPU features %s\n",
		*out, info.Arch, info.Functions, info.CodeSize, info.MemoryMode, len(native), info.FeatureNames)
	return nil
}
