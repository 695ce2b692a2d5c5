package frontend_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/frontend"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wasm"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wasm/binary"
	"github.com/wasmkernel/wasmkernel/wasmvm/spectest"
)

func translate(t *testing.T, wasmBytes []byte, idx uint32) string {
	t.Helper()
	m, err := binary.Decode(wasmBytes)
	require.NoError(t, err)
	require.NoError(t, wasm.Validate(m, wasm.Features{}))
	f, err := frontend.Translate(m, idx)
	require.NoError(t, err)
	return f.Format()
}

func TestTranslateLoopWithBlockResult(t *testing.T) {
	// (func $count (param $n i32) (result i32) (local $i i32)
	//   (block $done (result i32)
	//     (loop $next
	//       (br_if $done (local.get $i) (i32.ge_u (local.get $i) (local.get $n)))
	//       (local.set $i (i32.add (local.get $i) (i32.const 1)))
	//       (br $next))
	//     (unreachable)))
	body := []byte{
		1, 1, 0x7F, // one local i32
		0x02, 0x7F, // block (result i32)
		0x03, 0x40, // loop
		0x20, 1, 0x20, 1, 0x20, 0, 0x4F, 0x0D, 1, // local.get i; (i >=u n); br_if 1
		0x1A,                                     // drop
		0x20, 1, 0x41, 1, 0x6A, 0x21, 1, 0x0C, 0, // i = i + 1; br 0
		0x0B, 0x00, 0x0B, 0x0B,
	}
	mod := append([]byte("\x00asm\x01\x00\x00\x00\x01\x06\x01\x60\x01\x7f\x01\x7f\x03\x02\x01\x00\x0a"),
		byte(len(body)+2), 1, byte(len(body)))
	mod = append(mod, body...)
	require.Equal(t, `func f0(i32) -> (i32)
b0(v0:i32):
    v1:i32 = iconst 0
    jump b4(v1, v0)
b1(v2:i32):
    return v2
b2(v3:i32):
    jump b1(v3)
b4(v4:i32, v5:i32):
    v6:i32 = icmp uge, v4, v5
    brif v6, b2(v4), b5()
b5():
    v7:i32 = iconst 1
    v8:i32 = iadd v4, v7
    jump b4(v8, v5)
`, translate(t, mod, 0))
}

// simdModule is a module of one function (a memory of one page):
//
//	(func (param $p i32) (result i32)
//	  (i8x16.extract_lane_s 3
//	    (i16x8.extmul_high_i8x16_u
//	      (v128.load8x8_s offset=4 (local.get $p)) (i32x4.splat (local.get $p)))))
var simdModule = func() []byte {
	body := []byte{0,
		0x20, 0, 0xFD, 0x01, 3, 4, // local.get 0; v128.load8x8_s align=3 offset=4
		0x20, 0, 0xFD, 0x11, // local.get 0; i32x4.splat
		0xFD, 0x9F, 0x01, // i16x8.extmul_high_i8x16_u
		0xFD, 0x15, 3, // i8x16.extract_lane_s 3
		0x0B}
	mod := append([]byte("\x00asm\x01\x00\x00\x00\x01\x06\x01\x60\x01\x7f\x01\x7f\x03\x02\x01\x00\x05\x03\x01\x00\x01\x0a"),
		byte(len(body)+2), 1, byte(len(body)))
	return append(mod, body...)
}()

func TestTranslateSIMD(t *testing.T) {
	require.Equal(t, `func f0(i32) -> (i32)
b0(v0:i32):
    v2:v128 = vload_sextend 64+4 to i16x8, v0
    v3:v128 = vsplat i32x4, v0
    v4:v128 = vuextmul i16x8, high, v2, v3
    v5:i32 = vextract_lane_s i8x16, lane 3, v4
    jump b1(v5)
b1(v1:i32):
    return v1
`, translate(t, simdModule, 0))
}

// FuzzTranslate checks that every function of a module that decodes and
// validates translates into SSA that passes Verify (Translate verifies).
func FuzzTranslate(f *testing.F) {
	f.Add(simdModule)
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := binary.Decode(b)
		if err != nil || wasm.Validate(m, wasm.Features{}) != nil {
			return
		}
		for i := range m.Codes {
			_, err := frontend.Translate(m, m.NumImportedFuncs+uint32(i))
			require.NoError(t, err)
		}
	})
}

// TestTranslateSpecModules translates every function of every valid module
// in the spec suites and verifies the SSA structure.
func TestTranslateSpecModules(t *testing.T) {
	for _, suite := range []string{"v1", "v2"} {
		dir, err := spectest.SuiteDir(suite)
		require.NoError(t, err)
		scripts, err := spectest.LoadSuite(dir)
		require.NoError(t, err)
		funcs := 0
		for _, s := range scripts {
			for _, c := range s.Commands {
				if c.Type != "module" || !strings.HasSuffix(c.Filename, ".wasm") {
					continue
				}
				b, err := s.ReadFile(c.Filename)
				require.NoError(t, err)
				m, err := spectest.DecodeAndValidate(b, wasm.Features{})
				require.NoError(t, err, c.Filename)
				for i := range m.Codes {
					idx := m.NumImportedFuncs + uint32(i)
					_, err := frontend.Translate(m, idx)
					require.NoError(t, err, "%s function %d", filepath.Base(c.Filename), idx)
					funcs++
				}
			}
		}
		fmt.Printf("frontend %s: %d functions translated and verified\n", suite, funcs)
	}
}
