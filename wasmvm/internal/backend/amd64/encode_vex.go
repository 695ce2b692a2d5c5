package amd64

// VEX-encoded (AVX) 128-bit forms of the packed instructions. The same vop
// describes both encodings: its mandatory prefix becomes VEX.pp, its escape
// VEX.m-mmmm and its w VEX.W; the first source moves to VEX.vvvv, so the
// destination no longer has to be that source. VEX.L is 0 throughout: the
// upper halves of the YMM registers are zeroed, never left dirty, so
// legacy SSE and VEX forms mix without transition penalties.

// vexPP is VEX.pp for a mandatory prefix.
func vexPP(prefix byte) byte {
	switch prefix {
	case 0x66:
		return 1
	case 0xF3:
		return 2
	case 0xF2:
		return 3
	}
	return 0
}

// vexMap is VEX.m-mmmm for an escape after 0F.
func vexMap(esc byte) byte {
	switch esc {
	case 0x38:
		return 2
	case 0x3A:
		return 3
	}
	return 1
}

// vexHead emits the VEX prefix and the opcode of o with reg field r, first
// source v (0 for the forms without one: vvvv = 1111), index x and rm or
// base b. It takes the two-byte form where it can.
func (e *buf) vexHead(o vop, r, v, x, b reg) {
	inv := func(q reg) byte { // REX.R, X and B, inverted
		if q&8 != 0 {
			return 0
		}
		return 1
	}
	vvvv := ^byte(v) & 15
	pp, mm := vexPP(o.prefix), vexMap(o.esc)
	if o.wide {
		pp |= 4 // VEX.L sits just above pp in either form
	}
	if !o.w && mm == 1 && x&8 == 0 && b&8 == 0 {
		e.byte1(0xC5, inv(r)<<7|vvvv<<3|pp)
	} else {
		w := byte(0)
		if o.w {
			w = 1
		}
		e.byte1(0xC4, inv(r)<<7|inv(x)<<6|inv(b)<<5|mm, w<<7|vvvv<<3|pp)
	}
	e.byte1(o.op)
}

// vexRRR emits o as d = v op rm on registers.
func (e *buf) vexRRR(o vop, d, v, rm reg) {
	e.vexHead(o, d, v, 0, rm)
	e.modRR(d, rm)
}

// vexRRRI is vexRRR with an 8-bit immediate.
func (e *buf) vexRRRI(o vop, d, v, rm reg, imm byte) {
	e.vexRRR(o, d, v, rm)
	e.byte1(imm)
}

// vexRM emits o as d = v op [m] (v 0 for the one-source forms).
func (e *buf) vexRM(o vop, d, v reg, m mem) {
	e.vexHead(o, d, v, memIndex(m), m.base)
	e.modMem(d, m)
}

// vexRIP emits o as d = v op [rip+rel32] and returns the rel32's offset,
// for patch32.
func (e *buf) vexRIP(o vop, d, v reg) int {
	e.vexHead(o, d, v, 0, 0)
	e.byte1(byte(d&7)<<3 | 5)
	e.imm32(0)
	return len(e.b) - 4
}

// vexShiftImm emits the immediate lane shift d = src shifted by imm: op
// 71, 72 or 73 with its /digit in the reg field and d in VEX.vvvv.
func (e *buf) vexShiftImm(op byte, digit, d, src reg, imm byte) {
	e.vexRRRI(vop{prefix: 0x66, op: op}, digit, d, src, imm)
}

// vexBlendv emits vpblendvb d, v, rm, mask: each byte from rm where the
// mask byte's top bit is set, else from v. The mask register rides in
// the immediate's top four bits.
func (e *buf) vexBlendv(d, v, rm, mask reg) {
	e.vexRRRI(vPblendvb, d, v, rm, byte(mask&15)<<4)
}

// vzeroupper zeroes the upper halves of the YMM registers, after the
// 256-bit forms, so that legacy SSE code that follows pays no penalty.
func (e *buf) vzeroupper() { e.byte1(0xC5, 0xF8, 0x77) }

// AVX and AVX2 instructions without an SSE form this backend uses.
var (
	vPblendvb     = p66x3A(0x4C) // AVX
	vPbroadcastb  = p66x38(0x78) // AVX2
	vPbroadcastw  = p66x38(0x79) // AVX2
	vPbroadcastd  = p66x38(0x58) // AVX2
	vPbroadcastq  = p66x38(0x59) // AVX2
	vBroadcastss  = p66x38(0x18) // AVX with a memory source, AVX2 from a register
	vMovddup      = pfx(0xF2, 0x12)
	yMovdquLoad   = vop{prefix: 0xF3, op: 0x6F, wide: true} // vmovdqu ymm, m256
	yMovdquStore  = vop{prefix: 0xF3, op: 0x7F, wide: true} // vmovdqu m256, ymm
	yPbroadcastq  = vop{prefix: 0x66, esc: 0x38, op: 0x59, wide: true}
	vPbroadcastOf = map[uint64]vop{1: vPbroadcastb, 2: vPbroadcastw, 4: vPbroadcastd, 8: vPbroadcastq}
)
