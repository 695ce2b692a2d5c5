package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"unsafe"

	"github.com/wasmkernel/wasmkernel/drivers/cpu"
)

// Arm semihosting operations (Arm's "Semihosting for AArch32 and
// AArch64", section 6).
const (
	semihostOpen  = 0x01
	semihostWrite = 0x05
	// semihostModeAppend is fopen's "ab" in SYS_OPEN's mode numbering.
	semihostModeAppend = 9
)

// exportVar is the command-line variable naming the host file for
// exported directories (words with '=' become the environment; the host
// side writes it as qemu.SemihostExportWord).
const exportVar = "semihost-export"

// exportChannel is where exported directories go to the host: the file
// the command line names, opened on the host through semihosting, as the
// debug console port is on x86-64.
func exportChannel() (io.Writer, error) {
	path := os.Getenv(exportVar)
	if path == "" {
		return nil, errors.New("no host file to export to (the host names one with " + exportVar + "=PATH)")
	}
	name := append([]byte(path), 0)
	block := [3]uintptr{uintptr(unsafe.Pointer(&name[0])), semihostModeAppend, uintptr(len(path))}
	h := cpu.Semihost(semihostOpen, uintptr(unsafe.Pointer(&block)))
	runtime.KeepAlive(name)
	if int64(h) == -1 {
		return nil, fmt.Errorf("the semihosting host cannot open %s", path)
	}
	return semihostWriter{handle: h}, nil
}

// semihostWriter writes to a semihosting handle.
type semihostWriter struct{ handle uintptr }

func (w semihostWriter) Write(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	block := [3]uintptr{w.handle, uintptr(unsafe.Pointer(&p[0])), uintptr(len(p))}
	left := cpu.Semihost(semihostWrite, uintptr(unsafe.Pointer(&block)))
	runtime.KeepAlive(p)
	if left != 0 {
		return len(p) - int(left), fmt.Errorf("semihosting write: %d of %d bytes not written", left, len(p))
	}
	return len(p), nil
}
