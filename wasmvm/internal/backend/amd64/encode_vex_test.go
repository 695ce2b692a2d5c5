package amd64

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// objdumpIntel disassembles x86-64 machine code with binutils' objdump
// (x86asm cannot decode VEX) and returns one line per instruction:
// mnemonic and operands in Intel syntax, spaces collapsed.
func objdumpIntel(t *testing.T, code []byte) []string {
	t.Helper()
	path, err := exec.LookPath("objdump")
	require.NoError(t, err, "objdump (Debian binutils, in scripts/deps.sh TEST_PACKAGES)")
	bin := filepath.Join(t.TempDir(), "code.bin")
	require.NoError(t, os.WriteFile(bin, code, 0o644))
	out, err := exec.Command(path, "-D", "-b", "binary", "-m", "i386:x86-64", "-M", "intel", bin).CombinedOutput()
	require.NoError(t, err, "%s", out)
	line := regexp.MustCompile(`^\s*[0-9a-f]+:\t[0-9a-f ]+\t(.*)$`)
	var insns []string
	for _, l := range strings.Split(string(out), "\n") {
		if m := line.FindStringSubmatch(l); m != nil {
			text, _, _ := strings.Cut(m[1], "#") // rip-relative targets
			insns = append(insns, strings.Join(strings.Fields(text), " "))
		}
	}
	return insns
}

// TestEncodeVEX checks the VEX forms against objdump, with registers from
// both halves of the file in every field (REX.R, X, B and vvvv) and both
// prefix lengths.
func TestEncodeVEX(t *testing.T) {
	m := mem{base: R13, index: int(R9), scale: 2, disp: 8}
	tests := []struct {
		emit func(e *buf)
		want string
	}{
		{func(e *buf) { e.vexRRR(vPand, X1, X2, X12) }, "vpand xmm1,xmm2,xmm12"},
		{func(e *buf) { e.vexRRR(vPxor, X9, X10, X3) }, "vpxor xmm9,xmm10,xmm3"},
		{func(e *buf) { e.vexRRR(vPandn, X15, X0, X8) }, "vpandn xmm15,xmm0,xmm8"},
		{func(e *buf) { e.vexRRR(vPshufb, X1, X2, X3) }, "vpshufb xmm1,xmm2,xmm3"},
		{func(e *buf) { e.vexRRR(vPmulld, X14, X2, X13) }, "vpmulld xmm14,xmm2,xmm13"},
		{func(e *buf) { e.vexRRR(vPadd.of(ssa.ShapeI64x2), X1, X2, X3) }, "vpaddq xmm1,xmm2,xmm3"},
		{func(e *buf) { e.vexRRR(vPcmpgtq, X1, X11, X3) }, "vpcmpgtq xmm1,xmm11,xmm3"},
		{func(e *buf) { e.vexRRR(psOrPd(true, sseMin), X1, X2, X3) }, "vminpd xmm1,xmm2,xmm3"},
		{func(e *buf) { e.vexRRR(vMovsd, X1, X2, X3) }, "vmovsd xmm1,xmm2,xmm3"},
		{func(e *buf) { e.vexRRR(vMovlhps, X1, X2, X3) }, "vmovlhps xmm1,xmm2,xmm3"},
		{func(e *buf) { e.vexRRR(vPunpcklbw, X4, X12, X12) }, "vpunpcklbw xmm4,xmm12,xmm12"},
		{func(e *buf) { e.vexRRR(vPsllX.of(ssa.ShapeI16x8), X1, X2, X3) }, "vpsllw xmm1,xmm2,xmm3"},
		{func(e *buf) { e.vexRRRI(ps(0xC2), X1, X2, X3, cmpLt) }, "vcmpltps xmm1,xmm2,xmm3"},
		{func(e *buf) { e.vexRRRI(vInsertps, X1, X2, X3, 0x30) }, "vinsertps xmm1,xmm2,xmm3,0x30"},
		{func(e *buf) { e.vexRRRI(vPinsrq, X1, X2, R9, 1) }, "vpinsrq xmm1,xmm2,r9,0x1"},
		{func(e *buf) { e.vexRRRI(vPinsrb, X9, X2, RAX, 15) }, "vpinsrb xmm9,xmm2,eax,0xf"},
		{func(e *buf) { e.vexRRRI(vPinsrw, X1, X2, RSI, 7) }, "vpinsrw xmm1,xmm2,esi,0x7"},
		{func(e *buf) { e.vexRM(vPinsrd, X1, X2, m); e.byte1(3) }, "vpinsrd xmm1,xmm2,DWORD PTR [r13+r9*2+0x8],0x3"},
		{func(e *buf) { e.vexRM(vPbroadcastb, X3, 0, m) }, "vpbroadcastb xmm3,BYTE PTR [r13+r9*2+0x8]"},
		{func(e *buf) { e.vexRM(vPbroadcastw, X3, 0, m) }, "vpbroadcastw xmm3,WORD PTR [r13+r9*2+0x8]"},
		{func(e *buf) { e.vexRRR(vPbroadcastb, X11, 0, X11) }, "vpbroadcastb xmm11,xmm11"},
		{func(e *buf) { e.vexRRR(vPbroadcastw, X1, 0, X2) }, "vpbroadcastw xmm1,xmm2"},
		{func(e *buf) { e.vexRM(vBroadcastss, X3, 0, m) }, "vbroadcastss xmm3,DWORD PTR [r13+r9*2+0x8]"},
		{func(e *buf) { e.vecRM(vMovddup, X9, m) }, "movddup xmm9,QWORD PTR [r13+r9*2+0x8]"},
		{func(e *buf) { e.vexShiftImm(0x71, shiftRightLogical, X1, X2, 4) }, "vpsrlw xmm1,xmm2,0x4"},
		{func(e *buf) { e.vexShiftImm(0x72, shiftRightArithmetic, X10, X2, 31) }, "vpsrad xmm10,xmm2,0x1f"},
		{func(e *buf) { e.vexShiftImm(0x73, shiftLeft, X13, X9, 3) }, "vpsllq xmm13,xmm9,0x3"},
		{func(e *buf) { e.vexRIP(vPaddusb, X4, X5) }, "vpaddusb xmm4,xmm5,XMMWORD PTR [rip+0x0]"},
		{func(e *buf) { e.vexRIP(vPshufb, X12, X8) }, "vpshufb xmm12,xmm8,XMMWORD PTR [rip+0x0]"},
		{func(e *buf) { e.vexBlendv(X1, X2, X3, X12) }, "vpblendvb xmm1,xmm2,xmm3,xmm12"},
		{func(e *buf) { e.vexRM(yMovdquLoad, X13, 0, m) }, "vmovdqu ymm13,YMMWORD PTR [r13+r9*2+0x8]"},
		{func(e *buf) { e.vexRM(yMovdquLoad, X2, 0, memAt(RSI, 0)) }, "vmovdqu ymm2,YMMWORD PTR [rsi]"},
		{func(e *buf) { e.vexRM(yMovdquStore, X15, 0, m) }, "vmovdqu YMMWORD PTR [r13+r9*2+0x8],ymm15"},
		{func(e *buf) { e.vexRRR(yPbroadcastq, X15, 0, X15) }, "vpbroadcastq ymm15,xmm15"},
		{func(e *buf) { e.vzeroupper() }, "vzeroupper"},
	}
	var e buf
	for _, tc := range tests {
		tc.emit(&e)
	}
	got := objdumpIntel(t, e.b)
	require.Len(t, got, len(tests), "%q", got)
	for i, tc := range tests {
		require.Equal(t, tc.want, got[i], "row %d", i)
	}
}

// TestEncodeShiftX checks BMI2's shifts: destination in ModRM.reg, the
// shifted value in ModRM.rm, the count in VEX.vvvv.
func TestEncodeShiftX(t *testing.T) {
	for _, tc := range []struct {
		o           vop
		d, count, a reg
		want        string
	}{
		{vop{prefix: 0x66, esc: 0x38, op: 0xF7, w: true}, R9, RDI, R9, "shlx r9, r9, rdi"},
		{vop{prefix: 0xF2, esc: 0x38, op: 0xF7}, RSI, R11, RBX, "shrx esi, ebx, r11d"},
		{vop{prefix: 0xF3, esc: 0x38, op: 0xF7, w: true}, R12, RCX, R8, "sarx r12, r8, rcx"},
	} {
		var e buf
		e.vexRRR(tc.o, tc.d, tc.count, tc.a)
		require.Equal(t, tc.want, disasm(t, e.b))
	}
}
