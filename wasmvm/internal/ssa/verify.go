package ssa

import "fmt"

// Verify checks the structural invariants every pass must keep: each
// reachable block ends in exactly one terminator, every jump passes one
// argument of the right type per target parameter, every operand is a
// value of the function, and SIMD instructions have operands, results and
// immediates of the kinds their opcode takes; once ResolveArgs has run
// after the last SetAlias, no operand is a replaced value (ResolveArgs
// relies on that to skip its walk). It does not check dominance.
func (f *Func) Verify() error {
	resolved := f.aliased == f.resolvedAt
	for _, b := range f.Blocks {
		if len(b.Instrs) == 0 {
			if len(b.Preds) == 0 && b.ID != 0 {
				continue // an unused block
			}
			return fmt.Errorf("%s: %s is empty", f.Name, b.ID)
		}
		for i, in := range b.Instrs {
			last := i == len(b.Instrs)-1
			if in.Op.IsTerminator() != last {
				return fmt.Errorf("%s: %s: %q: terminators must end a block, and only they", f.Name, b.ID, f.FormatInstr(in))
			}
			for _, a := range in.Args {
				if a < 0 || int(a) >= len(f.values) {
					return fmt.Errorf("%s: %s: %q: operand %s does not exist", f.Name, b.ID, f.FormatInstr(in), a)
				}
				if resolved && f.values[a].alias != NoValue {
					return fmt.Errorf("%s: %s: %q: operand %s was replaced by %s", f.Name, b.ID, f.FormatInstr(in), a, f.Resolve(a))
				}
			}
			if in.Op.IsSIMD() {
				if err := f.verifySIMD(in); err != nil {
					return fmt.Errorf("%s: %s: %q: %w", f.Name, b.ID, f.FormatInstr(in), err)
				}
			}
			for _, t := range in.Targets {
				if err := f.verifyCall(t, resolved); err != nil {
					return fmt.Errorf("%s: %s: %q: %w", f.Name, b.ID, f.FormatInstr(in), err)
				}
			}
		}
	}
	return nil
}

func (f *Func) verifyCall(t BlockCall, resolved bool) error {
	if t.Block < 0 || int(t.Block) >= len(f.Blocks) {
		return fmt.Errorf("jump to missing block %s", t.Block)
	}
	target := f.Blocks[t.Block]
	if len(t.Args) != len(target.Params) {
		return fmt.Errorf("%d arguments for the %d parameters of %s", len(t.Args), len(target.Params), t.Block)
	}
	for i, a := range t.Args {
		if a < 0 || int(a) >= len(f.values) {
			return fmt.Errorf("argument %s does not exist", a)
		}
		if resolved && f.values[a].alias != NoValue {
			return fmt.Errorf("argument %s was replaced by %s", a, f.Resolve(a))
		}
		if f.TypeOf(a) != f.TypeOf(target.Params[i]) {
			return fmt.Errorf("argument %s is %s, parameter %s of %s is %s", a, f.TypeOf(a), target.Params[i], t.Block, f.TypeOf(target.Params[i]))
		}
	}
	return nil
}
