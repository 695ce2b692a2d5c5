package amd64

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/objfile"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wasm"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wasm/binary"
)

// BenchmarkCompileSuite compiles every module of the benchmark suite (in
// guard mode, as bench runs them) and reports the bytes of WebAssembly
// compiled per second: the figure to profile the compiler with
// (go test -bench CompileSuite -cpuprofile).
func BenchmarkCompileSuite(b *testing.B) {
	files, err := filepath.Glob("../../../../bench/suite/*.wasm")
	require.NoError(b, err)
	var sources [][]byte
	var modules []*wasm.Module
	for _, file := range files {
		src, err := os.ReadFile(file)
		require.NoError(b, err)
		m, err := binary.Decode(src)
		require.NoError(b, err)
		require.NoError(b, wasm.Validate(m, wasm.Features{}))
		sources, modules = append(sources, src), append(modules, m)
	}
	total := 0
	for _, s := range sources {
		total += len(s)
	}
	b.SetBytes(int64(total))
	b.ResetTimer()
	for range b.N {
		for i, m := range modules {
			if _, err := Compile(m, sources[i], objfile.GuardRegions); err != nil {
				b.Fatal(err)
			}
		}
	}
}
