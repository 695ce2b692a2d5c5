package interp

import (
	"encoding/binary"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/runtime"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// effective returns the memory bytes an access of size bytes at addr+offset
// touches, trapping when any is out of bounds.
func effective(mem *runtime.Memory, addr uint64, offset, size uint64) []byte {
	ea := uint64(uint32(addr)) + offset
	if ea+size > uint64(len(mem.Bytes)) {
		trap(ssa.TrapMemoryOutOfBounds)
	}
	return mem.Bytes[ea : ea+size]
}

func load(mem *runtime.Memory, addr, offset uint64, acc ssa.MemAccess, t ssa.Type) uint64 {
	b := effective(mem, addr, offset, acc.Size())
	var v uint64
	switch acc {
	case ssa.Mem8U:
		v = uint64(b[0])
	case ssa.Mem8S:
		v = uint64(int64(int8(b[0])))
	case ssa.Mem16U:
		v = uint64(binary.LittleEndian.Uint16(b))
	case ssa.Mem16S:
		v = uint64(int64(int16(binary.LittleEndian.Uint16(b))))
	case ssa.Mem32U, ssa.Mem32:
		v = uint64(binary.LittleEndian.Uint32(b))
	case ssa.Mem32S:
		v = uint64(int64(int32(binary.LittleEndian.Uint32(b))))
	case ssa.Mem64:
		v = binary.LittleEndian.Uint64(b)
	}
	if t == ssa.TypeI32 {
		v = uint64(uint32(v))
	}
	return v
}

func store(mem *runtime.Memory, addr, offset uint64, acc ssa.MemAccess, v uint64) {
	b := effective(mem, addr, offset, acc.Size())
	switch acc.Size() {
	case 1:
		b[0] = byte(v)
	case 2:
		binary.LittleEndian.PutUint16(b, uint16(v))
	case 4:
		binary.LittleEndian.PutUint32(b, uint32(v))
	case 8:
		binary.LittleEndian.PutUint64(b, v)
	}
}

// rangeOK reports whether [start, start+n) fits in size.
func rangeOK(start, n uint32, size int) bool { return uint64(start)+uint64(n) <= uint64(size) }

func (m *machine) execTableOrBulk(inst *runtime.Instance, in *ssa.Instr, vals []ssa.V128) {
	arg := func(i int) uint32 { return uint32(vals[in.Args[i]].Lo) }
	set := func(v uint64) { vals[in.Results[0]] = ssa.V128{Lo: v} }
	switch in.Op {
	case ssa.OpRefFunc:
		set(inst.Funcs[in.Aux].Ref())
	case ssa.OpTableGet:
		t := inst.Tables[in.Aux]
		i := arg(0)
		if uint64(i) >= uint64(len(t.Elems)) {
			trap(ssa.TrapTableOutOfBounds)
		}
		set(t.Elems[i])
	case ssa.OpTableSet:
		t := inst.Tables[in.Aux]
		i := arg(0)
		if uint64(i) >= uint64(len(t.Elems)) {
			trap(ssa.TrapTableOutOfBounds)
		}
		t.Elems[i] = vals[in.Args[1]].Lo
	case ssa.OpTableSize:
		set(uint64(len(inst.Tables[in.Aux].Elems)))
	case ssa.OpTableGrow:
		set(uint64(inst.Tables[in.Aux].Grow(arg(1), vals[in.Args[0]].Lo)))
	case ssa.OpTableFill:
		t := inst.Tables[in.Aux]
		dst, ref, n := arg(0), vals[in.Args[1]].Lo, arg(2)
		if !rangeOK(dst, n, len(t.Elems)) {
			trap(ssa.TrapTableOutOfBounds)
		}
		for i := uint32(0); i < n; i++ {
			t.Elems[dst+i] = ref
		}
	case ssa.OpTableCopy:
		dt, st := inst.Tables[in.Aux], inst.Tables[in.Aux2]
		dst, src, n := arg(0), arg(1), arg(2)
		if !rangeOK(dst, n, len(dt.Elems)) || !rangeOK(src, n, len(st.Elems)) {
			trap(ssa.TrapTableOutOfBounds)
		}
		copy(dt.Elems[dst:dst+n], st.Elems[src:src+n])
	case ssa.OpTableInit:
		if err := inst.TableInit(in.Aux, in.Aux2, arg(0), arg(1), arg(2)); err != nil {
			panic(err)
		}
	case ssa.OpElemDrop:
		inst.Elems[in.Aux] = nil
	case ssa.OpMemoryInit:
		if err := inst.MemoryInit(in.Aux, arg(0), arg(1), arg(2)); err != nil {
			panic(err)
		}
	case ssa.OpDataDrop:
		inst.Datas[in.Aux] = nil
	case ssa.OpMemoryCopy:
		mem := inst.Memory.Bytes
		dst, src, n := arg(0), arg(1), arg(2)
		if !rangeOK(dst, n, len(mem)) || !rangeOK(src, n, len(mem)) {
			trap(ssa.TrapMemoryOutOfBounds)
		}
		copy(mem[dst:dst+n], mem[src:src+n])
	case ssa.OpMemoryFill:
		mem := inst.Memory.Bytes
		dst, v, n := arg(0), byte(arg(1)), arg(2)
		if !rangeOK(dst, n, len(mem)) {
			trap(ssa.TrapMemoryOutOfBounds)
		}
		for i := uint32(0); i < n; i++ {
			mem[dst+i] = v
		}
	default:
		panic("interp: unhandled instruction " + in.Op.String())
	}
}
