// Package ssa is the intermediate representation of wasmkernel's compiler: a
// function is a graph of basic blocks holding instructions in static single
// assignment form. Blocks take parameters instead of phi nodes, and every
// terminator passes arguments to the parameters of the blocks it jumps to
// (as in Cranelift and wazero's wazevo).
//
// The package knows neither WebAssembly nor any instruction set: the front
// end (package frontend) builds functions with a Builder, passes transform
// them in place, and each backend lowers them. Every function can be printed
// with Format, which tests compare against golden text.
package ssa

import "fmt"

// Type is the type of a value.
type Type uint8

// Value types. References are I64 values holding a pointer or 0 for null.
const (
	TypeInvalid Type = iota
	TypeI32
	TypeI64
	TypeF32
	TypeF64
	TypeV128
)

func (t Type) String() string {
	switch t {
	case TypeI32:
		return "i32"
	case TypeI64:
		return "i64"
	case TypeF32:
		return "f32"
	case TypeF64:
		return "f64"
	case TypeV128:
		return "v128"
	}
	return "invalid"
}

// Bits is the width of the type in bits.
func (t Type) Bits() int {
	switch t {
	case TypeI32, TypeF32:
		return 32
	case TypeI64, TypeF64:
		return 64
	case TypeV128:
		return 128
	}
	return 0
}

// IsInt reports whether t is an integer type.
func (t Type) IsInt() bool { return t == TypeI32 || t == TypeI64 }

// IsFloat reports whether t is a scalar float type.
func (t Type) IsFloat() bool { return t == TypeF32 || t == TypeF64 }

// Value names an SSA value of a function: a block parameter or an
// instruction result. Values are dense small integers, so passes can keep
// per-value data in slices.
type Value int32

// NoValue is the absent value.
const NoValue Value = -1

func (v Value) String() string {
	if v == NoValue {
		return "none"
	}
	return fmt.Sprintf("v%d", int32(v))
}

// BlockID names a block of a function.
type BlockID int32

func (b BlockID) String() string { return fmt.Sprintf("b%d", int32(b)) }

// TrapCode is the reason a trap instruction stops execution.
type TrapCode uint8

// Trap codes: the kinds of trap the WebAssembly specification names, plus
// the engine's own stops.
const (
	TrapUnreachable TrapCode = iota + 1
	TrapMemoryOutOfBounds
	TrapIntegerDivideByZero
	TrapIntegerOverflow
	TrapInvalidConversion
	TrapIndirectCallTypeMismatch
	TrapUndefinedElement
	TrapTableOutOfBounds
	TrapUninitializedElement
	TrapStackOverflow
	TrapInterrupted
	TrapNullReference
)

var trapNames = [...]string{
	TrapUnreachable:              "unreachable",
	TrapMemoryOutOfBounds:        "out of bounds memory access",
	TrapIntegerDivideByZero:      "integer divide by zero",
	TrapIntegerOverflow:          "integer overflow",
	TrapInvalidConversion:        "invalid conversion to integer",
	TrapIndirectCallTypeMismatch: "indirect call type mismatch",
	TrapUndefinedElement:         "undefined element",
	TrapTableOutOfBounds:         "out of bounds table access",
	TrapUninitializedElement:     "uninitialized element",
	TrapStackOverflow:            "call stack exhausted",
	TrapInterrupted:              "interrupted",
	TrapNullReference:            "null reference",
}

func (c TrapCode) String() string {
	if int(c) < len(trapNames) && trapNames[c] != "" {
		return trapNames[c]
	}
	return fmt.Sprintf("trap(%d)", uint8(c))
}
