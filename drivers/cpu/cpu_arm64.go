package cpu

// Counter returns the generic timer's virtual count (CNTVCT_EL0).
func Counter() uint64

// CounterFrequency returns the generic timer's rate in Hz (CNTFRQ_EL0).
func CounterFrequency() uint64

// SetTimer arms the virtual timer to interrupt when the count reaches
// deadline (CNTV_CVAL_EL0, CNTV_CTL_EL0 enabled and unmasked).
func SetTimer(deadline uint64)

// StopTimer disables the virtual timer.
func StopTimer()

// RNDR returns a random number from the processor's FEAT_RNG generator;
// ok is false when it had none (callers retry).
func RNDR() (v uint64, ok bool)

// ISAR0 returns ID_AA64ISAR0_EL1, the instruction-set feature register.
func ISAR0() uint64

// TTBR0 returns the translation table base (TTBR0_EL1), without its ASID.
func TTBR0() uintptr

// InvalidatePage makes the table writes so far visible and drops the TLB
// entries for the page holding va.
func InvalidatePage(va uintptr)

// FlushTLB makes the table writes so far visible and drops every TLB
// entry.
func FlushTLB()

// WaitForInterrupt waits for an interrupt (WFI with interrupts masked, so
// a pending one cannot be lost), takes it, and masks interrupts again.
func WaitForInterrupt()

// DisableInterrupts masks IRQs (DAIF.I).
func DisableInterrupts()

// Halt stops the processor for good: interrupts masked, WFI forever.
func Halt()

// Semihost makes an Arm semihosting call (HLT #0xF000) with operation op
// and parameter arg, and returns the host's answer. Without a debugger
// or QEMU's -semihosting the instruction is undefined.
func Semihost(op, arg uintptr) uintptr

// HVC and SMC make a PSCI (or other SMCCC) call through the hypervisor
// or the secure monitor and return x0.
func HVC(fn, a1, a2, a3 uint64) uint64
func SMC(fn, a1, a2, a3 uint64) uint64

// MemoryBarrier orders memory accesses and device accesses (DSB SY).
func MemoryBarrier()

// Read32 and Write32 access a 32-bit device register.
func Read32(addr uintptr) uint32
func Write32(addr uintptr, v uint32)
