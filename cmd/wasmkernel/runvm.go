package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/wasmkernel/wasmkernel/images"
	"github.com/wasmkernel/wasmkernel/qemu"
)

// runInVM compiles the app ahead of time, puts it into an initrd, boots
// the kernel with it in QEMU and passes the app's console output and exit
// status through.
func runInVM(machine, wasmPath string, args, env []string, timeout time.Duration, stdout, stderr io.Writer) error {
	ctx := context.Background()
	tmp, err := os.MkdirTemp("", "wasmkernel-run")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	img, err := images.BuildInitrd([]images.AppSpec{{Wasm: wasmPath, Args: args, Env: env}}, images.KernelTarget)
	if err != nil {
		return err
	}
	initrdPath := filepath.Join(tmp, "initrd.cpio")
	if err := os.WriteFile(initrdPath, img, 0o644); err != nil {
		return err
	}
	dir, err := moduleRoot()
	if err != nil {
		return err
	}
	kernelPath := filepath.Join(tmp, "kernel.elf")
	if err := images.BuildKernel(ctx, dir, kernelPath); err != nil {
		return err
	}
	if timeout == 0 {
		timeout = 10 * time.Minute
	}
	res, err := qemu.Run(ctx, qemu.Config{Machine: qemu.Machine(machine), Kernel: kernelPath, Initrd: initrdPath,
		Timeout: timeout, Stdin: os.Stdin, Console: &bootFilter{w: stdout}})
	if err != nil {
		return err
	}
	if res.Status != 0 {
		return &exitCodeError{code: res.Status}
	}
	return nil
}

// bootFilter passes the console through without the kernel's own boot
// lines, so the app's output reads as it would natively.
type bootFilter struct {
	w       io.Writer
	pending []byte
}

func (f *bootFilter) Write(p []byte) (int, error) {
	f.pending = append(f.pending, p...)
	for {
		i := indexByte(f.pending, '\n')
		if i < 0 {
			return len(p), nil
		}
		line := f.pending[:i+1]
		if !isBootLine(line) {
			out := line
			if n := len(out); n >= 2 && out[n-2] == '\r' {
				out = append(append([]byte(nil), out[:n-2]...), '\n')
			}
			if _, err := f.w.Write(out); err != nil {
				return 0, err
			}
		}
		f.pending = f.pending[i+1:]
	}
}

func indexByte(b []byte, c byte) int {
	for i, x := range b {
		if x == c {
			return i
		}
	}
	return -1
}

func isBootLine(line []byte) bool {
	const prefix = "wasmkernel: "
	if len(line) < len(prefix) || string(line[:len(prefix)]) != prefix {
		return false
	}
	rest := string(line[len(prefix):])
	for _, p := range []string{"kernel entered", "Go runtime started"} {
		if len(rest) >= len(p) && rest[:len(p)] == p {
			return true
		}
	}
	return len(rest) > 0 && rest[0] >= '0' && rest[0] <= '9' // "N MiB free, TSC ..."
}
