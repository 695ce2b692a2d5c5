package native

import (
	"fmt"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/exec"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/runtime"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// runtimeFunction performs one of the operations native code leaves to Go
// (exec.Runtime*), with arguments arg(0), arg(1), ... in the order the
// exec constants document. A trap is returned as *runtime.Trap.
func runtimeFunction(inst *runtime.Instance, fn uint32, arg func(int) uint64, arg32 func(int) uint32) (uint64, error) {
	inRange := func(start, n uint32, size int) bool { return uint64(start)+uint64(n) <= uint64(size) }
	switch fn {
	case exec.RuntimeMemoryGrow:
		return uint64(inst.Memory.Grow(arg32(0))), nil
	case exec.RuntimeTableGet:
		t := inst.Tables[arg32(0)]
		if i := arg32(1); uint64(i) < uint64(len(t.Elems)) {
			return t.Elems[i], nil
		}
		return 0, runtime.NewTrap(ssa.TrapTableOutOfBounds)
	case exec.RuntimeTableSet:
		t := inst.Tables[arg32(0)]
		i := arg32(1)
		if uint64(i) >= uint64(len(t.Elems)) {
			return 0, runtime.NewTrap(ssa.TrapTableOutOfBounds)
		}
		t.Elems[i] = arg(2)
		return 0, nil
	case exec.RuntimeTableSize:
		return uint64(len(inst.Tables[arg32(0)].Elems)), nil
	case exec.RuntimeTableGrow:
		return uint64(inst.Tables[arg32(0)].Grow(arg32(2), arg(1))), nil
	case exec.RuntimeTableFill:
		t := inst.Tables[arg32(0)]
		dst, ref, n := arg32(1), arg(2), arg32(3)
		if !inRange(dst, n, len(t.Elems)) {
			return 0, runtime.NewTrap(ssa.TrapTableOutOfBounds)
		}
		for i := uint32(0); i < n; i++ {
			t.Elems[dst+i] = ref
		}
		return 0, nil
	case exec.RuntimeTableCopy:
		dt, st := inst.Tables[arg32(0)], inst.Tables[arg32(1)]
		dst, src, n := arg32(2), arg32(3), arg32(4)
		if !inRange(dst, n, len(dt.Elems)) || !inRange(src, n, len(st.Elems)) {
			return 0, runtime.NewTrap(ssa.TrapTableOutOfBounds)
		}
		copy(dt.Elems[dst:dst+n], st.Elems[src:src+n])
		return 0, nil
	case exec.RuntimeTableInit:
		return 0, inst.TableInit(arg32(0), arg32(1), arg32(2), arg32(3), arg32(4))
	case exec.RuntimeElemDrop:
		inst.Elems[arg32(0)] = nil
		return 0, nil
	case exec.RuntimeMemoryInit:
		return 0, inst.MemoryInit(arg32(0), arg32(1), arg32(2), arg32(3))
	case exec.RuntimeDataDrop:
		inst.Datas[arg32(0)] = nil
		return 0, nil
	case exec.RuntimeMemoryCopy:
		mem := inst.Memory.Bytes
		dst, src, n := arg32(0), arg32(1), arg32(2)
		if !inRange(dst, n, len(mem)) || !inRange(src, n, len(mem)) {
			return 0, runtime.NewTrap(ssa.TrapMemoryOutOfBounds)
		}
		copy(mem[dst:dst+n], mem[src:src+n])
		return 0, nil
	case exec.RuntimeMemoryFill:
		mem := inst.Memory.Bytes
		dst, v, n := arg32(0), byte(arg32(1)), arg32(2)
		if !inRange(dst, n, len(mem)) {
			return 0, runtime.NewTrap(ssa.TrapMemoryOutOfBounds)
		}
		for i := uint32(0); i < n; i++ {
			mem[dst+i] = v
		}
		return 0, nil
	case exec.RuntimeRefFunc:
		return inst.Funcs[arg32(0)].Ref(), nil
	}
	return 0, fmt.Errorf("unknown runtime function %d", fn)
}
