package qemu

import (
	"bytes"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestLineClockTimesTheMarkerAndTheFirstOutput(t *testing.T) {
	var out bytes.Buffer
	c := &LineClock{Marker: []byte("app start"), W: &out}
	c.Start()
	write := func(s string) {
		time.Sleep(2 * time.Millisecond)
		_, err := c.Write([]byte(s))
		require.NoError(t, err)
	}
	write("boot: not the app start\nboot")
	_, _, ok := c.Marked()
	require.False(t, ok, "the marker must start a line")
	write(" done\napp st")
	write("art\n")
	mark, _, ok := c.Marked()
	require.False(t, ok, "no output after the marker yet")
	require.Greater(t, mark, 4*time.Millisecond)
	write("hello\n")
	mark2, first, ok := c.Marked()
	require.True(t, ok)
	require.Equal(t, mark, mark2)
	require.Greater(t, first, mark)
	write("more\n")
	_, first2, _ := c.Marked()
	require.Equal(t, first, first2, "the first byte after the marker, not later ones")
	require.Equal(t, "boot: not the app start\nboot done\napp start\nhello\nmore\n", out.String())

	c2 := &LineClock{Marker: []byte("go")}
	c2.Start()
	_, err := c2.Write([]byte("go\nfirst line in the same write\n"))
	require.NoError(t, err)
	m, f, ok := c2.Marked()
	require.True(t, ok)
	require.Equal(t, m, f)
}
