#include "go_asm.h"
#include "textflag.h"

// Offsets in the kernel's ucontext_t on amd64 (see guard_linux_amd64.s).
#define UC_R15 96
#define UC_RSP 160
#define UC_RIP 168
// exec.Context offsets.
#define CTX_EXITCODE 32
#define CTX_EXITARG 36
#define CTX_STACKBASE 48
#define CTX_EPOCH 56
#define CTX_TRAPSP 64
#define CTX_TRAPPC 72
// The trap code of "interrupted" (ssa.TrapInterrupted, checked by
// TestInterruptTrapCode).
#define TRAP_INTERRUPTED 11
#define EXIT_TRAP 1

// urgHandler(sig DI, info SI, uctx DX): the SIGURG handler in front of
// the Go runtime's. If the thread was running registered WebAssembly code
// whose exec.Context (stackContext) has a non-zero Epoch, it resumes at
// interruptTrap; otherwise it tail-calls the Go runtime's handler with
// the same registers (Go sends SIGURG to preempt goroutines). It runs on
// the signal stack and uses no Go stack.
TEXT ·urgHandler(SB), NOSPLIT|NOFRAME, $0
	MOVQ UC_RIP(DX), AX
	MOVQ ·runRanges+rangeSet_count(SB), CX
	LEAQ ·runRanges+rangeSet_bounds(SB), R8
	CALL ·findRange(SB)
	TESTQ CX, CX
	JZ notours
	CALL ·stackContext(SB) // the code's R15 may hold a value
	MOVQ CTX_EPOCH(R9), R10
	TESTQ R10, R10
	JZ notours
	// Record where the code was for the stack trace, then resume at
	// interruptTrap with R15 holding the context.
	MOVQ R9, UC_R15(DX)
	MOVQ AX, CTX_TRAPPC(R9)
	MOVQ UC_RSP(DX), R10
	MOVQ R10, CTX_TRAPSP(R9)
	LEAQ ·interruptTrap(SB), R9
	MOVQ R9, UC_RIP(DX)
	RET
notours:
	MOVQ ·oldUrgHandler(SB), AX
	CMPQ AX, $1 // SIG_DFL or SIG_IGN: SIGURG is ignored by default
	JBE ignored
	JMP AX
ignored:
	RET

// interruptTrap is where interrupted WebAssembly code resumes: urgHandler
// has put the exec.Context in R15; record the trap and unwind like every
// trap exit.
TEXT ·interruptTrap(SB), NOSPLIT|NOFRAME, $0
	MOVL $EXIT_TRAP, CTX_EXITCODE(R15)
	MOVL $TRAP_INTERRUPTED, CTX_EXITARG(R15)
	MOVQ CTX_STACKBASE(R15), SP
	RET

// func urgHandlerAddr() uintptr
TEXT ·urgHandlerAddr(SB), NOSPLIT, $0-8
	LEAQ ·urgHandler(SB), AX
	MOVQ AX, ret+0(FP)
	RET
