package wasi

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// guest is a scratch linear memory with a bump allocator for strings.
type guest struct {
	m    []byte
	next uint32
}

func newGuest() *guest { return &guest{m: make([]byte, 1<<16), next: 1024} }

func (g *guest) str(s string) (ptr, n uint64) {
	p := g.next
	copy(g.m[p:], s)
	g.next += uint32(len(s)) + 8
	return uint64(p), uint64(len(s))
}

func (g *guest) u32(p uint32) uint32 { return binary.LittleEndian.Uint32(g.m[p:]) }

func newFSSystem(t *testing.T) (*System, string) {
	root := t.TempDir()
	dir := filepath.Join(root, "sandbox")
	require.NoError(t, os.Mkdir(dir, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(root, "secret"), []byte("outside"), 0o644))
	fs, err := HostDir(dir)
	require.NoError(t, err)
	return New(Config{Preopens: []Preopen{{GuestPath: "/", FS: fs}}}), dir
}

// open calls path_open on fd 3 and returns the new fd and the errno.
func open(t *testing.T, s *System, g *guest, path string, oflags, rights uint64, follow bool) (uint32, Errno) {
	p, n := g.str(path)
	lookup := uint64(0)
	if follow {
		lookup = 1
	}
	errno := Errno(call(t, s, "path_open", g.m, 3, lookup, p, n, oflags, rights, rights, 0, 100))
	return g.u32(100), errno
}

func TestFilesInPreopen(t *testing.T) {
	s, dir := newFSSystem(t)
	g := newGuest()
	require.EqualValues(t, ErrnoSuccess, call(t, s, "fd_prestat_get", g.m, 3, 0))
	require.EqualValues(t, 1, g.u32(4))

	fd, errno := open(t, s, g, "notes.txt", oflagCreat, rightFdRead|rightFdWrite|rightFdSeek, true)
	require.Equal(t, ErrnoSuccess, errno)
	p, n := g.str("hello files")
	binary.LittleEndian.PutUint32(g.m[200:], uint32(p))
	binary.LittleEndian.PutUint32(g.m[204:], uint32(n))
	require.EqualValues(t, ErrnoSuccess, call(t, s, "fd_write", g.m, uint64(fd), 200, 1, 104))
	require.EqualValues(t, 11, g.u32(104))
	require.EqualValues(t, ErrnoSuccess, call(t, s, "fd_seek", g.m, uint64(fd), 6, 0, 108))
	binary.LittleEndian.PutUint32(g.m[200:], 300)
	binary.LittleEndian.PutUint32(g.m[204:], 10)
	require.EqualValues(t, ErrnoSuccess, call(t, s, "fd_read", g.m, uint64(fd), 200, 1, 104))
	require.Equal(t, "files", string(g.m[300:300+g.u32(104)]))
	require.EqualValues(t, ErrnoSuccess, call(t, s, "fd_filestat_get", g.m, uint64(fd), 400))
	require.EqualValues(t, filetypeRegularFile, g.m[416])
	require.EqualValues(t, 11, binary.LittleEndian.Uint64(g.m[432:]))
	require.EqualValues(t, ErrnoSuccess, call(t, s, "fd_close", g.m, uint64(fd)))
	b, err := os.ReadFile(filepath.Join(dir, "notes.txt"))
	require.NoError(t, err)
	require.Equal(t, "hello files", string(b))

	dp, dn := g.str("sub")
	require.EqualValues(t, ErrnoSuccess, call(t, s, "path_create_directory", g.m, 3, dp, dn))
	require.EqualValues(t, ErrnoExist, call(t, s, "path_create_directory", g.m, 3, dp, dn))
	op, on := g.str("notes.txt")
	np, nn := g.str("sub/moved.txt")
	require.EqualValues(t, ErrnoSuccess, call(t, s, "path_rename", g.m, 3, op, on, 3, np, nn))
	require.FileExists(t, filepath.Join(dir, "sub", "moved.txt"))
	require.EqualValues(t, ErrnoNotempty, call(t, s, "path_remove_directory", g.m, 3, dp, dn))
	require.EqualValues(t, ErrnoIsdir, call(t, s, "path_unlink_file", g.m, 3, dp, dn))
	require.EqualValues(t, ErrnoSuccess, call(t, s, "path_unlink_file", g.m, 3, np, nn))
	require.EqualValues(t, ErrnoSuccess, call(t, s, "path_remove_directory", g.m, 3, dp, dn))
	require.NoDirExists(t, filepath.Join(dir, "sub"))
}

func TestReaddir(t *testing.T) {
	s, dir := newFSSystem(t)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "b"), nil, 0o644))
	require.NoError(t, os.Mkdir(filepath.Join(dir, "a"), 0o755))
	g := newGuest()
	require.EqualValues(t, ErrnoSuccess, call(t, s, "fd_readdir", g.m, 3, 2000, 1000, 0, 100))
	used := g.u32(100)
	var names []string
	for off := uint32(0); off < used; {
		namlen := binary.LittleEndian.Uint32(g.m[2000+off+16:])
		names = append(names, string(g.m[2000+off+24:2000+off+24+namlen]))
		off += 24 + namlen
	}
	require.Equal(t, []string{".", "..", "a", "b"}, names)
}

// TestNoEscape tries every way out of the preopen: each fails with the
// right errno and the file outside is untouched.
func TestNoEscape(t *testing.T) {
	s, dir := newFSSystem(t)
	require.NoError(t, os.Symlink("../secret", filepath.Join(dir, "link_out")))
	require.NoError(t, os.Symlink("/etc/passwd", filepath.Join(dir, "link_abs")))
	require.NoError(t, os.Symlink("loop", filepath.Join(dir, "loop")))
	g := newGuest()
	for path, want := range map[string]Errno{
		"../secret":      ErrnoNotcapable,
		"/secret":        ErrnoNotcapable,
		"a/../../secret": ErrnoNotcapable,
		"link_out":       ErrnoNotcapable,
		"link_abs":       ErrnoNotcapable,
		"loop":           ErrnoLoop,
	} {
		_, errno := open(t, s, g, path, oflagTrunc, rightFdRead|rightFdWrite, true)
		require.Equal(t, want, errno, path)
	}
	// Without following, a final symbolic link is not opened.
	_, errno := open(t, s, g, "link_out", 0, rightFdRead, false)
	require.Equal(t, ErrnoLoop, errno)
	p, n := g.str("/abs")
	sp, sn := g.str("newlink")
	require.EqualValues(t, ErrnoNotcapable, call(t, s, "path_symlink", g.m, p, n, 3, sp, sn))
	b, err := os.ReadFile(filepath.Join(filepath.Dir(dir), "secret"))
	require.NoError(t, err)
	require.Equal(t, "outside", string(b))
}

// TestRights checks that descriptors carry the rights they were opened
// with, and what they lack fails with ENOTCAPABLE.
func TestRights(t *testing.T) {
	s, dir := newFSSystem(t)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "f"), []byte("data"), 0o644))
	g := newGuest()
	fd, errno := open(t, s, g, "f", 0, rightFdRead, true)
	require.Equal(t, ErrnoSuccess, errno)
	binary.LittleEndian.PutUint32(g.m[200:], 300)
	binary.LittleEndian.PutUint32(g.m[204:], 4)
	require.EqualValues(t, ErrnoSuccess, call(t, s, "fd_read", g.m, uint64(fd), 200, 1, 104))
	require.EqualValues(t, ErrnoNotcapable, call(t, s, "fd_write", g.m, uint64(fd), 200, 1, 104))
	require.EqualValues(t, ErrnoNotcapable, call(t, s, "fd_seek", g.m, uint64(fd), 1, 0, 108))
	// Dropping rights works, adding them back does not.
	require.EqualValues(t, ErrnoSuccess, call(t, s, "fd_fdstat_set_rights", g.m, uint64(fd), 0, 0))
	require.EqualValues(t, ErrnoNotcapable, call(t, s, "fd_read", g.m, uint64(fd), 200, 1, 104))
	require.EqualValues(t, ErrnoNotcapable, call(t, s, "fd_fdstat_set_rights", g.m, uint64(fd), rightFdRead, 0))
	// Directories never have the file-only rights.
	require.EqualValues(t, ErrnoSuccess, call(t, s, "fd_fdstat_get", g.m, 3, 400))
	require.Zero(t, binary.LittleEndian.Uint64(g.m[408:])&fileOnlyRights)
}

// TestDirectoryFollowsRename renames a directory's parent while the
// directory is open: paths opened through the descriptor still reach it.
func TestDirectoryFollowsRename(t *testing.T) {
	s, dir := newFSSystem(t)
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "a", "in"), 0o755))
	g := newGuest()
	fd, errno := open(t, s, g, "a/in", oflagDirectory, allRights&^rightFdWrite, true)
	require.Equal(t, ErrnoSuccess, errno)
	op, on := g.str("a")
	np, nn := g.str("b")
	require.EqualValues(t, ErrnoSuccess, call(t, s, "path_rename", g.m, 3, op, on, 3, np, nn))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "b", "in", "f"), []byte("hello"), 0o644))

	p, n := g.str("f")
	require.EqualValues(t, ErrnoSuccess, call(t, s, "path_open", g.m, uint64(fd), 0, p, n, 0, rightFdRead, 0, 0, 100))
	f := g.u32(100)
	binary.LittleEndian.PutUint32(g.m[200:], 300)
	binary.LittleEndian.PutUint32(g.m[204:], 10)
	require.EqualValues(t, ErrnoSuccess, call(t, s, "fd_read", g.m, uint64(f), 200, 1, 104))
	require.Equal(t, "hello", string(g.m[300:300+g.u32(104)]))
}
