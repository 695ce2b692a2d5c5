// Package qemu boots wasmkernel images in QEMU: it builds the command line
// for a machine preset, runs QEMU with a time limit while capturing the
// serial console, and returns the kernel's exit status. It decides
// between KVM and TCG by trying KVM on a tiny guest, because a /dev/kvm
// that exists is not a KVM that works (on some hosts it is a paravirtual
// device that cannot run an ordinary guest).
package qemu

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Machine is a QEMU machine preset.
type Machine string

// The x86-64 machines the kernel boots on. Both get the kernel through
// -kernel (PVH entry), COM1 as the console and isa-debug-exit at port
// 0xf4 for the exit status.
const (
	Q35     Machine = "q35"
	MicroVM Machine = "microvm"
)

// The arm64 machines (arm64.go).
const (
	Virt    Machine = "virt"
	Raspi3b Machine = "raspi3b"
)

// Arch returns the architecture of the machine's processors: "amd64" or
// "arm64".
func (m Machine) Arch() string {
	if m == Virt || m == Raspi3b {
		return "arm64"
	}
	return "amd64"
}

// Binary returns the QEMU system emulator for the machine.
func (m Machine) Binary() string {
	if m.Arch() == "arm64" {
		return BinaryArm64
	}
	return Binary
}

// Accel chooses the accelerator.
type Accel string

const (
	AccelAuto Accel = ""    // KVM when it really works, else TCG
	AccelTCG  Accel = "tcg" // always TCG
	AccelKVM  Accel = "kvm" // KVM, failing when it does not work
)

// Config describes one boot.
type Config struct {
	Machine Machine
	Kernel  string // kernel ELF with a PVH note; arm64: ELF (virt) or kernel8.img (raspi3b)
	DTB     string // device tree blob for machines whose firmware would pass one (raspi3b)
	GIC     int    // virt's interrupt controller version: 2 (when 0) or 3
	CPU     string // virt's processor model (CPUArm64 when empty)
	Initrd  string // optional
	// InitrdAddr loads Initrd at this physical address, as a Raspberry
	// Pi's firmware does, for a device tree that names it already; 0:
	// QEMU chooses the address and names it in the device tree.
	InitrdAddr uint64
	Append     string // kernel command line
	MemoryMiB  int    // guest memory; 256 when 0
	Accel      Accel
	// ICount runs TCG with -icount shift=0: one guest instruction is one
	// nanosecond of guest time, so guest clocks count instructions and
	// figures do not move with host load.
	ICount  bool
	Timeout time.Duration // 60 s when 0
	Stdin   io.Reader     // what the serial console receives (optional)
	Console io.Writer     // a copy of the console as it arrives (optional)
	// Export is a host file that receives what the guest writes to the
	// debug console at port 0xe9 (optional; the kernel sends apps'
	// directories back through it).
	Export string
	// SDCard is a card image raspi3b gets in its SD slot (its size a
	// power of two), as a Pi gets the card it boots from.
	SDCard string
}

// Result is how a boot ended.
type Result struct {
	Status    int           // the kernel's exit status
	Console   string        // everything the kernel wrote to the serial port
	Elapsed   time.Duration // from starting QEMU to its exit
	FirstByte time.Duration // from starting QEMU to the first console byte
	Accel     Accel         // what ran the guest
}

// ErrTimeout is returned (wrapped) when the guest did not exit in time.
var ErrTimeout = errors.New("guest did not exit in time")

// Binary is the QEMU system emulator for x86-64 guests.
const Binary = "qemu-system-x86_64"

// Args returns QEMU's arguments for cfg running with accel.
func Args(cfg Config, accel Accel) ([]string, error) {
	if cfg.Kernel == "" {
		return nil, errors.New("no kernel to boot")
	}
	mem := cfg.MemoryMiB
	if mem == 0 {
		mem = 256
	}
	if strings.Contains(cfg.SDCard, ",") {
		return nil, fmt.Errorf("card image %q: QEMU cannot take a path with a comma", cfg.SDCard)
	}
	if cfg.Machine.Arch() == "arm64" {
		return argsArm64(cfg, mem)
	}
	if cfg.SDCard != "" {
		return nil, errors.New("only raspi3b has an SD card slot")
	}
	if cfg.InitrdAddr != 0 {
		return nil, errors.New("an initrd address is for arm64 machines")
	}
	var machine string
	switch cfg.Machine {
	case Q35, "":
		machine = "q35"
	case MicroVM:
		// The kernel needs the PIT (calibration) and the RTC (wall
		// clock), and no PCI, ACPI or PIC.
		machine = "microvm,pit=on,rtc=on,pic=off,isa-serial=on"
	default:
		return nil, fmt.Errorf("unknown machine %q (q35, microvm)", cfg.Machine)
	}
	cpu := "max"
	if accel == AccelKVM {
		cpu = "host"
	}
	args := []string{
		"-M", machine, "-accel", string(accel), "-cpu", cpu,
		"-m", strconv.Itoa(mem), "-nodefaults", "-no-user-config", "-display", "none",
		"-serial", "stdio", "-no-reboot",
		"-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
		"-kernel", cfg.Kernel,
	}
	if cfg.ICount && accel == AccelTCG {
		args = append(args, "-icount", "shift=0,sleep=off")
	}
	if cfg.Initrd != "" {
		args = append(args, "-initrd", cfg.Initrd)
	}
	if cfg.Export != "" {
		if strings.Contains(cfg.Export, ",") {
			return nil, fmt.Errorf("export file %q: QEMU cannot take a path with a comma", cfg.Export)
		}
		args = append(args, "-chardev", "file,id=wkexport,path="+cfg.Export,
			"-device", "isa-debugcon,iobase=0xe9,chardev=wkexport")
	}
	if cfg.Append != "" {
		args = append(args, "-append", cfg.Append)
	}
	return args, nil
}

// Run boots cfg and waits for the guest to exit.
func Run(ctx context.Context, cfg Config) (*Result, error) {
	accel := cfg.Accel
	arm := cfg.Machine.Arch() == "arm64"
	if accel == AccelAuto {
		accel = AccelTCG
		if !arm && KVMWorks(ctx) {
			accel = AccelKVM
		}
	}
	if arm && accel != AccelTCG {
		return nil, fmt.Errorf("%s: arm64 guests run under TCG on this host", cfg.Machine)
	}
	args, err := Args(cfg, accel)
	if err != nil {
		return nil, err
	}
	binary := cfg.Machine.Binary()
	if _, err := exec.LookPath(binary); err != nil {
		return nil, fmt.Errorf("%s not found: install Debian's qemu-system-x86 and qemu-system-arm (scripts/deps.sh does)", binary)
	}
	timeout := cfg.Timeout
	if timeout == 0 {
		timeout = 60 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, args...)
	console := &consoleWriter{start: time.Now(), tee: cfg.Console}
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = console, &stderr
	if cfg.Stdin != nil {
		cmd.Stdin = cfg.Stdin
	}
	runErr := cmd.Run()
	res := &Result{Console: console.String(), Elapsed: time.Since(console.start), FirstByte: console.first, Accel: accel}
	if ctx.Err() != nil {
		return res, fmt.Errorf("%w (%v on %s)", ErrTimeout, timeout, accel)
	}
	code := cmd.ProcessState.ExitCode()
	var exitErr *exec.ExitError
	if runErr != nil && !errors.As(runErr, &exitErr) {
		return res, fmt.Errorf("run %s: %w", binary, runErr)
	}
	if arm {
		// Semihosting's SYS_EXIT: QEMU exits with the status itself.
		if code == 1 && strings.Contains(stderr.String(), "qemu-system") {
			return res, fmt.Errorf("QEMU failed: %s", strings.TrimSpace(stderr.String()))
		}
		res.Status = code
		return res, nil
	}
	// isa-debug-exit: status n leaves QEMU with (n << 1) | 1. QEMU's own
	// failures exit with 1 and say why on stderr.
	if code%2 == 0 || code == 1 && strings.Contains(stderr.String(), "qemu-system") {
		return res, fmt.Errorf("QEMU exited with %d without a status from the kernel: %s", code, strings.TrimSpace(stderr.String()))
	}
	res.Status = code >> 1
	return res, nil
}

// consoleWriter collects the console and notes when its first byte came.
type consoleWriter struct {
	mu    sync.Mutex
	buf   bytes.Buffer
	start time.Time
	first time.Duration
	tee   io.Writer
}

func (w *consoleWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.buf.Len() == 0 && len(p) > 0 {
		w.first = time.Since(w.start)
	}
	if w.tee != nil {
		w.tee.Write(p)
	}
	return w.buf.Write(p)
}

func (w *consoleWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return strings.ReplaceAll(w.buf.String(), "\r\n", "\n")
}
