package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/wasmkernel/wasmkernel/wasi"
	"github.com/wasmkernel/wasmkernel/wasmvm/wasiapp"
)

// listFlag collects a repeated flag.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

// exitCodeError carries the guest's exit status to main.
type exitCodeError struct{ code int }

func (e *exitCodeError) Error() string { return fmt.Sprintf("exit status %d", e.code) }

func runRun(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("run", "[--machine host] [--dir HOST::GUEST]... [--env K=V]... [--timeout D] APP.wasm [ARGS...]", stderr)
	machine := fs.String("machine", "host", "where to run: host (this process, native code), or microvm / q35 (the wasmkernel kernel in QEMU)")
	timeout := fs.Duration("timeout", 0, "stop the app after this long (0: no limit)")
	var env, dirs listFlag
	fs.Var(&env, "env", "environment variable K=V for the app (repeatable)")
	fs.Var(&dirs, "dir", "give the app host directory HOST as GUEST (HOST::GUEST, or DIR for both; repeatable)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() < 1 {
		fs.Usage()
		return fmt.Errorf("%w: want the module to run", errUsage)
	}
	for _, kv := range env {
		if !strings.Contains(kv, "=") {
			return fmt.Errorf("%w: --env %q: want KEY=VALUE", errUsage, kv)
		}
	}
	switch *machine {
	case "host":
	case "microvm", "q35":
		if len(dirs) > 0 {
			return fmt.Errorf("%w: --dir with --machine %s: the kernel's RAM file system is not there yet", errUsage, *machine)
		}
		return runInVM(*machine, fs.Arg(0), fs.Args()[1:], env, *timeout, stdout, stderr)
	default:
		return fmt.Errorf("%w: unknown machine %q (host, microvm, q35)", errUsage, *machine)
	}
	path := fs.Arg(0)
	m, err := parseFile(path)
	if err != nil {
		return err
	}
	cfg := wasi.HostConfig(append([]string{filepath.Base(path)}, fs.Args()[1:]...), env)
	for _, d := range dirs {
		host, guest, ok := strings.Cut(d, "::")
		if !ok {
			guest = host
		}
		root, err := wasi.HostDir(host)
		if err != nil {
			return fmt.Errorf("%w: --dir %q: %v", errUsage, d, err)
		}
		cfg.Preopens = append(cfg.Preopens, wasi.Preopen{GuestPath: guest, FS: root})
	}
	cfg.Stdout, cfg.Stderr = stdout, stderr
	rt, err := wasiapp.NewRuntime(context.Background(), wasi.New(cfg))
	if err != nil {
		return err
	}
	if *timeout > 0 {
		// Interrupt stops the calls in progress; keep asking after the
		// deadline in case the start function or _start was not running
		// yet.
		stop := make(chan struct{})
		defer close(stop)
		go func() {
			select {
			case <-stop:
				return
			case <-time.After(*timeout):
			}
			for {
				rt.Interrupt()
				select {
				case <-stop:
					return
				case <-time.After(10 * time.Millisecond):
				}
			}
		}()
	}
	inst, err := rt.Instantiate(m, "app")
	if err == nil {
		err = wasiapp.Run(inst)
	}
	status, failure := wasiapp.Outcome(err)
	if failure != nil {
		return fmt.Errorf("%s: %w", path, failure)
	}
	if status != 0 {
		return &exitCodeError{code: status}
	}
	return nil
}
