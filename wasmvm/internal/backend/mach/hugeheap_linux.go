package mach

import "golang.org/x/sys/unix"

// adviseHugePages asks Linux to back b's pages with transparent huge
// pages (MADV_HUGEPAGE: under the default "madvise" policy only advised
// ranges get them). It is advice: a kernel without huge pages, qemu-user
// and our own kernel ignore it.
func adviseHugePages(b []byte) {
	_ = unix.Madvise(b, unix.MADV_HUGEPAGE)
}
