package amd64

import (
	"encoding/binary"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/regalloc"
)

// This file is the backend's x86-64 encoder for the instructions its
// emitter uses: every instruction on 32- or 64-bit general registers and
// [base+index*scale+disp32] memory operands. Tests check each form against
// golang.org/x/arch/x86/x86asm.

type reg = regalloc.Reg

// mem is a memory operand [base + index*scale + disp]; index < 0 means none.
type mem struct {
	base  reg
	index int // a reg, or -1
	scale uint8
	disp  int32
}

func memAt(base reg, disp int32) mem { return mem{base: base, index: -1, scale: 1, disp: disp} }

// plus is m displaced by d more bytes.
func (m mem) plus(d int32) mem {
	m.disp += d
	return m
}

// noBase as a mem's base encodes [index*scale + disp32] (for lea).
const noBase reg = 0xFF

// memBase is the register a mem's REX.B extends.
func memBase(m mem) reg {
	if m.base == noBase {
		return 0
	}
	return m.base
}

// buf accumulates machine code.
type buf struct {
	b []byte
}

func (e *buf) byte1(b ...byte) { e.b = append(e.b, b...) }

func (e *buf) imm32(v int32) { e.b = binary.LittleEndian.AppendUint32(e.b, uint32(v)) }

func (e *buf) imm64(v int64) { e.b = binary.LittleEndian.AppendUint64(e.b, uint64(v)) }

// rex emits a REX prefix when needed: w for 64-bit operands, r/x/b for the
// high registers in the reg, index and base fields; force for byte
// registers SPL, BPL, SIL, DIL.
func (e *buf) rex(w bool, r, x, b reg, force bool) {
	v := byte(0x40)
	if w {
		v |= 8
	}
	if r&8 != 0 {
		v |= 4
	}
	if x&8 != 0 {
		v |= 2
	}
	if b&8 != 0 {
		v |= 1
	}
	if v != 0x40 || force {
		e.byte1(v)
	}
}

// modRR emits ModRM for two registers.
func (e *buf) modRR(regField, rm reg) { e.byte1(0xC0 | byte(regField&7)<<3 | byte(rm&7)) }

// modMem emits ModRM, SIB and displacement for a memory operand.
func (e *buf) modMem(regField reg, m mem) {
	r := byte(regField&7) << 3
	if m.base == noBase { // mod 00, SIB base 101: no base, disp32
		idx := byte(4) // none
		if m.index >= 0 {
			idx = byte(m.index & 7)
		}
		e.byte1(r|4, scaleBits(m.scale)<<6|idx<<3|5)
		e.imm32(m.disp)
		return
	}
	base := byte(m.base & 7)
	var mod byte
	switch {
	case m.disp == 0 && base != 5: // RBP/R13 need a displacement
		mod = 0x00
	case m.disp >= -128 && m.disp <= 127:
		mod = 0x40
	default:
		mod = 0x80
	}
	if m.index >= 0 || base == 4 { // RSP/R12 as base need a SIB
		idx := byte(4) // none
		if m.index >= 0 {
			idx = byte(m.index & 7)
		}
		e.byte1(mod|r|4, scaleBits(m.scale)<<6|idx<<3|base)
	} else {
		e.byte1(mod | r | base)
	}
	switch mod {
	case 0x40:
		e.byte1(byte(int8(m.disp)))
	case 0x80:
		e.imm32(m.disp)
	}
}

func scaleBits(s uint8) byte {
	switch s {
	case 2:
		return 1
	case 4:
		return 2
	case 8:
		return 3
	}
	return 0
}

func memIndex(m mem) reg {
	if m.index < 0 {
		return 0
	}
	return reg(m.index)
}

// opRR emits op with reg field r and rm register rm.
func (e *buf) opRR(w bool, op []byte, r, rm reg) {
	e.rex(w, r, 0, rm, false)
	e.byte1(op...)
	e.modRR(r, rm)
}

// opRM emits op with reg field r and a memory operand.
func (e *buf) opRM(w bool, op []byte, r reg, m mem) {
	e.rex(w, r, memIndex(m), memBase(m), false)
	e.byte1(op...)
	e.modMem(r, m)
}

// prefixed emits a mandatory prefix (F3, 66) before REX.
func (e *buf) prefixed(prefix byte, w bool, op []byte, r, rm reg) {
	e.byte1(prefix)
	e.opRR(w, op, r, rm)
}

func is64(size uint8) bool { return size == 8 }

// movRR: dst = src.
func (e *buf) movRR(size uint8, dst, src reg) { e.opRR(is64(size), []byte{0x89}, src, dst) }

// movRI loads an immediate with the shortest encoding.
func (e *buf) movRI(size uint8, dst reg, v int64) {
	switch {
	case size == 4 || (v >= 0 && v <= 0xFFFFFFFF):
		e.rex(false, 0, 0, dst, false)
		e.byte1(0xB8 + byte(dst&7))
		e.imm32(int32(uint32(v)))
	case v >= -1<<31 && v < 1<<31:
		e.rex(true, 0, 0, dst, false)
		e.byte1(0xC7)
		e.modRR(0, dst)
		e.imm32(int32(v))
	default:
		e.rex(true, 0, 0, dst, false)
		e.byte1(0xB8 + byte(dst&7))
		e.imm64(v)
	}
}

// load: dst = [m], 32 or 64 bits.
func (e *buf) load(size uint8, dst reg, m mem) { e.opRM(is64(size), []byte{0x8B}, dst, m) }

// store: [m] = src, 1, 2, 4 or 8 bytes.
func (e *buf) store(bytes uint8, m mem, src reg) {
	switch bytes {
	case 1:
		e.rex(false, src, memIndex(m), m.base, src >= 4 && src < 8)
		e.byte1(0x88)
		e.modMem(src, m)
	case 2:
		e.byte1(0x66)
		e.opRM(false, []byte{0x89}, src, m)
	default:
		e.opRM(bytes == 8, []byte{0x89}, src, m)
	}
}

// loadExt loads 1, 2 or 4 bytes, zero- or sign-extended to size.
func (e *buf) loadExt(size uint8, dst reg, m mem, bytes uint8, signed bool) {
	switch {
	case bytes == 1 && !signed:
		e.opRM(is64(size), []byte{0x0F, 0xB6}, dst, m)
	case bytes == 1:
		e.opRM(is64(size), []byte{0x0F, 0xBE}, dst, m)
	case bytes == 2 && !signed:
		e.opRM(is64(size), []byte{0x0F, 0xB7}, dst, m)
	case bytes == 2:
		e.opRM(is64(size), []byte{0x0F, 0xBF}, dst, m)
	case bytes == 4 && signed:
		e.opRM(true, []byte{0x63}, dst, m) // movsxd
	default:
		e.load(4, dst, m) // a 32-bit load zero-extends
	}
}

// extendRR sign-extends the low bits of src into dst.
func (e *buf) extendRR(size uint8, dst, src reg, bits int64) {
	if bits == 8 || bits == 16 {
		e.extendNarrow(is64(size), 0xBE, dst, src, bits)
		return
	}
	e.opRR(true, []byte{0x63}, dst, src)
}

// zeroExtendRR zero-extends the low 8 or 16 bits of src into dst (all
// 64 bits of it: a 32-bit destination clears the upper half).
func (e *buf) zeroExtendRR(dst, src reg, bits int64) { e.extendNarrow(false, 0xB6, dst, src, bits) }

// extendNarrow emits movsx (op 0xBE) or movzx (0xB6) of src's low 8 bits,
// or with op+1 its low 16 bits, into dst. A byte of rsi, rdi, rbp or rsp
// needs a REX prefix, which names sil, dil, bpl and spl.
func (e *buf) extendNarrow(w bool, op byte, dst, src reg, bits int64) {
	if bits == 8 {
		e.rex(w, dst, 0, src, src >= 4 && src < 8)
		e.byte1(0x0F, op)
		e.modRR(dst, src)
		return
	}
	e.opRR(w, []byte{0x0F, op + 1}, dst, src)
}

// ALU operations with their r/m,r opcode and /digit for immediates.
type aluOp struct{ rm, digit byte }

var (
	aluAdd = aluOp{0x01, 0}
	aluOr  = aluOp{0x09, 1}
	aluAdc = aluOp{0x11, 2}
	aluSbb = aluOp{0x19, 3}
	aluAnd = aluOp{0x21, 4}
	aluSub = aluOp{0x29, 5}
	aluXor = aluOp{0x31, 6}
	aluCmp = aluOp{0x39, 7}
)

// aluRR: dst op= src.
func (e *buf) aluRR(op aluOp, size uint8, dst, src reg) { e.opRR(is64(size), []byte{op.rm}, src, dst) }

// aluRI: dst op= imm (sign-extended 32 bits).
func (e *buf) aluRI(op aluOp, size uint8, dst reg, v int32) {
	e.rex(is64(size), 0, 0, dst, false)
	if v >= -128 && v <= 127 {
		e.byte1(0x83)
		e.modRR(reg(op.digit), dst)
		e.byte1(byte(int8(v)))
		return
	}
	e.byte1(0x81)
	e.modRR(reg(op.digit), dst)
	e.imm32(v)
}

// aluRM: r op= [m] (load form, opcode rm+2).
func (e *buf) aluRM(op aluOp, size uint8, r reg, m mem) {
	e.opRM(is64(size), []byte{op.rm + 2}, r, m)
}

// aluMR: [m] op= r (store form).
func (e *buf) aluMR(op aluOp, size uint8, m mem, r reg) {
	e.opRM(is64(size), []byte{op.rm}, r, m)
}

// aluMI: [m] op= imm (sign-extended 32 bits).
func (e *buf) aluMI(op aluOp, size uint8, m mem, v int32) {
	e.rex(is64(size), 0, memIndex(m), memBase(m), false)
	if v >= -128 && v <= 127 {
		e.byte1(0x83)
		e.modMem(reg(op.digit), m)
		e.byte1(byte(int8(v)))
		return
	}
	e.byte1(0x81)
	e.modMem(reg(op.digit), m)
	e.imm32(v)
}

// imulRRI: dst = src * imm (sign-extended 32 bits).
func (e *buf) imulRRI(size uint8, dst, src reg, v int32) {
	e.opRR(is64(size), []byte{0x69}, dst, src)
	e.imm32(v)
}

// test: flags from a & b.
func (e *buf) test(size uint8, a, b reg) { e.opRR(is64(size), []byte{0x85}, b, a) }

// testImm: flags of a & v (v sign-extended for 64 bits).
func (e *buf) testImm(size uint8, a reg, v int32) {
	e.unaryF7(size, 0, a)
	e.imm32(v)
}

// testMI: flags of [m] & v (v sign-extended for 64 bits).
func (e *buf) testMI(size uint8, m mem, v int32) {
	e.rex(is64(size), 0, memIndex(m), memBase(m), false)
	e.byte1(0xF7)
	e.modMem(0, m)
	e.imm32(v)
}

// imulRR: dst *= src.
func (e *buf) imulRR(size uint8, dst, src reg) { e.opRR(is64(size), []byte{0x0F, 0xAF}, dst, src) }

// unaryF7 emits F7 /digit on r (neg 3, mul 4, div 6, idiv 7).
func (e *buf) unaryF7(size uint8, digit byte, r reg) {
	e.rex(is64(size), 0, 0, r, false)
	e.byte1(0xF7)
	e.modRR(reg(digit), r)
}

// signExtendAX is cdq or cqo.
func (e *buf) signExtendAX(size uint8) {
	if is64(size) {
		e.byte1(0x48)
	}
	e.byte1(0x99)
}

// shiftCL: r <op>= cl, digit rol 0, ror 1, shl 4, shr 5, sar 7.
func (e *buf) shiftCL(size uint8, digit byte, r reg) {
	e.rex(is64(size), 0, 0, r, false)
	e.byte1(0xD3)
	e.modRR(reg(digit), r)
}

// bitCount emits lzcnt (0xBD), tzcnt (0xBC) or popcnt (0xB8): dst = op src.
func (e *buf) bitCount(size uint8, op byte, dst, src reg) {
	e.prefixed(0xF3, is64(size), []byte{0x0F, op}, dst, src)
}

// bt sets CF to bit (bit modulo the width) of r.
func (e *buf) bt(size uint8, r, bit reg) { e.opRR(is64(size), []byte{0x0F, 0xA3}, bit, r) }

// bswap reverses the bytes of r.
func (e *buf) bswap(size uint8, r reg) {
	e.rex(is64(size), 0, 0, r, false)
	e.byte1(0x0F, 0xC8+byte(r&7))
}

// Condition codes (the low nibble of Jcc/SETcc/CMOVcc).
const (
	ccO  = 0x0
	ccB  = 0x2
	ccAE = 0x3
	ccE  = 0x4
	ccNE = 0x5
	ccBE = 0x6
	ccA  = 0x7
	ccL  = 0xC
	ccGE = 0xD
	ccLE = 0xE
	ccG  = 0xF
)

// setcc: low byte of r = cc, then zero-extended to 32 bits.
func (e *buf) setcc(cc byte, r reg) {
	e.rex(false, 0, 0, r, r >= 4 && r < 8)
	e.byte1(0x0F, 0x90+cc)
	e.modRR(0, r)
	e.rex(false, r, 0, r, r >= 4 && r < 8)
	e.byte1(0x0F, 0xB6) // movzx r32, r8
	e.modRR(r, r)
}

// setcc8 sets the low byte of r to cc, leaving its other bytes alone.
func (e *buf) setcc8(cc byte, r reg) {
	e.rex(false, 0, 0, r, r >= 4 && r < 8)
	e.byte1(0x0F, 0x90+cc)
	e.modRR(0, r)
}

// or8 ors the low byte of src into that of dst.
func (e *buf) or8(dst, src reg) {
	e.rex(false, src, 0, dst, src >= 4 && src < 8 || dst >= 4 && dst < 8)
	e.byte1(0x08)
	e.modRR(src, dst)
}

// cmov: dst = src if cc.
func (e *buf) cmov(size uint8, cc byte, dst, src reg) {
	e.opRR(is64(size), []byte{0x0F, 0x40 + cc}, dst, src)
}

// jcc32 emits a conditional jump with a 32-bit displacement to fill in and
// returns the offset of the displacement.
func (e *buf) jcc32(cc byte) int {
	e.byte1(0x0F, 0x80+cc)
	e.imm32(0)
	return len(e.b) - 4
}

// jmp32 emits jmp rel32 and returns the displacement's offset.
func (e *buf) jmp32() int {
	e.byte1(0xE9)
	e.imm32(0)
	return len(e.b) - 4
}

// call32 emits call rel32 and returns the displacement's offset.
func (e *buf) call32() int {
	e.byte1(0xE8)
	e.imm32(0)
	return len(e.b) - 4
}

// patch32 points the rel32 at off to target.
func (e *buf) patch32(off, target int) {
	binary.LittleEndian.PutUint32(e.b[off:], uint32(int32(target-(off+4))))
}

// lea: dst = address of m.
func (e *buf) lea(dst reg, m mem) { e.opRM(true, []byte{0x8D}, dst, m) }

// lea32 computes the address in 32 bits: the sum wraps and is
// zero-extended into dst.
func (e *buf) lea32(dst reg, m mem) { e.opRM(false, []byte{0x8D}, dst, m) }

func (e *buf) push(r reg) {
	e.rex(false, 0, 0, r, false)
	e.byte1(0x50 + byte(r&7))
}

func (e *buf) pop(r reg) {
	e.rex(false, 0, 0, r, false)
	e.byte1(0x58 + byte(r&7))
}

func (e *buf) ret() { e.byte1(0xC3) }

// String instructions (forward: the direction flag is always clear).
func (e *buf) repMovsb() { e.byte1(0xF3, 0xA4) }
func (e *buf) repStosb() { e.byte1(0xF3, 0xAA) }

// callM: call qword [m].
func (e *buf) callM(m mem) { e.opRM(false, []byte{0xFF}, 2, m) }

// jmpM: jmp qword [m].
func (e *buf) jmpM(m mem) { e.opRM(false, []byte{0xFF}, 4, m) }

// jmpR: jmp r.
func (e *buf) jmpR(r reg) {
	e.rex(false, 0, 0, r, false)
	e.byte1(0xFF)
	e.modRR(4, r)
}

// leaRIP32: dst = rip + rel32; returns the displacement's offset.
func (e *buf) leaRIP32(dst reg) int {
	e.rex(true, dst, 0, 0, false)
	e.byte1(0x8D, byte(dst&7)<<3|5)
	e.imm32(0)
	return len(e.b) - 4
}

// storeImm: [m] = v, 1, 2, 4 or 8 bytes (8: v sign-extended).
func (e *buf) storeImm(bytes uint8, m mem, v int32) {
	if bytes == 2 {
		e.byte1(0x66)
	}
	e.rex(bytes == 8, 0, memIndex(m), memBase(m), false)
	if bytes == 1 {
		e.byte1(0xC6)
		e.modMem(0, m)
		e.byte1(byte(v))
		return
	}
	e.byte1(0xC7)
	e.modMem(0, m)
	if bytes == 2 {
		e.byte1(byte(v), byte(v>>8))
		return
	}
	e.imm32(v)
}

// shiftImm: r <op>= imm, digit as for shiftCL.
func (e *buf) shiftImm(size uint8, digit byte, r reg, imm byte) {
	e.rex(is64(size), 0, 0, r, false)
	e.byte1(0xC1)
	e.modRR(reg(digit), r)
	e.byte1(imm)
}
