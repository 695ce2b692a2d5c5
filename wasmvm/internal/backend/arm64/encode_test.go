package arm64

import (
	"encoding/binary"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/arch/arm64/arm64asm"
)

// disasm decodes one instruction word in GNU syntax.
func disasm(t *testing.T, w uint32) string {
	t.Helper()
	var b [4]byte
	binary.LittleEndian.PutUint32(b[:], w)
	inst, err := arm64asm.Decode(b[:])
	require.NoError(t, err, "word %08x", w)
	return arm64asm.GNUSyntax(inst)
}

// TestEncode checks each instruction form the emitter uses against the
// disassembler.
func TestEncode(t *testing.T) {
	for _, tc := range []struct {
		want string
		emit func(e *buf)
	}{
		{"add x0, x1, #0x10", func(e *buf) { e.addImm(opAdd, 8, X0, X1, 16) }},
		{"add w3, w4, #0x5, lsl #12", func(e *buf) { e.addImm(opAdd, 4, X3, X4, 5<<12) }},
		{"sub sp, sp, #0xa0", func(e *buf) { e.addImm(opSub, 8, SP, SP, 160) }},
		{"cmp x16, #0x7", func(e *buf) { e.addImm(opSubs, 8, XZR, X16, 7) }},
		{"cmn w2, #0x1", func(e *buf) { e.addImm(opAdds, 4, XZR, X2, 1) }},
		{"mov x16, sp", func(e *buf) { e.movSP(X16, SP) }},
		{"mov sp, x16", func(e *buf) { e.movSP(SP, X16) }},
		{"add x1, x2, x3", func(e *buf) { e.addReg(opAdd, 8, X1, X2, X3, 0) }},
		{"add w1, w2, w3, lsl #3", func(e *buf) { e.addReg(opAdd, 4, X1, X2, X3, 3) }},
		{"sub w5, w6, w7", func(e *buf) { e.addReg(opSub, 4, X5, X6, X7, 0) }},
		{"neg w14, w17", func(e *buf) { e.addReg(opSub, 4, X14, XZR, X17, 0) }},
		{"cmp x16, x17", func(e *buf) { e.addReg(opSubs, 8, XZR, X16, X17, 0) }},
		{"add x16, x25, w0, uxtw", func(e *buf) { e.addExt(opAdd, X16, X25, X0, extUXTW, 0) }},
		{"add x17, x17, w15, sxtw", func(e *buf) { e.addExt(opAdd, X17, X17, X15, extSXTW, 0) }},
		{"add sp, sp, x15", func(e *buf) { e.addExt(opAdd, SP, SP, X15, extUXTX, 0) }},
		{"and x1, x2, x3", func(e *buf) { e.logicReg(opAnd, 8, X1, X2, X3, false) }},
		{"orr w1, w2, w3", func(e *buf) { e.logicReg(opOrr, 4, X1, X2, X3, false) }},
		{"eor x1, x2, x3", func(e *buf) { e.logicReg(opEor, 8, X1, X2, X3, false) }},
		{"mov x4, x5", func(e *buf) { e.mov(8, X4, X5) }},
		{"mov w4, w5", func(e *buf) { e.mov(4, X4, X5) }},
		{"mul x1, x2, x3", func(e *buf) { e.madd(8, X1, X2, X3, XZR) }},
		{"madd x16, x16, x15, x17", func(e *buf) { e.madd(8, X16, X16, X15, X17) }},
		{"msub w0, w14, w1, w2", func(e *buf) { e.msub(4, X0, X14, X1, X2) }},
		{"umulh x1, x2, x3", func(e *buf) { e.mulLong(opUmulh, X1, X2, X3) }},
		{"smulh x16, x17, x0", func(e *buf) { e.mulLong(opSmulh, X16, X17, X0) }},
		{"umull x1, w2, w3", func(e *buf) { e.mulLong(opUmull, X1, X2, X3) }},
		{"smull x4, w5, w6", func(e *buf) { e.mulLong(opSmull, X4, X5, X6) }},
		{"sdiv x0, x1, x2", func(e *buf) { e.twoSource(opSdiv, 8, X0, X1, X2) }},
		{"udiv w0, w1, w2", func(e *buf) { e.twoSource(opUdiv, 4, X0, X1, X2) }},
		{"lsl w0, w1, w2", func(e *buf) { e.twoSource(opLslv, 4, X0, X1, X2) }},
		{"lsr x0, x1, x2", func(e *buf) { e.twoSource(opLsrv, 8, X0, X1, X2) }},
		{"asr x0, x1, x2", func(e *buf) { e.twoSource(opAsrv, 8, X0, X1, X2) }},
		{"ror w0, w1, w2", func(e *buf) { e.twoSource(opRorv, 4, X0, X1, X2) }},
		{"clz x3, x4", func(e *buf) { e.oneSource(opClz, 8, X3, X4) }},
		{"rbit w3, w4", func(e *buf) { e.oneSource(opRbit, 4, X3, X4) }},
		{"rev w3, w4", func(e *buf) { e.oneSource(opRev32, 4, X3, X4) }},
		{"rev x5, x6", func(e *buf) { e.oneSource(opRev64, 8, X5, X6) }},
		{"lsl w0, w1, #3", func(e *buf) { e.ubfm(4, X0, X1, 29, 28) }},
		{"lsr x0, x1, #16", func(e *buf) { e.ubfm(8, X0, X1, 16, 63) }},
		{"asr w0, w1, #31", func(e *buf) { e.sbfm(4, X0, X1, 31, 31) }},
		{"sxtb w0, w1", func(e *buf) { e.sbfm(4, X0, X1, 0, 7) }},
		{"sxtw x0, w1", func(e *buf) { e.sbfm(8, X0, X1, 0, 31) }},
		{"ror x0, x1, #13", func(e *buf) { e.extr(8, X0, X1, X1, 13) }},
		{"csel w0, w1, w2, ne", func(e *buf) { e.csel(4, X0, X1, X2, condNE) }},
		{"cset w2, eq", func(e *buf) { e.cset(X2, condEQ) }},
		{"cset w2, hi", func(e *buf) { e.cset(X2, condHI) }},
		{"mov x1, #0x12340000", func(e *buf) { e.movz(8, X1, 0x1234, 1) }},
		{"mov w1, #0xffffffff", func(e *buf) { e.movn(4, X1, 0, 0) }},
		{"movk x1, #0xbeef, lsl #48", func(e *buf) { e.movk(8, X1, 0xbeef, 3) }},
		{"ldr x17, [x27]", func(e *buf) { e.ldst(ldrX, X17, X27, 0) }},
		{"str x30, [sp,#152]", func(e *buf) { e.ldst(strX, X30, SP, 152) }},
		{"ldr w0, [sp,#160]", func(e *buf) { e.ldst(ldrW, X0, SP, 160) }},
		{"ldrb w0, [x1,#3]", func(e *buf) { e.ldst(ldrB, X0, X1, 3) }},
		{"ldrsb x0, [x1]", func(e *buf) { e.ldst(ldrsBX, X0, X1, 0) }},
		{"ldrsb w0, [x1]", func(e *buf) { e.ldst(ldrsBW, X0, X1, 0) }},
		{"ldrsh x0, [x1,#2]", func(e *buf) { e.ldst(ldrsHX, X0, X1, 2) }},
		{"ldrsw x0, [x1,#4]", func(e *buf) { e.ldst(ldrsWX, X0, X1, 4) }},
		{"strh w0, [x1,#6]", func(e *buf) { e.ldst(strH, X0, X1, 6) }},
		{"ldr d3, [sp,#8]", func(e *buf) { e.ldst(ldrD, v(3), SP, 8) }},
		{"str s3, [x2,#4]", func(e *buf) { e.ldst(strS, v(3), X2, 4) }},
		{"stur x30, [sp,#-8]", func(e *buf) { e.ldstUnscaled(strX, X30, SP, -8) }},
		{"ldr q31, [x15]", func(e *buf) { e.ldst(ldrQ, v(31), X15, 0) }},
		{"str q31, [x14,#16]", func(e *buf) { e.ldst(strQ, v(31), X14, 16) }},
		{"ldr w0, [x25,x16]", func(e *buf) { e.ldstReg(ldrW, X0, X25, X16, extUXTX) }},
		{"ldr x0, [x25,w1,uxtw]", func(e *buf) { e.ldstReg(ldrX, X0, X25, X1, extUXTW) }},
		{"str d0, [x25,x16]", func(e *buf) { e.ldstReg(strD, v(0), X25, X16, extUXTX) }},
		{"br x16", func(e *buf) { e.br(X16) }},
		{"ldr d3, .+0x0", func(e *buf) { e.ldrLiteral(8, v(3)) }},
		{"ldr s3, .+0x0", func(e *buf) { e.ldrLiteral(4, v(3)) }},
		{"blr x16", func(e *buf) { e.blr(X16) }},
		{"ret", func(e *buf) { e.ret() }},
		{"brk #0x0", func(e *buf) { e.brk() }},
		{"fadd d0, d1, d2", func(e *buf) { e.fbinary(opFadd, 8, v(0), v(1), v(2)) }},
		{"fsub s0, s1, s2", func(e *buf) { e.fbinary(opFsub, 4, v(0), v(1), v(2)) }},
		{"fmul d0, d1, d2", func(e *buf) { e.fbinary(opFmul, 8, v(0), v(1), v(2)) }},
		{"fdiv s0, s1, s2", func(e *buf) { e.fbinary(opFdiv, 4, v(0), v(1), v(2)) }},
		{"fmin d0, d1, d2", func(e *buf) { e.fbinary(opFmin, 8, v(0), v(1), v(2)) }},
		{"fmax s0, s1, s2", func(e *buf) { e.fbinary(opFmax, 4, v(0), v(1), v(2)) }},
		{"fabs d0, d1", func(e *buf) { e.funary(opFabs, 8, v(0), v(1)) }},
		{"fneg s0, s1", func(e *buf) { e.funary(opFneg, 4, v(0), v(1)) }},
		{"fsqrt d0, d1", func(e *buf) { e.funary(opFsqrt, 8, v(0), v(1)) }},
		{"frintn d0, d1", func(e *buf) { e.funary(opFrintn, 8, v(0), v(1)) }},
		{"frintp s0, s1", func(e *buf) { e.funary(opFrintp, 4, v(0), v(1)) }},
		{"frintm d0, d1", func(e *buf) { e.funary(opFrintm, 8, v(0), v(1)) }},
		{"frintz s0, s1", func(e *buf) { e.funary(opFrintz, 4, v(0), v(1)) }},
		{"fmov d29, d3", func(e *buf) { e.fmov(v(29), v(3)) }},
		{"fcmp d1, d2", func(e *buf) { e.fcmp(8, v(1), v(2)) }},
		{"fcsel s0, s1, s2, ne", func(e *buf) { e.fcsel(4, v(0), v(1), v(2), condNE) }},
		{"fcvt d0, s1", func(e *buf) { e.fcvt(8, 4, v(0), v(1)) }},
		{"fcvt s0, d1", func(e *buf) { e.fcvt(4, 8, v(0), v(1)) }},
		{"fmov d0, x1", func(e *buf) { e.fmovToFloat(8, v(0), X1) }},
		{"fmov s0, w1", func(e *buf) { e.fmovToFloat(4, v(0), X1) }},
		{"fmov x0, d1", func(e *buf) { e.fmovToInt(8, X0, v(1)) }},
		{"fmov w0, s1", func(e *buf) { e.fmovToInt(4, X0, v(1)) }},
		{"scvtf d0, w1", func(e *buf) { e.cvtToFloat(true, 8, 4, v(0), X1) }},
		{"ucvtf s0, x1", func(e *buf) { e.cvtToFloat(false, 4, 8, v(0), X1) }},
		{"fcvtzs w0, d1", func(e *buf) { e.cvtToInt(true, 4, 8, X0, v(1)) }},
		{"fcvtzu x0, s1", func(e *buf) { e.cvtToInt(false, 8, 4, X0, v(1)) }},
	} {
		var e buf
		tc.emit(&e)
		require.Len(t, e.b, 4, tc.want)
		assert.Equal(t, tc.want, disasm(t, e.at(0)), "%08x", e.at(0))
	}
}

// TestBitmask checks logical immediates: every rotated run of ones in
// every element size encodes, and decodes to the same value; values that
// are not such patterns do not encode.
func TestBitmask(t *testing.T) {
	for _, size := range []uint8{4, 8} {
		width := uint(size) * 8
		for esize := uint(2); esize <= width; esize *= 2 {
			for ones := uint(1); ones < esize; ones++ {
				for rot := uint(0); rot < esize; rot++ {
					elem := rotr(uint64(1)<<ones-1, rot, esize)
					x := uint64(0)
					for i := uint(0); i < width; i += esize {
						x |= elem << i
					}
					nb, r, s, ok := bitmask(x, size)
					require.True(t, ok, "%#x", x)
					var e buf
					e.logicImm(opOrr, size, X0, XZR, nb, r, s)
					reg, zr := "x0", "xzr"
					if size == 4 {
						reg, zr, x = "w0", "wzr", x&0xFFFFFFFF
					}
					// The disassembler prefers the mov alias unless a
					// movz or movn could load the value.
					require.Contains(t, []string{fmt.Sprintf("mov %s, #%#x", reg, x), fmt.Sprintf("orr %s, %s, #%#x", reg, zr, x)}, disasm(t, e.at(0)))
				}
			}
		}
	}
	for _, x := range []uint64{0, ^uint64(0), 0x5, 0x1234, 0x8000000000000001 | 4} {
		_, _, _, ok := bitmask(x, 8)
		require.False(t, ok, "%#x", x)
	}
}
