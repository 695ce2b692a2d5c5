package wasi

import (
	"context"
	"encoding/binary"
	"io"
	"net"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// newSocketSystem gives a System a host TCP listener as its only
// preopen, descriptor 3.
func newSocketSystem(t *testing.T) (*System, string) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	sock, err := HostListener(l.(*net.TCPListener))
	require.NoError(t, err)
	addr := l.Addr().String()
	require.NoError(t, l.Close()) // the System has its own descriptor
	s := New(Config{Listeners: []Socket{sock}, Poller: HostPoller{}})
	t.Cleanup(func() { s.Close() })
	return s, addr
}

// putSubscription writes a poll_oneoff subscription at p.
func putSubscription(m []byte, p uint32, userdata uint64, tag byte, fdOrClock uint32, timeout uint64) {
	clear(m[p : p+subscriptionSize])
	binary.LittleEndian.PutUint64(m[p:], userdata)
	m[p+8] = tag
	binary.LittleEndian.PutUint32(m[p+16:], fdOrClock)
	binary.LittleEndian.PutUint64(m[p+24:], timeout)
}

func TestSockets(t *testing.T) {
	s, addr := newSocketSystem(t)
	g := newGuest()
	le := binary.LittleEndian

	// The listener is a socket, not a preopened directory.
	require.EqualValues(t, ErrnoSuccess, call(t, s, "fd_fdstat_get", g.m, 3, 100))
	require.EqualValues(t, filetypeSocketStream, g.m[100])
	require.EqualValues(t, ErrnoBadf, call(t, s, "fd_prestat_get", g.m, 3, 100))

	// No connection yet: a poll for it times out on its clock.
	putSubscription(g.m, 2000, 7, eventTypeFdRead, 3, 0)
	putSubscription(g.m, 2048, 8, eventTypeClock, clockMonotonic, uint64(20*time.Millisecond))
	require.EqualValues(t, ErrnoSuccess, call(t, s, "poll_oneoff", g.m, 2000, 3000, 2, 100))
	require.EqualValues(t, 1, g.u32(100))
	require.EqualValues(t, 8, le.Uint64(g.m[3000:]))

	client, err := net.Dial("tcp", addr)
	require.NoError(t, err)
	defer client.Close()
	require.EqualValues(t, ErrnoSuccess, call(t, s, "poll_oneoff", g.m, 2000, 3000, 2, 100))
	require.EqualValues(t, 1, g.u32(100))
	require.EqualValues(t, 7, le.Uint64(g.m[3000:]))
	require.EqualValues(t, eventTypeFdRead, g.m[3010])

	require.EqualValues(t, ErrnoInval, call(t, s, "sock_accept", g.m, 3, 1, 100))
	require.EqualValues(t, ErrnoSuccess, call(t, s, "sock_accept", g.m, 3, 0, 100))
	conn := g.u32(100)
	require.EqualValues(t, ErrnoSuccess, call(t, s, "fd_fdstat_get", g.m, uint64(conn), 100))
	require.EqualValues(t, filetypeSocketStream, g.m[100])
	require.EqualValues(t, ErrnoNotcapable, call(t, s, "sock_accept", g.m, uint64(conn), 0, 100))

	// Receive into two vectors, peeking first.
	_, err = client.Write([]byte("ping!"))
	require.NoError(t, err)
	le.PutUint32(g.m[200:], 300)
	le.PutUint32(g.m[204:], 2)
	le.PutUint32(g.m[208:], 400)
	le.PutUint32(g.m[212:], 10)
	le.PutUint32(g.m[212:], 3)
	require.EqualValues(t, ErrnoSuccess, call(t, s, "sock_recv", g.m, uint64(conn), 200, 2, riflagRecvPeek|riflagRecvWaitall, 104, 108))
	require.EqualValues(t, 5, g.u32(104))
	require.Equal(t, "pi", string(g.m[300:302]))
	require.Equal(t, "ng!", string(g.m[400:403]))
	require.EqualValues(t, ErrnoSuccess, call(t, s, "sock_recv", g.m, uint64(conn), 200, 2, 0, 104, 108))
	require.EqualValues(t, 5, g.u32(104))

	// Send through sock_send and fd_write.
	p, n := g.str("pong ")
	le.PutUint32(g.m[200:], uint32(p))
	le.PutUint32(g.m[204:], uint32(n))
	require.EqualValues(t, ErrnoSuccess, call(t, s, "sock_send", g.m, uint64(conn), 200, 1, 0, 104))
	require.EqualValues(t, 5, g.u32(104))
	p, n = g.str("again")
	le.PutUint32(g.m[200:], uint32(p))
	le.PutUint32(g.m[204:], uint32(n))
	require.EqualValues(t, ErrnoSuccess, call(t, s, "fd_write", g.m, uint64(conn), 200, 1, 104))

	// Non-blocking: nothing to read is EAGAIN.
	require.EqualValues(t, ErrnoSuccess, call(t, s, "fd_fdstat_set_flags", g.m, uint64(conn), fdflagNonblock))
	require.EqualValues(t, ErrnoSuccess, call(t, s, "fd_fdstat_get", g.m, uint64(conn), 100))
	require.EqualValues(t, fdflagNonblock, le.Uint16(g.m[102:]))
	le.PutUint32(g.m[200:], 300)
	le.PutUint32(g.m[204:], 10)
	require.EqualValues(t, ErrnoAgain, call(t, s, "fd_read", g.m, uint64(conn), 200, 1, 104))

	// Shutting down the sending side ends the peer's stream.
	require.EqualValues(t, ErrnoInval, call(t, s, "sock_shutdown", g.m, uint64(conn), 0))
	require.EqualValues(t, ErrnoSuccess, call(t, s, "sock_shutdown", g.m, uint64(conn), sdflagWr))
	got, err := io.ReadAll(client)
	require.NoError(t, err)
	require.Equal(t, "pong again", string(got))

	// The peer closing is a 0-byte read.
	require.NoError(t, client.Close())
	require.EqualValues(t, ErrnoSuccess, call(t, s, "fd_fdstat_set_flags", g.m, uint64(conn), 0))
	require.EqualValues(t, ErrnoSuccess, call(t, s, "fd_read", g.m, uint64(conn), 200, 1, 104))
	require.EqualValues(t, 0, g.u32(104))
	require.EqualValues(t, ErrnoSuccess, call(t, s, "fd_close", g.m, uint64(conn)))

	// Sockets only.
	require.EqualValues(t, ErrnoNotsock, call(t, s, "sock_recv", g.m, 1, 200, 1, 0, 104, 108))
	require.EqualValues(t, ErrnoBadf, call(t, s, "sock_send", g.m, 99, 200, 1, 0, 104))
}

func TestProcRaise(t *testing.T) {
	s := New(Config{})
	stack := []uint64{16} // SIGCHLD: ignored
	var raise HostFunc
	for _, f := range s.HostFuncs() {
		if f.Name == "proc_raise" {
			raise = f
		}
	}
	require.NoError(t, raise.Call(context.Background(), nil, stack))
	require.EqualValues(t, ErrnoSuccess, stack[0])
	stack[0] = 15 // SIGTERM ends the program as the shell reports it
	var exit *ExitError
	require.ErrorAs(t, raise.Call(context.Background(), nil, stack), &exit)
	require.EqualValues(t, 143, exit.Code)
	stack[0] = 6 // SIGABRT
	require.ErrorAs(t, raise.Call(context.Background(), nil, stack), &exit)
	require.EqualValues(t, 134, exit.Code)
}

// TestAllFunctions checks that every function of wasi_snapshot_preview1
// is there, once.
func TestAllFunctions(t *testing.T) {
	seen := map[string]bool{}
	for _, f := range New(Config{}).HostFuncs() {
		require.False(t, seen[f.Name], f.Name)
		seen[f.Name] = true
	}
	require.Len(t, seen, 46) // 45 and sock_accept, added to the snapshot later
}
