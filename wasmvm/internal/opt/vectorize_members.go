package opt

import "github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"

// maxMembers is the most accesses of one array per iteration that
// Vectorize packs into a vector: a byte loop unrolled 16 times fills one.
const maxMembers = 16

// memberValues are the values of the members of an unrolled body, member
// m's at index m and ssa.NoValue past the last member.
type memberValues [maxMembers]ssa.Value

// noMembers is a memberValues with no values.
func noMembers() memberValues {
	var t memberValues
	for m := range t {
		t[m] = ssa.NoValue
	}
	return t
}

// single is v as the only member.
func single(v ssa.Value) memberValues {
	t := noMembers()
	t[0] = v
	return t
}
