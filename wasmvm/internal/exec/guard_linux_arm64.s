#include "go_asm.h"
#include "textflag.h"

// Offsets in the kernel's ucontext_t on arm64: uc_mcontext (struct
// sigcontext) starts at 176; fault_address, then regs[31], sp, pc.
#define UC_X27 400
#define UC_LR 424
#define UC_SP 432
#define UC_PC 440
// exec.Context offsets.
#define CTX_EXITCODE 32
#define CTX_EXITARG 36
#define CTX_STACKBASE 48
#define CTX_TRAPSP 64
#define CTX_TRAPPC 72
#define CTX_TRAPLR 88
// The trap code of "out of bounds memory access" (ssa.TrapMemoryOutOfBounds).
#define TRAP_OOB 2
#define EXIT_TRAP 1

// segvHandler(sig R0, info R1, uctx R2): a SIGSEGV handler. If the faulting
// instruction lies in a registered code range, resume at guardTrap;
// otherwise tail-call the Go runtime's handler with the same registers
// (R30 still returns to the restorer). It uses no Go stack and calls
// nothing; R28 (g) is untouched.
TEXT ·segvHandler(SB), NOSPLIT|NOFRAME, $0
	MOVD UC_PC(R2), R3
	MOVD ·guardRanges+rangeSet_count(SB), R4
	MOVD $·guardRanges+rangeSet_bounds(SB), R5
loop:
	CBZ  R4, notours
	MOVD 0(R5), R6
	CMP  R6, R3
	BLO  next
	MOVD 8(R5), R6
	CMP  R6, R3
	BHS  next
	// Record where the trap happened for the stack trace (X27 of the
	// faulting code is the exec.Context; a function without a frame has
	// its return address in X30), then resume at guardTrap.
	MOVD UC_X27(R2), R6
	MOVD R3, CTX_TRAPPC(R6)
	MOVD UC_SP(R2), R7
	MOVD R7, CTX_TRAPSP(R6)
	MOVD UC_LR(R2), R7
	MOVD R7, CTX_TRAPLR(R6)
	MOVD $·guardTrap(SB), R6
	MOVD R6, UC_PC(R2)
	RET
next:
	ADD  $16, R5
	SUB  $1, R4
	B    loop
notours:
	MOVD ·oldSegvHandler(SB), R6
	JMP  (R6)

// sigreturn is the restorer of segvHandler: rt_sigreturn (139).
TEXT ·sigreturn(SB), NOSPLIT|NOFRAME, $0
	MOVD $139, R8
	SVC
	BRK

// guardTrap is where a faulting WebAssembly access resumes: R27 still holds
// the exec.Context; record the trap and unwind like every trap exit.
TEXT ·guardTrap(SB), NOSPLIT|NOFRAME, $0
	MOVW $EXIT_TRAP, R16
	MOVW R16, CTX_EXITCODE(R27)
	MOVW $TRAP_OOB, R16
	MOVW R16, CTX_EXITARG(R27)
	MOVD CTX_STACKBASE(R27), R16
	MOVD R16, RSP
	MOVD 8(R16), R30
	RET

// func handlerAddrs() (handler, restorer uintptr)
// The ABI0 entry addresses of segvHandler and sigreturn (a Go func value
// would name an ABI wrapper instead).
TEXT ·handlerAddrs(SB), NOSPLIT, $0-16
	MOVD $·segvHandler(SB), R0
	MOVD R0, handler+0(FP)
	MOVD $·sigreturn(SB), R0
	MOVD R0, restorer+8(FP)
	RET
