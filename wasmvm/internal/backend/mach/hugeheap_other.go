//go:build !linux

package mach

// adviseHugePages does nothing where there is no madvise.
func adviseHugePages([]byte) {}
