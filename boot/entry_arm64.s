#include "textflag.h"

// The arm64 entry of the wasmkernel kernel.
//
// Two loaders reach entry: QEMU's virt machine loads the kernel ELF and
// jumps to its entry point at EL1 (EL2 with virtualization=on, EL3 with
// secure=on); a Raspberry Pi's firmware (or QEMU's raspi3b) loads the
// flat kernel8.img at 0x80000 and enters its first word, a branch to
// entry, at EL2. Either way the MMU is off and x0 holds the physical
// address of the device tree blob.
//
// entry parks every processor but the first, drops to EL1 when entered
// higher, and continues at el1, which sets the exception vectors and the
// per-CPU block (both in package kernel, bound by name at link time), lets
// FP/SIMD run, and turns the MMU on with an identity map of the first
// 4 GiB in 2 MiB blocks: normal write-back memory from the device tree (or
// the image, whichever is lower) to the end of the image, device memory
// elsewhere, and nothing in the first block when it is not memory, so
// that nil dereferences fault. The kernel maps the rest of RAM as normal
// memory once it has read the device tree. With the MMU on, el1 clears
// the zeroed sections (DC ZVA needs normal memory). Then the Go function
// buildInitialStack lays out the Linux initial stack, and the runtime's
// Linux entry point runs at EL1 with SP_EL0 as its stack (EL1t), so every
// exception switches to SP_EL1, the kernel stack.
//
// System registers the Go assembler does not name are written as WORD,
// with the instruction in a comment. Stack adjustments are WORD too: the
// linker's stack-depth check would otherwise count them.

#define SETUP_STACK 16384
#define BOOT_STACK 262144
#define EARLY_STACK 65536
#define EARLY_TABLES (8*4096) // the size of earlyTables

// SCTLR_EL1: the RES1 bits; with the MMU on also M (0), C (2), I (12).
#define SCTLR_OFF 0x30D00800
#define SCTLR_ON 0x30D01805
// MAIR_EL1: attribute 0 normal write-back read/write-allocate, attribute 1
// Device-nGnRE.
#define MAIR_VALUE 0x04FF
// TCR_EL1: T0SZ 16 (48-bit addresses, four levels), walks cached
// write-back (IRGN0, ORGN0 = 1) and inner shareable (SH0 = 3), 4 KiB
// granule, no TTBR1 walks (EPD1); IPS is set from the processor's
// physical address range.
#define TCR_VALUE 0x803510
// Block descriptors: valid, AttrIndx, inner shareable, access flag; device
// blocks are never executable (PXN, UXN).
#define NORMAL_BLOCK 0x701
#define DEVICE_BLOCK 0x0060000000000405
#define PAGE_NORMAL 0x703

#define KERNEL_VECTORS github·com∕wasmkernel∕wasmkernel∕kernel·exceptionVectors(SB)
#define KERNEL_CPU0 github·com∕wasmkernel∕wasmkernel∕kernel·cpu0(SB)
#define KERNEL_STACK github·com∕wasmkernel∕wasmkernel∕kernel·earlyKernelStack(SB)

// The stand-in goroutine descriptor buildInitialStack runs with: stack.lo,
// stack.hi, stackguard0, stackguard1 describe setupStack.
DATA ·bootG+0x00(SB)/8, $·setupStack(SB)
DATA ·bootG+0x08(SB)/8, $·setupStack+SETUP_STACK(SB)
DATA ·bootG+0x10(SB)/8, $·setupStack+2048(SB)
DATA ·bootG+0x18(SB)/8, $·setupStack+2048(SB)
GLOBL ·bootG(SB), NOPTR, $128

// entry: MMU off, any exception level, x0 = device tree (or 0, see el1).
TEXT ·entry(SB), NOSPLIT|NOFRAME, $0
	MOVD	R0, R19
	MRS	MPIDR_EL1, R1
	AND	$0xff, R1
	CBZ	R1, primary

park:
	WFE
	B	park

primary:
	MRS	CurrentEL, R1
	LSR	$2, R1
	AND	$3, R1
	CMP	$3, R1
	BEQ	fromEL3
	CMP	$2, R1
	BEQ	fromEL2
	B	el1<>(SB)

fromEL3:
	MOVD	$0x431, R0     // SCR_EL3: lower levels AArch64 (RW), non-secure, RES1
	WORD	$0xd51e1100    // MSR SCR_EL3, X0
	WORD	$0xd51e115f    // MSR CPTR_EL3, XZR: no FP/SIMD traps
	BL	el2regs<>(SB)
	MOVD	$0x3c5, R0     // EL1h, DAIF masked
	WORD	$0xd51e4000    // MSR SPSR_EL3, X0
	MOVD	$el1<>(SB), R0
	WORD	$0xd51e4020    // MSR ELR_EL3, X0
	ISB	$15
	ERET

fromEL2:
	BL	el2regs<>(SB)
	MOVD	$0x3c5, R0     // EL1h, DAIF masked
	WORD	$0xd51c4000    // MSR SPSR_EL2, X0
	MOVD	$el1<>(SB), R0
	WORD	$0xd51c4020    // MSR ELR_EL2, X0
	ISB	$15
	ERET

// el2regs sets EL2 up so that EL1 runs AArch64 without traps and reads the
// counters directly.
TEXT el2regs<>(SB), NOSPLIT|NOFRAME, $0
	MOVD	$(1<<31), R0   // HCR_EL2.RW: EL1 is AArch64
	WORD	$0xd51c1100    // MSR HCR_EL2, X0
	MOVD	$3, R0         // CNTHCTL_EL2: EL1PCTEN, EL1PCEN
	WORD	$0xd51ce100    // MSR CNTHCTL_EL2, X0
	WORD	$0xd51ce07f    // MSR CNTVOFF_EL2, XZR
	MOVD	$0x33ff, R0    // CPTR_EL2: RES1 bits, TFP clear
	WORD	$0xd51c1140    // MSR CPTR_EL2, X0
	WORD	$0xd51c117f    // MSR HSTR_EL2, XZR
	MOVD	$SCTLR_OFF, R0
	MSR	R0, SCTLR_EL1
	RET

// el1: EL1h, MMU off, R19 = device tree.
TEXT el1<>(SB), NOSPLIT|NOFRAME, $0
	// QEMU's virt enters an ELF kernel with x0 = 0 and the device tree
	// at the start of RAM: the start of the 1 GiB the image is linked in.
	CBNZ	R19, havedtb
	MOVD	$runtime·text(SB), R19
	AND	$~0x3fffffff, R19
havedtb:
	MOVD	$·setupStack+SETUP_STACK(SB), R0
	MOVD	R0, RSP
	MOVD	$(3<<20), R0   // CPACR_EL1.FPEN: FP/SIMD at EL1 and EL0
	MSR	R0, CPACR_EL1
	MOVD	$KERNEL_VECTORS, R0
	MSR	R0, VBAR_EL1
	MOVD	$KERNEL_CPU0, R0
	MSR	R0, TPIDR_EL1
	ISB	$15

	// Tables, 4 KiB-aligned inside earlyTables: L0, L1, then four L2
	// tables that are one array of 2048 entries for [0, 4 GiB), then the
	// L3 table of block 0 when that is memory.
	MOVD	$·earlyTables(SB), R20
	ADD	$4095, R20
	AND	$~4095, R20
	MOVD	R20, R1
	MOVD	$(7*4096/16), R2
zero:
	STP.P	(ZR, ZR), 16(R1)
	SUB	$1, R2
	CBNZ	R2, zero
	ADD	$4096, R20, R1
	ORR	$3, R1, R2
	MOVD	R2, (R20)      // L0[0] -> L1
	ADD	$8192, R20, R3
	MOVD	$0, R4
l1:
	ORR	$3, R3, R2
	MOVD	R2, (R1)(R4<<3) // L1[i] -> L2 table i
	ADD	$4096, R3
	ADD	$1, R4
	CMP	$4, R4
	BLT	l1

	// Normal memory: [lo, hi) = [min(image, device tree), image end +
	// 2 MiB for a device tree above it), in whole 2 MiB blocks.
	MOVD	$runtime·text(SB), R5
	CMP	R5, R19
	CSEL	LO, R19, R5, R5
	AND	$~0x1fffff, R5
	MOVD	$runtime·end(SB), R6
	CMP	R6, R19
	BLO	endok
	MOVD	R19, R6
endok:
	ADD	$(0x1fffff+0x200000), R6
	AND	$~0x1fffff, R6

	ADD	$8192, R20, R1 // the 2048 L2 entries
	MOVD	$0, R4         // block address
	MOVD	$NORMAL_BLOCK, R7
	MOVD	$DEVICE_BLOCK, R8
	MOVD	$(1<<32), R9
blocks:
	CMP	R5, R4
	BLO	device
	CMP	R6, R4
	BHS	device
	ORR	R7, R4, R2
	B	store
device:
	CBZ	R4, next       // block 0 is not memory: leave it unmapped
	ORR	R8, R4, R2
store:
	MOVD	R2, (R1)
next:
	ADD	$8, R1
	ADD	$0x200000, R4
	CMP	R9, R4
	BLO	blocks

	// Memory at address 0 (a Raspberry Pi): block 0 becomes 4 KiB pages
	// with page 0 left out, so that nil dereferences fault there too.
	CBNZ	R5, mmu
	ADD	$(6*4096), R20, R1 // the L3 table
	ORR	$3, R1, R2
	MOVD	R2, 8192(R20)      // L2[0] -> L3
	MOVD	$4096, R4
	MOVD	$PAGE_NORMAL, R7
pages:
	ORR	R7, R4, R2
	LSR	$12, R4, R10
	MOVD	R2, (R1)(R10<<3)   // L3[addr / 4096]
	ADD	$4096, R4
	CMP	$0x200000, R4
	BLO	pages

mmu:
	MOVD	$MAIR_VALUE, R0
	MSR	R0, MAIR_EL1
	MRS	ID_AA64MMFR0_EL1, R1
	AND	$7, R1         // PARange
	LSL	$32, R1        // IPS
	MOVD	$TCR_VALUE, R0
	ORR	R1, R0
	MSR	R0, TCR_EL1
	MSR	R20, TTBR0_EL1
	ISB	$15
	TLBI	VMALLE1
	DSB	$15
	ISB	$15
	MOVD	$SCTLR_ON, R0
	MSR	R0, SCTLR_EL1
	ISB	$15

	// A flat image carries no zeroed sections: clear them (the Go
	// runtime's data and the boot stacks are among them; the linked
	// standard library alone brings a 32 MiB buffer there), all but the
	// tables in use. It is done with the MMU on, where the image is
	// normal memory and DC ZVA may zero a block at a time.
	MOVD	$runtime·bss(SB), R0
	MOVD	$·earlyTables(SB), R1
	BL	zero<>(SB)
	MOVD	$·earlyTables+EARLY_TABLES(SB), R0
	MOVD	$runtime·end(SB), R1
	BL	zero<>(SB)

	MOVD	R19, ·deviceTree(SB)

	// buildInitialStack(top) on setupStack, described by bootG.
	MOVD	$·bootG(SB), g
	MOVD	$·bootStack+BOOT_STACK(SB), R0
	WORD	$0xd10083ff    // SUB SP, SP, #32
	MOVD	R0, 8(RSP)
	BL	·buildInitialStack(SB)
	MOVD	16(RSP), R22
	WORD	$0x910083ff    // ADD SP, SP, #32

	// SP_EL1: the first thread's kernel stack; the runtime runs on SP_EL0.
	MOVD	$KERNEL_STACK, R0
	ADD	$EARLY_STACK, R0
	MOVD	R0, RSP
	MSR	R22, SP_EL0
	MSR	$0, SPSel
	MOVD	ZR, g
	MOVD	ZR, R29
	MOVD	ZR, R30
	B	_rt0_arm64_linux(SB)

// zero clears [R0, R1) in normal memory: single bytes up to a 16-byte
// boundary, pairs of registers up to a DC ZVA block, four blocks a round
// (DCZID_EL0 gives the block size, or forbids DC ZVA: its BS and DZP
// fields),
// then pairs and bytes for the rest. It uses R0-R5.
TEXT zero<>(SB), NOSPLIT|NOFRAME, $0
head:
	CMP	R1, R0
	BHS	done
	TST	$15, R0
	BEQ	aligned
	MOVB	ZR, (R0)
	ADD	$1, R0
	B	head
aligned:
	MRS	DCZID_EL0, R2
	TBNZ	$4, R2, pairs  // DZP: DC ZVA prohibited
	AND	$15, R2
	MOVD	$4, R3
	LSL	R2, R3         // block bytes: 4 << BS
	SUB	$1, R3, R4
	LSL	$2, R3, R5     // four blocks
blockhead:
	TST	R4, R0
	BEQ	blocks4
	SUB	R0, R1, R2
	CMP	$16, R2
	BLO	tail
	STP.P	(ZR, ZR), 16(R0)
	B	blockhead
blocks4:
	SUB	R0, R1, R2
	CMP	R5, R2
	BLO	blocks1
	DC	ZVA, R0
	ADD	R3, R0
	DC	ZVA, R0
	ADD	R3, R0
	DC	ZVA, R0
	ADD	R3, R0
	DC	ZVA, R0
	ADD	R3, R0
	B	blocks4
blocks1:
	SUB	R0, R1, R2
	CMP	R3, R2
	BLO	pairs
	DC	ZVA, R0
	ADD	R3, R0
	B	blocks1
pairs:
	SUB	R0, R1, R2
	CMP	$16, R2
	BLO	tail
	STP.P	(ZR, ZR), 16(R0)
	B	pairs
tail:
	CMP	R1, R0
	BHS	done
	MOVB	ZR, (R0)
	ADD	$1, R0
	B	tail
done:
	RET
