#include "go_asm.h"
#include "textflag.h"

// Offsets in the kernel's ucontext_t on amd64: uc_mcontext.gregs starts at
// 40; REG_R15 is gregs[7], REG_RIP gregs[16].
#define UC_R15 96
#define UC_RSP 160
#define UC_RIP 168
// exec.Context offsets.
#define CTX_EXITCODE 32
#define CTX_EXITARG 36
#define CTX_STACKBASE 48
#define CTX_TRAPSP 64
#define CTX_TRAPPC 72
// The trap code of "out of bounds memory access" (ssa.TrapMemoryOutOfBounds).
#define TRAP_OOB 2
#define EXIT_TRAP 1

// segvHandler(sig DI, info SI, uctx DX): a SIGSEGV handler. If the faulting
// instruction lies in a registered code range, resume at guardTrap;
// otherwise tail-call the Go runtime's handler with the same registers.
// It runs on the signal stack and uses no Go stack.
TEXT ·segvHandler(SB), NOSPLIT|NOFRAME, $0
	MOVQ UC_RIP(DX), AX
	MOVQ ·guardRanges+rangeSet_count(SB), CX
	LEAQ ·guardRanges+rangeSet_bounds(SB), R8
	CALL ·findRange(SB)
	TESTQ CX, CX
	JZ notours
	// Record where the trap happened for the stack trace in the
	// exec.Context (stackContext: the faulting code's R15 may hold a
	// value), then resume at guardTrap with R15 holding the context.
	CALL ·stackContext(SB)
	MOVQ R9, UC_R15(DX)
	MOVQ AX, CTX_TRAPPC(R9)
	MOVQ UC_RSP(DX), R10
	MOVQ R10, CTX_TRAPSP(R9)
	LEAQ ·guardTrap(SB), R9
	MOVQ R9, UC_RIP(DX)
	RET
notours:
	MOVQ ·oldSegvHandler(SB), AX
	JMP AX

// sigreturn is the restorer of segvHandler: rt_sigreturn (15).
TEXT ·sigreturn(SB), NOSPLIT|NOFRAME, $0
	MOVQ $15, AX
	SYSCALL
	INT $3

// guardTrap is where a faulting WebAssembly access resumes: segvHandler
// has put the exec.Context in R15; record the trap and unwind like every
// trap exit.
TEXT ·guardTrap(SB), NOSPLIT|NOFRAME, $0
	MOVL $EXIT_TRAP, CTX_EXITCODE(R15)
	MOVL $TRAP_OOB, CTX_EXITARG(R15)
	MOVQ CTX_STACKBASE(R15), SP
	RET

// func handlerAddrs() (handler, restorer uintptr)
// The ABI0 entry addresses of segvHandler and sigreturn (a Go func value
// would name an ABI wrapper instead).
TEXT ·handlerAddrs(SB), NOSPLIT, $0-16
	LEAQ ·segvHandler(SB), AX
	MOVQ AX, handler+0(FP)
	LEAQ ·sigreturn(SB), AX
	MOVQ AX, restorer+8(FP)
	RET
