package native

import (
	"encoding/binary"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestCallsBefore checks how the stack trace of interrupted code tells a
// return address from another word: it must follow a call of the
// function (direct) or an indirect call.
func TestCallsBefore(t *testing.T) {
	const base, fn = 0x10000, 0x10400
	direct := func(target uintptr) []byte {
		code := []byte{0x90, 0x90, 0xE8, 0, 0, 0, 0}
		binary.LittleEndian.PutUint32(code[3:], uint32(int32(target-(base+uintptr(len(code))))))
		return code
	}
	for name, tc := range map[string]struct {
		code []byte
		want bool
	}{
		"direct call of fn":           {direct(fn), true},
		"direct call of another":      {direct(fn + 0x40), false},
		"call rax":                    {[]byte{0x90, 0xFF, 0xD0}, true},
		"call r11":                    {[]byte{0x90, 0x41, 0xFF, 0xD3}, true},
		"call [rax+rcx*8+0x10]":       {[]byte{0x90, 0xFF, 0x54, 0xC8, 0x10}, true},
		"call [r10+0x12345678]":       {[]byte{0x90, 0x41, 0xFF, 0x92, 0x78, 0x56, 0x34, 0x12}, true},
		"jmp rax":                     {[]byte{0x90, 0xFF, 0xE0}, false},
		"add eax, 1":                  {[]byte{0x90, 0x83, 0xC0, 0x01}, false},
		"mov qword [rsp+8], rbx":      {[]byte{0x48, 0x89, 0x5C, 0x24, 0x08}, false},
		"too short for any call form": {[]byte{0xFF}, false},
	} {
		require.Equal(t, tc.want, callsBefore(tc.code, base, fn), name)
	}
}
