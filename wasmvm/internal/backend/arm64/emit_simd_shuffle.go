package arm64

import "github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/mach"

// This file emits i8x16.shuffle.

// shuffle picks bytes of a:b by constant indices: with one permute
// instruction where the indices follow its pattern, else with tbl, from
// one register when every index falls in one operand, else from the two-
// register table V29:V30 (tbl needs consecutive registers).
func (fe *funcEmitter) shuffle(m *mach.Instr) {
	e := fe.e
	lo, hi := uint64(m.Imm), uint64(m.Imm2)
	inA, inB := true, true
	for i := range 16 {
		j := byte(lo >> (8 * i))
		if i >= 8 {
			j = byte(hi >> (8 * (i - 8)))
		}
		inA = inA && j < 16
		inB = inB && j >= 16
	}
	d, a, b, _ := fe.operands(m)
	if fe.permute(shuffleIndices(lo, hi), d, a, b) {
		fe.finish(m.Dst, d)
		return
	}
	switch {
	case inA || inB || a == b:
		table := a
		if inB {
			table = b
		}
		// Byte indices into one register: j mod 16 (j < 32).
		fe.vecConst(vtmp, lo&0x0F0F0F0F0F0F0F0F, hi&0x0F0F0F0F0F0F0F0F)
		e.tbl(d, table, 1, vtmp)
	case b == a+1 && b < vtmp:
		fe.vecConst(vtmp, lo, hi)
		e.tbl(d, a, 2, vtmp)
	default:
		// a may be in V31 and b in V30: copy a out first, then b,
		// then load the indices into V31.
		e.vmov(v(29), a)
		if b != v(30) {
			e.vmov(v(30), b)
		}
		fe.vecConst(v(31), lo, hi)
		e.tbl(d, v(29), 2, v(31))
	}
	fe.finish(m.Dst, d)
}

// shuffleIndices unpacks the 16 byte indices of a shuffle (0-31: bytes
// of a, then of b).
func shuffleIndices(lo, hi uint64) [16]int {
	var idx [16]int
	for i := range 16 {
		w := lo
		if i >= 8 {
			w = hi
		}
		idx[i] = int(byte(w >> (8 * (i % 8))))
	}
	return idx
}

// laneIndices views byte indices as whole lanes of lb bytes: lane i of
// the result is lane l[i] of a:b. It reports false when some lane's bytes
// are not one source lane in order.
func laneIndices(idx [16]int, lb int) ([]int, bool) {
	l := make([]int, 16/lb)
	for i := range l {
		first := idx[i*lb]
		if first%lb != 0 {
			return nil, false
		}
		for j := 1; j < lb; j++ {
			if idx[i*lb+j] != first+j {
				return nil, false
			}
		}
		l[i] = first / lb
	}
	return l, true
}

// permutes are the two-operand permutations by the lane pattern they
// produce: want(i, n) is the source lane (of a:b, n lanes each) of
// result lane i.
var permutes = []struct {
	op   uint32
	want func(i, n int) int
}{
	{vZip1, func(i, n int) int { return i/2 + i%2*n }},
	{vZip2, func(i, n int) int { return n/2 + i/2 + i%2*n }},
	{vUzp1, func(i, n int) int { return 2 * i }},
	{vUzp2, func(i, n int) int { return 2*i + 1 }},
	{vTrn1, func(i, n int) int { return i - i%2 + i%2*n }},
	{vTrn2, func(i, n int) int { return i - i%2 + 1 + i%2*n }},
}

// permute emits a shuffle that one instruction does: mov or ext
// (consecutive bytes of a:b), dup (one lane everywhere), or zip, uzp or trn of a and
// b (or b and a) on some lane size. It reports false otherwise.
func (fe *funcEmitter) permute(idx [16]int, d, a, b reg) bool {
	e := fe.e
	if k := idx[0]; k <= 16 {
		consecutive := true
		for i := range idx {
			consecutive = consecutive && idx[i] == k+i
		}
		switch {
		case !consecutive:
		case k == 0:
			e.vmov(d, a)
			return true
		case k == 16:
			e.vmov(d, b)
			return true
		default:
			e.ext(d, a, b, k)
			return true
		}
	}
	for _, lb := range []int{8, 4, 2, 1} {
		l, ok := laneIndices(idx, lb)
		if !ok {
			continue
		}
		n := len(l)
		same := true
		for i := range l {
			same = same && l[i] == l[0]
		}
		if same {
			src := a
			if l[0] >= n {
				src = b
			}
			e.dupElem(fullArr(lb), d, src, l[0]%n)
			return true
		}
		for _, p := range permutes {
			direct, swapped := true, true
			for i := range l {
				w := p.want(i, n)
				direct = direct && l[i] == w
				swapped = swapped && l[i] == (w+n)%(2*n)
			}
			switch {
			case direct:
				e.vec3(p.op, fullArr(lb), d, a, b)
				return true
			case swapped:
				e.vec3(p.op, fullArr(lb), d, b, a)
				return true
			}
		}
	}
	return false
}
