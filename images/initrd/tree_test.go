package initrd

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestTreeRoundTrip(t *testing.T) {
	src := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(src, "sub", "empty"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(src, "a.txt"), []byte("alpha"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(src, "sub", "b.txt"), []byte("beta"), 0o644))
	require.NoError(t, os.Symlink("a.txt", filepath.Join(src, "link")))

	var archive bytes.Buffer
	skipB := func(name string, _ []byte) bool { return name == "sub/b.txt" }
	require.NoError(t, WriteTree(&archive, os.DirFS(src), skipB))

	dst := t.TempDir()
	root, err := os.OpenRoot(dst)
	require.NoError(t, err)
	defer root.Close()
	require.NoError(t, ReadTree(bytes.NewReader(archive.Bytes()), root))

	b, err := os.ReadFile(filepath.Join(dst, "a.txt"))
	require.NoError(t, err)
	require.Equal(t, "alpha", string(b))
	fi, err := os.Stat(filepath.Join(dst, "sub", "empty"))
	require.NoError(t, err)
	require.True(t, fi.IsDir(), "empty directories travel")
	target, err := os.Readlink(filepath.Join(dst, "link"))
	require.NoError(t, err)
	require.Equal(t, "a.txt", target)
	_, err = os.Stat(filepath.Join(dst, "sub", "b.txt"))
	require.ErrorIs(t, err, fs.ErrNotExist, "skipped")
}

func TestFrames(t *testing.T) {
	var stream bytes.Buffer
	require.NoError(t, WriteFrame(&stream, "0", []byte("first\n")))
	require.NoError(t, WriteFrame(&stream, "data", nil))
	got, err := ReadFrames(bytes.NewReader(stream.Bytes()))
	require.NoError(t, err)
	require.Equal(t, map[string][]byte{"0": []byte("first\n"), "data": {}}, got)

	_, err = ReadFrames(bytes.NewReader(stream.Bytes()[:20]))
	require.ErrorContains(t, err, "tree 0")
	_, err = ReadFrames(bytes.NewReader([]byte("garbage\n")))
	require.ErrorContains(t, err, "bad frame header")
	require.Error(t, WriteFrame(&stream, "two words", nil))
}
