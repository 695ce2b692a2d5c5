// Command guestinit is the init (PID 1) of linuxvm's Linux guest. It
// mounts what an app expects (devtmpfs, proc, sysfs, cgroup2, a tmpfs as
// the working directory), runs the app the initramfs names with the
// console as its stdout and stderr in a cgroup of its own, reports the
// exit status, the region the app timed and the memory figures on one
// line, and ends QEMU: on x86-64 through isa-debug-exit, so that QEMU
// exits with the app's status, on arm64 by powering off (PSCI on virt),
// the end line being where the host reads the status.
//
// It is built static (CGO_ENABLED=0) by package linuxvm; the marker lines
// it prints are defined in linuxvm/internal/guest.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/wasmkernel/wasmkernel/linuxvm/internal/guest"
)

// Facts of the guest's hardware and Linux ABI.
const (
	debugExitPort = 0xf4   // x86-64: isa-debug-exit, as qemu.Args places it
	ioctlTCSBRK   = 0x5409 // with argument 1: tcdrain
	statusInitErr = 125    // the init itself failed
)

func main() {
	end, err := run()
	if err != nil {
		fmt.Printf("linuxvm: init failed: %v\n", err)
		powerOff(statusInitErr)
	}
	fmt.Println(guest.FormatEnd(end))
	powerOff(end.Status)
}

// run prepares the guest, runs the app and collects what the end line
// reports.
func run() (guest.End, error) {
	if err := mountAll(); err != nil {
		return guest.End{}, err
	}
	cfgJSON, err := os.ReadFile(guest.ConfigPath)
	if err != nil {
		return guest.End{}, err
	}
	var cfg guest.Config
	if err := json.Unmarshal(cfgJSON, &cfg); err != nil {
		return guest.End{}, fmt.Errorf("%s: %w", guest.ConfigPath, err)
	}
	if len(cfg.Argv) == 0 {
		return guest.End{}, fmt.Errorf("%s names no program", guest.ConfigPath)
	}
	if _, err := os.Stat(guest.DataDir); err == nil {
		if err := os.CopyFS(guest.WorkDir, os.DirFS(guest.DataDir)); err != nil {
			return guest.End{}, fmt.Errorf("copy the app's files: %w", err)
		}
	}
	cgroup, err := appCgroup()
	if err != nil {
		return guest.End{}, err
	}
	defer cgroup.Close()
	free, err := memFree()
	if err != nil {
		return guest.End{}, err
	}

	cmd := exec.Command(cfg.Argv[0], cfg.Argv[1:]...)
	cmd.Dir = guest.WorkDir
	cmd.Env = cfg.Env
	cmd.Stdin, cmd.Stdout, cmd.Stderr = nil, os.Stdout, os.Stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{UseCgroupFD: true, CgroupFD: int(cgroup.Fd())}
	fmt.Println(guest.StartMarker)
	runErr := cmd.Run()
	end := guest.End{FreeAtStart: free, RegionNs: -1}
	switch {
	case runErr == nil:
	case cmd.ProcessState == nil:
		return guest.End{}, fmt.Errorf("start %s: %w", cfg.Argv[0], runErr)
	default:
		ws := cmd.ProcessState.Sys().(syscall.WaitStatus)
		end.Status = ws.ExitStatus()
		if ws.Signaled() {
			end.Status = 128 + int(ws.Signal())
		}
	}
	if ns, err := readRegion(); err == nil {
		end.RegionNs = ns
	} else if !os.IsNotExist(err) {
		return guest.End{}, err
	}
	cs, err := os.ReadFile("/sys/devices/system/clocksource/clocksource0/current_clocksource")
	if err != nil {
		return guest.End{}, err
	}
	end.Clocksource = strings.TrimSpace(string(cs))
	peak, err := os.ReadFile(cgroup.Name() + "/memory.peak")
	if err != nil {
		return guest.End{}, err
	}
	end.AppPeak, err = strconv.ParseInt(strings.TrimSpace(string(peak)), 10, 64)
	if err != nil {
		return guest.End{}, fmt.Errorf("memory.peak: %w", err)
	}
	return end, nil
}

// mountAll mounts the file systems the init and the app use.
func mountAll() error {
	mounts := []struct{ fstype, dir string }{
		{"devtmpfs", "/dev"},
		{"proc", "/proc"},
		{"sysfs", "/sys"},
		{"cgroup2", "/sys/fs/cgroup"},
		{"tmpfs", "/run"},
		{"tmpfs", guest.WorkDir},
	}
	for _, m := range mounts {
		if err := os.MkdirAll(m.dir, 0o755); err != nil {
			return err
		}
		if err := syscall.Mount(m.fstype, m.dir, m.fstype, 0, ""); err != nil {
			return fmt.Errorf("mount %s on %s: %w", m.fstype, m.dir, err)
		}
	}
	return nil
}

// appCgroup makes the cgroup the app runs in, with the memory controller
// on, and returns its directory, open.
func appCgroup() (*os.File, error) {
	const root = "/sys/fs/cgroup"
	if err := os.WriteFile(root+"/cgroup.subtree_control", []byte("+memory"), 0); err != nil {
		return nil, fmt.Errorf("enable the memory controller: %w", err)
	}
	dir := root + "/app"
	if err := os.Mkdir(dir, 0o755); err != nil {
		return nil, err
	}
	return os.Open(dir)
}

// memFree is MemFree of /proc/meminfo, in bytes.
func memFree() (int64, error) {
	b, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "MemFree:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			if err != nil {
				return 0, fmt.Errorf("meminfo %q: %w", line, err)
			}
			return kb << 10, nil
		}
	}
	return 0, fmt.Errorf("/proc/meminfo has no MemFree")
}

// readRegion reads the one "region_ns N" line the app wrote.
func readRegion() (int64, error) {
	b, err := os.ReadFile(guest.RegionFile)
	if err != nil {
		return 0, err
	}
	line := strings.TrimSpace(string(b))
	if strings.Contains(line, "\n") {
		return 0, fmt.Errorf("the app reported more than one region: %q", line)
	}
	ns, err := strconv.ParseInt(strings.TrimPrefix(line, "region_ns "), 10, 64)
	if err != nil {
		return 0, fmt.Errorf("bad region report %q", line)
	}
	return ns, nil
}

// powerOff waits for the console to send everything, then ends QEMU with
// status through isa-debug-exit on x86-64; without that device, and on
// arm64, it powers off.
func powerOff(status int) {
	syscall.Syscall(syscall.SYS_IOCTL, 1, ioctlTCSBRK, 1)
	if runtime.GOARCH == "amd64" {
		if port, err := os.OpenFile("/dev/port", os.O_WRONLY, 0); err == nil {
			port.WriteAt([]byte{byte(status)}, debugExitPort)
		}
	}
	syscall.Reboot(syscall.LINUX_REBOOT_CMD_POWER_OFF)
	for { // PID 1 must not exit: Linux would panic
		time.Sleep(time.Hour)
	}
}
