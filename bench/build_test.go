package bench

import (
	"os"
	"os/exec"
	"path/filepath"
	goruntime "runtime"
	"testing"

	"github.com/stretchr/testify/require"
)

// mulLoop is a loop clang vectorizes: 32-bit multiplications, which
// SSE4.1 does with pmulld and WebAssembly with i32x4.mul.
const mulLoop = `#include <stdint.h>
#include <stdio.h>
#include "bench.h"

uint32_t a[4096], b[4096];

int main(void) {
	bench_start();
	for (int r = 0; r < 100; r++)
		for (int i = 0; i < 4096; i++)
			a[i] = a[i] * b[i] + (uint32_t)i;
	bench_end();
	printf("%u\n", a[7]);
	return 0;
}
`

// TestFromCBuildSIMD checks that the SIMD build vectorizes both sides: the
// module has i32x4 instructions and the native build SSE4.1's pmulld.
func TestFromCBuildSIMD(t *testing.T) {
	dir := t.TempDir()
	header, err := os.ReadFile("suite/bench.h")
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "bench.h"), header, 0o644))
	src := filepath.Join(dir, "mul.c")
	require.NoError(t, os.WriteFile(src, []byte(mulLoop), 0o644))

	b, err := FromCBuild(src, filepath.Join(dir, "cache"), SIMDBuild(goruntime.GOARCH))
	require.NoError(t, err)
	require.Equal(t, "mul-simd", b.Name)
	wasm, err := exec.Command("wasm-objdump", "-d", b.Wasm).CombinedOutput()
	require.NoError(t, err, "wasm-objdump (Debian wabt): %s", wasm)
	require.Contains(t, string(wasm), "i32x4.mul")
	if goruntime.GOARCH == "amd64" {
		native, err := exec.Command("objdump", "-d", b.Native).CombinedOutput()
		require.NoError(t, err, "objdump (Debian binutils): %s", native)
		require.Contains(t, string(native), "pmulld")
	}

	scalar, err := FromC(src, filepath.Join(dir, "cache"))
	require.NoError(t, err)
	require.Equal(t, "mul", scalar.Name)
	require.NotEqual(t, filepath.Dir(b.Wasm), filepath.Dir(scalar.Wasm))
	wasm, err = exec.Command("wasm-objdump", "-d", scalar.Wasm).CombinedOutput()
	require.NoError(t, err, "%s", wasm)
	require.NotContains(t, string(wasm), "i32x4")
}
