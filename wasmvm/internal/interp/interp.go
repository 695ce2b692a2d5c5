// Package interp executes SSA functions directly. It is the engine's
// reference: the spec-test harness checks the front end and the runtime with
// it, and the compiler's differential tests compare native code against it.
// It is simple rather than fast.
package interp

import (
	"fmt"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/frontend"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/runtime"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wasm"
)

// MaxCallDepth is the call depth at which execution traps with stack
// exhaustion.
const MaxCallDepth = 8192

// Engine implements runtime.Engine by interpretation.
type Engine struct{}

// prepared is the interpreter's form of a module: one SSA function per
// module-defined function.
type prepared struct {
	funcs []*ssa.Func
}

// Prepare implements runtime.Engine.Prepare.
func (Engine) Prepare(m *wasm.Module) (any, error) {
	p := &prepared{funcs: make([]*ssa.Func, len(m.Codes))}
	for i := range m.Codes {
		f, err := frontend.Translate(m, m.NumImportedFuncs+uint32(i))
		if err != nil {
			return nil, err
		}
		p.funcs[i] = f
	}
	return p, nil
}

// Call implements runtime.Engine.Call.
func (Engine) Call(inst *runtime.Instance, f *runtime.Function, args []uint64) (results []uint64, err error) {
	m := &machine{}
	defer func() {
		if r := recover(); r != nil {
			t, ok := r.(*runtime.Trap)
			if !ok {
				if e, ok := r.(hostError); ok {
					err = e.err
					return
				}
				panic(r)
			}
			err = t
		}
	}()
	return m.call(inst, f, args), nil
}

// hostError carries an error returned by a host function out of nested
// interpretation.
type hostError struct{ err error }

type machine struct {
	depth int
}

func trap(code ssa.TrapCode) { panic(runtime.NewTrap(code)) }

// call runs f, which may belong to any instance or to the host.
func (m *machine) call(caller *runtime.Instance, f *runtime.Function, args []uint64) []uint64 {
	if f.Host != nil {
		stack := make([]uint64, max(runtime.Slots(f.Type.Params), runtime.Slots(f.Type.Results)))
		copy(stack, args)
		if err := f.Host(caller, stack); err != nil {
			panic(hostError{err})
		}
		return stack[:runtime.Slots(f.Type.Results)]
	}
	inst := f.Instance
	p, ok := inst.Prepared.(*prepared)
	if !ok {
		// A function of an instance run by another engine.
		res, err := inst.Call(f, args)
		if err != nil {
			panic(hostError{err})
		}
		return res
	}
	m.depth++
	if m.depth > MaxCallDepth {
		trap(ssa.TrapStackOverflow)
	}
	defer func() { m.depth-- }()
	for {
		results, tail, tailArgs := m.run(inst, p.funcs[f.Index-inst.Module.NumImportedFuncs], args)
		if tail == nil {
			return results
		}
		// A tail call replaces this frame: loop instead of recursing,
		// unless the callee is not interpreted here.
		if tail.Host != nil || tail.Instance.Prepared == nil {
			return m.call(inst, tail, tailArgs)
		}
		if p, ok = tail.Instance.Prepared.(*prepared); !ok {
			return m.call(inst, tail, tailArgs)
		}
		f, inst, args = tail, tail.Instance, tailArgs
	}
}

// run interprets one function body. It returns the results, or the callee
// and arguments of a tail call that ends the function. Arguments and
// results are in slots: one per value, two (low half first) per v128.
func (m *machine) run(inst *runtime.Instance, fn *ssa.Func, args []uint64) ([]uint64, *runtime.Function, []uint64) {
	vals := make([]ssa.V128, fn.NumValues())
	blk := fn.Entry()
	fromSlots(fn, blk.Params, args, vals)
	var tmp []ssa.V128
	for {
		for _, in := range blk.Instrs {
			if !in.Op.IsTerminator() {
				m.exec(inst, fn, in, vals)
				continue
			}
			var target ssa.BlockCall
			switch in.Op {
			case ssa.OpJump:
				target = in.Targets[0]
			case ssa.OpBrif:
				if uint32(vals[in.Args[0]].Lo) != 0 {
					target = in.Targets[0]
				} else {
					target = in.Targets[1]
				}
			case ssa.OpBrTable:
				i := uint64(uint32(vals[in.Args[0]].Lo))
				if i >= uint64(len(in.Targets)-1) {
					i = uint64(len(in.Targets) - 1)
				}
				target = in.Targets[i]
			case ssa.OpReturn:
				return toSlots(fn, in.Args, vals), nil, nil
			case ssa.OpReturnCall, ssa.OpReturnCallIndirect:
				args := toSlots(fn, in.Args, vals)
				if in.Op == ssa.OpReturnCall {
					return nil, inst.Funcs[in.Aux], args
				}
				return nil, resolveIndirect(inst, in.Aux, in.Aux2, uint32(args[0])), args[1:]
			case ssa.OpTrap:
				trap(ssa.TrapCode(in.Aux))
			}
			// Block arguments are assigned in parallel.
			tmp = tmp[:0]
			for _, a := range target.Args {
				tmp = append(tmp, vals[a])
			}
			blk = fn.Block(target.Block)
			for i, p := range blk.Params {
				vals[p] = tmp[i]
			}
			break
		}
	}
}

// toSlots lays the values vs out in argument slots: one per value, two
// (low half first) per v128.
func toSlots(fn *ssa.Func, vs []ssa.Value, vals []ssa.V128) []uint64 {
	out := make([]uint64, 0, len(vs))
	for _, v := range vs {
		out = append(out, vals[v].Lo)
		if fn.TypeOf(v) == ssa.TypeV128 {
			out = append(out, vals[v].Hi)
		}
	}
	return out
}

// fromSlots assigns the values vs from argument slots (see toSlots).
func fromSlots(fn *ssa.Func, vs []ssa.Value, slots []uint64, vals []ssa.V128) {
	k := 0
	for _, v := range vs {
		vals[v] = ssa.V128{Lo: slots[k]}
		k++
		if fn.TypeOf(v) == ssa.TypeV128 {
			vals[v].Hi = slots[k]
			k++
		}
	}
}

func (m *machine) exec(inst *runtime.Instance, fn *ssa.Func, in *ssa.Instr, vals []ssa.V128) {
	if in.Op.IsSIMD() {
		execSIMD(inst, in, vals)
		return
	}
	arg := func(i int) uint64 { return vals[in.Args[i]].Lo }
	set := func(v uint64) { vals[in.Results[0]] = ssa.V128{Lo: v} }
	switch in.Op {
	case ssa.OpIconst, ssa.OpF32const, ssa.OpF64const:
		set(in.Imm)
	case ssa.OpV128const:
		vals[in.Results[0]] = ssa.V128{Lo: in.Imm, Hi: in.Imm2}
	case ssa.OpIadd, ssa.OpIsub, ssa.OpImul, ssa.OpSdiv, ssa.OpUdiv, ssa.OpSrem, ssa.OpUrem,
		ssa.OpBand, ssa.OpBor, ssa.OpBxor, ssa.OpIshl, ssa.OpSshr, ssa.OpUshr, ssa.OpRotl, ssa.OpRotr,
		ssa.OpIcmp, ssa.OpFadd, ssa.OpFsub, ssa.OpFmul, ssa.OpFdiv, ssa.OpFmin, ssa.OpFmax,
		ssa.OpFcopysign, ssa.OpFcmp:
		v, t := ssa.EvalBinary(in.Op, in.Cond, fn.TypeOf(in.Args[0]), arg(0), arg(1))
		if t != 0 {
			trap(t)
		}
		set(v)
	case ssa.OpClz, ssa.OpCtz, ssa.OpPopcnt, ssa.OpBswap, ssa.OpFabs, ssa.OpFneg, ssa.OpFsqrt, ssa.OpFceil,
		ssa.OpFfloor, ssa.OpFtrunc, ssa.OpFnearest, ssa.OpIreduce, ssa.OpSextend, ssa.OpUextend,
		ssa.OpFcvtToSint, ssa.OpFcvtToUint, ssa.OpFcvtToSintSat, ssa.OpFcvtToUintSat,
		ssa.OpFcvtFromSint, ssa.OpFcvtFromUint, ssa.OpFpromote, ssa.OpFdemote, ssa.OpBitcast:
		v, t := ssa.EvalUnary(in.Op, fn.TypeOf(in.Args[0]), in.Type, in.Aux, arg(0))
		if t != 0 {
			trap(t)
		}
		set(v)
	case ssa.OpSelect: // any type, v128 included
		if uint32(arg(0)) != 0 {
			vals[in.Results[0]] = vals[in.Args[1]]
		} else {
			vals[in.Results[0]] = vals[in.Args[2]]
		}
	case ssa.OpLoad:
		if ssa.MemAccess(in.Aux) == ssa.Mem128 {
			vals[in.Results[0]] = loadV128(inst.Memory, arg(0), in.Imm)
			return
		}
		set(load(inst.Memory, arg(0), in.Imm, ssa.MemAccess(in.Aux), in.Type))
	case ssa.OpStore:
		if ssa.MemAccess(in.Aux) == ssa.Mem128 {
			storeV128(inst.Memory, arg(0), in.Imm, vals[in.Args[1]])
			return
		}
		store(inst.Memory, arg(0), in.Imm, ssa.MemAccess(in.Aux), arg(1))
	case ssa.OpMemorySize:
		set(uint64(inst.Memory.Pages()))
	case ssa.OpMemoryGrow:
		set(uint64(inst.Memory.Grow(uint32(arg(0)))))
	case ssa.OpCounterClock:
		set(^uint64(0)) // no counter clock here: the caller makes the host call
	case ssa.OpGlobalGet: // Hi is 0 but for v128 globals
		g := inst.Globals[in.Aux]
		vals[in.Results[0]] = ssa.V128{Lo: g.Lo, Hi: g.Hi}
	case ssa.OpGlobalSet:
		v := vals[in.Args[0]]
		inst.Globals[in.Aux].Lo, inst.Globals[in.Aux].Hi = v.Lo, v.Hi
	case ssa.OpCall, ssa.OpCallIndirect:
		m.callInstr(inst, fn, in, vals)
	case ssa.OpTrapIf:
		if uint32(arg(0)) != 0 {
			trap(ssa.TrapCode(in.Aux))
		}
	default:
		m.execTableOrBulk(inst, in, vals)
	}
}

func (m *machine) callInstr(inst *runtime.Instance, fn *ssa.Func, in *ssa.Instr, vals []ssa.V128) {
	args := toSlots(fn, in.Args, vals)
	var f *runtime.Function
	if in.Op == ssa.OpCall {
		f = inst.Funcs[in.Aux]
	} else {
		f = resolveIndirect(inst, in.Aux, in.Aux2, uint32(args[0]))
		args = args[1:]
	}
	fromSlots(fn, in.Results, m.call(inst, f, args), vals)
}

// resolveIndirect finds the target of call_indirect through table, checking
// the element index, null and the signature.
func resolveIndirect(inst *runtime.Instance, typeIdx, table, elem uint32) *runtime.Function {
	t := inst.Tables[table]
	if uint64(elem) >= uint64(len(t.Elems)) {
		trap(ssa.TrapUndefinedElement)
	}
	ref := t.Elems[elem]
	if ref == 0 {
		trap(ssa.TrapUninitializedElement)
	}
	f := inst.Store.FunctionByRef(ref)
	if f == nil {
		panic(fmt.Sprintf("table holds an unknown function reference %d", ref))
	}
	if !f.Type.Equal(&inst.Module.Types[typeIdx]) {
		trap(ssa.TrapIndirectCallTypeMismatch)
	}
	return f
}
