#include "textflag.h"

// initCPUInterface: ICC_SRE_EL1.SRE (with interrupt and FIQ bypass off),
// ICC_PMR_EL1 = 0xFF, binary point 0, group 1 enabled.
TEXT ·initCPUInterface(SB), NOSPLIT, $0-0
	MRS	ICC_SRE_EL1, R0
	ORR	$7, R0
	MSR	R0, ICC_SRE_EL1
	ISB	$15
	MOVD	$0xFF, R0
	MSR	R0, ICC_PMR_EL1
	MSR	ZR, ICC_BPR1_EL1
	MOVD	$1, R0
	MSR	R0, ICC_IGRPEN1_EL1
	ISB	$15
	RET

TEXT ·acknowledgeGroup1(SB), NOSPLIT, $0-4
	MRS	ICC_IAR1_EL1, R0
	MOVW	R0, ret+0(FP)
	RET

TEXT ·endGroup1(SB), NOSPLIT, $0-4
	MOVWU	intid+0(FP), R0
	MSR	R0, ICC_EOIR1_EL1
	ISB	$15
	RET
