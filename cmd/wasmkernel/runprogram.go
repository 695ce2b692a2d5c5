package main

import (
	"bytes"
	"fmt"
	"os"

	"github.com/wasmkernel/wasmkernel/bench"
	"github.com/wasmkernel/wasmkernel/wasmvm"
)

// program is what `run --machine host` runs: a WebAssembly module,
// compiled as it is instantiated, or a native module compiled ahead of
// time (`wasmkernel compile`), which instantiates without compiling.
type program struct {
	module  *wasmvm.Module // a WebAssembly module, or
	native  []byte         // a native module
	options []wasmvm.Option
}

// loadProgram reads a .wasm or a native module (.wkn).
func loadProgram(path string) (*program, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if bytes.HasPrefix(b, []byte("\x00asm")) {
		m, err := parseFile(path)
		if err != nil {
			return nil, err
		}
		return &program{module: m}, nil
	}
	info, err := wasmvm.InspectNative(b)
	if err != nil {
		return nil, fmt.Errorf("%s: neither a WebAssembly module nor a native module: %w", path, err)
	}
	return &program{native: b, options: []wasmvm.Option{wasmvm.WithMemory(info.MemoryMode)}}, nil
}

func (p *program) instantiate(rt *wasmvm.Runtime) (*wasmvm.Instance, error) {
	if p.native != nil {
		return rt.InstantiateNative(p.native, "app")
	}
	return rt.Instantiate(p.module, "app")
}

// writeRegion appends the region the app marked to path as
// "region_ns N", the line bench.h writes natively.
func writeRegion(path string, marks *bench.RegionMarks) error {
	d, err := marks.Region()
	if err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return err
	}
	if _, err := fmt.Fprintf(f, "region_ns %d\n", d.Nanoseconds()); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
