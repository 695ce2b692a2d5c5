//go:build arm64

// Package pl031 reads Arm's PrimeCell real-time clock (PL031), the wall
// clock of QEMU's virt machine: a counter of seconds since 1970.
//
// Register facts from the PrimeCell RTC (PL031) Technical Reference
// Manual (DDI 0224).
package pl031

import "github.com/wasmkernel/wasmkernel/drivers/cpu"

const regData = 0x00

// UnixTime returns the clock at base in seconds since 1970.
func UnixTime(base uintptr) int64 { return int64(cpu.Read32(base + regData)) }
