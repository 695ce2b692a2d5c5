package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/wasmkernel/wasmkernel/images/flash"
)

// runFlash writes a card image (given, or built from --board and the
// apps) to a removable device, after checking the device and asking.
func runFlash(args []string, stdout, stderr io.Writer) error {
	return flashWith(flash.Host{}, os.Stdin, args, stdout, stderr)
}

// flashWith is runFlash on the system sys, asking on in.
func flashWith(sys flash.System, in io.Reader, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("flash", "[--yes] CARD.img DEVICE\n"+
		"       wasmkernel flash [--yes] --board rpi3|rpi4|rpi5|zero2w [--apps A.wasm,B.wasm] [--data SIZE] [--env K=V]... [APP.wasm [ARGS...]] DEVICE", stderr)
	yes := fs.Bool("yes", false, "do not ask before overwriting the device")
	app := addAppFlags(fs)
	pi := addPiFlags(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	rest := fs.Args()
	if len(rest) == 0 || (pi.board == "" && len(rest) != 2) {
		fs.Usage()
		return fmt.Errorf("%w: want CARD.img DEVICE, or --board ... DEVICE", errUsage)
	}
	device := rest[len(rest)-1]
	dev, err := flash.Check(sys, device)
	if err != nil {
		return fmt.Errorf("refusing to write to %s: %w", device, err)
	}
	image, what := "", ""
	if pi.board == "" {
		image, what = rest[0], rest[0]
	} else {
		card, err := pi.card(rest[:len(rest)-1], app)
		if err != nil {
			return err
		}
		tmp, err := os.MkdirTemp("", "wasmkernel-flash")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		image = filepath.Join(tmp, "card.img")
		if err := writePiCard(card, image, stderr); err != nil {
			return err
		}
		what = fmt.Sprintf("a card for the %s with %d apps", card.Board.Model, len(card.Apps))
	}
	fi, err := os.Stat(image)
	if err != nil {
		return err
	}
	if fi.Size() > dev.Size {
		return fmt.Errorf("%s (%s) does not fit on %s", what, flash.FormatSize(fi.Size()), dev)
	}
	fmt.Fprintf(stderr, "write %s (%s) to\n  %s\nEverything on the device is lost. ", what, flash.FormatSize(fi.Size()), dev)
	if !*yes {
		fmt.Fprint(stderr, "Go on? [y/N] ")
		line, _ := bufio.NewReader(in).ReadString('\n')
		if answer := strings.ToLower(strings.TrimSpace(line)); answer != "y" && answer != "yes" {
			return fmt.Errorf("nothing written")
		}
	} else {
		fmt.Fprintln(stderr)
	}
	start := time.Now()
	if err := flash.Write(image, device, progressLine(stderr)); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: wrote and verified %s in %.1f s; the card can be removed\n", device, flash.FormatSize(fi.Size()), time.Since(start).Seconds())
	return nil
}

// progressLine shows a phase's progress on one line of w, rewritten in
// place at most ten times a second and at the end of each phase.
func progressLine(w io.Writer) flash.Progress {
	var shown time.Time
	start := time.Now()
	return func(phase string, done, total int64) {
		if done < total && time.Since(shown) < 100*time.Millisecond {
			return
		}
		shown = time.Now()
		rate := float64(done) / 1e6 / max(time.Since(start).Seconds(), 1e-3)
		fmt.Fprintf(w, "\r%s: %3d%% (%s of %s, %.1f MB/s)   ", phase, done*100/max(total, 1), flash.FormatSize(done), flash.FormatSize(total), rate)
		if done == total {
			fmt.Fprintln(w)
			start = time.Now()
		}
	}
}
