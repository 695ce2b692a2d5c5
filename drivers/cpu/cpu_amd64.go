package cpu

// Outb writes v to the I/O port.
func Outb(port uint16, v uint8)

// OutString writes the bytes of p to the I/O port one after another (REP
// OUTSB: one instruction for the whole buffer).
func OutString(port uint16, p []byte)

// Inb reads a byte from the I/O port.
func Inb(port uint16) uint8

// Outl writes a 32-bit value to the I/O port.
func Outl(port uint16, v uint32)

// Inl reads a 32-bit value from the I/O port.
func Inl(port uint16) uint32

// ReadMSR returns the model-specific register msr.
func ReadMSR(msr uint32) uint64

// WriteMSR sets the model-specific register msr.
func WriteMSR(msr uint32, v uint64)

// CPUID runs CPUID for leaf and subleaf.
func CPUID(leaf, subleaf uint32) (eax, ebx, ecx, edx uint32)

// TSC returns the time-stamp counter.
func TSC() uint64

// RDRAND returns a random number from the processor's DRBG; ok is false
// when the processor had none ready (callers retry).
func RDRAND() (v uint64, ok bool)

// RDSEED returns a random number from the processor's entropy source; ok
// is false when none was ready.
func RDSEED() (v uint64, ok bool)

// CR2 returns the faulting address of the last page fault.
func CR2() uintptr

// CR3 returns the physical address of the top-level page table.
func CR3() uintptr

// SetCR3 switches to the page tables at pml4 (flushing the TLB).
func SetCR3(pml4 uintptr)

// Invlpg drops the TLB entry for the page holding addr.
func Invlpg(addr uintptr)

// WaitForInterrupt enables interrupts, halts until one arrives and has
// been handled, and disables interrupts again. STI's one-instruction delay
// makes the enable and the halt atomic: an interrupt pending at the STI
// wakes the HLT.
func WaitForInterrupt()

// DisableInterrupts clears the interrupt flag.
func DisableInterrupts()

// Halt stops the processor for good: interrupts off, HLT forever.
func Halt()

// Pause hints a spin-wait loop.
func Pause()

// Flags returns RFLAGS.
func Flags() uint64
