#include "textflag.h"

// The offsets below are exec.Offset* (checked by TestContextOffsets).
#define GOSP 8
#define GOBP 16
#define WASMSP 24
#define IREGS 96
#define FREGS 144
#define EXITCODE 32

// LOADREGS loads the argument registers of the calling convention (RSI,
// RDI, R8-R11, X0-X7) from ctx.IntRegs and ctx.FloatRegs; STOREREGS
// stores the result registers (the same) there.
#define LOADREGS \
	MOVQ IREGS+0(R15), SI \
	MOVQ IREGS+8(R15), DI \
	MOVQ IREGS+16(R15), R8 \
	MOVQ IREGS+24(R15), R9 \
	MOVQ IREGS+32(R15), R10 \
	MOVQ IREGS+40(R15), R11 \
	MOVOU FREGS+0(R15), X0 \
	MOVOU FREGS+16(R15), X1 \
	MOVOU FREGS+32(R15), X2 \
	MOVOU FREGS+48(R15), X3 \
	MOVOU FREGS+64(R15), X4 \
	MOVOU FREGS+80(R15), X5 \
	MOVOU FREGS+96(R15), X6 \
	MOVOU FREGS+112(R15), X7

#define STOREREGS \
	MOVQ SI, IREGS+0(R15) \
	MOVQ DI, IREGS+8(R15) \
	MOVQ R8, IREGS+16(R15) \
	MOVQ R9, IREGS+24(R15) \
	MOVQ R10, IREGS+32(R15) \
	MOVQ R11, IREGS+40(R15) \
	MOVOU X0, FREGS+0(R15) \
	MOVOU X1, FREGS+16(R15) \
	MOVOU X2, FREGS+32(R15) \
	MOVOU X3, FREGS+48(R15) \
	MOVOU X4, FREGS+64(R15) \
	MOVOU X5, FREGS+80(R15) \
	MOVOU X6, FREGS+96(R15) \
	MOVOU X7, FREGS+112(R15)

// func entry(code, ctx, sp, inst uintptr)
// Saves the Go stack and frame pointers in ctx, switches to the stack at sp
// and calls code with ctx in R15, the instance context inst in R14 and its
// memory base (inst's first word) in R13. Code returns here normally, and
// exits unwind here by resetting SP to ctx.StackBase and returning; R15
// still holds ctx then. The argument registers are loaded from ctx before
// the call and, after a return, the result registers stored in ctx (an
// exit's arguments are in the area: the import stubs put them there).
TEXT ·entry(SB), NOSPLIT|NOFRAME, $0-32
	MOVQ code+0(FP), AX
	MOVQ ctx+8(FP), R15
	MOVQ sp+16(FP), CX
	MOVQ inst+24(FP), R14
	MOVQ 0(R14), R13
	MOVQ BP, GOBP(R15)
	MOVQ SP, GOSP(R15)
	MOVQ CX, SP
	LOADREGS
	CALL AX
	CMPL EXITCODE(R15), $0
	JNE  exited
	STOREREGS
exited:
	MOVQ GOSP(R15), SP
	MOVQ GOBP(R15), BP
	RET

// func resume(ctx, pc uintptr)
// Saves the Go stack and frame pointers in ctx like entry and jumps to pc on
// the stack saved in ctx.WasmSP (the import stub loads the host call's
// results from the area into their registers). The code's final return or next exit goes
// through entry's return path, which restores this call's Go stack: entry
// and resume have the same frame (none), so its RET returns from resume.
TEXT ·resume(SB), NOSPLIT|NOFRAME, $0-16
	MOVQ ctx+0(FP), R15
	MOVQ pc+8(FP), AX
	MOVQ BP, GOBP(R15)
	MOVQ SP, GOSP(R15)
	MOVQ WASMSP(R15), SP
	JMP AX
