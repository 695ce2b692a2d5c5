package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/wasmkernel/wasmkernel/images"
	"github.com/wasmkernel/wasmkernel/images/initrd"
	"github.com/wasmkernel/wasmkernel/qemu"
)

// vmOptions are how run boots an app in the kernel.
type vmOptions struct {
	machine   string
	memoryMiB int
	timeout   time.Duration
}

// runInVM builds the image (kernel and initrd with the app compiled ahead
// of time), boots it in QEMU, passes the app's console output and exit
// status through, and writes the files the app changed in its directories
// back to the host.
func runInVM(opts vmOptions, app images.AppSpec, stdout, stderr io.Writer) error {
	ctx := context.Background()
	tmp, err := os.MkdirTemp("", "wasmkernel-run")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)

	building := startProgress(stderr, "building the image")
	img, err := buildImage(ctx, tmp, []images.AppSpec{app})
	building.done()
	if err != nil {
		return err
	}
	timeout := opts.timeout
	if timeout == 0 {
		timeout = 10 * time.Minute
	}
	exportPath := filepath.Join(tmp, "export")
	booting := startProgress(stderr, "booting "+opts.machine)
	res, err := qemu.Run(ctx, qemu.Config{Machine: qemu.Machine(opts.machine), Kernel: img.Kernel, Initrd: img.Initrd,
		MemoryMiB: opts.memoryMiB, Timeout: timeout, Stdin: os.Stdin, Export: exportPath,
		Console: &bootFilter{w: stdout, appStarted: booting.done}})
	booting.done()
	if err != nil {
		return err
	}
	if err := writeBack(exportPath, app); err != nil {
		return err
	}
	if res.Status != 0 {
		return &exitCodeError{code: res.Status}
	}
	return nil
}

// buildImage builds the image for apps into dir, with the kernel from the
// source tree (cached).
func buildImage(ctx context.Context, dir string, apps []images.AppSpec) (*images.Image, error) {
	root, err := moduleRoot()
	if err != nil {
		return nil, err
	}
	return images.Build(ctx, root, dir, apps, images.DefaultCache())
}

// writeBack applies the trees the kernel exported to the app's host
// directories.
func writeBack(exportPath string, app images.AppSpec) error {
	f, err := os.Open(exportPath)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	defer f.Close()
	trees, err := initrd.ReadFrames(f)
	if err != nil {
		return err
	}
	name := images.AppName(app)
	for i, d := range app.Dirs {
		if tree, ok := trees[images.ExportName(name, i)]; ok {
			if err := images.WriteBack(d.Host, tree); err != nil {
				return err
			}
		}
	}
	return nil
}

// progress says on stderr what is taking long, once it has taken a
// second.
type progress struct {
	timer   *time.Timer
	printed chan bool
	start   time.Time
	w       io.Writer
	what    string
}

func startProgress(w io.Writer, what string) *progress {
	p := &progress{printed: make(chan bool, 1), start: time.Now(), w: w, what: what}
	p.timer = time.AfterFunc(time.Second, func() {
		fmt.Fprintf(w, "wasmkernel: %s...\n", what)
		p.printed <- true
	})
	return p
}

// done ends the progress (again is harmless); a message that was shown
// gets the time taken.
func (p *progress) done() {
	if p.timer.Stop() {
		return
	}
	select {
	case <-p.printed:
		fmt.Fprintf(p.w, "wasmkernel: %s: %.1f s\n", p.what, time.Since(p.start).Seconds())
	default:
	}
}

// bootFilter passes the console through without the kernel's own boot
// lines, so the app's output reads as it would natively; appStarted (if
// set) is called at the app's first line.
type bootFilter struct {
	w          io.Writer
	pending    []byte
	appStarted func()
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
			if f.appStarted != nil {
				f.appStarted()
				f.appStarted = nil
			}
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
