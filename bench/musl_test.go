package bench

import (
	"debug/elf"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestNativeMusl checks that the musl baseline builds a static program
// (no interpreter, so not glibc's loader) that reports its region and
// prints what the glibc build prints.
func TestNativeMusl(t *testing.T) {
	require.NoError(t, MuslAvailable(), "installed by .ci/run")
	src := copyVecmul(t)
	b, err := FromC(src, filepath.Join(filepath.Dir(src), "cache"))
	require.NoError(t, err)

	_, want, err := Native{}.Run(b, t.TempDir())
	require.NoError(t, err)
	s, got, err := NativeMusl{}.Run(b, t.TempDir())
	require.NoError(t, err)
	require.Equal(t, string(want), string(got))
	require.Positive(t, s.Region)

	f, err := elf.Open(b.Native + ".musl")
	require.NoError(t, err)
	defer f.Close()
	for _, p := range f.Progs {
		require.NotEqual(t, elf.PT_INTERP, p.Type, "the musl build is static")
	}
	syms, err := f.Symbols()
	require.NoError(t, err)
	var names []string
	for _, s := range syms {
		names = append(names, s.Name)
	}
	require.Contains(t, names, "__init_libc", "musl's start code (glibc has none of this name)")

	_, _, err = NativeMusl{}.Run(&Benchmark{Name: "m", Wasm: "m.wasm"}, t.TempDir())
	require.ErrorIs(t, err, ErrSkip, "a module without C source has no musl build")
}
