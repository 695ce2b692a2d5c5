package spectest

import (
	"encoding/json"
	"fmt"
	"strconv"
)

// nanKind says which NaNs an expected value accepts.
type nanKind uint8

const (
	notNaN nanKind = iota
	canonicalNaN
	arithmeticNaN
)

// parsed is a value of a command: its bits and, for expected floats, the NaN
// class it accepts.
type parsed struct {
	typ  string
	bits uint64
	nan  nanKind
}

// parseValue converts a JSON value. Reference values are 0 for null and
// 1+n for extern n, the convention of package runtime.
func parseValue(v Value) (parsed, error) {
	var s string
	if err := json.Unmarshal(v.Value, &s); err != nil {
		return parsed{}, fmt.Errorf("value of type %s: %w", v.Type, err)
	}
	p := parsed{typ: v.Type}
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
		return parsed{}, fmt.Errorf("value %q of type %s: %w", s, v.Type, err)
	}
	p.bits = n
	if v.Type == "externref" || v.Type == "funcref" {
		p.bits = n + 1
	}
	return p, nil
}

// matches reports whether an actual result equals the expected value.
func (p parsed) matches(actual uint64) bool {
	switch p.typ {
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
