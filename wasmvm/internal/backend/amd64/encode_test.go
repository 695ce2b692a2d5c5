package amd64

import (
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/arch/x86/x86asm"
)

// disasm decodes exactly one instruction filling b and returns it in Intel
// syntax.
func disasm(t *testing.T, b []byte) string {
	t.Helper()
	inst, err := x86asm.Decode(b, 64)
	require.NoError(t, err, "% x", b)
	require.Equal(t, len(b), inst.Len, "% x decodes as %v", b, inst)
	return x86asm.IntelSyntax(inst, 0, nil)
}

func TestEncodeTable(t *testing.T) {
	tests := []struct {
		emit func(e *buf)
		want string
	}{
		{func(e *buf) { e.movRR(8, RAX, R15) }, "mov rax, r15"},
		{func(e *buf) { e.movRR(4, R9, RSI) }, "mov r9d, esi"},
		{func(e *buf) { e.movRI(4, RBX, -1) }, "mov ebx, -0x1"},
		{func(e *buf) { e.movRI(8, R12, -5) }, "mov r12, -0x5"},
		{func(e *buf) { e.movRI(8, RDI, 0x123456789) }, "mov rdi, 0x123456789"},
		{func(e *buf) { e.load(8, RAX, memAt(R13, 0)) }, "mov rax, qword ptr [r13]"},
		{func(e *buf) { e.load(4, R8, memAt(RSP, 16)) }, "mov r8d, dword ptr [rsp+0x10]"},
		{func(e *buf) { e.load(8, RCX, mem{base: R13, index: int(RAX), scale: 1, disp: 0x1000}) }, "mov rcx, qword ptr [r13+rax+0x1000]"},
		{func(e *buf) { e.load(4, RDX, memAt(R12, -8)) }, "mov edx, dword ptr [r12-0x8]"},
		{func(e *buf) { e.store(1, mem{base: R13, index: int(RAX), scale: 1}, RSI) }, "mov byte ptr [r13+rax], sil"},
		{func(e *buf) { e.store(2, memAt(RBP, 4), R9) }, "mov word ptr [rbp+0x4], r9w"},
		{func(e *buf) { e.store(8, memAt(RSP, 0), RBX) }, "mov qword ptr [rsp], rbx"},
		{func(e *buf) { e.loadExt(4, RAX, memAt(RDI, 1), 1, true) }, "movsx eax, byte ptr [rdi+0x1]"},
		{func(e *buf) { e.loadExt(8, R10, memAt(RDI, 1), 2, false) }, "movzx r10, word ptr [rdi+0x1]"},
		{func(e *buf) { e.loadExt(8, R10, memAt(RDI, 1), 4, true) }, "movsxd r10, dword ptr [rdi+0x1]"},
		{func(e *buf) { e.extendRR(4, RAX, RSI, 8) }, "movsx eax, sil"},
		{func(e *buf) { e.extendRR(8, R11, R8, 16) }, "movsx r11, r8w"},
		{func(e *buf) { e.extendRR(8, R11, R8, 32) }, "movsxd r11, r8d"},
		{func(e *buf) { e.zeroExtendRR(RAX, RDI, 8) }, "movzx eax, dil"},
		{func(e *buf) { e.zeroExtendRR(R9, RBP, 8) }, "movzx r9d, bpl"},
		{func(e *buf) { e.zeroExtendRR(RSI, R12, 8) }, "movzx esi, r12b"},
		{func(e *buf) { e.zeroExtendRR(RDX, RCX, 8) }, "movzx edx, cl"},
		{func(e *buf) { e.zeroExtendRR(R14, RSP, 16) }, "movzx r14d, sp"},
		{func(e *buf) { e.zeroExtendRR(RBX, R10, 16) }, "movzx ebx, r10w"},
		{func(e *buf) { e.aluRR(aluAdd, 8, RBX, R12) }, "add rbx, r12"},
		{func(e *buf) { e.aluRR(aluSub, 4, R9, RAX) }, "sub r9d, eax"},
		{func(e *buf) { e.aluRR(aluCmp, 8, RSP, RCX) }, "cmp rsp, rcx"},
		{func(e *buf) { e.aluRI(aluAdd, 8, RSP, 16) }, "add rsp, 0x10"},
		{func(e *buf) { e.aluRI(aluSub, 8, RSP, 4096) }, "sub rsp, 0x1000"},
		{func(e *buf) { e.aluRM(aluCmp, 8, RAX, memAt(R15, 0)) }, "cmp rax, qword ptr [r15]"},
		{func(e *buf) { e.test(4, RDI, RDI) }, "test edi, edi"},
		{func(e *buf) { e.imulRR(8, R8, R9) }, "imul r8, r9"},
		{func(e *buf) { e.unaryF7(8, 7, RCX) }, "idiv rcx"},
		{func(e *buf) { e.unaryF7(4, 6, R10) }, "div r10d"},
		{func(e *buf) { e.signExtendAX(8) }, "cqo"},
		{func(e *buf) { e.signExtendAX(4) }, "cdq"},
		{func(e *buf) { e.shiftCL(8, 4, R12) }, "shl r12, cl"},
		{func(e *buf) { e.shiftCL(4, 7, RAX) }, "sar eax, cl"},
		{func(e *buf) { e.shiftCL(4, 1, RDI) }, "ror edi, cl"},
		{func(e *buf) { e.bitCount(8, 0xBD, RAX, R9) }, "lzcnt rax, r9"},
		{func(e *buf) { e.bitCount(4, 0xB8, R11, RSI) }, "popcnt r11d, esi"},
		{func(e *buf) { e.bswap(4, RSI) }, "bswap esi"},
		{func(e *buf) { e.bt(4, R11, RSI) }, "bt r11d, esi"},
		{func(e *buf) { e.bt(8, RAX, R9) }, "bt rax, r9"},
		{func(e *buf) { e.bswap(8, R12) }, "bswap r12"},
		{func(e *buf) { e.bswap(4, R9) }, "bswap r9d"},
		{func(e *buf) { e.cmov(8, ccNE, RAX, R8) }, "cmovnz rax, r8"},
		{func(e *buf) { e.lea(RAX, memAt(RSP, -64)) }, "lea rax, ptr [rsp-0x40]"},
		{func(e *buf) { e.push(R12) }, "push r12"},
		{func(e *buf) { e.pop(RBX) }, "pop rbx"},
		{func(e *buf) { e.jmpR(R11) }, "jmp r11"},
		{func(e *buf) { e.storeImm(4, memAt(R15, 32), 7) }, "mov dword ptr [r15+0x20], 0x7"},
		{func(e *buf) { e.storeImm(1, mem{base: R13, index: int(R9), scale: 1, disp: 3}, -1) }, "mov byte ptr [r13+r9+0x3], 0xff"},
		{func(e *buf) { e.storeImm(2, memAt(R13, 0xe90), 0x1234) }, "mov word ptr [r13+0xe90], 0x1234"},
		{func(e *buf) { e.storeImm(8, memAt(R13, 8), -2) }, "mov qword ptr [r13+0x8], -0x2"},
		{func(e *buf) { e.aluRM(aluCmp, 8, RSP, memAt(R15, 56)) }, "cmp rsp, qword ptr [r15+0x38]"},
		{func(e *buf) { e.shiftImm(8, 5, RDX, 1) }, "shr rdx, 0x1"},
	}
	for _, tc := range tests {
		var e buf
		tc.emit(&e)
		require.Equal(t, tc.want, disasm(t, e.b))
	}
}

// TestEncodeSetcc checks the two-instruction setcc sequence on every
// allocatable register, including those that need a REX prefix for their
// byte form.
func TestEncodeSetcc(t *testing.T) {
	for _, r := range registerInfo.Allocatable[0] {
		var e buf
		e.setcc(ccL, r)
		inst, err := x86asm.Decode(e.b, 64)
		require.NoError(t, err)
		require.Equal(t, x86asm.SETL, inst.Op)
		rest := e.b[inst.Len:]
		inst2, err := x86asm.Decode(rest, 64)
		require.NoError(t, err)
		require.Equal(t, len(rest), inst2.Len)
		require.Equal(t, x86asm.MOVZX, inst2.Op, RegName(r))
	}
}

// TestEncodeMemoryForms checks every base and index register with every
// displacement class against the decoder.
func TestEncodeMemoryForms(t *testing.T) {
	for base := RAX; base <= R15; base++ {
		for _, disp := range []int32{0, 8, -128, 200, -70000} {
			for _, index := range []int{-1, int(RAX), int(R9), int(R13)} {
				m := mem{base: base, index: index, scale: 8, disp: disp}
				var e buf
				e.load(8, RDX, m)
				inst, err := x86asm.Decode(e.b, 64)
				require.NoError(t, err)
				require.Equal(t, len(e.b), inst.Len)
				got := inst.Args[1].(x86asm.Mem)
				require.Equal(t, x86asm.RAX+x86asm.Reg(base), got.Base, "base %s", RegName(base))
				require.Equal(t, int64(disp), int64(int32(got.Disp)))
				if index >= 0 {
					require.Equal(t, x86asm.RAX+x86asm.Reg(index), got.Index)
					require.EqualValues(t, 8, got.Scale)
				} else {
					require.Equal(t, x86asm.Reg(0), got.Index)
				}
			}
		}
	}
}

// TestEncodeNoBase checks lea's [index*scale + disp32] form, which sums
// an address whose constant base sits in the displacement, and [disp32]
// (no index), the end of an access at a constant address.
func TestEncodeNoBase(t *testing.T) {
	for _, index := range []int{-1, int(RAX), int(RBP), int(R9), int(R13), int(R15)} {
		for _, scale := range []uint8{1, 2, 4, 8} {
			for _, disp := range []int32{0, 0xec0, -8, 1 << 30} {
				var e buf
				e.lea32(R11, mem{base: noBase, index: index, scale: scale, disp: disp})
				inst, err := x86asm.Decode(e.b, 64)
				require.NoError(t, err)
				require.Equal(t, len(e.b), inst.Len)
				require.Equal(t, x86asm.LEA, inst.Op)
				require.Equal(t, x86asm.R11L, inst.Args[0])
				got := inst.Args[1].(x86asm.Mem)
				require.Equal(t, x86asm.Reg(0), got.Base)
				if index < 0 {
					require.Equal(t, x86asm.Reg(0), got.Index)
				} else {
					require.Equal(t, x86asm.RAX+x86asm.Reg(index), got.Index)
					require.Equal(t, scale, got.Scale)
				}
				require.Equal(t, int64(disp), int64(int32(got.Disp)))
			}
		}
	}
}

func TestEncodeSSE(t *testing.T) {
	tests := []struct {
		emit func(e *buf)
		want string
	}{
		{func(e *buf) { e.movaps(X1, X12) }, "movaps xmm1, xmm12"},
		{func(e *buf) { e.loadF(8, X9, memAt(RSP, 8)) }, "movsd xmm9, qword ptr [rsp+0x8]"},
		{func(e *buf) { e.loadF(4, X0, mem{base: R13, index: int(RAX), scale: 1, disp: 4}) }, "movss xmm0, dword ptr [r13+rax+0x4]"},
		{func(e *buf) { e.storeF(8, memAt(RSP, 0), X15) }, "movsd qword ptr [rsp], xmm15"},
		{func(e *buf) { e.loadFRIP(8, X9) }, "movsd xmm9, qword ptr [rip]"},
		{func(e *buf) { e.loadFRIP(4, X2) }, "movss xmm2, dword ptr [rip]"},
		{func(e *buf) { e.sseRR(0, false, 0x57, X3, X3) }, "xorps xmm3, xmm3"},
		{func(e *buf) { e.storeF(4, memAt(RBX, 0), X3) }, "movss dword ptr [rbx], xmm3"},
		{func(e *buf) { e.movGtoX(8, X2, R9) }, "movq xmm2, r9"},
		{func(e *buf) { e.movGtoX(4, X10, RAX) }, "movd xmm10, eax"},
		{func(e *buf) { e.movXtoG(8, RAX, X11) }, "movq rax, xmm11"},
		{func(e *buf) { e.movXtoG(4, R8, X1) }, "movd r8d, xmm1"},
		{func(e *buf) { e.arithF(8, sseAdd, X1, X2) }, "addsd xmm1, xmm2"},
		{func(e *buf) { e.arithF(4, sseDiv, X8, X13) }, "divss xmm8, xmm13"},
		{func(e *buf) { e.arithF(8, sseSqrt, X0, X0) }, "sqrtsd xmm0, xmm0"},
		{func(e *buf) { e.arithF(4, sseMin, X5, X6) }, "minss xmm5, xmm6"},
		{func(e *buf) { e.ucomis(8, X1, X9) }, "ucomisd xmm1, xmm9"},
		{func(e *buf) { e.ucomis(4, X1, X2) }, "ucomiss xmm1, xmm2"},
		{func(e *buf) { e.bitwiseF(0x56, X1, X2) }, "orpd xmm1, xmm2"},
		{func(e *buf) { e.bitwiseF(0x54, X9, X2) }, "andpd xmm9, xmm2"},
		{func(e *buf) { e.cvtIntToF(8, 8, X3, R12) }, "cvtsi2sd xmm3, r12"},
		{func(e *buf) { e.cvtIntToF(4, 4, X3, RSI) }, "cvtsi2ss xmm3, esi"},
		{func(e *buf) { e.cvttFToInt(8, 4, RAX, X7) }, "cvttsd2si eax, xmm7"},
		{func(e *buf) { e.cvttFToInt(4, 8, R10, X7) }, "cvttss2si r10, xmm7"},
		{func(e *buf) { e.cvtFToF(4, X1, X2) }, "cvtss2sd xmm1, xmm2"},
		{func(e *buf) { e.cvtFToF(8, X1, X2) }, "cvtsd2ss xmm1, xmm2"},
		{func(e *buf) { e.roundF(8, X1, X9, 9) }, "roundsd xmm1, xmm9, 0x9"},
		{func(e *buf) { e.roundF(4, X14, X2, 11) }, "roundss xmm14, xmm2, 0xb"},
	}
	for _, tc := range tests {
		var e buf
		tc.emit(&e)
		require.Equal(t, tc.want, disasm(t, e.b))
	}
}
