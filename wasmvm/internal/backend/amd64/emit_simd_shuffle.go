package amd64

import "github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/mach"

// i8x16.shuffle: the byte permutations that one SSE instruction does
// (pshufd, shufpd, palignr, punpck*, shufps) get that instruction; the others take
// one pshufb per operand from constant masks.

// shuffleIndices returns the 16 byte indices of an OpVshuffle: 0-15 pick
// a's bytes, 16-31 b's.
func shuffleIndices(m *mach.Instr) [16]byte {
	var idx [16]byte
	for i := range 16 {
		sel := uint64(m.Imm) >> (8 * i)
		if i >= 8 {
			sel = uint64(m.Imm2) >> (8 * (i - 8))
		}
		idx[i] = byte(sel) & 31
	}
	return idx
}

// swapOperands returns the indices with a and b exchanged.
func swapOperands(idx [16]byte) [16]byte {
	for i := range idx {
		idx[i] ^= 16
	}
	return idx
}

// dwordPermutation returns pshufd's immediate when idx moves whole
// doublewords of one 16-byte source (indices taken modulo 16).
func dwordPermutation(idx [16]byte) (byte, bool) {
	var imm byte
	for l := range 4 {
		k := idx[4*l] & 15
		if k%4 != 0 {
			return 0, false
		}
		for j := range byte(4) {
			if idx[4*l+int(j)]&15 != k+j {
				return 0, false
			}
		}
		imm |= k / 4 << (2 * l)
	}
	return imm, true
}

// alignShift returns palignr's byte count when idx is bytes k to k+15 of
// b:a (a in the low half).
func alignShift(idx [16]byte) (byte, bool) {
	k := idx[0]
	if k == 0 || k >= 16 {
		return 0, false
	}
	for i, x := range idx {
		if x != k+byte(i) {
			return 0, false
		}
	}
	return k, true
}

// unpackOps are punpckl* and punpckh* by lane width: bytes, words,
// doublewords, quadwords.
var unpackOps = map[int][2]vop{
	1: {p66(0x60), p66(0x68)}, 2: {p66(0x61), p66(0x69)},
	4: {p66(0x62), p66(0x6A)}, 8: {p66(0x6C), p66(0x6D)},
}

// interleave returns the punpck that gives idx from a and b: lanes of
// width w from the low (or high) halves, a's first.
func interleave(idx [16]byte) (vop, bool) {
	for w, ops := range unpackOps {
		for half, o := range ops {
			ok := true
			for i, x := range idx {
				lane, j := i/w, i%w
				want := (half*8/w+lane/2)*w + j
				if lane%2 == 1 {
					want += 16
				}
				if int(x) != want {
					ok = false
					break
				}
			}
			if ok {
				return o, true
			}
		}
	}
	return vop{}, false
}

// shufpsImm returns shufps's immediate when idx takes whole doublewords,
// the low two from a and the high two from b.
func shufpsImm(idx [16]byte) (byte, bool) {
	var imm byte
	for l := range 4 {
		k := idx[4*l]
		if k%4 != 0 || (l < 2) != (k < 16) {
			return 0, false
		}
		for j := range byte(4) {
			if idx[4*l+int(j)] != k+j {
				return 0, false
			}
		}
		imm |= (k & 15) / 4 << (2 * l)
	}
	return imm, true
}

var (
	vPalignr = p66x3A(0x0F)
	vShufpd  = p66(0xC6)
)

// shufpdImm returns shufpd's immediate when idx takes whole quadwords,
// the low one from a and the high one from b.
func shufpdImm(idx [16]byte) (byte, bool) {
	var imm byte
	for l := range 2 {
		k := idx[8*l]
		if k%8 != 0 || (l == 0) != (k < 16) {
			return 0, false
		}
		for j := range byte(8) {
			if idx[8*l+int(j)] != k+j {
				return 0, false
			}
		}
		imm |= (k & 15) / 8 << l
	}
	return imm, true
}

// shuffle emits d = the bytes of a and b that m's indices pick.
func (fe *funcEmitter) shuffle(m *mach.Instr, d, a, b reg) {
	idx := shuffleIndices(m)
	fromA, fromB := false, false
	for _, x := range idx {
		fromA, fromB = fromA || x < 16, fromB || x >= 16
	}
	if !fromA || !fromB || a == b { // one source
		src := a
		if !fromA {
			src = b
		}
		for i := range idx {
			idx[i] &= 15
		}
		fe.shuffle1(idx, d, src)
		return
	}
	for _, ops := range [2]struct{ x, y reg }{{a, b}, {b, a}} {
		// a's high quadword and b's low one: shufpd rather than
		// palignr, as it keeps its result in a's register where
		// palignr needs a copy of b's (a carried vector: a is the
		// previous one, which dies there, b the current one).
		if imm, ok := shufpdImm(idx); ok && imm == 1 {
			fe.binaryImm(vShufpd, d, ops.x, ops.y, imm)
			return
		}
		if k, ok := alignShift(idx); ok {
			fe.binaryImm(vPalignr, d, ops.y, ops.x, k)
			return
		}
		if o, ok := interleave(idx); ok {
			fe.binary(o, d, ops.x, ops.y)
			return
		}
		if imm, ok := shufpsImm(idx); ok {
			fe.binaryImm(vShufps, d, ops.x, ops.y, imm)
			return
		}
		idx = swapOperands(idx)
	}
	// Each operand's bytes in place, zeros elsewhere (a mask byte with
	// the top bit set gives 0), or-ed.
	var maskA, maskB [16]byte
	for i, x := range idx {
		maskA[i], maskB[i] = 0x80, 0x80
		if x < 16 {
			maskA[i] = x
		} else {
			maskB[i] = x - 16
		}
	}
	fe.binaryConst(vPshufb, vtmp2, b, bytesConst(maskB))
	fe.binaryConst(vPshufb, d, a, bytesConst(maskA))
	fe.e.vecRR(vPor, d, vtmp2)
}

// shuffle1 is shuffle for indices into a alone.
func (fe *funcEmitter) shuffle1(idx [16]byte, d, a reg) {
	if imm, ok := dwordPermutation(idx); ok {
		fe.e.vecRRI(vPshufd, d, a, imm)
		return
	}
	fe.binaryConst(vPshufb, d, a, bytesConst(idx))
}

// bytesConst packs 16 bytes into a constant of the pool.
func bytesConst(b [16]byte) [2]uint64 {
	var v [2]uint64
	for i, x := range b {
		v[i/8] |= uint64(x) << (8 * (i % 8))
	}
	return v
}
