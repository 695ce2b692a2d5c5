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
	arch      string
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
	img, err := buildImage(ctx, tmp, []images.AppSpec{app}, opts.machine)
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
	console := &bootFilter{w: stdout, appStarted: booting.done}
	m := qemu.Machine(opts.machine)
	cfg := qemu.Config{Machine: m, Kernel: img.Kernel, Initrd: img.Initrd, DTB: img.DTB,
		MemoryMiB: opts.memoryMiB, Timeout: timeout, Stdin: os.Stdin, Console: console, Export: exportPath}
	res, err := qemu.Run(ctx, cfg)
	booting.done()
	if err != nil {
		return err
	}
	if err := console.Flush(); err != nil {
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

// buildImage builds the image for apps into dir, with the kernel for
// machine from the source tree (cached for x86-64).
func buildImage(ctx context.Context, dir string, apps []images.AppSpec, machine string) (*images.Image, error) {
	root, err := moduleRoot()
	if err != nil {
		return nil, err
	}
	return images.BuildFor(ctx, root, dir, apps, images.DefaultCache(), machine)
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
			break
		}
		line := f.pending[:i+1]
		if !isBootLine(line) {
			out := line
			if n := len(out); n >= 2 && out[n-2] == '\r' {
				out = append(append([]byte(nil), out[:n-2]...), '\n')
			}
			if err := f.emit(out); err != nil {
				return 0, err
			}
		}
		f.pending = f.pending[i+1:]
	}
	// A partial line that cannot become a boot line (a prompt, output
	// without a newline) goes out at once; a final '\r' waits for its
	// '\n'.
	if n := len(f.pending); n > 0 && !mayBeBootLine(f.pending) {
		keep := 0
		if f.pending[n-1] == '\r' {
			keep = 1
		}
		if err := f.emit(f.pending[:n-keep]); err != nil {
			return 0, err
		}
		f.pending = append(f.pending[:0], f.pending[n-keep:]...)
	}
	return len(p), nil
}

// Flush writes what is left of a last line without a newline.
func (f *bootFilter) Flush() error {
	if len(f.pending) == 0 || isBootLine(f.pending) {
		return nil
	}
	err := f.emit(f.pending)
	f.pending = nil
	return err
}

func (f *bootFilter) emit(b []byte) error {
	if len(b) == 0 {
		return nil
	}
	if f.appStarted != nil {
		f.appStarted()
		f.appStarted = nil
	}
	_, err := f.w.Write(b)
	return err
}

// mayBeBootLine reports whether a partial line could still turn out to be
// one of the kernel's boot lines.
func mayBeBootLine(partial []byte) bool {
	const prefix = "wasmkernel: "
	n := min(len(partial), len(prefix))
	return string(partial[:n]) == prefix[:n]
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
