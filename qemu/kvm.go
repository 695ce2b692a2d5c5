package qemu

import (
	"context"
	"encoding/binary"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

var (
	kvmOnce  sync.Once
	kvmWorks bool
)

// KVMWorks reports whether QEMU can run a guest with KVM on this host. It
// boots a 40-byte PVH guest that enables SSE, executes an SSE instruction
// and writes a known status to isa-debug-exit; only KVM that gets the
// status back within a few seconds counts. The answer is cached for the
// process, and on disk until the host reboots or QEMU changes: where KVM
// does not work the probe can take its whole time limit, which every
// run would otherwise pay.
func KVMWorks(ctx context.Context) bool {
	kvmOnce.Do(func() {
		key := probeKey()
		cache := probeCachePath()
		if key != "" && cache != "" {
			if b, err := os.ReadFile(cache); err == nil {
				if k, v, ok := strings.Cut(string(b), "\n"); ok && k == key {
					kvmWorks = v == "kvm works"
					return
				}
			}
		}
		kvmWorks = probeKVM(ctx)
		if key != "" && cache != "" && ctx.Err() == nil {
			result := "kvm fails"
			if kvmWorks {
				result = "kvm works"
			}
			if os.MkdirAll(filepath.Dir(cache), 0o755) == nil {
				os.WriteFile(cache, []byte(key+"\n"+result), 0o644)
			}
		}
	})
	return kvmWorks
}

// probeKey names the conditions a probe's answer holds for: this boot of
// the host and this QEMU binary; "" when they cannot be known.
func probeKey() string {
	boot, err := os.ReadFile("/proc/sys/kernel/random/boot_id")
	if err != nil {
		return ""
	}
	bin, err := exec.LookPath(Binary)
	if err != nil {
		return ""
	}
	fi, err := os.Stat(bin)
	if err != nil {
		return ""
	}
	return fmt.Sprintf("boot %s qemu %s %d %d", strings.TrimSpace(string(boot)), bin, fi.Size(), fi.ModTime().UnixNano())
}

// probeCachePath is where the probe's answer is kept.
func probeCachePath() string {
	dir, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "wasmkernel", "kvm-probe")
}

const probeStatus = 42

func probeKVM(ctx context.Context) bool {
	f, err := os.OpenFile("/dev/kvm", os.O_RDWR, 0)
	if err != nil {
		return false
	}
	f.Close()
	dir, err := os.MkdirTemp("", "wasmkernel-kvm-probe")
	if err != nil {
		return false
	}
	defer os.RemoveAll(dir)
	kernel := filepath.Join(dir, "probe.elf")
	if err := os.WriteFile(kernel, probeELF(), 0o644); err != nil {
		return false
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	args, _ := Args(Config{Machine: MicroVM, Kernel: kernel, MemoryMiB: 16}, AccelKVM)
	cmd := exec.CommandContext(ctx, Binary, args...)
	err = cmd.Run()
	return ctx.Err() == nil && cmd.ProcessState != nil && cmd.ProcessState.ExitCode() == probeStatus<<1|1
}

// probeELF returns a minimal ELF64 kernel with a PVH note whose 32-bit
// entry enables SSE, runs XORPS and reports probeStatus.
func probeELF() []byte {
	const base = 0x100000
	code := []byte{
		0x0F, 0x20, 0xE0, // mov eax, cr4
		0x0D, 0x00, 0x06, 0x00, 0x00, // or eax, OSFXSR|OSXMMEXCPT
		0x0F, 0x22, 0xE0, // mov cr4, eax
		0x0F, 0x20, 0xC0, // mov eax, cr0
		0x25, 0xFB, 0xFF, 0xFF, 0xFF, // and eax, ~EM
		0x83, 0xC8, 0x02, // or eax, MP
		0x0F, 0x22, 0xC0, // mov cr0, eax
		0x0F, 0x57, 0xC0, // xorps xmm0, xmm0
		0x66, 0xBA, 0xF4, 0x00, // mov dx, 0xf4
		0xB8, probeStatus, 0x00, 0x00, 0x00, // mov eax, probeStatus
		0xEF,       // out dx, eax
		0xF4,       // hlt
		0xEB, 0xFD, // jmp hlt
	}
	const ehsize, phsize = 64, 56
	noteOff := ehsize + 2*phsize
	codeOff := noteOff + 24
	le := binary.LittleEndian
	b := make([]byte, codeOff+len(code))
	copy(b, "\x7fELF\x02\x01\x01")
	le.PutUint16(b[16:], 2)  // ET_EXEC
	le.PutUint16(b[18:], 62) // EM_X86_64
	le.PutUint32(b[20:], 1)
	le.PutUint64(b[24:], uint64(base+codeOff))
	le.PutUint64(b[32:], ehsize) // e_phoff
	le.PutUint16(b[52:], ehsize)
	le.PutUint16(b[54:], phsize)
	le.PutUint16(b[56:], 2)
	ph := func(i int, typ, flags uint32, off, size uint64) {
		p := b[ehsize+i*phsize:]
		le.PutUint32(p[0:], typ)
		le.PutUint32(p[4:], flags)
		le.PutUint64(p[8:], off)
		le.PutUint64(p[16:], base+off)
		le.PutUint64(p[24:], base+off)
		le.PutUint64(p[32:], size)
		le.PutUint64(p[40:], size)
		le.PutUint64(p[48:], 4)
	}
	ph(0, 1, 5, 0, uint64(len(b)))   // PT_LOAD, R+X
	ph(1, 4, 4, uint64(noteOff), 24) // PT_NOTE
	n := b[noteOff:]
	le.PutUint32(n[0:], 4)
	le.PutUint32(n[4:], 8)
	le.PutUint32(n[8:], 18) // XEN_ELFNOTE_PHYS32_ENTRY
	copy(n[12:], "Xen\x00")
	le.PutUint64(n[16:], uint64(base+codeOff))
	copy(b[codeOff:], code)
	return b
}
