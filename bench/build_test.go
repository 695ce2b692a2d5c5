package bench

import (
	"os"
	"os/exec"
	"path/filepath"
	goruntime "runtime"
	"testing"

	"github.com/stretchr/testify/require"
)

// copyVecmul copies testdata/vecmul.c and the suite's bench.h into a
// temporary directory and returns the source's path.
func copyVecmul(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, f := range []string{"suite/bench.h", "testdata/vecmul.c"} {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(dir, filepath.Base(f)), b, 0o644))
	}
	return filepath.Join(dir, "vecmul.c")
}

// TestFromCBuildSIMD checks that the SIMD build vectorizes both sides: the
// module has i32x4 instructions and the native build SSE4.1's pmulld.
func TestFromCBuildSIMD(t *testing.T) {
	src := copyVecmul(t)
	dir := filepath.Dir(src)
	b, err := FromCBuild(src, filepath.Join(dir, "cache"), SIMDBuild(goruntime.GOARCH))
	require.NoError(t, err)
	require.Equal(t, "vecmul-simd", b.Name)
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
	require.Equal(t, "vecmul", scalar.Name)
	require.NotEqual(t, filepath.Dir(b.Wasm), filepath.Dir(scalar.Wasm))
	wasm, err = exec.Command("wasm-objdump", "-d", scalar.Wasm).CombinedOutput()
	require.NoError(t, err, "%s", wasm)
	require.NotContains(t, string(wasm), "i32x4")
}

// TestBuildAtLevel checks that an optimization level replaces -O2 in both
// builds and names the benchmark, and leaves the build it came from alone.
func TestBuildAtLevel(t *testing.T) {
	b, err := ScalarBuild.AtLevel("s")
	require.NoError(t, err)
	require.Equal(t, Build{Suffix: "-Os", Wasm: []string{"-Os"}, Native: []string{"-Os"}}, b)
	require.Equal(t, []string{"-O2"}, ScalarBuild.Wasm)

	simd, err := SIMDBuild("amd64").AtLevel("3")
	require.NoError(t, err)
	require.Equal(t, Build{Suffix: "-simd-O3", Wasm: []string{"-O3", "-msimd128"}, Native: []string{"-O3", "-msse4.1"}}, simd)

	same, err := ScalarBuild.AtLevel("2")
	require.NoError(t, err)
	require.Equal(t, ScalarBuild, same)

	_, err = ScalarBuild.AtLevel("4")
	require.ErrorContains(t, err, `optimization level "4": want 0, 1, 2, 3, s or z`)
}
