package amd64

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestEncodeSIMD checks every packed instruction form the SIMD emitter
// uses against the x86asm decoder, with high registers in each field.
func TestEncodeSIMD(t *testing.T) {
	m := mem{base: R13, index: int(RAX), scale: 1, disp: 8}
	tests := []struct {
		emit func(e *buf)
		want string
	}{
		{func(e *buf) { e.vecRR(vPand, X1, X12) }, "pand xmm1, xmm12"},
		{func(e *buf) { e.vecRR(vPandn, X9, X2) }, "pandn xmm9, xmm2"},
		{func(e *buf) { e.vecRR(vPor, X0, X1) }, "por xmm0, xmm1"},
		{func(e *buf) { e.vecRR(vPxor, X12, X12) }, "pxor xmm12, xmm12"},
		{func(e *buf) { e.vecRR(vAndps, X1, X2) }, "andps xmm1, xmm2"},
		{func(e *buf) { e.vecRR(vAndnps, X11, X12) }, "andnps xmm11, xmm12"},
		{func(e *buf) { e.vecRR(vOrps, X3, X4) }, "orps xmm3, xmm4"},
		{func(e *buf) { e.vecRR(vXorps, X5, X6) }, "xorps xmm5, xmm6"},
		{func(e *buf) { e.vecRR(vPtest, X1, X10) }, "ptest xmm1, xmm10"},
		{func(e *buf) { e.vecRR(vPshufb, X2, X12) }, "pshufb xmm2, xmm12"},
		{func(e *buf) { e.vecRRI(vPshufd, X2, X12, 0x44) }, "pshufd xmm2, xmm12, 0x44"},
		{func(e *buf) { e.vecRRI(vPshuflw, X3, X3, 0) }, "pshuflw xmm3, xmm3, 0x0"},
		{func(e *buf) { e.vecRRI(vShufps, X3, X12, 0x88) }, "shufps xmm3, xmm12, 0x88"},
		{func(e *buf) { e.vecRRI(vShufpd, X0, X9, 0x1) }, "shufpd xmm0, xmm9, 0x1"},
		{func(e *buf) { e.vecRR(vPunpcklbw, X1, X1) }, "punpcklbw xmm1, xmm1"},
		{func(e *buf) { e.vecRR(vPunpckhbw, X12, X12) }, "punpckhbw xmm12, xmm12"},
		{func(e *buf) { e.vecRR(vPunpcklwd, X12, X11) }, "punpcklwd xmm12, xmm11"},
		{func(e *buf) { e.vecRR(vPunpckhwd, X12, X11) }, "punpckhwd xmm12, xmm11"},
		{func(e *buf) { e.vecRR(vPunpcklqdq, X1, X2) }, "punpcklqdq xmm1, xmm2"},
		{func(e *buf) { e.vecRR(vUnpcklps, X1, X2) }, "unpcklps xmm1, xmm2"},
		{func(e *buf) { e.vecRR(vMovlhps, X1, X13) }, "movlhps xmm1, xmm13"},
		{func(e *buf) { e.vecRR(vMovsd, X1, X13) }, "movsd xmm1, xmm13"},
		{func(e *buf) { e.vecRR(vMovqLoad, X8, X1) }, "movq xmm8, xmm1"},
		{func(e *buf) { e.vecRR(vPmovmskb, R9, X1) }, "pmovmskb r9d, xmm1"},
		{func(e *buf) { e.vecRR(vMovmskps, RSI, X12) }, "movmskps esi, xmm12"},
		{func(e *buf) { e.vecRR(vMovmskpd, RAX, X2) }, "movmskpd eax, xmm2"},
		{func(e *buf) { e.vecRR(vPacksswb, X1, X2) }, "packsswb xmm1, xmm2"},
		{func(e *buf) { e.vecRR(vPackssdw, X1, X2) }, "packssdw xmm1, xmm2"},
		{func(e *buf) { e.vecRR(vPackuswb, X1, X2) }, "packuswb xmm1, xmm2"},
		{func(e *buf) { e.vecRR(vPackusdw, X1, X2) }, "packusdw xmm1, xmm2"},
		{func(e *buf) { e.vecRRI(vPextrb, X1, R10, 15) }, "pextrb r10d, xmm1, 0xf"},
		{func(e *buf) { e.vecRRI(vPextrw, RSI, X9, 7) }, "pextrw esi, xmm9, 0x7"},
		{func(e *buf) { e.vecRRI(vPextrd, X12, RDI, 3) }, "pextrd edi, xmm12, 0x3"},
		{func(e *buf) { e.vecRRI(vPextrq, X2, R8, 1) }, "pextrq r8, xmm2, 0x1"},
		{func(e *buf) { e.vecRRI(vPinsrb, X1, R10, 15) }, "pinsrb xmm1, r10d, 0xf"},
		{func(e *buf) { e.vecRRI(vPinsrw, X9, RSI, 7) }, "pinsrw xmm9, esi, 0x7"},
		{func(e *buf) { e.vecRRI(vPinsrd, X1, RDX, 2) }, "pinsrd xmm1, edx, 0x2"},
		{func(e *buf) { e.vecRRI(vPinsrq, X15, R9, 1) }, "pinsrq xmm15, r9, 0x1"},
		{func(e *buf) { e.vecRRI(vInsertps, X1, X13, 0x30) }, "insertps xmm1, xmm13, 0x30"},
		{func(e *buf) { e.vecRR(vPmaddubsw, X12, X1) }, "pmaddubsw xmm12, xmm1"},
		{func(e *buf) { e.vecRR(vPmaddwd, X1, X2) }, "pmaddwd xmm1, xmm2"},
		{func(e *buf) { e.vecRR(vPmullw, X1, X2) }, "pmullw xmm1, xmm2"},
		{func(e *buf) { e.vecRR(vPmulhw, X1, X2) }, "pmulhw xmm1, xmm2"},
		{func(e *buf) { e.vecRR(vPmulhuw, X1, X2) }, "pmulhuw xmm1, xmm2"},
		{func(e *buf) { e.vecRR(vPmulld, X1, X2) }, "pmulld xmm1, xmm2"},
		{func(e *buf) { e.vecRR(vPmuludq, X1, X2) }, "pmuludq xmm1, xmm2"},
		{func(e *buf) { e.vecRR(vPmuldq, X1, X2) }, "pmuldq xmm1, xmm2"},
		{func(e *buf) { e.vecRR(vPhaddd, X12, X12) }, "phaddd xmm12, xmm12"},
		{func(e *buf) { e.vecRR(vPmulhrsw, X1, X2) }, "pmulhrsw xmm1, xmm2"},
		{func(e *buf) { e.vecRR(vPaddusb, X1, X2) }, "paddusb xmm1, xmm2"},
		{func(e *buf) { e.vecRR(vCvttps2dq, X1, X2) }, "cvttps2dq xmm1, xmm2"},
		{func(e *buf) { e.vecRR(vCvtdq2ps, X1, X2) }, "cvtdq2ps xmm1, xmm2"},
		{func(e *buf) { e.vecRR(vCvtdq2pd, X1, X2) }, "cvtdq2pd xmm1, xmm2"},
		{func(e *buf) { e.vecRR(vCvttpd2dq, X1, X2) }, "cvttpd2dq xmm1, xmm2"},
		{func(e *buf) { e.vecRR(vCvtpd2ps, X1, X2) }, "cvtpd2ps xmm1, xmm2"},
		{func(e *buf) { e.vecRR(vCvtps2pd, X1, X2) }, "cvtps2pd xmm1, xmm2"},
		{func(e *buf) { e.vecRRI(vRoundps, X1, X2, 11) }, "roundps xmm1, xmm2, 0xb"},
		{func(e *buf) { e.vecRRI(vRoundpd, X1, X2, 8) }, "roundpd xmm1, xmm2, 0x8"},
		{func(e *buf) { e.vecRR(vPcmpeqq, X1, X2) }, "pcmpeqq xmm1, xmm2"},
		{func(e *buf) { e.vecRR(vPcmpgtq, X1, X2) }, "pcmpgtq xmm1, xmm2"},
		{func(e *buf) { e.vecRRI(ps(0xC2), X12, X1, cmpUnord) }, "cmpps xmm12, xmm1, 0x3"},
		{func(e *buf) { e.vecRRI(pd(0xC2), X12, X1, cmpNeq) }, "cmppd xmm12, xmm1, 0x4"},
		{func(e *buf) { e.vecRR(psOrPd(true, sseMin), X1, X2) }, "minpd xmm1, xmm2"},
		{func(e *buf) { e.vecRR(psOrPd(false, sseMax), X1, X2) }, "maxps xmm1, xmm2"},
		{func(e *buf) { e.vecRR(psOrPd(false, sseSqrt), X1, X2) }, "sqrtps xmm1, xmm2"},
		{func(e *buf) { e.vecRR(psOrPd(true, sseDiv), X1, X2) }, "divpd xmm1, xmm2"},
		{func(e *buf) { e.vecShiftImm(0x71, shiftLeft, X1, 3) }, "psllw xmm1, 0x3"},
		{func(e *buf) { e.vecShiftImm(0x72, shiftRightArithmetic, X12, 31) }, "psrad xmm12, 0x1f"},
		{func(e *buf) { e.vecShiftImm(0x73, shiftRightLogical, X11, 13) }, "psrlq xmm11, 0xd"},
		{func(e *buf) { e.vecRM(vMovss, X1, m) }, "movss xmm1, dword ptr [r13+rax+0x8]"},
		{func(e *buf) { e.vecRM(vMovqLoad, X9, m) }, "movq xmm9, qword ptr [r13+rax+0x8]"},
		{func(e *buf) { e.vecRM(vMovups, X9, m) }, "movups xmm9, xmmword ptr [r13+rax+0x8]"},
		{func(e *buf) { e.vecRMI(vPinsrb, X1, m, 0) }, "pinsrb xmm1, byte ptr [r13+rax+0x8], 0x0"},
		{func(e *buf) { e.vecRMI(vPinsrw, X1, m, 3) }, "pinsrw xmm1, word ptr [r13+rax+0x8], 0x3"},
		{func(e *buf) { e.vecRMI(vPinsrq, X1, m, 1) }, "pinsrq xmm1, qword ptr [r13+rax+0x8], 0x1"},
		{func(e *buf) { e.vecRMI(vPextrb, X1, m, 9) }, "pextrb byte ptr [r13+rax+0x8], xmm1, 0x9"},
		{func(e *buf) { e.vecRMI(vPextrwM, X1, m, 3) }, "pextrw word ptr [r13+rax+0x8], xmm1, 0x3"},
		{func(e *buf) { e.vecRMI(vPextrd, X10, m, 2) }, "pextrd dword ptr [r13+rax+0x8], xmm10, 0x2"},
		{func(e *buf) { e.vecRM(vPmovsx.of(4), X1, m) }, "pmovsxdq xmm1, qword ptr [r13+rax+0x8]"},
		{func(e *buf) { e.vecRM(vPmovzx.of(2), X1, m) }, "pmovzxbw xmm1, qword ptr [r13+rax+0x8]"},
		{func(e *buf) { e.vecRIP(vPshufb, X3) }, "pshufb xmm3, xmmword ptr [rip]"},
		{func(e *buf) { e.vecRIP(vMovups, X12) }, "movups xmm12, xmmword ptr [rip]"},
		{func(e *buf) { e.loadF(16, X2, memAt(RSP, 16)) }, "movups xmm2, xmmword ptr [rsp+0x10]"},
		{func(e *buf) { e.storeF(16, memAt(RSP, 16), X14) }, "movups xmmword ptr [rsp+0x10], xmm14"},
	}
	for _, tc := range tests {
		var e buf
		tc.emit(&e)
		require.Equal(t, tc.want, disasm(t, e.b))
	}
	// Every lane-wise table entry is the instruction of its shape.
	tables := []struct {
		ops   laneOps
		names [4]string
	}{
		{vPadd, [4]string{"paddb", "paddw", "paddd", "paddq"}},
		{vPsub, [4]string{"psubb", "psubw", "psubd", "psubq"}},
		{vPcmpeq, [4]string{"pcmpeqb", "pcmpeqw", "pcmpeqd", "pcmpeqq"}},
		{vPcmpgt, [4]string{"pcmpgtb", "pcmpgtw", "pcmpgtd", "pcmpgtq"}},
		{vPmins, [4]string{"pminsb", "pminsw", "pminsd"}},
		{vPminu, [4]string{"pminub", "pminuw", "pminud"}},
		{vPmaxs, [4]string{"pmaxsb", "pmaxsw", "pmaxsd"}},
		{vPmaxu, [4]string{"pmaxub", "pmaxuw", "pmaxud"}},
		{vPabs, [4]string{"pabsb", "pabsw", "pabsd"}},
		{vPaddsat, [4]string{"paddsb", "paddsw"}},
		{vPaddusat, [4]string{"paddusb", "paddusw"}},
		{vPsubsat, [4]string{"psubsb", "psubsw"}},
		{vPsubusat, [4]string{"psubusb", "psubusw"}},
		{vPavg, [4]string{"pavgb", "pavgw"}},
		{vPsllX, [4]string{"", "psllw", "pslld", "psllq"}},
		{vPsrlX, [4]string{"", "psrlw", "psrld", "psrlq"}},
		{vPsraX, [4]string{"", "psraw", "psrad"}},
		{vPmovsx, [4]string{"", "pmovsxbw", "pmovsxwd", "pmovsxdq"}},
		{vPmovzx, [4]string{"", "pmovzxbw", "pmovzxwd", "pmovzxdq"}},
	}
	for _, tc := range tables {
		for i, o := range tc.ops {
			if o.op == 0 {
				require.Empty(t, tc.names[i])
				continue
			}
			var e buf
			e.vecRR(o, X9, X2)
			require.Equal(t, tc.names[i]+" xmm9, xmm2", disasm(t, e.b))
		}
	}
}
