package opt

import (
	"fmt"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// evalFunc runs f, made of scalar arithmetic, select, traps and control
// flow, on args, with the ssa package's definitions of the operations; it
// returns the results or the trap that stopped it. Calls return their
// first argument (or 0), so that inlining tests can compare a call with
// its inlined body through the callee given.
func evalFunc(f *ssa.Func, args []uint64, callees map[uint32]*ssa.Func) ([]uint64, ssa.TrapCode, error) {
	vals := make([]uint64, f.NumValues())
	b := f.Entry()
	for i, p := range b.Params {
		vals[p] = args[i]
	}
	for steps := 0; steps < 1_000_000; steps++ {
		for _, in := range b.Instrs {
			arg := func(i int) uint64 { return vals[in.Args[i]] }
			var next *ssa.BlockCall
			switch op := in.Op; {
			case op == ssa.OpIconst || op == ssa.OpF32const || op == ssa.OpF64const:
				vals[in.Results[0]] = in.Imm
			case isBinary(op):
				r, trap := ssa.EvalBinary(op, in.Cond, f.TypeOf(in.Args[0]), arg(0), arg(1))
				if trap != 0 {
					return nil, trap, nil
				}
				vals[in.Results[0]] = r
			case isUnary(op):
				r, trap := ssa.EvalUnary(op, f.TypeOf(in.Args[0]), in.Type, in.Aux, arg(0))
				if trap != 0 {
					return nil, trap, nil
				}
				vals[in.Results[0]] = r
			case op == ssa.OpSelect:
				vals[in.Results[0]] = arg(2)
				if arg(0) != 0 {
					vals[in.Results[0]] = arg(1)
				}
			case op == ssa.OpCall:
				callArgs := make([]uint64, len(in.Args))
				for i := range in.Args {
					callArgs[i] = arg(i)
				}
				res, trap, err := evalFunc(callees[in.Aux], callArgs, callees)
				if err != nil || trap != 0 {
					return nil, trap, err
				}
				for i, r := range in.Results {
					vals[r] = res[i]
				}
			case op == ssa.OpTrapIf:
				if arg(0) != 0 {
					return nil, ssa.TrapCode(in.Aux), nil
				}
			case op == ssa.OpTrap:
				return nil, ssa.TrapCode(in.Aux), nil
			case op == ssa.OpReturn:
				res := make([]uint64, len(in.Args))
				for i := range in.Args {
					res[i] = arg(i)
				}
				return res, 0, nil
			case op == ssa.OpJump:
				next = &in.Targets[0]
			case op == ssa.OpBrif:
				next = &in.Targets[b2u(arg(0) == 0)]
			case op == ssa.OpBrTable:
				next = &in.Targets[min(uint64(uint32(arg(0))), uint64(len(in.Targets)-1))]
			default:
				return nil, 0, fmt.Errorf("evalFunc: %s not supported", op)
			}
			if next != nil {
				target := f.Block(next.Block)
				passed := make([]uint64, len(next.Args))
				for i, a := range next.Args {
					passed[i] = vals[a]
				}
				for i, p := range target.Params {
					vals[p] = passed[i]
				}
				b = target
				break
			}
		}
	}
	return nil, 0, fmt.Errorf("evalFunc: %s runs too long", f.Name)
}
