#include "textflag.h"

// The offsets below are exec.Offset* (checked by TestContextOffsets).
#define GOSP 8
#define GOBP 16
#define WASMSP 24

// func entry(code, ctx, sp, inst uintptr)
// Saves the Go stack and frame pointers in ctx, switches to the stack at sp
// and calls code with ctx in R15, the instance context inst in R14 and its
// memory base (inst's first word) in R13. Code returns here normally, and
// exits unwind here by resetting SP to ctx.StackBase and returning; R15
// still holds ctx then.
TEXT ·entry(SB), NOSPLIT|NOFRAME, $0-32
	MOVQ code+0(FP), AX
	MOVQ ctx+8(FP), R15
	MOVQ sp+16(FP), CX
	MOVQ inst+24(FP), R14
	MOVQ 0(R14), R13
	MOVQ BP, GOBP(R15)
	MOVQ SP, GOSP(R15)
	MOVQ CX, SP
	CALL AX
	MOVQ GOSP(R15), SP
	MOVQ GOBP(R15), BP
	RET

// func resume(ctx, pc uintptr)
// Saves the Go stack and frame pointers in ctx like entry and jumps to pc on
// the stack saved in ctx.WasmSP. The code's final return or next exit goes
// through entry's return path, which restores this call's Go stack: entry
// and resume have the same frame (none), so its RET returns from resume.
TEXT ·resume(SB), NOSPLIT|NOFRAME, $0-16
	MOVQ ctx+0(FP), R15
	MOVQ pc+8(FP), AX
	MOVQ BP, GOBP(R15)
	MOVQ SP, GOSP(R15)
	MOVQ WASMSP(R15), SP
	JMP AX
