package flash

import (
	"bytes"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// testImage writes size random bytes to a file in dir.
func testImage(t *testing.T, dir string, size int) (string, []byte) {
	t.Helper()
	b := make([]byte, size)
	r := rand.NewChaCha8([32]byte{1})
	r.Read(b)
	path := filepath.Join(dir, "card.img")
	require.NoError(t, os.WriteFile(path, b, 0o644))
	return path, b
}

// TestWriteFile writes an image over a larger regular file (the write
// path without a device): the image lands at the start, the rest stays,
// and progress runs through both phases to the image's size.
func TestWriteFile(t *testing.T) {
	dir := t.TempDir()
	img, want := testImage(t, dir, 9<<20+12345) // not a whole number of chunks
	target := filepath.Join(dir, "target")
	tail := bytes.Repeat([]byte{0xEE}, 1<<20)
	require.NoError(t, os.WriteFile(target, append(make([]byte, len(want)), tail...), 0o644))

	last := map[string]int64{}
	require.NoError(t, Write(img, target, func(phase string, done, total int64) {
		require.Equal(t, int64(len(want)), total)
		require.Greater(t, done, last[phase], "progress only moves forward")
		last[phase] = done
	}))
	require.Equal(t, map[string]int64{"writing": int64(len(want)), "verifying": int64(len(want))}, last)
	got, err := os.ReadFile(target)
	require.NoError(t, err)
	require.Equal(t, want, got[:len(want)])
	require.Equal(t, tail, got[len(want):])
}

func TestVerifyFindsDifference(t *testing.T) {
	want := bytes.Repeat([]byte{7}, 5<<20)
	got := bytes.Clone(want)
	got[4<<20+3] = 8
	err := verify(bytes.NewReader(got), bytes.NewReader(want), int64(len(want)), nil)
	require.ErrorIs(t, err, ErrMismatch)
	require.ErrorContains(t, err, "byte 4194307")
	require.NoError(t, verify(bytes.NewReader(want), bytes.NewReader(want), int64(len(want)), nil))
	require.Error(t, verify(bytes.NewReader(want[:100]), bytes.NewReader(want), int64(len(want)), nil), "a short device")
}

func TestWriteMissing(t *testing.T) {
	dir := t.TempDir()
	img, _ := testImage(t, dir, 1000)
	require.Error(t, Write(filepath.Join(dir, "none.img"), filepath.Join(dir, "t"), nil))
	require.Error(t, Write(img, filepath.Join(dir, "no", "such", "device"), nil))
}
