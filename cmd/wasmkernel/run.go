package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/wasmkernel/wasmkernel/bench"
	"github.com/wasmkernel/wasmkernel/wasi"
	"github.com/wasmkernel/wasmkernel/wasmvm"
	"github.com/wasmkernel/wasmkernel/wasmvm/wasiapp"
)

// listFlag collects a repeated flag.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

// exitCodeError carries the guest's exit status to main.
type exitCodeError struct{ code int }

func (e *exitCodeError) Error() string { return fmt.Sprintf("exit status %d", e.code) }

// splitDir splits a --dir value HOST::GUEST (or DIR for both).
func splitDir(d string) (host, guest string) {
	host, guest, ok := strings.Cut(d, "::")
	if !ok {
		guest = host
	}
	return host, guest
}

func runRun(args []string, stdout, stderr io.Writer) (err error) {
	fs := newFlags("run", "[--machine microvm|q35|virt|raspi3b|host] [--arch amd64|arm64] [--memory SIZE] [--dir HOST::GUEST]... [--env K=V]... [--listen ADDR]... [--bench-region FILE] [--timeout D] APP.wasm|APP.wkn [ARGS...]\n"+
		"       wasmkernel run --board rpi3|zero2w [--timeout D] CARD.img | [--apps A.wasm,B.wasm] [--env K=V]... [APP.wasm [ARGS...]]", stderr)
	machine := fs.String("machine", "", "where to run: microvm or q35 (the amd64 kernel in QEMU, default microvm), virt or raspi3b (the arm64 kernel, default virt), or host (natively in this process)")
	timeout := fs.Duration("timeout", 0, "stop the app after this long (0: no limit)")
	benchRegion := fs.String("bench-region", "", "with --machine host: give the app the imports bench.start and bench.end, and append \"region_ns N\" (the time between them) to FILE at exit, as bench.h does natively")
	perfMap := fs.Bool("perf-map", false, "with --machine host: write /tmp/perf-PID.map naming the compiled functions for Linux perf (`perf record -e cpu-clock wasmkernel run --machine host --perf-map APP.wasm`)")
	var listen listFlag
	fs.Var(&listen, "listen", "give the app a TCP socket listening on ADDR (HOST:PORT; repeatable; --machine host), as the descriptor after its directories")
	app := addAppFlags(fs)
	pi := addPiFlags(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if pi.board != "" {
		if *machine != "" || len(listen) > 0 || pi.data != "" {
			return fmt.Errorf("%w: --board picks the machine; --machine, --listen and --data do not go with it", errUsage)
		}
		return runPiCard(pi, app, fs.Args(), *timeout, stdout, stderr)
	}
	switch *machine {
	case "host":
	case "", "microvm", "q35", "virt", "raspi3b":
		spec, vm, err := app.parse(fs)
		if err != nil {
			return err
		}
		if len(listen) > 0 {
			return fmt.Errorf("%w: --listen needs --machine host: the kernel has no network stack yet", errUsage)
		}
		if *perfMap {
			return fmt.Errorf("%w: --perf-map needs --machine host", errUsage)
		}
		if *benchRegion != "" {
			return fmt.Errorf("%w: --bench-region needs --machine host (wasmkernel bench times apps in the kernel)", errUsage)
		}
		m, err := machineFor(vm.arch, *machine)
		if err != nil {
			return fmt.Errorf("%w: %v", errUsage, err)
		}
		vm.machine, vm.timeout = string(m), *timeout
		return runInVM(vm, spec, stdout, stderr)
	default:
		return fmt.Errorf("%w: unknown machine %q (microvm, q35, virt, raspi3b, host)", errUsage, *machine)
	}
	if _, _, err := app.parse(fs); err != nil {
		return err
	}
	env, dirs := app.env, app.dirs
	path := fs.Arg(0)
	prog, err := loadProgram(path)
	if err != nil {
		return err
	}
	cfg := wasi.HostConfig(append([]string{filepath.Base(path)}, fs.Args()[1:]...), env)
	for _, d := range dirs {
		host, guest := splitDir(d)
		root, err := wasi.HostDir(host)
		if err != nil {
			return fmt.Errorf("%w: --dir %q: %v", errUsage, d, err)
		}
		cfg.Preopens = append(cfg.Preopens, wasi.Preopen{GuestPath: guest, FS: root})
	}
	for _, addr := range listen {
		sock, err := listenTCP(addr)
		if err != nil {
			return err
		}
		cfg.Listeners = append(cfg.Listeners, sock)
		cfg.Poller = wasi.HostPoller{}
	}
	cfg.Stdout, cfg.Stderr = stdout, stderr
	sys := wasi.New(cfg)
	defer sys.Close()
	options := prog.options
	if *perfMap {
		f, err := os.OpenFile(fmt.Sprintf("/tmp/perf-%d.map", os.Getpid()), os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
		if err != nil {
			return fmt.Errorf("--perf-map: %w", err)
		}
		defer f.Close()
		options = append(options[:len(options):len(options)], wasmvm.WithPerfMap(f))
	}
	rt, err := wasiapp.NewRuntime(context.Background(), sys, options...)
	if err != nil {
		return err
	}
	if *benchRegion != "" {
		var marks bench.RegionMarks
		marks.Register(rt)
		defer func() {
			if werr := writeRegion(*benchRegion, &marks); err == nil {
				err = werr
			}
		}()
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
	inst, err := prog.instantiate(rt)
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

// listenTCP opens a TCP listener on addr for the app.
func listenTCP(addr string) (wasi.Socket, error) {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("--listen %q: %w", addr, err)
	}
	defer l.Close() // the app has its own descriptor
	sock, err := wasi.HostListener(l.(*net.TCPListener))
	if err != nil {
		return nil, fmt.Errorf("--listen %q: %w", addr, err)
	}
	return sock, nil
}
