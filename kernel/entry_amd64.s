#include "textflag.h"

// Entry and exit of the kernel: system calls (SYSCALL from ring 0),
// interrupts and exceptions, and the switch between kernel threads.
//
// Every entry builds the same trap frame (TrapFrame in trap.go), saves the
// extended FPU/SIMD state below it with XSAVE, points the goroutine slot
// of the thread-local block (FS:-8) at a stand-in goroutine descriptor
// whose stack bounds describe the stack the handler runs on, and calls the
// Go function trap. Go code in the kernel therefore runs with ordinary
// stack checks, on kernel stacks, with interrupts off.
//
// Entries from Go code (the runtime and the programs it runs, "user" even
// though they run in ring 0) move to the current thread's kernel stack:
// the system call directly, interrupts and exceptions after copying the
// frame the processor pushed on the interrupt stack. Entries while kernel
// code runs (a page fault on a user buffer, an interrupt while idle) stay
// on the interrupt stack and return to the kernel code they interrupted.

// The per-CPU block (perCPU in cpu.go), addressed through GS.
#define CPU_SELF 0x00
#define CPU_SCRATCH 0x08
#define CPU_KSTACK 0x10
#define CPU_INKERNEL 0x18
#define CPU_KERNELG 0x20
#define CPU_NESTEDG 0x28
#define CPU_XSAVESIZE 0x30
#define CPU_SCRATCH2 0x38

#define VECTOR_SYSCALL 256
#define EARLY_STACK 65536

DATA ·cpu0+CPU_SELF(SB)/8, $·cpu0(SB)
DATA ·cpu0+CPU_KSTACK(SB)/8, $·earlyKernelStack+EARLY_STACK(SB)
DATA ·cpu0+CPU_KERNELG(SB)/8, $earlyG<>(SB)
DATA ·cpu0+CPU_NESTEDG(SB)/8, $nestedG<>(SB)
DATA ·cpu0+CPU_XSAVESIZE(SB)/8, $4096
GLOBL ·cpu0(SB), NOPTR, $256

// The stand-in goroutine of the first thread until the kernel sets up its
// thread table: stack.lo, stack.hi, stackguard0, stackguard1, then zero
// (its m is nil).
DATA earlyG<>+0x00(SB)/8, $·earlyKernelStack(SB)
DATA earlyG<>+0x08(SB)/8, $·earlyKernelStack+EARLY_STACK(SB)
DATA earlyG<>+0x10(SB)/8, $·earlyKernelStack+2048(SB)
DATA earlyG<>+0x18(SB)/8, $·earlyKernelStack+2048(SB)
GLOBL earlyG<>(SB), NOPTR, $128

// The stand-in goroutine for nested entries: the interrupt stacks (boot's
// istStacks, 3 x 16 KiB).
DATA nestedG<>+0x00(SB)/8, $github·com∕wasmkernel∕wasmkernel∕boot·istStacks(SB)
DATA nestedG<>+0x08(SB)/8, $github·com∕wasmkernel∕wasmkernel∕boot·istStacks+49152(SB)
DATA nestedG<>+0x10(SB)/8, $github·com∕wasmkernel∕wasmkernel∕boot·istStacks+1024(SB)
DATA nestedG<>+0x18(SB)/8, $github·com∕wasmkernel∕wasmkernel∕boot·istStacks+1024(SB)
GLOBL nestedG<>(SB), NOPTR, $128


// syscallEntry is the SYSCALL target (LSTAR): RCX = return address, R11 =
// RFLAGS, RAX = number, arguments in DI, SI, DX, R10, R8, R9. FMASK has
// cleared IF. It builds the frame an interrupt would have pushed, on the
// thread's kernel stack.
TEXT ·syscallEntry(SB), NOSPLIT|NOFRAME, $0
	MOVQ  SP, CPU_SCRATCH(GS)
	MOVQ  CPU_KSTACK(GS), SP
	PUSHQ $0x10
	PUSHQ CPU_SCRATCH(GS)
	PUSHQ R11
	PUSHQ $0x08
	PUSHQ CX
	PUSHQ $0
	PUSHQ $VECTOR_SYSCALL
	JMP   fromUser<>(SB)

// trapEntry: every vector stub pushed an error code (the processor's or 0)
// and its vector number, on an interrupt stack.
TEXT trapEntry<>(SB), NOSPLIT|NOFRAME, $0
	CMPQ CPU_INKERNEL(GS), $0
	JEQ  fromGo
	JMP  nested<>(SB)

fromGo:

	// From Go code: move vector, error code and the processor's five words
	// to the kernel stack.
	MOVQ AX, CPU_SCRATCH(GS)
	MOVQ CX, CPU_SCRATCH2(GS)
	MOVQ CPU_KSTACK(GS), AX
	SUBQ $56, AX
	MOVQ 0(SP), CX
	MOVQ CX, 0(AX)
	MOVQ 8(SP), CX
	MOVQ CX, 8(AX)
	MOVQ 16(SP), CX
	MOVQ CX, 16(AX)
	MOVQ 24(SP), CX
	MOVQ CX, 24(AX)
	MOVQ 32(SP), CX
	MOVQ CX, 32(AX)
	MOVQ 40(SP), CX
	MOVQ CX, 40(AX)
	MOVQ 48(SP), CX
	MOVQ CX, 48(AX)
	MOVQ AX, SP
	MOVQ CPU_SCRATCH(GS), AX
	MOVQ CPU_SCRATCH2(GS), CX
	JMP  fromUser<>(SB)

// PUSH_GPRS and POP_GPRS save and restore the general registers in the
// TrapFrame order.
#define PUSH_GPRS \
	PUSHQ AX; PUSHQ BX; PUSHQ CX; PUSHQ DX; PUSHQ SI; PUSHQ DI; PUSHQ BP; \
	PUSHQ R8; PUSHQ R9; PUSHQ R10; PUSHQ R11; PUSHQ R12; PUSHQ R13; PUSHQ R14; PUSHQ R15

#define POP_GPRS \
	POPQ R15; POPQ R14; POPQ R13; POPQ R12; POPQ R11; POPQ R10; POPQ R9; POPQ R8; \
	POPQ BP; POPQ DI; POPQ SI; POPQ DX; POPQ CX; POPQ BX; POPQ AX

// SAVE_STATE finishes the frame: the interrupted goroutine slot (FS:-8),
// replaced by g, and the extended state saved below the frame. BX ends up
// pointing at the frame.
#define SAVE_STATE(g) \
	MOVQ  -8(FS), AX; \
	PUSHQ AX; \
	MOVQ  g(GS), AX; \
	MOVQ  AX, -8(FS); \
	PUSHQ $0; \
	MOVQ  SP, BX; \
	SUBQ  CPU_XSAVESIZE(GS), SP; \
	ANDQ  $~63, SP; \
	MOVQ  SP, 0(BX); \
	XORL  AX, AX; \
	MOVQ  AX, 512(SP); MOVQ AX, 520(SP); MOVQ AX, 528(SP); MOVQ AX, 536(SP); \
	MOVQ  AX, 544(SP); MOVQ AX, 552(SP); MOVQ AX, 560(SP); MOVQ AX, 568(SP); \
	MOVL  $-1, AX; \
	MOVL  $-1, DX; \
	XSAVE64 (SP)

TEXT fromUser<>(SB), NOSPLIT|NOFRAME, $0
	PUSH_GPRS
	MOVQ $1, CPU_INKERNEL(GS)
	SAVE_STATE(CPU_KERNELG)
	SUBQ $16, SP
	MOVQ BX, 0(SP)
	CALL ·trap(SB)
	MOVQ 0(SP), BX
	JMP  ·returnToUser(SB)

// returnToUser leaves the kernel through the frame at BX: it restores the
// extended state, the goroutine slot and the registers, and returns with
// IRETQ (to the instruction after SYSCALL, or the interrupted one).
TEXT ·returnToUser(SB), NOSPLIT|NOFRAME, $0
	MOVQ 0(BX), SI
	MOVL $-1, AX
	MOVL $-1, DX
	XRSTOR64 (SI)
	LEAQ 8(BX), SP
	POPQ AX
	MOVQ AX, -8(FS)
	MOVQ $0, CPU_INKERNEL(GS)
	POP_GPRS
	ADDQ $16, SP
	IRETQ

// nested handles an entry while kernel code runs, on the interrupt stack,
// and returns to the kernel code.
TEXT nested<>(SB), NOSPLIT|NOFRAME, $0
	PUSH_GPRS
	SAVE_STATE(CPU_NESTEDG)
	SUBQ $16, SP
	MOVQ BX, 0(SP)
	CALL ·trap(SB)
	MOVQ 0(SP), BX
	MOVQ 0(BX), SI
	MOVL $-1, AX
	MOVL $-1, DX
	XRSTOR64 (SI)
	LEAQ 8(BX), SP
	POPQ AX
	MOVQ AX, -8(FS)
	POP_GPRS
	ADDQ $16, SP
	IRETQ

// forkReturn is where a new thread starts: switchContext returns into it
// with the address of the thread's first frame on the stack.
TEXT forkReturn<>(SB), NOSPLIT|NOFRAME, $0
	POPQ BX
	JMP  ·returnToUser(SB)

// func switchContext(save *uintptr, sp, fsBase uintptr)
// Saves the current kernel stack pointer in *save and continues the
// thread whose kernel stack pointer is sp, with its thread-local block at
// fsBase. Go's ABI has no callee-saved registers but BP, so the saved
// state is BP and the return address.
TEXT ·switchContext(SB), NOSPLIT, $0-24
	MOVQ  save+0(FP), AX
	MOVQ  sp+8(FP), BX
	MOVQ  tls+16(FP), DX
	PUSHQ BP
	MOVQ  SP, 0(AX)
	MOVL  $0xC0000100, CX
	MOVQ  DX, AX
	SHRQ  $32, DX
	WRMSR
	MOVQ  BX, SP
	POPQ  BP
	RET

// func forkReturnPC() uintptr
// The address new threads start at (see newThreadStack).
TEXT ·forkReturnPC(SB), NOSPLIT, $0-8
	MOVQ $forkReturn<>(SB), AX
	MOVQ AX, ret+0(FP)
	RET

// func thisCPU() uintptr
TEXT ·thisCPU(SB), NOSPLIT, $0-8
	MOVQ CPU_SELF(GS), AX
	MOVQ AX, ret+0(FP)
	RET

// func imageEnd() uintptr
TEXT ·imageEnd(SB), NOSPLIT, $0-8
	MOVQ $runtime·end(SB), AX
	MOVQ AX, ret+0(FP)
	RET

// func idleStartPC() uintptr
TEXT ·idleStartPC(SB), NOSPLIT, $0-8
	MOVQ $idleStart<>(SB), AX
	MOVQ AX, ret+0(FP)
	RET

// idleStart is where the idle thread starts (see initThreads).
TEXT idleStart<>(SB), NOSPLIT|NOFRAME, $0
	CALL ·idleLoop(SB)
	CALL github·com∕wasmkernel∕wasmkernel∕drivers∕cpu·Halt(SB)

// The 256 vector stubs, 32 bytes apart (boot builds the IDT from
// trapVectors + 32*vector). Vectors 8, 10-14, 17, 21, 29 and 30 come with
// an error code from the processor; the others store 0 in its place. They
// move SP by hand instead of pushing so that the linker's stack-depth
// check does not add the stubs up as if they ran in sequence.
TEXT ·trapVectors(SB), NOSPLIT|NOFRAME, $0
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $0, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $1, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $2, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $3, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $4, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $5, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $6, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $7, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $8, SP
	MOVQ $8, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $9, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $8, SP
	MOVQ $10, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $8, SP
	MOVQ $11, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $8, SP
	MOVQ $12, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $8, SP
	MOVQ $13, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $8, SP
	MOVQ $14, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $15, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $16, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $8, SP
	MOVQ $17, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $18, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $19, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $20, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $8, SP
	MOVQ $21, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $22, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $23, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $24, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $25, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $26, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $27, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $28, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $8, SP
	MOVQ $29, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $8, SP
	MOVQ $30, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $31, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $32, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $33, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $34, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $35, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $36, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $37, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $38, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $39, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $40, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $41, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $42, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $43, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $44, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $45, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $46, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $47, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $48, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $49, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $50, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $51, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $52, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $53, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $54, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $55, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $56, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $57, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $58, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $59, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $60, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $61, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $62, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $63, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $64, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $65, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $66, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $67, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $68, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $69, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $70, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $71, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $72, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $73, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $74, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $75, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $76, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $77, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $78, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $79, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $80, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $81, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $82, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $83, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $84, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $85, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $86, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $87, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $88, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $89, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $90, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $91, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $92, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $93, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $94, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $95, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $96, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $97, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $98, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $99, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $100, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $101, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $102, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $103, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $104, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $105, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $106, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $107, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $108, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $109, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $110, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $111, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $112, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $113, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $114, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $115, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $116, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $117, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $118, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $119, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $120, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $121, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $122, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $123, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $124, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $125, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $126, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $127, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $128, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $129, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $130, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $131, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $132, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $133, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $134, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $135, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $136, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $137, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $138, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $139, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $140, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $141, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $142, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $143, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $144, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $145, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $146, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $147, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $148, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $149, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $150, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $151, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $152, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $153, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $154, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $155, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $156, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $157, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $158, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $159, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $160, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $161, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $162, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $163, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $164, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $165, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $166, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $167, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $168, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $169, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $170, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $171, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $172, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $173, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $174, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $175, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $176, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $177, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $178, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $179, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $180, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $181, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $182, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $183, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $184, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $185, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $186, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $187, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $188, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $189, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $190, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $191, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $192, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $193, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $194, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $195, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $196, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $197, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $198, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $199, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $200, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $201, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $202, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $203, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $204, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $205, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $206, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $207, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $208, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $209, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $210, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $211, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $212, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $213, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $214, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $215, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $216, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $217, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $218, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $219, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $220, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $221, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $222, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $223, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $224, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $225, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $226, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $227, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $228, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $229, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $230, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $231, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $232, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $233, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $234, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $235, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $236, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $237, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $238, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $239, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $240, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $241, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $242, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $243, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $244, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $245, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $246, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $247, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $248, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $249, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $250, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $251, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $252, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $253, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $254, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
	SUBQ $16, SP
	MOVQ $0, 8(SP)
	MOVQ $255, 0(SP)
	JMP  trapEntry<>(SB)
	PCALIGN $32
