package spectest

import (
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// nanKind says which NaNs an expected value accepts.
type nanKind uint8

const (
	notNaN nanKind = iota
	canonicalNaN
	arithmeticNaN
)

// parsed is a value of a command: its bits and, for expected floats, the NaN
// class it accepts. A v128 keeps its lanes, each with its lane type and NaN
// class, so that results are compared lane by lane.
type parsed struct {
	typ   string
	bits  uint64
	hi    uint64 // the upper half of a v128
	nan   nanKind
	shape ssa.Shape
	lanes []parsed
}

// laneShapes maps the lane types of v128 values to shapes.
var laneShapes = map[string]ssa.Shape{
	"i8": ssa.ShapeI8x16, "i16": ssa.ShapeI16x8, "i32": ssa.ShapeI32x4,
	"i64": ssa.ShapeI64x2, "f32": ssa.ShapeF32x4, "f64": ssa.ShapeF64x2,
}

// slots returns the value as argument slots: the bits, and the upper half
// of a v128 after them.
func (p parsed) slots() []uint64 {
	if p.typ == "v128" {
		return []uint64{p.bits, p.hi}
	}
	return []uint64{p.bits}
}

// parseValue converts a JSON value. Reference values are 0 for null and
// 1+n for extern n, the convention of package runtime.
func parseValue(v Value) (parsed, error) {
	if v.Type == "v128" {
		return parseV128(v)
	}
	var s string
	if err := json.Unmarshal(v.Value, &s); err != nil {
		return parsed{}, fmt.Errorf("value of type %s: %w", v.Type, err)
	}
	return parseScalar(v.Type, s)
}

// parseV128 converts a v128 value, given as one string per lane.
func parseV128(v Value) (parsed, error) {
	shape, ok := laneShapes[v.Lane]
	if !ok {
		return parsed{}, fmt.Errorf("v128 with lane type %q", v.Lane)
	}
	var lanes []string
	if err := json.Unmarshal(v.Value, &lanes); err != nil {
		return parsed{}, fmt.Errorf("v128 value: %w", err)
	}
	if len(lanes) != shape.Lanes() {
		return parsed{}, fmt.Errorf("v128 value with %d %s lanes", len(lanes), v.Lane)
	}
	p := parsed{typ: v.Type, shape: shape}
	var vec ssa.V128
	for i, s := range lanes {
		lane, err := parseScalar(v.Lane, s)
		if err != nil {
			return parsed{}, err
		}
		vec.SetLane(shape, i, lane.bits)
		p.lanes = append(p.lanes, lane)
	}
	p.bits, p.hi = vec.Lo, vec.Hi
	return p, nil
}

// parseScalar converts the text of a scalar value or a lane of type typ.
func parseScalar(typ, s string) (parsed, error) {
	p := parsed{typ: typ}
	switch s {
	case "nan:canonical":
		p.nan = canonicalNaN
		return p, nil
	case "nan:arithmetic":
		p.nan = arithmeticNaN
		return p, nil
	case "null":
		return p, nil
	}
	n, err := strconv.ParseUint(s, 10, 64)
	if err != nil {
		return parsed{}, fmt.Errorf("value %q of type %s: %w", s, typ, err)
	}
	p.bits = n
	if typ == "externref" || typ == "funcref" {
		p.bits = n + 1
	}
	return p, nil
}

// matchesV128 reports whether an actual v128 result equals the expected
// value lane by lane, each float lane with its own NaN class.
func (p parsed) matchesV128(actual ssa.V128) bool {
	for i, lane := range p.lanes {
		if !lane.matches(actual.Lane(p.shape, i)) {
			return false
		}
	}
	return true
}

// matches reports whether an actual scalar result or lane equals the
// expected value.
func (p parsed) matches(actual uint64) bool {
	switch p.typ {
	case "i8":
		return uint8(actual) == uint8(p.bits)
	case "i16":
		return uint16(actual) == uint16(p.bits)
	case "i32", "f32":
		a := uint32(actual)
		switch p.nan {
		case canonicalNaN:
			return a&0x7FFFFFFF == 0x7FC00000
		case arithmeticNaN:
			return a&0x7FC00000 == 0x7FC00000
		}
		return a == uint32(p.bits)
	case "f64":
		switch p.nan {
		case canonicalNaN:
			return actual&0x7FFFFFFFFFFFFFFF == 0x7FF8000000000000
		case arithmeticNaN:
			return actual&0x7FF8000000000000 == 0x7FF8000000000000
		}
	}
	return actual == p.bits
}
