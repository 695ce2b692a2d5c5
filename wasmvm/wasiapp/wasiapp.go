// Package wasiapp runs WASI command modules on the wasmvm runtime: it
// registers the WASI host functions of a wasi.System (and the bench.start
// and bench.end markers of Sightglass-style benchmarks), and turns how
// _start ended into an exit status and, for traps, a report with the
// WebAssembly stack. wasmkernel run uses it in a Linux process and the
// kernel uses it for the apps of its initrd.
package wasiapp

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/wasmkernel/wasmkernel/wasi"
	"github.com/wasmkernel/wasmkernel/wasmvm"
)

// NewRuntime returns a runtime with sys's host functions registered.
func NewRuntime(ctx context.Context, sys *wasi.System, opts ...wasmvm.Option) (*wasmvm.Runtime, error) {
	rt, err := wasmvm.NewRuntime(ctx, opts...)
	if err != nil {
		return nil, err
	}
	var funcs []wasmvm.HostFunction
	for _, f := range sys.HostFuncs() {
		funcs = append(funcs, wasmvm.HostFunction{Name: f.Name, Params: codes(f.Params), Results: codes(f.Results), Call: f.Call})
	}
	rt.RegisterHost(wasi.ModuleName, funcs)
	// Benchmarks mark their measured region; running one outside
	// wasmkernel bench accepts the marks.
	rt.RegisterHost("bench", []wasmvm.HostFunction{
		{Name: "start", Call: func(context.Context, []byte, []uint64) error { return nil }},
		{Name: "end", Call: func(context.Context, []byte, []uint64) error { return nil }},
	})
	return rt, nil
}

func codes(ts []wasi.ValueType) []byte {
	b := make([]byte, len(ts))
	for i, t := range ts {
		b[i] = byte(t)
	}
	return b
}

// Run calls the instance's _start.
func Run(inst *wasmvm.Instance) error {
	_, err := inst.Call("_start")
	return err
}

// Outcome interprets the error of instantiating and running a command:
// the exit status (0 or the proc_exit code) with a nil failure, or a
// failure (a trap, with its WebAssembly stack, or any other error).
func Outcome(err error) (status int, failure error) {
	var exit *wasi.ExitError
	var trap *wasmvm.Trap
	switch {
	case err == nil:
		return 0, nil
	case errors.As(err, &exit):
		return int(exit.Code), nil
	case errors.As(err, &trap):
		if st := strings.TrimSuffix(trap.StackString(), "\n"); st != "" {
			return 0, fmt.Errorf("%w\n%s", err, st)
		}
	}
	return 0, err
}
