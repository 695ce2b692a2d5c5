package amd64

// Packed SSE instructions (SSE2 to SSE4.2) on whole XMM registers.

// vop is a packed instruction's encoding: the mandatory prefix (0, 66, F2
// or F3), the escape byte after 0F (0, 38 or 3A), the opcode, and REX.W
// for the 64-bit general-register forms (pinsrq, pextrq, movq).
type vop struct {
	prefix, esc, op byte
	w               bool
	wide            bool // VEX.L: the 256-bit (YMM) form
}

func (e *buf) vopHead(o vop, r, x, b reg) {
	if o.prefix != 0 {
		e.byte1(o.prefix)
	}
	e.rex(o.w, r, x, b, false)
	e.byte1(0x0F)
	if o.esc != 0 {
		e.byte1(o.esc)
	}
	e.byte1(o.op)
}

// vecRR emits o with reg field r and register operand rm.
func (e *buf) vecRR(o vop, r, rm reg) {
	e.vopHead(o, r, 0, rm)
	e.modRR(r, rm)
}

// vecRRI is vecRR with an 8-bit immediate.
func (e *buf) vecRRI(o vop, r, rm reg, imm byte) {
	e.vecRR(o, r, rm)
	e.byte1(imm)
}

// vecRM emits o with reg field r and a memory operand.
func (e *buf) vecRM(o vop, r reg, m mem) {
	e.vopHead(o, r, memIndex(m), m.base)
	e.modMem(r, m)
}

// vecRMI is vecRM with an 8-bit immediate.
func (e *buf) vecRMI(o vop, r reg, m mem, imm byte) {
	e.vecRM(o, r, m)
	e.byte1(imm)
}

// vecRIP emits o with a [rip+rel32] operand and returns the rel32's
// offset, for patch32 (no immediate may follow).
func (e *buf) vecRIP(o vop, r reg) int {
	e.vopHead(o, r, 0, 0)
	e.byte1(byte(r&7)<<3 | 5)
	e.imm32(0)
	return len(e.b) - 4
}

// shiftDigit is the /digit of the immediate shifts (66 0F 71, 72, 73).
const (
	shiftRightLogical    = 2
	shiftRightArithmetic = 4
	shiftRightBytes      = 3 // psrldq
	shiftLeft            = 6
)

// vecShiftImm emits a lane shift of r by imm: op 71 (words), 72
// (doublewords) or 73 (quadwords).
func (e *buf) vecShiftImm(op byte, digit reg, r reg, imm byte) {
	e.vecRRI(vop{prefix: 0x66, op: op}, digit, r, imm)
}

func p66(op byte) vop    { return vop{prefix: 0x66, op: op} }
func p66x38(op byte) vop { return vop{prefix: 0x66, esc: 0x38, op: op} }
func p66x3A(op byte) vop { return vop{prefix: 0x66, esc: 0x3A, op: op} }
func ps(op byte) vop     { return vop{op: op} }
func pfx(p, op byte) vop { return vop{prefix: p, op: op} }
func withW(o vop) vop    { o.w = true; return o }
func pd(op byte) vop     { return p66(op) }
func psOrPd(double bool, op byte) vop {
	if double {
		return pd(op)
	}
	return ps(op)
}

// Packed instructions by name.
var (
	vMovaps     = ps(0x28)
	vMovups     = ps(0x10)
	vMovupsSt   = ps(0x11)
	vMovss      = pfx(0xF3, 0x10)
	vMovsd      = pfx(0xF2, 0x10)
	vMovqLoad   = pfx(0xF3, 0x7E) // movq xmm, xmm/m64 (zeroes the upper half)
	vMovd       = p66(0x6E)       // movd xmm, r/m32
	vMovq       = withW(p66(0x6E))
	vPand       = p66(0xDB)
	vPandn      = p66(0xDF)
	vPor        = p66(0xEB)
	vPxor       = p66(0xEF)
	vAndps      = ps(0x54)
	vAndnps     = ps(0x55)
	vOrps       = ps(0x56)
	vXorps      = ps(0x57)
	vPtest      = p66x38(0x17)
	vPshufb     = p66x38(0x00)
	vPshufd     = p66(0x70)
	vPshuflw    = pfx(0xF2, 0x70)
	vShufps     = ps(0xC6)
	vPunpcklbw  = p66(0x60)
	vPunpckhbw  = p66(0x68)
	vPunpcklwd  = p66(0x61)
	vPunpckhwd  = p66(0x69)
	vPunpcklqdq = p66(0x6C)
	vUnpcklps   = ps(0x14)
	vMovlhps    = ps(0x16)
	vPmovmskb   = p66(0xD7)
	vMovmskps   = ps(0x50)
	vMovmskpd   = p66(0x50)
	vPacksswb   = p66(0x63)
	vPackssdw   = p66(0x6B)
	vPackuswb   = p66(0x67)
	vPackusdw   = p66x38(0x2B)
	vPextrb     = p66x3A(0x14) // r/m8, xmm: reg field xmm
	vPextrw     = p66(0xC5)    // r32, xmm: reg field r32
	vPextrwM    = p66x3A(0x15) // m16, xmm
	vPextrd     = p66x3A(0x16)
	vPextrq     = withW(p66x3A(0x16))
	vPinsrb     = p66x3A(0x20)
	vPinsrw     = p66(0xC4)
	vPinsrd     = p66x3A(0x22)
	vPinsrq     = withW(p66x3A(0x22))
	vInsertps   = p66x3A(0x21)
	vPmaddubsw  = p66x38(0x04)
	vPmaddwd    = p66(0xF5)
	vPmullw     = p66(0xD5)
	vPmulhw     = p66(0xE5)
	vPmulhuw    = p66(0xE4)
	vPmulld     = p66x38(0x40)
	vPmuludq    = p66(0xF4)
	vPmuldq     = p66x38(0x28)
	vPhaddd     = p66x38(0x02)
	vPmulhrsw   = p66x38(0x0B)
	vPaddusb    = p66(0xDC)
	vCvttps2dq  = pfx(0xF3, 0x5B)
	vCvtdq2ps   = ps(0x5B)
	vCvtdq2pd   = pfx(0xF3, 0xE6)
	vCvttpd2dq  = p66(0xE6)
	vCvtpd2ps   = p66(0x5A)
	vCvtps2pd   = ps(0x5A)
	vRoundps    = p66x3A(0x08)
	vRoundpd    = p66x3A(0x09)
	vPcmpeqq    = p66x38(0x29)
	vPcmpgtq    = p66x38(0x37) // SSE4.2
)
