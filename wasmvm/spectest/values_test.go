package spectest

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"
)

func v128Value(lane string, lanes ...string) Value {
	b, _ := json.Marshal(lanes)
	return Value{Type: "v128", Lane: lane, Value: b}
}

// TestCompareV128 checks that v128 results take two slots and are
// compared lane by lane, each float lane with its own NaN rule.
func TestCompareV128(t *testing.T) {
	f32 := v128Value("f32", "nan:canonical", "nan:arithmetic", "1065353216", "0")
	// Lanes: -nan (canonical), nan with payload (arithmetic), 1.0, 0.
	good := []uint64{0x7FC00001_FFC00000, 0x00000000_3F800000}
	require.Empty(t, compare(good, []Value{f32}))
	notCanonical := []uint64{0x7FC00001_FFC00001, 0x00000000_3F800000}
	require.Contains(t, compare(notCanonical, []Value{f32}), "result 0")
	signalling := []uint64{0x7F800001_FFC00000, 0x00000000_3F800000}
	require.Contains(t, compare(signalling, []Value{f32}), "result 0")

	i8 := v128Value("i8", "255", "1", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "128")
	scalar := Value{Type: "i32", Value: json.RawMessage(`"7"`)}
	require.Empty(t, compare([]uint64{0x01FF, 0x80 << 56, 7}, []Value{i8, scalar}))
	require.Contains(t, compare([]uint64{0x01FF, 0x80 << 56}, []Value{i8, scalar}), "result slots")
	require.Contains(t, compare([]uint64{0x01FE, 0x80 << 56, 7}, []Value{i8, scalar}), "result 0")

	p, err := parseValue(v128Value("i16", "1", "2", "3", "4", "5", "6", "7", "65535"))
	require.NoError(t, err)
	require.Equal(t, []uint64{0x0004000300020001, 0xFFFF000700060005}, p.slots())
	_, err = parseValue(v128Value("i32", "1", "2"))
	require.Error(t, err)
}
