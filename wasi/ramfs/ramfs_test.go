package ramfs

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"syscall"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasi"
)

func errnoOf(t *testing.T, err error) syscall.Errno {
	t.Helper()
	var errno syscall.Errno
	require.True(t, errors.As(err, &errno), "want a syscall.Errno in %v", err)
	return errno
}

func TestFilesReadWriteSeek(t *testing.T) {
	f := New()
	h, err := f.OpenFile("a.txt", os.O_RDWR|os.O_CREATE, 0o644)
	require.NoError(t, err)
	_, err = h.Write([]byte("hello"))
	require.NoError(t, err)
	_, err = h.WriteAt([]byte("!"), 9) // past the end: zeros between
	require.NoError(t, err)
	pos, err := h.Seek(0, io.SeekStart)
	require.NoError(t, err)
	require.Zero(t, pos)
	b, err := io.ReadAll(h)
	require.NoError(t, err)
	require.Equal(t, []byte("hello\x00\x00\x00\x00!"), b)
	require.NoError(t, h.Truncate(2))
	fi, err := h.Stat()
	require.NoError(t, err)
	require.EqualValues(t, 2, fi.Size())
	require.NoError(t, h.Close())
	require.Equal(t, syscall.EBADF, errnoOf(t, h.Close()))

	h, err = f.OpenFile("a.txt", os.O_WRONLY|os.O_APPEND, 0)
	require.NoError(t, err)
	_, err = h.Write([]byte("+"))
	require.NoError(t, err)
	_, err = h.Read(make([]byte, 1))
	require.Equal(t, syscall.EBADF, errnoOf(t, err), "read on a write-only file")
	require.NoError(t, h.Close())
	got, err := f.ReadFile("a.txt")
	require.NoError(t, err)
	require.Equal(t, "he+", string(got))
	require.EqualValues(t, 3, f.Used())
}

func TestOpenFlags(t *testing.T) {
	f := New()
	require.NoError(t, f.WriteFile("d/x", []byte("x"), 0o644))
	require.NoError(t, f.Symlink("x", "d/link"))
	for _, tc := range []struct {
		name string
		flag int
		want syscall.Errno
	}{
		{"d/x", os.O_CREATE | os.O_EXCL | os.O_WRONLY, syscall.EEXIST},
		{"d/missing", os.O_RDONLY, syscall.ENOENT},
		{"nodir/new", os.O_CREATE | os.O_WRONLY, syscall.ENOENT},
		{"d/x/y", os.O_RDONLY, syscall.ENOTDIR},
		{"d/x", os.O_RDONLY | syscall.O_DIRECTORY, syscall.ENOTDIR},
		{"d", os.O_RDWR, syscall.EISDIR},
		{"d/link", os.O_RDONLY | syscall.O_NOFOLLOW, syscall.ELOOP},
	} {
		_, err := f.OpenFile(tc.name, tc.flag, 0o644)
		require.Equal(t, tc.want, errnoOf(t, err), "%s %#x", tc.name, tc.flag)
	}
	h, err := f.OpenFile("d/link", os.O_RDONLY, 0)
	require.NoError(t, err, "a link is followed without O_NOFOLLOW")
	b, err := io.ReadAll(h)
	require.NoError(t, err)
	require.Equal(t, "x", string(b))
	_, err = h.Write([]byte("y"))
	require.Equal(t, syscall.EBADF, errnoOf(t, err))
	require.NoError(t, h.Close())

	h, err = f.OpenFile("d/x", os.O_RDWR|os.O_TRUNC, 0)
	require.NoError(t, err)
	fi, err := h.Stat()
	require.NoError(t, err)
	require.Zero(t, fi.Size())
}

func TestNoEscape(t *testing.T) {
	f := New()
	require.NoError(t, f.Mkdir("d", 0o755))
	require.NoError(t, f.Symlink("../../outside", "d/up"))
	require.NoError(t, f.Symlink("/etc/passwd", "d/abs"))
	require.NoError(t, f.Symlink("loop", "loop"))
	for name, want := range map[string]syscall.Errno{
		"..":         syscall.EPERM,
		"d/../..":    syscall.EPERM,
		"d/up":       syscall.EPERM,
		"d/abs":      syscall.EPERM,
		"loop":       syscall.ELOOP,
		"d/up/x":     syscall.EPERM,
		"d/../d/abs": syscall.EPERM,
	} {
		_, err := f.OpenFile(name, os.O_RDONLY, 0)
		require.Equal(t, want, errnoOf(t, err), name)
	}
}

func TestRenameRules(t *testing.T) {
	f := New()
	require.NoError(t, f.WriteFile("a", []byte("A"), 0o644))
	require.NoError(t, f.WriteFile("b", []byte("B"), 0o644))
	require.NoError(t, f.MkdirAll("dir/sub", 0o755))
	require.NoError(t, f.Mkdir("empty", 0o755))

	require.NoError(t, f.Rename("a", "b"), "a file replaces a file")
	got, err := f.ReadFile("b")
	require.NoError(t, err)
	require.Equal(t, "A", string(got))
	_, err = f.Lstat("a")
	require.Equal(t, syscall.ENOENT, errnoOf(t, err))

	require.Equal(t, syscall.EISDIR, errnoOf(t, f.Rename("b", "dir")))
	require.Equal(t, syscall.ENOTDIR, errnoOf(t, f.Rename("dir", "b")))
	require.Equal(t, syscall.EINVAL, errnoOf(t, f.Rename("dir", "dir/sub/x")), "into itself")
	require.Equal(t, syscall.ENOTEMPTY, errnoOf(t, f.Rename("empty", "dir")))
	require.NoError(t, f.Rename("dir", "empty"), "a directory replaces an empty one")
	fi, err := f.Lstat("empty/sub")
	require.NoError(t, err)
	require.True(t, fi.IsDir())
	require.NoError(t, f.Rename("b", "b"), "same file")
}

func TestLinksAndRemove(t *testing.T) {
	f := New(WithLimit(8))
	require.NoError(t, f.WriteFile("a", []byte("1234"), 0o644))
	require.NoError(t, f.Link("a", "b"))
	fi, err := f.Lstat("b")
	require.NoError(t, err)
	require.EqualValues(t, 2, fi.Sys().(*wasi.Attr).Nlink)
	h, err := f.OpenFile("a", os.O_RDWR, 0)
	require.NoError(t, err)
	require.NoError(t, f.Remove("a"))
	require.NoError(t, f.Remove("b"))
	_, err = h.Write([]byte("12345678"))
	require.NoError(t, err, "an open file outlives its names")
	_, err = h.Write([]byte("9"))
	require.Equal(t, syscall.ENOSPC, errnoOf(t, err), "the limit counts open removed files")
	require.NoError(t, h.Close())
	require.Zero(t, f.Used(), "the data goes with the last close")

	require.NoError(t, f.MkdirAll("d/e", 0o755))
	require.Equal(t, syscall.ENOTEMPTY, errnoOf(t, f.Remove("d")))
	require.Equal(t, syscall.EPERM, errnoOf(t, f.Link("d", "d2")))
	require.Equal(t, syscall.EEXIST, errnoOf(t, f.Symlink("x", "d/e")))
	require.Equal(t, syscall.EINVAL, errnoOf(t, func() error { _, err := f.Readlink("d"); return err }()))
}

func TestReadDir(t *testing.T) {
	f := New()
	for _, n := range []string{"c", "a", "b"} {
		require.NoError(t, f.WriteFile("d/"+n, nil, 0o644))
	}
	h, err := f.OpenFile("d", os.O_RDONLY, 0)
	require.NoError(t, err)
	first, err := h.ReadDir(2)
	require.NoError(t, err)
	rest, err := h.ReadDir(2)
	require.NoError(t, err)
	_, err = h.ReadDir(2)
	require.ErrorIs(t, err, io.EOF)
	var names []string
	for _, e := range append(first, rest...) {
		names = append(names, e.Name())
	}
	require.Equal(t, []string{"a", "b", "c"}, names)
}

// TestFSConformance checks the io/fs view with the standard library's
// checker.
func TestFSConformance(t *testing.T) {
	f := New()
	require.NoError(t, f.WriteFile("top.txt", []byte("top"), 0o644))
	require.NoError(t, f.WriteFile("a/b/c.txt", []byte("deep"), 0o644))
	require.NoError(t, f.Mkdir("a/empty", 0o755))
	require.NoError(t, fstest.TestFS(f, "top.txt", "a/b/c.txt", "a/empty"))

	g := New()
	require.NoError(t, g.CopyFrom(f))
	b, err := fs.ReadFile(g, "a/b/c.txt")
	require.NoError(t, err)
	require.Equal(t, "deep", string(b))
}
