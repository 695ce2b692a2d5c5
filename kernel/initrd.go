package kernel

import (
	"unsafe"

	"github.com/wasmkernel/wasmkernel/boot"
	"github.com/wasmkernel/wasmkernel/drivers/cpu"
)

// Initrd returns the first boot module (QEMU's -initrd), in place: the
// frame allocator never hands out its pages. ok is false when the loader
// passed none.
func Initrd() (b []byte, ok bool) {
	info := boot.StartInfo()
	if info.ModulesLen() == 0 {
		return nil, false
	}
	m := info.ModuleAt(0)
	if m.Size == 0 || m.Addr+m.Size > physLimit {
		return nil, false
	}
	return unsafe.Slice((*byte)(cpu.Pointer(uintptr(m.Addr))), int(m.Size)), true
}
