package wasm

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestReaderU32(t *testing.T) {
	tests := []struct {
		in   []byte
		want uint32
		err  error
	}{
		{[]byte{0x00}, 0, nil},
		{[]byte{0x7F}, 127, nil},
		{[]byte{0x80, 0x01}, 128, nil},
		{[]byte{0xE5, 0x8E, 0x26}, 624485, nil},
		{[]byte{0xFF, 0xFF, 0xFF, 0xFF, 0x0F}, 0xFFFFFFFF, nil},
		{[]byte{0x80, 0x80, 0x80, 0x80, 0x00}, 0, nil}, // padded zero is allowed
		{[]byte{0xFF, 0xFF, 0xFF, 0xFF, 0x1F}, 0, ErrIntTooLarge},
		{[]byte{0x80, 0x80, 0x80, 0x80, 0x80, 0x00}, 0, ErrIntTooLong},
		{[]byte{0x80}, 0, ErrUnexpectedEnd},
		{nil, 0, ErrUnexpectedEnd},
	}
	for _, tc := range tests {
		got, err := NewReader(tc.in, 0).U32()
		require.ErrorIs(t, err, tc.err, "% x", tc.in)
		if tc.err == nil {
			require.Equal(t, tc.want, got, "% x", tc.in)
		}
	}
}

func TestReaderSigned(t *testing.T) {
	tests := []struct {
		bits int
		in   []byte
		want int64
		err  error
	}{
		{32, []byte{0x7F}, -1, nil},
		{32, []byte{0x40}, -64, nil},
		{32, []byte{0x3F}, 63, nil},
		{32, []byte{0x80, 0x7F}, -128, nil},
		{32, []byte{0xFF, 0xFF, 0xFF, 0xFF, 0x07}, 0x7FFFFFFF, nil},
		{32, []byte{0x80, 0x80, 0x80, 0x80, 0x78}, -0x80000000, nil},
		{32, []byte{0xFF, 0xFF, 0xFF, 0xFF, 0x0F}, 0, ErrIntTooLarge}, // sign bit 0, high bit set
		{32, []byte{0x80, 0x80, 0x80, 0x80, 0x70}, 0, ErrIntTooLarge}, // sign bit 1, high bits clear
		{32, []byte{0x80, 0x80, 0x80, 0x80, 0x80, 0x00}, 0, ErrIntTooLong},
		{33, []byte{0x40}, -64, nil},
		{33, []byte{0xFF, 0xFF, 0xFF, 0xFF, 0x0F}, 0xFFFFFFFF, nil},
		{33, []byte{0xFF, 0xFF, 0xFF, 0xFF, 0x7F}, -1, nil},
		{33, []byte{0xFF, 0xFF, 0xFF, 0xFF, 0x1F}, 0, ErrIntTooLarge},
		{33, []byte{0xFF, 0xFF, 0xFF, 0xFF, 0x2F}, 0, ErrIntTooLarge},
		{64, []byte{0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00}, 0x7FFFFFFFFFFFFFFF, nil},
		{64, []byte{0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7F}, -0x8000000000000000, nil},
		{64, []byte{0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01}, 0, ErrIntTooLarge},
		{64, []byte{0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00}, 0, ErrIntTooLong},
	}
	for _, tc := range tests {
		got, err := NewReader(tc.in, 0).signed(tc.bits)
		require.ErrorIs(t, err, tc.err, "s%d % x", tc.bits, tc.in)
		if tc.err == nil {
			require.Equal(t, tc.want, got, "s%d % x", tc.bits, tc.in)
		}
	}
}

func TestReaderName(t *testing.T) {
	got, err := NewReader([]byte{3, 'a', 'b', 'c'}, 0).Name()
	require.NoError(t, err)
	require.Equal(t, "abc", got)
	_, err = NewReader([]byte{2, 0xC3, 0x28}, 0).Name()
	require.ErrorIs(t, err, ErrMalformedUTF8)
	_, err = NewReader([]byte{5, 'a'}, 0).Name()
	require.ErrorIs(t, err, ErrUnexpectedEnd)
}

func TestReaderCountRejectsImpossibleLengths(t *testing.T) {
	// 2^32-1 elements of at least one byte cannot fit in two bytes.
	_, err := NewReader([]byte{0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0, 0}, 0).Count(1)
	require.ErrorIs(t, err, ErrUnexpectedEnd)
}

func TestSIMDOpCount(t *testing.T) {
	n := 0
	for _, op := range SIMDOps {
		if op.Kind != SIMDInvalid {
			n++
			require.NotEmpty(t, op.Name)
		}
	}
	// The fixed-width SIMD proposal has 236 instructions.
	require.Equal(t, 236, n)
}
