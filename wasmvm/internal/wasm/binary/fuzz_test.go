package binary

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wasm"
)

// FuzzDecodeValidate feeds arbitrary bytes to the decoder and, when they
// decode, to the validator. Neither may panic or hang on any input.
// Run it with: go test ./wasmvm/internal/wasm/binary -run '^$' -fuzz FuzzDecodeValidate
func FuzzDecodeValidate(f *testing.F) {
	f.Add(addModule)
	f.Add(module())
	// Seed with the spec tests' modules when the wazero module is in the
	// module cache (WASMKERNEL_FUZZ_SEEDS points at a testdata directory).
	if dir := os.Getenv("WASMKERNEL_FUZZ_SEEDS"); dir != "" {
		paths, _ := filepath.Glob(filepath.Join(dir, "*.wasm"))
		for _, p := range paths {
			if b, err := os.ReadFile(p); err == nil && len(b) < 4096 {
				f.Add(b)
			}
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := Decode(b)
		if err != nil {
			if m != nil {
				t.Fatal("module returned with an error")
			}
			return
		}
		for _, feat := range []wasm.Features{{}, {MVP: true}, {ExtendedConst: true, TailCall: true}} {
			_ = wasm.Validate(m, feat)
		}
	})
}
