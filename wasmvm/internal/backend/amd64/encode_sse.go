package amd64

// SSE scalar instructions. XMM registers are X0..X15 (16..31); their low
// four bits are the hardware number, so the REX and ModRM helpers take them
// as they are.

// sseRR emits [prefix] [REX] 0F op /r with reg field r and rm register rm.
func (e *buf) sseRR(prefix byte, w bool, op byte, r, rm reg) {
	if prefix != 0 {
		e.byte1(prefix)
	}
	e.rex(w, r, 0, rm, false)
	e.byte1(0x0F, op)
	e.modRR(r, rm)
}

// sseRM is sseRR with a memory operand.
func (e *buf) sseRM(prefix byte, w bool, op byte, r reg, m mem) {
	if prefix != 0 {
		e.byte1(prefix)
	}
	e.rex(w, r, memIndex(m), m.base, false)
	e.byte1(0x0F, op)
	e.modMem(r, m)
}

// scalarPrefix is F3 for single and F2 for double precision.
func scalarPrefix(size uint8) byte {
	if size == 4 {
		return 0xF3
	}
	return 0xF2
}

// loadUps and storeUps move 16 bytes, unaligned, between memory and an
// XMM register (movups).
func (e *buf) loadUps(dst reg, m mem)  { e.sseRM(0, false, 0x10, dst, m) }
func (e *buf) storeUps(m mem, src reg) { e.sseRM(0, false, 0x11, src, m) }

// movaps copies a whole XMM register.
func (e *buf) movaps(dst, src reg) { e.sseRR(0, false, 0x28, dst, src) }

// loadF: dst = [m], 4 or 8 bytes (movss/movsd), or 16 (movups).
func (e *buf) loadF(size uint8, dst reg, m mem) {
	if size == 16 {
		e.loadUps(dst, m)
		return
	}
	e.sseRM(scalarPrefix(size), false, 0x10, dst, m)
}

// loadFRIP: dst = [rip+rel32], 4 or 8 bytes; it returns the rel32's
// offset, for patch32.
func (e *buf) loadFRIP(size uint8, dst reg) int {
	e.byte1(scalarPrefix(size))
	e.rex(false, dst, 0, 0, false)
	e.byte1(0x0F, 0x10, byte(dst&7)<<3|5)
	e.imm32(0)
	return len(e.b) - 4
}

// sseRIP emits op r, [rip+rel32] and returns the rel32's offset, for
// patch32.
func (e *buf) sseRIP(prefix, op byte, r reg) int {
	e.byte1(prefix)
	e.rex(false, r, 0, 0, false)
	e.byte1(0x0F, op, byte(r&7)<<3|5)
	e.imm32(0)
	return len(e.b) - 4
}

// storeF: [m] = src, 4 or 8 bytes, or 16.
func (e *buf) storeF(size uint8, m mem, src reg) {
	if size == 16 {
		e.storeUps(m, src)
		return
	}
	e.sseRM(scalarPrefix(size), false, 0x11, src, m)
}

// movGtoX: xmm = gpr (movd/movq).
func (e *buf) movGtoX(size uint8, x, g reg) { e.sseRR(0x66, size == 8, 0x6E, x, g) }

// movXtoG: gpr = xmm (movd/movq).
func (e *buf) movXtoG(size uint8, g, x reg) { e.sseRR(0x66, size == 8, 0x7E, x, g) }

// Scalar arithmetic opcodes (after 0F).
const (
	sseSqrt = 0x51
	sseAdd  = 0x58
	sseMul  = 0x59
	sseSub  = 0x5C
	sseMin  = 0x5D
	sseDiv  = 0x5E
	sseMax  = 0x5F
)

// arithF: dst = dst op src.
func (e *buf) arithF(size uint8, op byte, dst, src reg) {
	e.sseRR(scalarPrefix(size), false, op, dst, src)
}

// ucomis compares a with b (flags as for unsigned integers, PF on NaN).
func (e *buf) ucomis(size uint8, a, b reg) {
	prefix := byte(0)
	if size == 8 {
		prefix = 0x66
	}
	e.sseRR(prefix, false, 0x2E, a, b)
}

// Packed bitwise operations used on scalars: and 54, andn 55, or 56, xor 57.
func (e *buf) bitwiseF(op byte, dst, src reg) { e.sseRR(0x66, false, op, dst, src) }

// cvtIntToF: xmm = (float) gpr, from a 32- or 64-bit signed integer.
func (e *buf) cvtIntToF(fsize, isize uint8, x, g reg) {
	e.sseRR(scalarPrefix(fsize), isize == 8, 0x2A, x, g)
}

// cvttFToInt: gpr = truncate(xmm) to a 32- or 64-bit signed integer.
func (e *buf) cvttFToInt(fsize, isize uint8, g, x reg) {
	e.sseRR(scalarPrefix(fsize), isize == 8, 0x2C, g, x)
}

// cvtFToF converts between precisions: from fsize to the other.
func (e *buf) cvtFToF(fromSize uint8, dst, src reg) {
	e.sseRR(scalarPrefix(fromSize), false, 0x5A, dst, src)
}

// roundF: dst = round(src) with mode (SSE4.1 roundss/roundsd).
func (e *buf) roundF(size uint8, dst, src reg, mode byte) {
	e.byte1(0x66)
	e.rex(false, dst, 0, src, false)
	op := byte(0x0B)
	if size == 4 {
		op = 0x0A
	}
	e.byte1(0x0F, 0x3A, op)
	e.modRR(dst, src)
	e.byte1(mode)
}
