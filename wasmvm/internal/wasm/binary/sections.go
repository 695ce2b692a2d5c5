package binary

import (
	"errors"
	"fmt"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wasm"
)

func (d *decoder) valueType() (wasm.ValueType, error) { return readValueType(&d.r) }

func readValueType(r *wasm.Reader) (wasm.ValueType, error) {
	b, err := r.Byte()
	if err != nil {
		return 0, err
	}
	switch t := wasm.ValueType(b); t {
	case wasm.I32, wasm.I64, wasm.F32, wasm.F64, wasm.V128, wasm.FuncRef, wasm.ExternRef:
		return t, nil
	}
	return 0, fmt.Errorf("malformed value type 0x%02x", b)
}

func (d *decoder) refType() (wasm.ValueType, error) {
	b, err := d.r.Byte()
	if err != nil {
		return 0, err
	}
	if t := wasm.ValueType(b); t.IsRef() {
		return t, nil
	}
	return 0, fmt.Errorf("malformed reference type 0x%02x", b)
}

func (d *decoder) typeSection() error {
	return d.vector(3, func() error {
		form, err := d.r.Byte()
		if err != nil {
			return err
		}
		if form != 0x60 {
			return fmt.Errorf("malformed function type form 0x%02x, want 0x60", form)
		}
		var ft wasm.FuncType
		if ft.Params, err = d.valueTypes(); err != nil {
			return fmt.Errorf("parameters: %w", err)
		}
		if ft.Results, err = d.valueTypes(); err != nil {
			return fmt.Errorf("results: %w", err)
		}
		d.m.Types = append(d.m.Types, ft)
		return nil
	})
}

func (d *decoder) valueTypes() ([]wasm.ValueType, error) {
	n, err := d.r.Count(1)
	if err != nil {
		return nil, err
	}
	ts := make([]wasm.ValueType, n)
	for i := range ts {
		if ts[i], err = d.valueType(); err != nil {
			return nil, err
		}
	}
	return ts, nil
}

func (d *decoder) limits(memory bool) (wasm.Limits, error) {
	flag, err := d.r.Byte()
	if err != nil {
		return wasm.Limits{}, err
	}
	if flag > 1 {
		if memory && flag <= 3 {
			return wasm.Limits{}, errors.New("shared memories are not supported")
		}
		return wasm.Limits{}, fmt.Errorf("integer too large: limits flag 0x%02x", flag)
	}
	min, err := d.r.U32()
	if err != nil {
		return wasm.Limits{}, fmt.Errorf("limits minimum: %w", err)
	}
	l := wasm.Limits{Min: uint64(min)}
	if flag == 1 {
		max, err := d.r.U32()
		if err != nil {
			return wasm.Limits{}, fmt.Errorf("limits maximum: %w", err)
		}
		l.Max, l.HasMax = uint64(max), true
	}
	return l, nil
}

func (d *decoder) tableType() (wasm.TableType, error) {
	t, err := d.refType()
	if err != nil {
		return wasm.TableType{}, err
	}
	l, err := d.limits(false)
	return wasm.TableType{Elem: t, Limits: l}, err
}

func (d *decoder) memoryType() (wasm.MemoryType, error) {
	l, err := d.limits(true)
	return wasm.MemoryType{Limits: l}, err
}

func (d *decoder) globalType() (wasm.GlobalType, error) {
	t, err := d.valueType()
	if err != nil {
		return wasm.GlobalType{}, err
	}
	mut, err := d.r.Byte()
	if err != nil {
		return wasm.GlobalType{}, err
	}
	if mut > 1 {
		return wasm.GlobalType{}, fmt.Errorf("malformed mutability 0x%02x", mut)
	}
	return wasm.GlobalType{Type: t, Mutable: mut == 1}, nil
}

func (d *decoder) importSection() error {
	return d.vector(4, func() error {
		var im wasm.Import
		var err error
		if im.Module, err = d.r.Name(); err != nil {
			return fmt.Errorf("module name: %w", err)
		}
		if im.Name, err = d.r.Name(); err != nil {
			return fmt.Errorf("field name: %w", err)
		}
		kind, err := d.r.Byte()
		if err != nil {
			return err
		}
		im.Kind = wasm.ExternKind(kind)
		switch im.Kind {
		case wasm.ExternFunc:
			im.TypeIndex, err = d.r.U32()
			d.m.NumImportedFuncs++
		case wasm.ExternTable:
			im.Table, err = d.tableType()
			d.m.NumImportedTables++
		case wasm.ExternMemory:
			im.Memory, err = d.memoryType()
			d.m.NumImportedMemories++
		case wasm.ExternGlobal:
			im.Global, err = d.globalType()
			d.m.NumImportedGlobals++
		default:
			return fmt.Errorf("malformed import kind 0x%02x", kind)
		}
		d.m.Imports = append(d.m.Imports, im)
		return err
	})
}

func (d *decoder) functionSection() error {
	n, err := d.r.Count(1)
	if err != nil {
		return err
	}
	d.haveFunctions = true
	d.funcCount = n
	d.m.Functions = make([]uint32, n)
	for i := range d.m.Functions {
		if d.m.Functions[i], err = d.r.U32(); err != nil {
			return fmt.Errorf("entry %d: %w", i, err)
		}
	}
	return nil
}

func (d *decoder) globalSection() error {
	return d.vector(3, func() error {
		t, err := d.globalType()
		if err != nil {
			return err
		}
		init, err := d.constExpr()
		if err != nil {
			return err
		}
		d.m.Globals = append(d.m.Globals, wasm.Global{Type: t, Init: init})
		return nil
	})
}

func (d *decoder) exportSection() error {
	return d.vector(3, func() error {
		name, err := d.r.Name()
		if err != nil {
			return err
		}
		kind, err := d.r.Byte()
		if err != nil {
			return err
		}
		if kind > byte(wasm.ExternGlobal) {
			return fmt.Errorf("malformed export kind 0x%02x", kind)
		}
		idx, err := d.r.U32()
		if err != nil {
			return err
		}
		d.m.Exports = append(d.m.Exports, wasm.Export{Name: name, Kind: wasm.ExternKind(kind), Index: idx})
		return nil
	})
}

// constExpr reads a constant expression up to and including its end opcode.
// Which instructions it may contain is checked by the validator.
func (d *decoder) constExpr() (wasm.ConstExpr, error) {
	start := d.r.Pos()
	offset := d.r.Offset()
	var in wasm.Instr
	for {
		if err := d.r.ReadInstr(&in); err != nil {
			return wasm.ConstExpr{}, fmt.Errorf("constant expression: %w", err)
		}
		if in.Op == wasm.OpEnd {
			break
		}
	}
	return wasm.ConstExpr{Code: d.r.Slice(start, d.r.Pos()), Offset: offset}, nil
}

func (d *decoder) elementSection() error {
	return d.vector(1, func() error {
		flags, err := d.r.U32()
		if err != nil {
			return err
		}
		if flags > 7 {
			return fmt.Errorf("malformed elements segment kind %d", flags)
		}
		el := wasm.Element{Type: wasm.FuncRef}
		switch {
		case flags&1 == 0:
			el.Mode = wasm.SegmentActive
		case flags&2 == 0:
			el.Mode = wasm.SegmentPassive
		default:
			el.Mode = wasm.SegmentDeclarative
		}
		if el.Mode == wasm.SegmentActive {
			if flags&2 != 0 {
				if el.Table, err = d.r.U32(); err != nil {
					return err
				}
			}
			if el.Offset, err = d.constExpr(); err != nil {
				return err
			}
		}
		usesExprs := flags&4 != 0
		if flags&3 != 0 { // an element kind or reference type is present
			if usesExprs {
				if el.Type, err = d.refType(); err != nil {
					return err
				}
			} else {
				kind, err := d.r.Byte()
				if err != nil {
					return err
				}
				if kind != 0 {
					return fmt.Errorf("malformed element kind 0x%02x", kind)
				}
			}
		}
		if usesExprs {
			err = d.vector(1, func() error {
				e, err := d.constExpr()
				el.Init = append(el.Init, e)
				return err
			})
		} else {
			err = d.funcIndexInits(&el)
		}
		d.m.Elements = append(d.m.Elements, el)
		return err
	})
}

// funcIndexInits reads a vector of function indices and stores each as a
// ref.func constant expression.
func (d *decoder) funcIndexInits(el *wasm.Element) error {
	n, err := d.r.Count(1)
	if err != nil {
		return err
	}
	el.Init = make([]wasm.ConstExpr, 0, n)
	buf := make([]byte, 0, int(n)*3)
	for i := uint32(0); i < n; i++ {
		offset := d.r.Offset()
		idx, err := d.r.U32()
		if err != nil {
			return err
		}
		start := len(buf)
		buf = append(buf, wasm.OpRefFunc)
		buf = appendU32(buf, idx)
		buf = append(buf, wasm.OpEnd)
		el.Init = append(el.Init, wasm.ConstExpr{Code: buf[start:len(buf):len(buf)], Offset: offset})
	}
	return nil
}

func appendU32(b []byte, v uint32) []byte {
	for {
		c := byte(v & 0x7F)
		v >>= 7
		if v == 0 {
			return append(b, c)
		}
		b = append(b, c|0x80)
	}
}

func (d *decoder) codeSection() error {
	n, err := d.r.Count(1)
	if err != nil {
		return err
	}
	d.haveCode = true
	if n != d.funcCount {
		return fmt.Errorf("function and code section have inconsistent lengths: %d functions, %d bodies", d.funcCount, n)
	}
	d.m.Codes = make([]wasm.Code, n)
	var br wasm.Reader
	for i := range d.m.Codes {
		if err := d.code(&d.m.Codes[i], &br); err != nil {
			return d.fail(br.LastOffset(), fmt.Errorf("function body %d: %w", i, err))
		}
	}
	return nil
}

func (d *decoder) code(c *wasm.Code, br *wasm.Reader) error {
	br.Reset(nil, d.r.Offset())
	size, err := d.r.U32()
	if err != nil {
		return err
	}
	body, err := d.r.Bytes(size)
	if err != nil {
		return err
	}
	br.Reset(body, d.r.Offset()-len(body))
	n, err := br.Count(2)
	if err != nil {
		return fmt.Errorf("locals: %w", err)
	}
	var total uint64
	for i := uint32(0); i < n; i++ {
		count, err := br.U32()
		if err != nil {
			return fmt.Errorf("locals: %w", err)
		}
		total += uint64(count)
		if total > MaxLocals {
			return errors.New("too many locals")
		}
		t, err := readValueType(br)
		if err != nil {
			return fmt.Errorf("locals: %w", err)
		}
		if count > 0 {
			c.Locals = append(c.Locals, wasm.LocalDecl{Count: count, Type: t})
		}
	}
	c.NumLocals = uint32(total)
	c.Offset = br.Offset()
	c.Body = body[br.Pos():]
	if len(c.Body) == 0 || c.Body[len(c.Body)-1] != wasm.OpEnd {
		return errors.New("END opcode expected at the end of the function body")
	}
	return nil
}

func (d *decoder) dataSection() error {
	return d.vector(1, func() error {
		flags, err := d.r.U32()
		if err != nil {
			return err
		}
		var seg wasm.Data
		switch flags {
		case 0, 2:
			if flags == 2 {
				if seg.Memory, err = d.r.U32(); err != nil {
					return err
				}
			}
			if seg.Offset, err = d.constExpr(); err != nil {
				return err
			}
		case 1:
			seg.Mode = wasm.SegmentPassive
		default:
			return fmt.Errorf("malformed data segment kind %d", flags)
		}
		n, err := d.r.U32()
		if err != nil {
			return err
		}
		if seg.Init, err = d.r.Bytes(n); err != nil {
			return fmt.Errorf("data of %d bytes: %w", n, err)
		}
		d.m.Datas = append(d.m.Datas, seg)
		return nil
	})
}
