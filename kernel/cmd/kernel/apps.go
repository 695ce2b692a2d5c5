package main

import (
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/wasmkernel/wasmkernel/images/initrd"
	"github.com/wasmkernel/wasmkernel/kernel"
	"github.com/wasmkernel/wasmkernel/wasi"
	"github.com/wasmkernel/wasmkernel/wasmvm"
)

// Exit statuses of the VM when apps cannot run or trap (an app's own
// proc_exit code is passed through).
const (
	statusNoApps = 120
	statusTrap   = 121
)

// runApps runs the apps of the initrd's manifest in order and returns the
// VM's exit status: the last app's exit code, or statusTrap when an app
// trapped (reported on the console; the kernel itself survives and goes
// on with the next app).
func runApps() int {
	img, ok := kernel.Initrd()
	if !ok {
		fmt.Fprintln(os.Stderr, "wasmkernel: no initrd: nothing to run (kernel command line: selftest, echo)")
		return statusNoApps
	}
	manifest, files, err := initrd.Read(bytes.NewReader(img))
	if err != nil {
		fmt.Fprintln(os.Stderr, "wasmkernel:", err)
		return statusNoApps
	}
	status := 0
	for _, app := range manifest.Apps {
		status = runApp(app, files)
	}
	return status
}

func runApp(app initrd.App, files map[string][]byte) int {
	fail := func(err error) int {
		fmt.Fprintf(os.Stderr, "wasmkernel: app %s: %v\n", app.Name, err)
		return statusTrap
	}
	native := files[app.Module]
	info, err := wasmvm.InspectNative(native)
	if err != nil {
		return fail(err)
	}
	if got := hex.EncodeToString(info.SourceSHA256[:]); got != app.SourceSHA256 {
		return fail(fmt.Errorf("native module was compiled from %s, the manifest names %s", got, app.SourceSHA256))
	}
	if len(app.Dirs) > 0 {
		return fail(errors.New("preopened directories need the kernel's RAM file system, which is not there yet"))
	}
	cfg := wasi.HostConfig(app.Args, app.Env)
	sys := wasi.New(cfg)
	rt, err := wasmvm.NewRuntime(context.Background(), wasmvm.WithMemory(info.MemoryMode))
	if err != nil {
		return fail(err)
	}
	var funcs []wasmvm.HostFunction
	for _, f := range sys.HostFuncs() {
		funcs = append(funcs, wasmvm.HostFunction{Name: f.Name, Params: codes(f.Params), Results: codes(f.Results), Call: f.Call})
	}
	rt.RegisterHost(wasi.ModuleName, funcs)
	inst, err := rt.InstantiateNative(native, app.Name)
	if err == nil {
		_, err = inst.Call("_start")
	}
	var exit *wasi.ExitError
	var trap *wasmvm.Trap
	switch {
	case err == nil:
		return 0
	case errors.As(err, &exit):
		return int(exit.Code)
	case errors.As(err, &trap):
		fmt.Fprintf(os.Stderr, "wasmkernel: app %s trapped: %v\n", app.Name, err)
		if st := strings.TrimSuffix(trap.StackString(), "\n"); st != "" {
			fmt.Fprintln(os.Stderr, st)
		}
		return statusTrap
	}
	return fail(err)
}

func codes(ts []wasi.ValueType) []byte {
	b := make([]byte, len(ts))
	for i, t := range ts {
		b[i] = byte(t)
	}
	return b
}
