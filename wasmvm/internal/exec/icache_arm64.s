#include "textflag.h"

// func syncInstructions(start, end uintptr)
// For each data-cache line: DC CVAU; DSB ISH; for each instruction-cache
// line: IC IVAU; DSB ISH; ISB. Line sizes come from CTR_EL0.
TEXT ·syncInstructions(SB), NOSPLIT, $0-16
	MOVD start+0(FP), R0
	MOVD end+8(FP), R1
	WORD $0xd53b0022 // mrs x2, ctr_el0
	UBFX $16, R2, $4, R3 // DminLine: log2 of the line in words
	MOVD $4, R4
	LSL  R3, R4, R4
	SUB  $1, R4, R5
	BIC  R5, R0, R6
dloop:
	WORD $0xd50b7b26 // dc cvau, x6
	ADD  R4, R6
	CMP  R1, R6
	BLO  dloop
	WORD $0xd5033b9f // dsb ish
	AND  $15, R2, R3 // IminLine
	MOVD $4, R4
	LSL  R3, R4, R4
	SUB  $1, R4, R5
	BIC  R5, R0, R6
iloop:
	WORD $0xd50b7526 // ic ivau, x6
	ADD  R4, R6
	CMP  R1, R6
	BLO  iloop
	WORD $0xd5033b9f // dsb ish
	WORD $0xd5033fdf // isb
	RET
