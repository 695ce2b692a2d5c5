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
