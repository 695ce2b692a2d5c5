#include "go_asm.h"
#include "textflag.h"

// findRange looks for the code range holding AX among the CX ranges
// (start, end pairs) at R8: on return CX is non-zero if one does. It
// clobbers R8 and R9 and uses no stack but the return address: the
// signal handlers call it on the signal stack.
TEXT ·findRange(SB), NOSPLIT|NOFRAME, $0
loop:
	TESTQ CX, CX
	JZ done
	MOVQ 0(R8), R9
	CMPQ AX, R9
	JB next
	MOVQ 8(R8), R9
	CMPQ AX, R9
	JB done
next:
	ADDQ $16, R8
	DECQ CX
	JMP loop
done:
	RET

// stackContext finds the execution context of the code a signal stopped,
// whose ucontext is at DX: the context that Call recorded for the stack
// holding the stopped code's stack pointer (runStacks, stacks.go), else
// the code's R15. It returns it in R9, clobbers CX, R8 and R10, and uses
// no stack but the return address. The code's R15 need not hold the
// context: a function may allocate R15 (its context then lies in its
// frame).
TEXT ·stackContext(SB), NOSPLIT|NOFRAME, $0
	MOVQ 160(DX), R10 // UC_RSP
	MOVQ ·runStacks+stackSet_count(SB), CX
	LEAQ ·runStacks+stackSet_entries(SB), R8
loop:
	TESTQ CX, CX
	JZ none
	CMPQ R10, stackEntry_lo(R8)
	JB next
	CMPQ R10, stackEntry_hi(R8)
	JAE next
	MOVQ stackEntry_ctx(R8), R9
	TESTQ R9, R9
	JZ none
	RET
next:
	ADDQ $stackEntry__size, R8
	DECQ CX
	JMP loop
none:
	MOVQ 96(DX), R9 // UC_R15
	RET
