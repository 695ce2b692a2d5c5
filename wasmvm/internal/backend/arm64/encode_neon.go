package arm64

// This file encodes the Advanced SIMD (NEON) instructions of ARMv8.0-A
// that the SIMD emitter uses, by encoding class of the Arm Architecture
// Reference Manual (C4.1.95 "Advanced SIMD data processing" and the
// load/store single structure class). Each instruction constant holds the
// fixed bits with U and opcode; the arrangement supplies size and Q.
// encode_neon_test.go checks every form against arm64asm.

// arr is the arrangement of a vector operand: lane size and whether the
// whole 128 bits (Q) or the low 64 are used. Its value is size<<1 | Q.
type arr uint8

// Arrangements.
const (
	arr8B arr = iota
	arr16B
	arr4H
	arr8H
	arr2S
	arr4S
	arr1D
	arr2D
)

// size is the lane-size field (0 bytes ... 3 doublewords).
func (a arr) size() uint32 { return uint32(a) >> 1 }

// q is the Q bit in place.
func (a arr) q() uint32 { return uint32(a&1) << 30 }

// bits places size and Q.
func (a arr) bits() uint32 { return a.q() | a.size()<<22 }

// fsz is the sz bit of the float forms: set for double lanes.
func (a arr) fsz() uint32 {
	if a.size() == 3 {
		return 1 << 22
	}
	return 0
}

// laneBits is the width of a lane.
func (a arr) laneBits() uint32 { return 8 << a.size() }

// fullArr is the 128-bit arrangement of lanes of lb bytes.
func fullArr(lb int) arr {
	switch lb {
	case 2:
		return arr8H
	case 4:
		return arr4S
	case 8:
		return arr2D
	}
	return arr16B
}

// halfArr is the 64-bit arrangement of lanes of lb bytes.
func halfArr(lb int) arr { return fullArr(lb) &^ 1 }

// vU is the U bit of the data-processing classes (the unsigned or second
// variant of an opcode).
const vU uint32 = 1 << 29

// Three registers of the same arrangement: d = n op m.
const (
	sameBase uint32 = 0x0E200400

	vAdd     = sameBase | 0b10000<<11
	vSub     = sameBase | vU | 0b10000<<11
	vMul     = sameBase | 0b10011<<11
	vSqadd   = sameBase | 0b00001<<11
	vUqadd   = sameBase | vU | 0b00001<<11
	vSqsub   = sameBase | 0b00101<<11
	vUqsub   = sameBase | vU | 0b00101<<11
	vUrhadd  = sameBase | vU | 0b00010<<11
	vCmgt    = sameBase | 0b00110<<11
	vCmhi    = sameBase | vU | 0b00110<<11
	vCmge    = sameBase | 0b00111<<11
	vCmhs    = sameBase | vU | 0b00111<<11
	vCmeq    = sameBase | vU | 0b10001<<11
	vSshl    = sameBase | 0b01000<<11
	vUshl    = sameBase | vU | 0b01000<<11
	vSmax    = sameBase | 0b01100<<11
	vUmax    = sameBase | vU | 0b01100<<11
	vSmin    = sameBase | 0b01101<<11
	vUmin    = sameBase | vU | 0b01101<<11
	vSmaxp   = sameBase | 0b10100<<11
	vUmaxp   = sameBase | vU | 0b10100<<11
	vSminp   = sameBase | 0b10101<<11
	vUminp   = sameBase | vU | 0b10101<<11
	vAddp    = sameBase | 0b10111<<11
	vSqrdmul = sameBase | vU | 0b10110<<11

	// The logical operations select their operation with the size
	// field: use them with arr16B (or arr8B).
	vAnd = sameBase | 0b00011<<11
	vBic = sameBase | 1<<22 | 0b00011<<11
	vOrr = sameBase | 2<<22 | 0b00011<<11
	vOrn = sameBase | 3<<22 | 0b00011<<11
	vEor = sameBase | vU | 0b00011<<11
	vBsl = sameBase | vU | 1<<22 | 0b00011<<11 // d = d ? n : m, bitwise
	vBit = sameBase | vU | 2<<22 | 0b00011<<11 // d = m ? n : d
	vBif = sameBase | vU | 3<<22 | 0b00011<<11 // d = m ? d : n
)

// vec3 emits an integer three-same, three-different or permute
// instruction of arrangement a (for the widening forms the source's).
func (e *buf) vec3(op uint32, a arr, d, n, m reg) {
	e.word(op | a.bits() | rn(m)<<16 | rn(n)<<5 | rn(d))
}

// Float three-same: bit 23 (a) is part of the opcode, bit 22 the lane
// size.
const (
	vfA uint32 = 1 << 23

	vFadd    = sameBase | 0b11010<<11
	vFsub    = sameBase | vfA | 0b11010<<11
	vFmul    = sameBase | vU | 0b11011<<11
	vFdiv    = sameBase | vU | 0b11111<<11
	vFmax    = sameBase | 0b11110<<11
	vFmin    = sameBase | vfA | 0b11110<<11
	vFmaxnm  = sameBase | 0b11000<<11
	vFminnm  = sameBase | vfA | 0b11000<<11
	vFcmeq   = sameBase | 0b11100<<11
	vFcmge   = sameBase | vU | 0b11100<<11
	vFcmgt   = sameBase | vU | vfA | 0b11100<<11
	vFaddp   = sameBase | vU | 0b11010<<11
	vFmaxp   = sameBase | vU | 0b11110<<11
	vFminp   = sameBase | vU | vfA | 0b11110<<11
	vFmaxnmp = sameBase | vU | 0b11000<<11
)

// vecf3 emits a float three-same instruction on arrangement a (2S, 4S or
// 2D).
func (e *buf) vecf3(op uint32, a arr, d, n, m reg) {
	e.word(op | a.q() | a.fsz() | rn(m)<<16 | rn(n)<<5 | rn(d))
}

// Three registers of different arrangements: long results from the low
// half (Q clear) or the high half (Q set, the "2" forms).
const (
	diffBase uint32 = 0x0E200000

	vSmull = diffBase | 0b1100<<12
	vUmull = diffBase | vU | 0b1100<<12
	vSmlal = diffBase | 0b1000<<12
	vUmlal = diffBase | vU | 0b1000<<12
)

// Permutations: d from the lanes of n and m.
const (
	permBase uint32 = 0x0E000800

	vUzp1 = permBase | 0b001<<12
	vTrn1 = permBase | 0b010<<12
	vZip1 = permBase | 0b011<<12
	vUzp2 = permBase | 0b101<<12
	vTrn2 = permBase | 0b110<<12
	vZip2 = permBase | 0b111<<12
)

// Two registers (d = op n), and the reductions across lanes.
const (
	miscBase   uint32 = 0x0E200800
	acrossBase uint32 = 0x0E300800

	vRev64  = miscBase | 0b00000<<12
	vSaddlp = miscBase | 0b00010<<12
	vUaddlp = miscBase | vU | 0b00010<<12
	vCnt    = miscBase | 0b00101<<12 // 8B or 16B
	vNot    = miscBase | vU | 0b00101<<12
	vCmgtZ  = miscBase | 0b01000<<12
	vCmgeZ  = miscBase | vU | 0b01000<<12
	vCmeqZ  = miscBase | 0b01001<<12
	vCmleZ  = miscBase | vU | 0b01001<<12
	vCmltZ  = miscBase | 0b01010<<12
	vAbs    = miscBase | 0b01011<<12
	vNeg    = miscBase | vU | 0b01011<<12
	// The narrowing forms take the result's arrangement: 8B/4H/2S
	// write the low half and clear the high one, 16B/8H/4S (the "2"
	// forms) write the high half and keep the low one.
	vXtn    = miscBase | 0b10010<<12
	vSqxtun = miscBase | vU | 0b10010<<12
	vSqxtn  = miscBase | 0b10100<<12
	vUqxtn  = miscBase | vU | 0b10100<<12

	vAddv  = acrossBase | 0b11011<<12
	vSmaxv = acrossBase | 0b01010<<12
	vUmaxv = acrossBase | vU | 0b01010<<12
	vSminv = acrossBase | 0b11010<<12
	vUminv = acrossBase | vU | 0b11010<<12
)

// vec2 emits a two-register or across-lanes instruction on arrangement a.
func (e *buf) vec2(op uint32, a arr, d, n reg) {
	e.word(op | a.bits() | rn(n)<<5 | rn(d))
}

// Float two-register instructions, used with vecf2.
const (
	vFrintn = miscBase | 0b11000<<12
	vFrintm = miscBase | 0b11001<<12
	vFrintp = miscBase | vfA | 0b11000<<12
	vFrintz = miscBase | vfA | 0b11001<<12
	vFcvtzs = miscBase | vfA | 0b11011<<12
	vFcvtzu = miscBase | vU | vfA | 0b11011<<12
	vScvtf  = miscBase | 0b11101<<12
	vUcvtf  = miscBase | vU | 0b11101<<12
	vFabs   = miscBase | vfA | 0b01111<<12
	vFneg   = miscBase | vU | vfA | 0b01111<<12
	vFsqrt  = miscBase | vU | vfA | 0b11111<<12
	vFcmgtZ = miscBase | vfA | 0b01100<<12
	vFcmeqZ = miscBase | vfA | 0b01101<<12
	vFcmltZ = miscBase | vfA | 0b01110<<12
	vFcmgeZ = miscBase | vU | vfA | 0b01100<<12
	vFcmleZ = miscBase | vU | vfA | 0b01101<<12
)

// vecf2 emits a float two-register instruction on arrangement a.
func (e *buf) vecf2(op uint32, a arr, d, n reg) {
	e.word(op | a.q() | a.fsz() | rn(n)<<5 | rn(d))
}

// fcvtn narrows the two doubles of n to the low two singles of d (clearing
// the high half); fcvtl widens the low two singles of n to doubles.
func (e *buf) fcvtn(d, n reg) { e.word(miscBase | 1<<22 | 0b10110<<12 | rn(n)<<5 | rn(d)) }
func (e *buf) fcvtl(d, n reg) { e.word(miscBase | 1<<22 | 0b10111<<12 | rn(n)<<5 | rn(d)) }

// Shifts by an immediate.
const (
	shiftBase uint32 = 0x0F000400

	vSshr  = shiftBase | 0b00000<<11
	vUshr  = shiftBase | vU | 0b00000<<11
	vSsra  = shiftBase | 0b00010<<11
	vUsra  = shiftBase | vU | 0b00010<<11
	vShl   = shiftBase | 0b01010<<11
	vSshll = shiftBase | 0b10100<<11 // shift 0: sxtl
	vUshll = shiftBase | vU | 0b10100<<11
)

// shiftLeft emits a left shift by sh (0 <= sh < lane bits) of
// arrangement a (the source's for sshll/ushll; Q selects the high half).
func (e *buf) shiftLeft(op uint32, a arr, d, n reg, sh uint32) {
	e.word(op | a.q() | (a.laneBits()+sh)<<16 | rn(n)<<5 | rn(d))
}

// shiftRight emits a right shift by sh (1 <= sh <= lane bits).
func (e *buf) shiftRight(op uint32, a arr, d, n reg, sh uint32) {
	e.word(op | a.q() | (2*a.laneBits()-sh)<<16 | rn(n)<<5 | rn(d))
}

// imm5 encodes a lane of lb bytes and its index for the copy class.
func imm5(lb int, idx int) uint32 {
	sz := uint32(0)
	for 1<<sz < lb {
		sz++
	}
	return (uint32(idx)<<(sz+1) | 1<<sz) << 16
}

// dupElem sets every lane of d (arrangement a) to lane idx of n.
func (e *buf) dupElem(a arr, d, n reg, idx int) {
	e.word(0x0E000400 | a.q() | imm5(1<<a.size(), idx) | rn(n)<<5 | rn(d))
}

// dupGen sets every lane of d to the low bits of general register n.
func (e *buf) dupGen(a arr, d, n reg) {
	e.word(0x0E000C00 | a.q() | imm5(1<<a.size(), 0) | rn(n)<<5 | rn(d))
}

// dupScalar copies lane idx of n (lanes of lb bytes) into the scalar d,
// clearing the rest of d (mov s0, v1.s[2]).
func (e *buf) dupScalar(lb int, d, n reg, idx int) {
	e.word(0x5E000400 | imm5(lb, idx) | rn(n)<<5 | rn(d))
}

// insGen replaces lane idx of d with general register n.
func (e *buf) insGen(lb int, d reg, idx int, n reg) {
	e.word(0x4E001C00 | imm5(lb, idx) | rn(n)<<5 | rn(d))
}

// insElem replaces lane di of d with lane si of n.
func (e *buf) insElem(lb int, d reg, di int, n reg, si int) {
	e.word(0x6E000400 | imm5(lb, di) | uint32(si*lb)<<11 | rn(n)<<5 | rn(d))
}

// umov copies lane idx of n, zero-extended, into general register d (a W
// register, or X for 8-byte lanes).
func (e *buf) umov(lb int, d, n reg, idx int) {
	q := uint32(0)
	if lb == 8 {
		q = 1 << 30
	}
	e.word(0x0E003C00 | q | imm5(lb, idx) | rn(n)<<5 | rn(d))
}

// smov copies lane idx of n sign-extended to a W register (size 4) or an
// X register (size 8).
func (e *buf) smov(size uint8, lb int, d, n reg, idx int) {
	q := uint32(0)
	if size == 8 {
		q = 1 << 30
	}
	e.word(0x0E002C00 | q | imm5(lb, idx) | rn(n)<<5 | rn(d))
}

// tbl looks up the bytes of m in the table of regs consecutive registers
// from n (1 or 2); an index out of the table gives 0.
func (e *buf) tbl(d, n reg, regs int, m reg) {
	e.word(0x4E000000 | rn(m)<<16 | uint32(regs-1)<<13 | rn(n)<<5 | rn(d))
}

// ext takes 16 bytes of m:n from byte imm of n on.
func (e *buf) ext(d, n, m reg, imm int) {
	e.word(0x6E000000 | rn(m)<<16 | uint32(imm)<<11 | rn(n)<<5 | rn(d))
}

// vmov copies a whole vector register (orr d, n, n).
func (e *buf) vmov(d, n reg) { e.vec3(vOrr, arr16B, d, n, n) }

// movi16b sets every byte of d to b.
func (e *buf) movi16b(d reg, b uint8) {
	e.word(0x4F00E400 | uint32(b>>5)<<16 | uint32(b&31)<<5 | rn(d))
}

// movi2d sets byte i of both doublewords of d to 0xFF where bit i of mask
// is set, 0 elsewhere.
func (e *buf) movi2d(d reg, mask uint8) {
	e.word(0x6F00E400 | uint32(mask>>5)<<16 | uint32(mask&31)<<5 | rn(d))
}

// Single-structure loads and stores (no offset: the address is in n).

// lanePlace encodes lane idx of lb bytes into Q, S, size and opcode.
func lanePlace(lb int, idx int) uint32 {
	i := uint32(idx)
	switch lb {
	case 1:
		return (i>>3)<<30 | (i>>2&1)<<12 | (i&3)<<10
	case 2:
		return 0b010<<13 | (i>>2)<<30 | (i>>1&1)<<12 | (i&1)<<11
	case 4:
		return 0b100<<13 | (i>>1)<<30 | (i&1)<<12
	}
	return 0b100<<13 | i<<30 | 1<<10
}

// ld1Lane loads lane idx (lb bytes) of t from [n]; st1Lane stores it.
func (e *buf) ld1Lane(lb int, t reg, idx int, n reg) {
	e.word(0x0D400000 | lanePlace(lb, idx) | rn(n)<<5 | rn(t))
}

func (e *buf) st1Lane(lb int, t reg, idx int, n reg) {
	e.word(0x0D000000 | lanePlace(lb, idx) | rn(n)<<5 | rn(t))
}

// ld1r loads one lane from [n] into every lane of t (arrangement a).
func (e *buf) ld1r(a arr, t, n reg) {
	e.word(0x0D40C000 | a.q() | a.size()<<10 | rn(n)<<5 | rn(t))
}
