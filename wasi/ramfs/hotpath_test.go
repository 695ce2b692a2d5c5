package ramfs

import (
	"context"
	"encoding/binary"
	"io"
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasi"
)

// caller calls the WASI functions of a System with the arguments in a
// stack made once, so that a call allocates only what the function does.
type caller struct {
	funcs map[string]wasi.HostFunc
	stack [16]uint64
}

func newCaller(sys *wasi.System) *caller {
	c := &caller{funcs: map[string]wasi.HostFunc{}}
	for _, f := range sys.HostFuncs() {
		c.funcs[f.Name] = f
	}
	return c
}

// call calls function name with the arguments already in c.stack and
// returns its first result.
func (c *caller) call(name string, m []byte) uint64 {
	if err := c.funcs[name].Call(context.Background(), m, c.stack[:]); err != nil {
		panic(err)
	}
	return c.stack[0]
}

// callWith sets the arguments, then calls.
func (c *caller) callWith(name string, m []byte, args ...uint64) uint64 {
	copy(c.stack[:], args)
	return c.call(name, m)
}

// Guest memory layout of the tests below.
const (
	pathAt   = 0x100 // the file's name
	iovecAt  = 0x200 // one iovec: base, length
	resultAt = 0x300 // a function's result
	bufferAt = 0x400 // the data
	statAt   = 0x800 // a $filestat
)

// TestHotPathsDoNotAllocate checks that the calls a WASI-call-heavy
// program makes most allocate nothing: a write, a read and a stat of an
// open file in ramfs, through package wasi's functions (issue 11).
func TestHotPathsDoNotAllocate(t *testing.T) {
	fsys := New()
	sys := wasi.New(wasi.Config{Preopens: []wasi.Preopen{{GuestPath: ".", FS: fsys}}})
	c := newCaller(sys)
	m := make([]byte, 1<<16)
	name := "hot.dat"
	copy(m[pathAt:], name)
	const rights = 1<<1 | 1<<2 | 1<<6 // fd_read, fd_seek, fd_write
	errno := c.callWith("path_open", m, 3, 1, pathAt, uint64(len(name)), 1, rights, rights, 0, resultAt)
	require.Zero(t, errno)
	fd := uint64(binary.LittleEndian.Uint32(m[resultAt:]))

	// Give the file room first, so that appends do not grow it.
	h, err := fsys.OpenFile(name, os.O_RDWR, 0)
	require.NoError(t, err)
	_, err = h.Write(make([]byte, 1<<20))
	require.NoError(t, err)
	require.NoError(t, h.Truncate(0))
	require.NoError(t, h.Close())

	binary.LittleEndian.PutUint32(m[iovecAt:], bufferAt)
	binary.LittleEndian.PutUint32(m[iovecAt+4:], 16)
	write := func() {
		c.stack = [16]uint64{fd, iovecAt, 1, resultAt}
		if c.call("fd_write", m) != 0 {
			t.Fatal("fd_write failed")
		}
	}
	require.Zero(t, testing.AllocsPerRun(1000, write), "allocations per fd_write")
	require.EqualValues(t, 16, binary.LittleEndian.Uint32(m[resultAt:]))

	fstat := func() {
		c.stack = [16]uint64{fd, statAt}
		if c.call("fd_filestat_get", m) != 0 {
			t.Fatal("fd_filestat_get failed")
		}
	}
	require.Zero(t, testing.AllocsPerRun(1000, fstat), "allocations per fd_filestat_get")
	require.EqualValues(t, 4, m[statAt+16], "filetype")
	require.EqualValues(t, 16*1001, binary.LittleEndian.Uint64(m[statAt+32:]), "size")

	require.Zero(t, c.callWith("fd_seek", m, fd, 0, io.SeekStart, resultAt))
	read := func() {
		c.stack = [16]uint64{fd, iovecAt, 1, resultAt}
		if c.call("fd_read", m) != 0 {
			t.Fatal("fd_read failed")
		}
	}
	require.Zero(t, testing.AllocsPerRun(1000, read), "allocations per fd_read")
	require.EqualValues(t, 16, binary.LittleEndian.Uint32(m[resultAt:]))

	// A stat by path copies the path out of guest memory and builds its
	// components: two allocations, none in the file system.
	pstat := func() {
		c.stack = [16]uint64{3, 0, pathAt, uint64(len(name)), statAt}
		if c.call("path_filestat_get", m) != 0 {
			t.Fatal("path_filestat_get failed")
		}
	}
	require.LessOrEqual(t, testing.AllocsPerRun(1000, pstat), 2.0, "allocations per path_filestat_get")
	require.EqualValues(t, 16*1001, binary.LittleEndian.Uint64(m[statAt+32:]), "size")
}

// TestAppendDoesNotAllocate checks ramfs's append path alone, within the
// file's capacity.
func TestAppendDoesNotAllocate(t *testing.T) {
	fsys := New()
	h, err := fsys.OpenFile("log", os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
	require.NoError(t, err)
	_, err = h.Write(make([]byte, 1<<20))
	require.NoError(t, err)
	require.NoError(t, h.Truncate(0))
	chunk := []byte("0123456789abcdef")
	require.Zero(t, testing.AllocsPerRun(1000, func() {
		if _, err := h.Write(chunk); err != nil {
			t.Fatal(err)
		}
	}))
	fi, err := h.Stat()
	require.NoError(t, err)
	require.EqualValues(t, 16*1001, fi.Size())
}
