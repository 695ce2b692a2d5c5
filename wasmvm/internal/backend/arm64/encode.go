package arm64

import (
	"encoding/binary"
	"math/bits"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/regalloc"
)

// This file is the backend's AArch64 encoder for the instructions its
// emitter uses. Each function appends one instruction word (or a short
// fixed sequence, named as such). Tests check every form against
// golang.org/x/arch/arm64/arm64asm.

type reg = regalloc.Reg

// buf accumulates machine code.
type buf struct {
	b []byte
}

func (e *buf) word(w uint32) { e.b = binary.LittleEndian.AppendUint32(e.b, w) }

// pos is the offset of the next instruction.
func (e *buf) pos() int { return len(e.b) }

func (e *buf) at(off int) uint32 { return binary.LittleEndian.Uint32(e.b[off:]) }

func (e *buf) put(off int, w uint32) { binary.LittleEndian.PutUint32(e.b[off:], w) }

// rn returns the 5-bit field of a general or vector register.
func rn(r reg) uint32 {
	if r >= V0 {
		return uint32(r-V0) & 31
	}
	return uint32(r) & 31
}

// sf is the 64-bit flag of data-processing instructions.
func sf(size uint8) uint32 {
	if size == 8 {
		return 1 << 31
	}
	return 0
}

// ftype is the type field of scalar floating-point instructions.
func ftype(size uint8) uint32 {
	if size == 8 {
		return 1 << 22
	}
	return 0
}

// Condition codes.
type cond uint8

const (
	condEQ cond = iota
	condNE
	condHS
	condLO
	condMI
	condPL
	condVS
	condVC
	condHI
	condLS
	condGE
	condLT
	condGT
	condLE
	condAL
)

func (c cond) invert() cond { return c ^ 1 }

// Data processing, immediate.

type addOp uint32

const (
	opAdd  addOp = 0x11000000
	opAdds addOp = 0x31000000
	opSub  addOp = 0x51000000
	opSubs addOp = 0x71000000
)

// addImm emits d = n op imm for imm < 4096, or imm = k<<12 with k < 4096.
// Register 31 is SP for add/sub (as d and n) and XZR as d of adds/subs.
func (e *buf) addImm(op addOp, size uint8, d, n reg, imm uint32) {
	sh := uint32(0)
	if imm >= 4096 {
		sh, imm = 1, imm>>12
	}
	e.word(sf(size) | uint32(op) | sh<<22 | (imm&0xFFF)<<10 | rn(n)<<5 | rn(d))
}

// addImmOK reports whether addImm can encode imm.
func addImmOK(imm int64) bool {
	return imm >= 0 && (imm < 4096 || (imm&0xFFF == 0 && imm < 4096<<12))
}

type logicOp uint32

const (
	opAnd  logicOp = 0x00000000
	opOrr  logicOp = 0x20000000
	opEor  logicOp = 0x40000000
	opAnds logicOp = 0x60000000
)

// logicImm emits d = n op imm for a bitmask immediate (see bitmask).
func (e *buf) logicImm(op logicOp, size uint8, d, n reg, nBit, immr, imms uint32) {
	e.word(sf(size) | 0x12000000 | uint32(op) | nBit<<22 | immr<<16 | imms<<10 | rn(n)<<5 | rn(d))
}

// bitmask encodes x as a logical immediate of the given size (N, immr,
// imms): a rotated run of ones repeated in elements of 2..64 bits. All
// zeros and all ones have no encoding.
func bitmask(x uint64, size uint8) (nBit, immr, imms uint32, ok bool) {
	if size == 4 {
		x = uint64(uint32(x)) | uint64(uint32(x))<<32
	}
	if x == 0 || x == ^uint64(0) {
		return 0, 0, 0, false
	}
	// The smallest element size whose repetition gives x.
	esize := uint(64)
	for esize > 2 {
		half := esize / 2
		mask := uint64(1)<<half - 1
		if x&mask != (x>>half)&mask {
			break
		}
		esize = half
	}
	var mask uint64 = ^uint64(0)
	if esize < 64 {
		mask = uint64(1)<<esize - 1
	}
	elem := x & mask
	// Rotate the element right until it is a run of ones starting at
	// bit 0: the rotation is immr.
	ones := bits.OnesCount64(elem)
	rot := uint(0)
	for ; rot < esize; rot++ {
		r := rotr(elem, rot, esize)
		if r == uint64(1)<<ones-1 {
			break
		}
	}
	if rot == esize {
		return 0, 0, 0, false
	}
	// immr is the right rotation that makes the run from the element.
	immr = uint32((esize - rot) % esize)
	// imms holds the element size (as a prefix of ones) and the run length.
	imms = (^uint32(esize*2-1) & 0x3F) | uint32(ones-1)
	if esize == 64 {
		nBit, imms = 1, uint32(ones-1)
	}
	return nBit, immr, imms, true
}

// rotr rotates the low width bits of x right by n.
func rotr(x uint64, n, width uint) uint64 {
	if n == 0 {
		return x
	}
	mask := ^uint64(0)
	if width < 64 {
		mask = uint64(1)<<width - 1
	}
	return ((x >> n) | (x << (width - n))) & mask
}

// movz, movn and movk move 16 bits at 16*hw.
func (e *buf) movz(size uint8, d reg, imm uint16, hw uint32) {
	e.word(sf(size) | 0x52800000 | hw<<21 | uint32(imm)<<5 | rn(d))
}

func (e *buf) movn(size uint8, d reg, imm uint16, hw uint32) {
	e.word(sf(size) | 0x12800000 | hw<<21 | uint32(imm)<<5 | rn(d))
}

func (e *buf) movk(size uint8, d reg, imm uint16, hw uint32) {
	e.word(sf(size) | 0x72800000 | hw<<21 | uint32(imm)<<5 | rn(d))
}

// movImm loads a constant with the fewest movz/movn/movk, or one orr of
// a bitmask immediate.
func (e *buf) movImm(size uint8, d reg, x int64) {
	u := uint64(x)
	n := 4
	if size == 4 {
		u, n = uint64(uint32(u)), 2
	}
	zeros, ones := 0, 0
	for i := range n {
		switch uint16(u >> (16 * i)) {
		case 0:
			zeros++
		case 0xFFFF:
			ones++
		}
	}
	if zeros < n-1 && ones < n-1 {
		if nb, r, s, ok := bitmask(u, size); ok {
			e.logicImm(opOrr, size, d, XZR, nb, r, s)
			return
		}
	}
	inverted := ones > zeros
	first := true
	for i := range n {
		h := uint16(u >> (16 * i))
		if (!inverted && h == 0) || (inverted && h == 0xFFFF) {
			continue
		}
		switch {
		case !first:
			e.movk(size, d, h, uint32(i))
		case inverted:
			e.movn(size, d, ^h, uint32(i))
		default:
			e.movz(size, d, h, uint32(i))
		}
		first = false
	}
	if first { // all zeros or all ones
		if inverted {
			e.movn(size, d, 0, 0)
		} else {
			e.movz(size, d, 0, 0)
		}
	}
}

// adr emits d = pc + off (within 1 MiB); patchAdr sets off later.
func (e *buf) adr(d reg) int {
	at := e.pos()
	e.word(0x10000000 | rn(d))
	return at
}

func (e *buf) patchAdr(at, target int) {
	off := uint32(target - at)
	e.put(at, e.at(at)&^(3<<29|0x7FFFF<<5)|(off&3)<<29|((off>>2)&0x7FFFF)<<5)
}

// Bitfield moves: ubfm/sbfm with immr and imms.
func (e *buf) ubfm(size uint8, d, n reg, immr, imms uint32) {
	e.word(sf(size) | 0x53000000 | sf(size)>>9 | immr<<16 | imms<<10 | rn(n)<<5 | rn(d))
}

func (e *buf) sbfm(size uint8, d, n reg, immr, imms uint32) {
	e.word(sf(size) | 0x13000000 | sf(size)>>9 | immr<<16 | imms<<10 | rn(n)<<5 | rn(d))
}

// extr emits d = (n:m) >> lsb; ror is extr with n == m.
func (e *buf) extr(size uint8, d, n, m reg, lsb uint32) {
	e.word(sf(size) | 0x13800000 | sf(size)>>9 | rn(m)<<16 | lsb<<10 | rn(n)<<5 | rn(d))
}

// Data processing, register.

// addReg emits d = n op (m << lsl); register 31 is XZR.
func (e *buf) addReg(op addOp, size uint8, d, n, m reg, lsl uint32) {
	base := uint32(op)&^0x11000000 | 0x0B000000
	e.word(sf(size) | base | rn(m)<<16 | lsl<<10 | rn(n)<<5 | rn(d))
}

// Extend options of extended-register operands and register offsets.
const (
	extUXTW uint32 = 2
	extUXTX uint32 = 3
	extSXTW uint32 = 6
)

// addExt emits d = n + extend(m) << lsl (64-bit); n and d may be SP.
func (e *buf) addExt(op addOp, d, n, m reg, ext, lsl uint32) {
	base := uint32(op)&^0x11000000 | 0x0B200000
	e.word(1<<31 | base | rn(m)<<16 | ext<<13 | lsl<<10 | rn(n)<<5 | rn(d))
}

// logicReg emits d = n op m; invert makes it bic/orn/eon/bics.
func (e *buf) logicReg(op logicOp, size uint8, d, n, m reg, invert bool) {
	w := sf(size) | 0x0A000000 | uint32(op) | rn(m)<<16 | rn(n)<<5 | rn(d)
	if invert {
		w |= 1 << 21
	}
	e.word(w)
}

// mov copies a general register (register 31 is XZR, not SP).
func (e *buf) mov(size uint8, d, n reg) { e.logicReg(opOrr, size, d, XZR, n, false) }

// movSP copies between SP and a general register (add d, n, #0).
func (e *buf) movSP(d, n reg) { e.addImm(opAdd, 8, d, n, 0) }

// madd emits d = a + n*m; msub d = a - n*m.
func (e *buf) madd(size uint8, d, n, m, a reg) {
	e.word(sf(size) | 0x1B000000 | rn(m)<<16 | rn(a)<<10 | rn(n)<<5 | rn(d))
}

func (e *buf) msub(size uint8, d, n, m, a reg) {
	e.word(sf(size) | 0x1B008000 | rn(m)<<16 | rn(a)<<10 | rn(n)<<5 | rn(d))
}

// Two-source operations.
const (
	opUdiv uint32 = 0x1AC00800
	opSdiv uint32 = 0x1AC00C00
	opLslv uint32 = 0x1AC02000
	opLsrv uint32 = 0x1AC02400
	opAsrv uint32 = 0x1AC02800
	opRorv uint32 = 0x1AC02C00
)

func (e *buf) twoSource(op uint32, size uint8, d, n, m reg) {
	e.word(sf(size) | op | rn(m)<<16 | rn(n)<<5 | rn(d))
}

// One-source operations.
const (
	opRbit  uint32 = 0x5AC00000
	opClz   uint32 = 0x5AC01000
	opRev32 uint32 = 0x5AC00800 // rev w: the bytes of a word reversed
	opRev64 uint32 = 0x5AC00C00 // rev x (with sf)
)

func (e *buf) oneSource(op uint32, size uint8, d, n reg) {
	e.word(sf(size) | op | rn(n)<<5 | rn(d))
}

// csel emits d = c ? n : m; csinc d = c ? n : m+1.
func (e *buf) csel(size uint8, d, n, m reg, c cond) {
	e.word(sf(size) | 0x1A800000 | rn(m)<<16 | uint32(c)<<12 | rn(n)<<5 | rn(d))
}

func (e *buf) csinc(size uint8, d, n, m reg, c cond) {
	e.word(sf(size) | 0x1A800400 | rn(m)<<16 | uint32(c)<<12 | rn(n)<<5 | rn(d))
}

// cset emits d = c ? 1 : 0.
func (e *buf) cset(d reg, c cond) { e.csinc(4, d, XZR, XZR, c.invert()) }

// Loads and stores.

// memOp is a load or store kind: size in bytes, and opc (0 store, 1 load,
// 2 load signed to 64 bits, 3 load signed to 32 bits); vector for the
// scalar float registers.
type memOp struct {
	size   uint8
	opc    uint32
	vector bool
}

func (o memOp) bits() uint32 {
	var sz uint32
	switch o.size {
	case 2:
		sz = 1
	case 4:
		sz = 2
	case 8:
		sz = 3
	}
	w := sz<<30 | o.opc<<22
	if o.vector {
		w |= 1 << 26
	}
	return w
}

var (
	ldrX   = memOp{size: 8, opc: 1}
	strX   = memOp{size: 8, opc: 0}
	ldrW   = memOp{size: 4, opc: 1}
	strW   = memOp{size: 4, opc: 0}
	ldrD   = memOp{size: 8, opc: 1, vector: true}
	strD   = memOp{size: 8, opc: 0, vector: true}
	ldrS   = memOp{size: 4, opc: 1, vector: true}
	strS   = memOp{size: 4, opc: 0, vector: true}
	ldrQ   = memOp{size: 16, opc: 3, vector: true}
	strQ   = memOp{size: 16, opc: 2, vector: true}
	ldrB   = memOp{size: 1, opc: 1}
	strB   = memOp{size: 1, opc: 0}
	ldrH   = memOp{size: 2, opc: 1}
	strH   = memOp{size: 2, opc: 0}
	ldrsBX = memOp{size: 1, opc: 2}
	ldrsBW = memOp{size: 1, opc: 3}
	ldrsHX = memOp{size: 2, opc: 2}
	ldrsHW = memOp{size: 2, opc: 3}
	ldrsWX = memOp{size: 4, opc: 2}
)

// ldstOK reports whether off fits the unsigned scaled offset of op.
func ldstOK(op memOp, off int64) bool {
	s := int64(op.size)
	return off >= 0 && off%s == 0 && off/s < 4096
}

// ldst emits t = [n + off] (or the store) with an unsigned scaled offset.
func (e *buf) ldst(op memOp, t, n reg, off int64) {
	e.word(0x39000000 | op.bits() | uint32(off/int64(op.size))<<10 | rn(n)<<5 | rn(t))
}

// ldstUnscaled is ldur/stur: -256 <= off < 256.
func (e *buf) ldstUnscaled(op memOp, t, n reg, off int64) {
	e.word(0x38000000 | op.bits() | (uint32(off)&0x1FF)<<12 | rn(n)<<5 | rn(t))
}

// ldstIndexed is ldr/str with writeback, -256 <= off < 256:
// pre-indexed ([n, #off]!) adds off to n before the access,
// post-indexed ([n], #off) after it.
func (e *buf) ldstIndexed(op memOp, t, n reg, off int64, pre bool) {
	mode := uint32(1)
	if pre {
		mode = 3
	}
	e.word(0x38000000 | op.bits() | (uint32(off)&0x1FF)<<12 | mode<<10 | rn(n)<<5 | rn(t))
}

// ldstReg emits t = [n + extend(m)] (unscaled): ext is extUXTX for a
// 64-bit index, extUXTW for a zero-extended 32-bit one.
func (e *buf) ldstReg(op memOp, t, n, m reg, ext uint32) {
	e.word(0x38200800 | op.bits() | rn(m)<<16 | ext<<13 | rn(n)<<5 | rn(t))
}

// ldrLiteral loads a float or vector register of size bytes (4, 8 or 16)
// from pc + off (within 1 MiB); the offset is patched with patchBranch
// (the same imm19 field).
func (e *buf) ldrLiteral(size uint8, t reg) int {
	at := e.pos()
	switch size {
	case 16:
		e.word(0x9C000000 | rn(t))
	case 8:
		e.word(0x5C000000 | rn(t))
	default:
		e.word(0x1C000000 | rn(t))
	}
	return at
}

// Branches.

// branch (b) and bl branch within 128 MiB; the offset is patched with patchBranch.
func (e *buf) branch() int {
	at := e.pos()
	e.word(0x14000000)
	return at
}

func (e *buf) bl() int {
	at := e.pos()
	e.word(0x94000000)
	return at
}

// bcond, cbz and cbnz branch within 1 MiB.
func (e *buf) bcond(c cond) int {
	at := e.pos()
	e.word(0x54000000 | uint32(c))
	return at
}

func (e *buf) cbz(size uint8, t reg) int {
	at := e.pos()
	e.word(sf(size) | 0x34000000 | rn(t))
	return at
}

func (e *buf) cbnz(size uint8, t reg) int {
	at := e.pos()
	e.word(sf(size) | 0x35000000 | rn(t))
	return at
}

// patchBranch points the branch at at to target; it reports false when
// the distance does not fit the instruction.
func (e *buf) patchBranch(at, target int) bool {
	w := e.at(at)
	off := int64(target-at) >> 2
	switch {
	case w&0x7C000000 == 0x14000000: // b, bl: imm26
		if off < -(1<<25) || off >= 1<<25 {
			return false
		}
		e.put(at, w&^0x3FFFFFF|uint32(off)&0x3FFFFFF)
	default: // b.cond, cbz, cbnz: imm19
		if off < -(1<<18) || off >= 1<<18 {
			return false
		}
		e.put(at, w&^(0x7FFFF<<5)|(uint32(off)&0x7FFFF)<<5)
	}
	return true
}

func (e *buf) br(n reg)  { e.word(0xD61F0000 | rn(n)<<5) }
func (e *buf) blr(n reg) { e.word(0xD63F0000 | rn(n)<<5) }
func (e *buf) ret()      { e.word(0xD65F0000 | rn(RegLink)<<5) }
func (e *buf) brk()      { e.word(0xD4200000) }

// Scalar floating point.

const (
	opFmul   uint32 = 0x1E200800
	opFdiv   uint32 = 0x1E201800
	opFadd   uint32 = 0x1E202800
	opFsub   uint32 = 0x1E203800
	opFmax   uint32 = 0x1E204800
	opFmin   uint32 = 0x1E205800
	opFmov   uint32 = 0x1E204000
	opFabs   uint32 = 0x1E20C000
	opFneg   uint32 = 0x1E214000
	opFsqrt  uint32 = 0x1E21C000
	opFrintn uint32 = 0x1E244000
	opFrintp uint32 = 0x1E24C000
	opFrintm uint32 = 0x1E254000
	opFrintz uint32 = 0x1E25C000
)

func (e *buf) fbinary(op uint32, size uint8, d, n, m reg) {
	e.word(op | ftype(size) | rn(m)<<16 | rn(n)<<5 | rn(d))
}

func (e *buf) funary(op uint32, size uint8, d, n reg) {
	e.word(op | ftype(size) | rn(n)<<5 | rn(d))
}

// fmov copies a float register (all 64 bits matter: use size 8).
func (e *buf) fmov(d, n reg) { e.funary(opFmov, 8, d, n) }

// fcmp compares n with m.
func (e *buf) fcmp(size uint8, n, m reg) {
	e.word(0x1E202000 | ftype(size) | rn(m)<<16 | rn(n)<<5)
}

func (e *buf) fcsel(size uint8, d, n, m reg, c cond) {
	e.word(0x1E200C00 | ftype(size) | rn(m)<<16 | uint32(c)<<12 | rn(n)<<5 | rn(d))
}

// fcvt converts between single (4) and double (8) precision.
func (e *buf) fcvt(to, from uint8, d, n reg) {
	if from == 4 {
		e.word(0x1E22C000 | rn(n)<<5 | rn(d)) // single to double
		return
	}
	e.word(0x1E624000 | rn(n)<<5 | rn(d)) // double to single
}

// fmovToFloat copies a general register's size bytes into a float
// register; fmovToInt the other way.
func (e *buf) fmovToFloat(size uint8, d, n reg) {
	if size == 8 {
		e.word(0x9E670000 | rn(n)<<5 | rn(d))
		return
	}
	e.word(0x1E270000 | rn(n)<<5 | rn(d))
}

func (e *buf) fmovToInt(size uint8, d, n reg) {
	if size == 8 {
		e.word(0x9E660000 | rn(n)<<5 | rn(d))
		return
	}
	e.word(0x1E260000 | rn(n)<<5 | rn(d))
}

// scvtf/ucvtf convert an isize-byte integer to an fsize-byte float.
func (e *buf) cvtToFloat(signed bool, fsize, isize uint8, d, n reg) {
	op := uint32(0x1E230000)
	if signed {
		op = 0x1E220000
	}
	e.word(sf(isize) | op | ftype(fsize) | rn(n)<<5 | rn(d))
}

// fcvtzs/fcvtzu convert an fsize-byte float to an isize-byte integer,
// rounding toward zero and saturating (NaN gives 0).
func (e *buf) cvtToInt(signed bool, isize, fsize uint8, d, n reg) {
	op := uint32(0x1E390000)
	if signed {
		op = 0x1E380000
	}
	e.word(sf(isize) | op | ftype(fsize) | rn(n)<<5 | rn(d))
}

// Multiplications that give the high half of a product.
const (
	opUmulh uint32 = 0x9BC07C00 // Xd = high 64 bits of Xn * Xm, unsigned
	opSmulh uint32 = 0x9B407C00 // the same, signed
	opUmull uint32 = 0x9BA07C00 // Xd = Wn * Wm, unsigned, 64-bit product
	opSmull uint32 = 0x9B207C00 // the same, signed
)

// mulLong emits one of the multiplications above.
func (e *buf) mulLong(op uint32, d, n, m reg) {
	e.word(op | rn(m)<<16 | rn(n)<<5 | rn(d))
}
