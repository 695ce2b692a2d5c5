package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/wasmkernel/wasmkernel/images"
	"github.com/wasmkernel/wasmkernel/qemu"
)

// piFlags are the flags that describe a Raspberry Pi card for image,
// flash and run.
type piFlags struct {
	board string
	apps  listFlag
	data  string
}

func addPiFlags(fs *flag.FlagSet) *piFlags {
	p := &piFlags{}
	fs.StringVar(&p.board, "board", "", "a Raspberry Pi SD card for this board: rpi3, rpi4, rpi5 or zero2w")
	fs.Var(&p.apps, "apps", "with --board: apps for the card, comma-separated (repeatable); with APP.wasm [ARGS] too, they run in order")
	fs.StringVar(&p.data, "data", "", "with --board: add a data partition of this size (such as 64M or 1G) for the apps' persistent data")
	return p
}

// card returns the card the flags and the arguments args (APP.wasm
// [ARGS...], may be empty when --apps names apps) describe. app's --env
// applies to every app; its --dir directories are copied onto the card
// for the app given with arguments.
func (p *piFlags) card(args []string, app *appFlags) (images.PiCard, error) {
	board, err := images.PiBoardNamed(p.board)
	if err != nil {
		return images.PiCard{}, fmt.Errorf("%w: --board: %v", errUsage, err)
	}
	card := images.PiCard{Board: board}
	if p.data != "" {
		mib, err := parseMiB(p.data)
		if err != nil {
			return card, fmt.Errorf("%w: --data %q: %v", errUsage, p.data, err)
		}
		card.DataBytes = int64(mib) << 20
	}
	for _, list := range p.apps {
		for _, wasm := range strings.Split(list, ",") {
			if wasm = strings.TrimSpace(wasm); wasm != "" {
				card.Apps = append(card.Apps, images.AppSpec{Wasm: wasm, Env: app.env})
			}
		}
	}
	if len(args) > 0 {
		spec := images.AppSpec{Wasm: args[0], Args: args[1:], Env: app.env}
		for _, d := range app.dirs {
			host, guest := splitDir(d)
			if fi, err := os.Stat(host); err != nil || !fi.IsDir() {
				return card, fmt.Errorf("%w: --dir %q: %s is not a directory", errUsage, d, host)
			}
			spec.Dirs = append(spec.Dirs, images.DirSpec{Host: host, Guest: guest})
		}
		card.Apps = append(card.Apps, spec)
	} else if len(app.dirs) > 0 {
		return card, fmt.Errorf("%w: --dir goes with an app given as APP.wasm [ARGS...]", errUsage)
	}
	if len(card.Apps) == 0 {
		return card, fmt.Errorf("%w: no apps: want --apps A.wasm,B.wasm or APP.wasm [ARGS...]", errUsage)
	}
	for _, a := range card.Apps {
		if _, err := os.Stat(a.Wasm); err != nil {
			return card, fmt.Errorf("%w: %v", errUsage, err)
		}
	}
	return card, nil
}

// writePiCard builds card and writes its image to out.
func writePiCard(card images.PiCard, out string, stderr io.Writer) error {
	root, err := moduleRoot()
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "wasmkernel-card")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	building := startProgress(stderr, "building the card image for the "+card.Board.Model)
	defer building.done()
	return images.BuildPiCard(context.Background(), root, tmp, card, images.DefaultCache(), out)
}

// runPiImage is image --board: the card image goes to out.
func runPiImage(p *piFlags, app *appFlags, args []string, out string, stdout, stderr io.Writer) error {
	card, err := p.card(args, app)
	if err != nil {
		return err
	}
	if err := writePiCard(card, out, stderr); err != nil {
		return err
	}
	fi, err := os.Stat(out)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s\t%d bytes\tSD card image for the %s (%d apps); write it with: wasmkernel flash %s /dev/sdX\n",
		out, fi.Size(), card.Board.Model, len(card.Apps), out)
	return nil
}

// runPiCard is run --board: it boots a card image (CARD.img, or one built
// for the apps) in the QEMU machine that emulates the board, from what
// the card holds: the kernel and initrd its config.txt names, the initrd
// where config.txt puts it, and the board's device tree naming it there,
// with the card in the SD slot.
func runPiCard(p *piFlags, app *appFlags, args []string, timeout time.Duration, stdout, stderr io.Writer) error {
	board, err := images.PiBoardNamed(p.board)
	if err != nil {
		return fmt.Errorf("%w: --board: %v", errUsage, err)
	}
	if board.Machine == "" {
		return fmt.Errorf("%w: no emulator here runs the %s (%s): write its card with image --board %s", errUsage, board.Model, board.Tested, board.Name)
	}
	tmp, err := os.MkdirTemp("", "wasmkernel-run")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	cardPath := ""
	if len(args) == 1 && len(p.apps) == 0 && strings.HasSuffix(args[0], ".img") {
		if len(app.env) > 0 || len(app.dirs) > 0 {
			return fmt.Errorf("%w: --env and --dir go into a card when it is built: give them to image --board", errUsage)
		}
		cardPath = args[0]
	} else {
		card, err := p.card(args, app)
		if err != nil {
			return err
		}
		cardPath = filepath.Join(tmp, "card.img")
		if err := writePiCard(card, cardPath, stderr); err != nil {
			return err
		}
	}
	img, err := images.ExtractPiCard(cardPath, board, tmp)
	if err != nil {
		return err
	}
	if timeout == 0 {
		timeout = 10 * time.Minute
	}
	booting := startProgress(stderr, "booting "+board.Machine)
	console := &bootFilter{w: stdout, appStarted: booting.done}
	res, err := qemu.Run(context.Background(), qemu.Config{Machine: qemu.Machine(board.Machine), Kernel: img.Kernel, Initrd: img.Initrd,
		InitrdAddr: img.InitrdAddr, DTB: img.DTB, SDCard: cardPath, Timeout: timeout, Stdin: os.Stdin, Console: console})
	booting.done()
	if err != nil {
		return err
	}
	if err := console.Flush(); err != nil {
		return err
	}
	if res.Status != 0 {
		return &exitCodeError{code: res.Status}
	}
	return nil
}
