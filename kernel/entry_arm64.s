#include "textflag.h"

// Entry and exit of the kernel on arm64: system calls (SVC #0 from Go code
// at EL1t), interrupts and exceptions, and the switch between kernel
// threads.
//
// Go code (the runtime and the programs it runs) runs at EL1 on SP_EL0
// (EL1t). Every exception switches to SP_EL1, which holds the top of the
// running thread's kernel stack whenever Go code runs, so an entry from Go
// code lands at vectors 0-3 ("current EL with SP_EL0") on the thread's
// kernel stack, and an entry while kernel code runs (a fault on a user
// buffer, an interrupt while idle) at vectors 4-7 ("current EL with
// SP_ELx"), nested on the same stack. Both build the same trap frame
// (TrapFrame in trap_arm64.go: general registers, SP_EL0, ELR, SPSR, ESR,
// FAR, the vector, then the FP/SIMD state), point g (R28) at the stand-in
// goroutine descriptor of the thread's kernel stack, and call the Go
// function trap, with interrupts masked. The return restores the frame
// and ERETs.
//
// Stack adjustments are WORD so that the linker's stack-depth check does
// not count the sixteen vectors as if they ran in sequence.

// The per-CPU block (perCPU in cpu_arm64.go), addressed through TPIDR_EL1
// (set by package boot).
#define CPU_SELF 0x00
#define CPU_KSTACK 0x08
#define CPU_KERNELG 0x10

#define FRAME 832
#define EARLY_STACK 65536

DATA ·cpu0+CPU_SELF(SB)/8, $·cpu0(SB)
DATA ·cpu0+CPU_KSTACK(SB)/8, $·earlyKernelStack+EARLY_STACK(SB)
DATA ·cpu0+CPU_KERNELG(SB)/8, $earlyG<>(SB)
GLOBL ·cpu0(SB), NOPTR, $64

// The stand-in goroutine of the first thread until the kernel sets up its
// thread table: stack.lo, stack.hi, stackguard0, stackguard1, then zero.
DATA earlyG<>+0x00(SB)/8, $·earlyKernelStack(SB)
DATA earlyG<>+0x08(SB)/8, $·earlyKernelStack+EARLY_STACK(SB)
DATA earlyG<>+0x10(SB)/8, $·earlyKernelStack+2048(SB)
DATA earlyG<>+0x18(SB)/8, $·earlyKernelStack+2048(SB)
GLOBL earlyG<>(SB), NOPTR, $128

#define VECTOR(kind) \
	WORD	$0xd10d03ff; /* SUB SP, SP, #832 */ \
	STP	(R0, R1), 0(RSP); \
	MOVD	$kind, R0; \
	B	trapCommon<>(SB); \
	PCALIGN	$128

// The vector table (VBAR_EL1, 2 KiB aligned, 16 entries of 128 bytes).
TEXT ·exceptionVectors(SB), NOSPLIT|NOFRAME, $0
	PCALIGN	$2048
	VECTOR(0)  // current EL, SP_EL0: synchronous (SVC, faults of Go code)
	VECTOR(1)  // IRQ
	VECTOR(2)  // FIQ
	VECTOR(3)  // SError
	VECTOR(4)  // current EL, SP_ELx: synchronous (faults of kernel code)
	VECTOR(5)  // IRQ (while idle)
	VECTOR(6)
	VECTOR(7)
	VECTOR(8)  // lower EL, AArch64: never (nothing runs at EL0)
	VECTOR(9)
	VECTOR(10)
	VECTOR(11)
	VECTOR(12) // lower EL, AArch32: never
	VECTOR(13)
	VECTOR(14)
	VECTOR(15)

// trapCommon finishes the frame at RSP (x0, x1 saved, R0 = vector) and
// calls trap.
TEXT trapCommon<>(SB), NOSPLIT|NOFRAME, $0
	STP	(R2, R3), 16(RSP)
	STP	(R4, R5), 32(RSP)
	STP	(R6, R7), 48(RSP)
	STP	(R8, R9), 64(RSP)
	STP	(R10, R11), 80(RSP)
	STP	(R12, R13), 96(RSP)
	STP	(R14, R15), 112(RSP)
	STP	(R16, R17), 128(RSP)
	STP	(R18_PLATFORM, R19), 144(RSP)
	STP	(R20, R21), 160(RSP)
	STP	(R22, R23), 176(RSP)
	STP	(R24, R25), 192(RSP)
	STP	(R26, R27), 208(RSP)
	STP	(g, R29), 224(RSP)
	MOVD	R30, 240(RSP)
	MRS	SP_EL0, R1
	MOVD	R1, 248(RSP)
	MRS	ELR_EL1, R1
	MRS	SPSR_EL1, R2
	STP	(R1, R2), 256(RSP)
	MRS	ESR_EL1, R1
	MRS	FAR_EL1, R2
	STP	(R1, R2), 272(RSP)
	MOVD	R0, 288(RSP)
	MRS	FPSR, R1
	MRS	FPCR, R2
	STP	(R1, R2), 304(RSP)
	ADD	$320, RSP, R1
	VST1.P	[V0.D2, V1.D2, V2.D2, V3.D2], 64(R1)
	VST1.P	[V4.D2, V5.D2, V6.D2, V7.D2], 64(R1)
	VST1.P	[V8.D2, V9.D2, V10.D2, V11.D2], 64(R1)
	VST1.P	[V12.D2, V13.D2, V14.D2, V15.D2], 64(R1)
	VST1.P	[V16.D2, V17.D2, V18.D2, V19.D2], 64(R1)
	VST1.P	[V20.D2, V21.D2, V22.D2, V23.D2], 64(R1)
	VST1.P	[V24.D2, V25.D2, V26.D2, V27.D2], 64(R1)
	VST1.P	[V28.D2, V29.D2, V30.D2, V31.D2], 64(R1)

	// Entries from Go code run the kernel with the thread's stand-in
	// goroutine; nested entries keep the one the kernel code had.
	CMP	$4, R0
	BHS	call
	MRS	TPIDR_EL1, R1
	MOVD	CPU_KERNELG(R1), g
call:
	MOVD	RSP, R0
	WORD	$0xd10043ff // SUB SP, SP, #16
	MOVD	R0, 8(RSP)
	BL	·trap(SB)
	WORD	$0x910043ff // ADD SP, SP, #16
	B	·returnFromTrap(SB)

// returnFromTrap restores the frame at RSP and returns to where it was
// taken (past the SVC, or the interrupted or faulting instruction, or
// wherever trap changed ELR to).
TEXT ·returnFromTrap(SB), NOSPLIT|NOFRAME, $0
	// The interrupted code's frame pointer comes from the frame below;
	// this read of the current one tells go vet it is not lost.
	MOVD	R29, R1
	ADD	$320, RSP, R1
	VLD1.P	64(R1), [V0.D2, V1.D2, V2.D2, V3.D2]
	VLD1.P	64(R1), [V4.D2, V5.D2, V6.D2, V7.D2]
	VLD1.P	64(R1), [V8.D2, V9.D2, V10.D2, V11.D2]
	VLD1.P	64(R1), [V12.D2, V13.D2, V14.D2, V15.D2]
	VLD1.P	64(R1), [V16.D2, V17.D2, V18.D2, V19.D2]
	VLD1.P	64(R1), [V20.D2, V21.D2, V22.D2, V23.D2]
	VLD1.P	64(R1), [V24.D2, V25.D2, V26.D2, V27.D2]
	VLD1.P	64(R1), [V28.D2, V29.D2, V30.D2, V31.D2]
	LDP	304(RSP), (R1, R2)
	MSR	R1, FPSR
	MSR	R2, FPCR
	LDP	256(RSP), (R1, R2)
	MSR	R1, ELR_EL1
	MSR	R2, SPSR_EL1
	MOVD	248(RSP), R1
	MSR	R1, SP_EL0
	LDP	16(RSP), (R2, R3)
	LDP	32(RSP), (R4, R5)
	LDP	48(RSP), (R6, R7)
	LDP	64(RSP), (R8, R9)
	LDP	80(RSP), (R10, R11)
	LDP	96(RSP), (R12, R13)
	LDP	112(RSP), (R14, R15)
	LDP	128(RSP), (R16, R17)
	LDP	144(RSP), (R18_PLATFORM, R19)
	LDP	160(RSP), (R20, R21)
	LDP	176(RSP), (R22, R23)
	LDP	192(RSP), (R24, R25)
	LDP	208(RSP), (R26, R27)
	LDP	224(RSP), (g, R29)
	MOVD	240(RSP), R30
	LDP	0(RSP), (R0, R1)
	WORD	$0x910d03ff // ADD SP, SP, #832
	ERET

// forkReturn is where a new thread starts: switchContext returns into it
// with RSP at the thread's first frame.
TEXT forkReturn<>(SB), NOSPLIT|NOFRAME, $0
	B	·returnFromTrap(SB)

// func switchContext(save *uintptr, sp, tls uintptr)
// Saves the current kernel stack pointer in *save and continues the
// thread whose kernel stack pointer is sp, with tls in TPIDR_EL0 and the
// thread's stand-in goroutine (perCPU.kernelG, set by the caller) in g.
// Go's ABI has no callee-saved registers but the frame pointer, so the
// saved state is R29 and the return address.
TEXT ·switchContext(SB), NOSPLIT|NOFRAME, $0-24
	MOVD	save+0(FP), R0
	MOVD	sp+8(FP), R1
	MOVD	tls+16(FP), R2
	WORD	$0xd10043ff // SUB SP, SP, #16
	STP	(R29, R30), 0(RSP)
	MOVD	RSP, R3
	MOVD	R3, (R0)
	MOVD	R1, RSP
	LDP	0(RSP), (R29, R30)
	WORD	$0x910043ff // ADD SP, SP, #16
	MSR	R2, TPIDR_EL0
	MRS	TPIDR_EL1, R3
	MOVD	CPU_KERNELG(R3), g
	RET

// func forkReturnPC() uintptr
TEXT ·forkReturnPC(SB), NOSPLIT, $0-8
	MOVD	$forkReturn<>(SB), R0
	MOVD	R0, ret+0(FP)
	RET

// func thisCPU() uintptr
TEXT ·thisCPU(SB), NOSPLIT, $0-8
	MRS	TPIDR_EL1, R0
	MOVD	R0, ret+0(FP)
	RET

// func imageEnd() uintptr
TEXT ·imageEnd(SB), NOSPLIT, $0-8
	MOVD	$runtime·end(SB), R0
	MOVD	R0, ret+0(FP)
	RET

// func idleStartPC() uintptr
TEXT ·idleStartPC(SB), NOSPLIT, $0-8
	MOVD	$idleStart<>(SB), R0
	MOVD	R0, ret+0(FP)
	RET

// idleStart is where the idle thread starts (see initThreads).
TEXT idleStart<>(SB), NOSPLIT|NOFRAME, $0
	BL	·idleLoop(SB)
	BL	github·com∕wasmkernel∕wasmkernel∕drivers∕cpu·Halt(SB)

// sigreturnTrampoline is where signal handlers return to when the program
// gave no restorer (the Go runtime gives none on arm64; Linux points the
// return address at the vDSO's __kernel_rt_sigreturn): rt_sigreturn.
TEXT sigreturnTrampoline<>(SB), NOSPLIT|NOFRAME, $0
	MOVD	$139, R8
	SVC	$0

// func sigreturnTrampolinePC() uintptr
TEXT ·sigreturnTrampolinePC(SB), NOSPLIT, $0-8
	MOVD	$sigreturnTrampoline<>(SB), R0
	MOVD	R0, ret+0(FP)
	RET
