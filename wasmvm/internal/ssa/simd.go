package ssa

import "fmt"

// Shape is the lane interpretation of a v128 value that a SIMD instruction
// works with, carried in the instruction's Aux. One opcode per kind of
// operation (OpVadd, OpVicmp, ...) with the shape beside it keeps the
// opcode list short, and a backend selects the machine instruction from
// the pair.
type Shape uint8

// Shapes.
const (
	ShapeInvalid Shape = iota
	ShapeI8x16
	ShapeI16x8
	ShapeI32x4
	ShapeI64x2
	ShapeF32x4
	ShapeF64x2
)

var shapeNames = [...]string{"shape?", "i8x16", "i16x8", "i32x4", "i64x2", "f32x4", "f64x2"}

func (s Shape) String() string {
	if int(s) < len(shapeNames) {
		return shapeNames[s]
	}
	return "shape?"
}

// LaneBits is the width of one lane in bits.
func (s Shape) LaneBits() int {
	switch s {
	case ShapeI8x16:
		return 8
	case ShapeI16x8:
		return 16
	case ShapeI32x4, ShapeF32x4:
		return 32
	case ShapeI64x2, ShapeF64x2:
		return 64
	}
	return 0
}

// Lanes is the number of lanes.
func (s Shape) Lanes() int {
	if b := s.LaneBits(); b > 0 {
		return 128 / b
	}
	return 0
}

// IsFloat reports whether the lanes are floats.
func (s Shape) IsFloat() bool { return s == ShapeF32x4 || s == ShapeF64x2 }

// IsInt reports whether the lanes are integers.
func (s Shape) IsInt() bool { return s >= ShapeI8x16 && s <= ShapeI64x2 }

// ScalarType is the type of a scalar holding one lane: i32 for the i8,
// i16 and i32 lanes.
func (s Shape) ScalarType() Type {
	switch s {
	case ShapeI8x16, ShapeI16x8, ShapeI32x4:
		return TypeI32
	case ShapeI64x2:
		return TypeI64
	case ShapeF32x4:
		return TypeF32
	case ShapeF64x2:
		return TypeF64
	}
	return TypeInvalid
}

// Narrow is the integer shape of lanes half as wide (i16x8 for i32x4),
// ShapeInvalid for i8x16 and the float shapes.
func (s Shape) Narrow() Shape {
	if s >= ShapeI16x8 && s <= ShapeI64x2 {
		return s - 1
	}
	return ShapeInvalid
}

// IntShapeOfSize is the integer shape whose lanes are size bytes wide.
func IntShapeOfSize(size uint64) Shape {
	switch size {
	case 1:
		return ShapeI8x16
	case 2:
		return ShapeI16x8
	case 4:
		return ShapeI32x4
	case 8:
		return ShapeI64x2
	}
	return ShapeInvalid
}

// V128 is a 128-bit vector value as two little-endian halves: lane i of
// width w bits occupies bits i*w to i*w+w-1 of Hi:Lo. The halves map onto
// two general-purpose registers or one vector register, and constants
// (OpV128const: Imm, Imm2) use the same split.
type V128 struct{ Lo, Hi uint64 }

func (v V128) String() string { return fmt.Sprintf("0x%016x%016x", v.Hi, v.Lo) }

// Lane returns lane i of shape s, zero-extended.
func (v V128) Lane(s Shape, i int) uint64 {
	w := s.LaneBits()
	pos := i * w
	half := v.Lo
	if pos >= 64 {
		half = v.Hi
	}
	x := half >> (pos % 64)
	if w < 64 {
		x &= 1<<w - 1
	}
	return x
}

// SetLane replaces lane i of shape s with the low bits of x.
func (v *V128) SetLane(s Shape, i int, x uint64) {
	w := s.LaneBits()
	pos := i * w
	half := &v.Lo
	if pos >= 64 {
		half = &v.Hi
	}
	mask := ^uint64(0)
	if w < 64 {
		mask = 1<<w - 1
	}
	sh := pos % 64
	*half = *half&^(mask<<sh) | (x&mask)<<sh
}

// Byte returns byte lane i.
func (v V128) Byte(i int) byte { return byte(v.Lane(ShapeI8x16, i)) }

// IsSIMDMemory reports whether op is one of the SIMD memory accesses
// (OpVloadSplat to OpVstoreLane), which carry a static offset in Imm and a
// MemAccess in Aux like OpLoad and OpStore.
func (op Op) IsSIMDMemory() bool { return op >= OpVloadSplat && op <= OpVstoreLane }

// IsSIMD reports whether op is a SIMD instruction (the v128 versions of
// OpLoad, OpStore and OpSelect are not: those take any type).
func (op Op) IsSIMD() bool { return op >= OpVnot && op <= OpVstoreLane }
