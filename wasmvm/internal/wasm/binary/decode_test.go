package binary

import (
	"runtime"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wasm"
)

// module assembles a binary module from (id, payload) section pairs.
func module(sections ...[]byte) []byte {
	b := append(append([]byte{}, Magic...), Version...)
	for _, s := range sections {
		b = append(b, s[0])
		b = appendU32(b, uint32(len(s)-1))
		b = append(b, s[1:]...)
	}
	return b
}

func section(id byte, payload ...byte) []byte { return append([]byte{id}, payload...) }

// addModule is (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add).
var addModule = module(
	section(SectionType, 1, 0x60, 2, 0x7F, 0x7F, 1, 0x7F),
	section(SectionFunction, 1, 0),
	section(SectionExport, 1, 3, 'a', 'd', 'd', 0, 0),
	section(SectionCode, 1, 7, 0, 0x20, 0, 0x20, 1, 0x6A, 0x0B),
	section(SectionCustom, 4, 'n', 'a', 'm', 'e', 1, 6, 1, 0, 3, 'a', 'd', 'd'),
)

func TestDecodeAdd(t *testing.T) {
	m, err := Decode(addModule)
	require.NoError(t, err)
	require.NoError(t, wasm.Validate(m, wasm.Features{}))
	require.Equal(t, []wasm.FuncType{{Params: []wasm.ValueType{wasm.I32, wasm.I32}, Results: []wasm.ValueType{wasm.I32}}}, m.Types)
	require.Equal(t, []wasm.Export{{Name: "add", Kind: wasm.ExternFunc, Index: 0}}, m.Exports)
	require.Equal(t, []byte{0x20, 0, 0x20, 1, 0x6A, 0x0B}, m.Codes[0].Body)
	require.Equal(t, "add", m.FuncName(0))
}

func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name string
		in   []byte
		want string
	}{
		{"empty", nil, "offset 0x0: magic header not detected"},
		{"not wasm", []byte("\x7fELF\x02\x01\x01\x00"), "offset 0x0: magic header not detected"},
		{"version", []byte{0, 'a', 's', 'm', 2, 0, 0, 0}, "offset 0x4: unknown binary version"},
		{"truncated section", append(module(), SectionType, 5, 1), "type section: offset 0xa: section of 5 bytes: unexpected end"},
		{"order", module(section(SectionFunction, 0), section(SectionType, 0)),
			"type section: offset 0xb: unexpected content after last section"},
		{"section size", module(section(SectionType, 0, 0)), "type section: offset 0xb: section size mismatch"},
		{"bad form", module(section(SectionType, 1, 0x61, 0, 0)),
			"type section: offset 0xb: entry 0: malformed function type form 0x61, want 0x60"},
		{"bad utf8", module(section(SectionImport, 1, 1, 0xFF, 1, 'f', 0, 0)),
			"import section: offset 0xb: entry 0: module name: malformed UTF-8 encoding"},
		{"no code", module(section(SectionType, 1, 0x60, 0, 0), section(SectionFunction, 1, 0)),
			"offset 0x12: function and code section have inconsistent lengths"},
		{"huge count", module(section(SectionType, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F)),
			"type section: offset 0xa: vector of 4294967295 elements: unexpected end"},
		{"illegal opcode", module(
			section(SectionType, 1, 0x60, 0, 0), section(SectionFunction, 1, 0),
			section(SectionGlobal, 1, 0x7F, 0, 0xFF, 0x0B)),
			"global section: offset 0x17: entry 0: constant expression: illegal opcode 0xff"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Decode(tc.in)
			require.EqualError(t, err, tc.want)
		})
	}
}

func TestValidationErrorNamesFunctionAndOffset(t *testing.T) {
	// (func (result i32) i64.const 0)
	b := module(
		section(SectionType, 1, 0x60, 0, 1, 0x7F),
		section(SectionFunction, 1, 0),
		section(SectionCode, 1, 4, 0, 0x42, 0, 0x0B),
	)
	m, err := Decode(b)
	require.NoError(t, err)
	err = wasm.Validate(m, wasm.Features{})
	require.EqualError(t, err, "invalid module: function 0: offset 0x1a: end: type mismatch: expected i32, got i64")
}

// TestValidateDeclarations checks that ValidateDeclarations leaves
// function bodies alone and checks everything else as Validate does.
func TestValidateDeclarations(t *testing.T) {
	tests := []struct {
		name        string
		in          []byte
		all, header string // Validate's and ValidateDeclarations' errors ("" = valid)
	}{
		{"bad body", module(
			section(SectionType, 1, 0x60, 0, 1, 0x7F),
			section(SectionFunction, 1, 0),
			section(SectionCode, 1, 4, 0, 0x42, 0, 0x0B)),
			"invalid module: function 0: offset 0x1a: end: type mismatch: expected i32, got i64", ""},
		{"export of no function", module(
			section(SectionType, 1, 0x60, 0, 0),
			section(SectionFunction, 1, 0),
			section(SectionExport, 1, 1, 'f', 0, 5),
			section(SectionCode, 1, 2, 0, 0x0B)),
			"invalid module: export \"f\": unknown func 5", "invalid module: export \"f\": unknown func 5"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m, err := Decode(tc.in)
			require.NoError(t, err)
			for _, c := range []struct {
				validate func(*wasm.Module, wasm.Features) error
				want     string
			}{{wasm.Validate, tc.all}, {wasm.ValidateDeclarations, tc.header}} {
				err := c.validate(m, wasm.Features{})
				if c.want == "" {
					require.NoError(t, err)
				} else {
					require.EqualError(t, err, c.want)
				}
			}
		})
	}
}

// TestDecodeMemoryIsBounded checks that lengths claimed by the input do not
// drive allocation: a module claiming 2^32-1 locals, functions or
// elements fails without allocating for them.
func TestDecodeMemoryIsBounded(t *testing.T) {
	inputs := [][]byte{
		module(section(SectionFunction, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0)),
		module(section(SectionType, 1, 0x60, 0, 0), section(SectionFunction, 1, 0),
			section(SectionCode, 1, 8, 1, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x7F, 0x0B)),
		module(section(SectionElement, 1, 0, 0x41, 0, 0x0B, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F)),
		module(section(SectionData, 1, 1, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F)),
	}
	for _, in := range inputs {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		_, err := Decode(in)
		runtime.ReadMemStats(&after)
		require.Error(t, err)
		require.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(64<<10), "% x", in)
	}
}
