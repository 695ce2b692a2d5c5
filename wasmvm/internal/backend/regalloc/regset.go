package regalloc

// regSet is a set of machine registers (tryFree's registers that active
// intervals hold).
type regSet [4]uint64

func (s *regSet) add(r Reg)      { s[r/64] |= 1 << (r % 64) }
func (s *regSet) has(r Reg) bool { return s[r/64]&(1<<(r%64)) != 0 }
