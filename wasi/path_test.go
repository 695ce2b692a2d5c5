package wasi

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// fakeLinks is a file system of symbolic links: path -> target.
type fakeLinks map[string]string

func (f fakeLinks) Readlink(path []string) (string, bool, Errno) {
	t, ok := f[strings.Join(path, "/")]
	return t, ok, ErrnoSuccess
}

func TestResolve(t *testing.T) {
	fs := fakeLinks{
		"a/up":     "..",          // stays inside: a/.. is the root
		"a/out":    "../..",       // escapes
		"abs":      "/etc/passwd", // absolute
		"loop1":    "loop2",
		"loop2":    "loop1",
		"d/link":   "../a",
		"d/dangle": "nothing",
		"self":     ".",
		"deep/hop": "../../x", // deep/../../x escapes
	}
	tests := []struct {
		dir    []string
		path   string
		follow bool
		want   string
		errno  Errno
	}{
		{nil, "file", false, "file", 0},
		{nil, "./a/./b", false, "a/b", 0},
		{nil, "a/../b", false, "b", 0},
		{[]string{"a"}, "../b", false, "", ErrnoNotcapable}, // the descriptor's directory bounds it
		{[]string{"a"}, "x/../b", false, "a/b", 0},
		{nil, "..", false, "", ErrnoNotcapable},
		{nil, "a/../../b", false, "", ErrnoNotcapable},
		{[]string{"a"}, "../../b", false, "", ErrnoNotcapable},
		{nil, "/etc/passwd", false, "", ErrnoNotcapable},
		{nil, "a/up/b", false, "b", 0},
		{nil, "a/out/b", false, "", ErrnoNotcapable},
		{nil, "a/out", false, "a/out", 0}, // a final link itself, not followed
		{nil, "a/out", true, "", ErrnoNotcapable},
		{nil, "abs", true, "", ErrnoNotcapable},
		{nil, "abs/x", false, "", ErrnoNotcapable},
		{nil, "loop1", true, "", ErrnoLoop},
		{nil, "loop1/x", false, "", ErrnoLoop},
		{nil, "d/link/c", false, "a/c", 0},
		{nil, "d/dangle", true, "d/nothing", 0},
		{nil, "self/self/f", false, "f", 0},
		{nil, "deep/hop", true, "", ErrnoNotcapable},
		{nil, "", false, "", ErrnoNoent},
		{nil, strings.Repeat("a/", 3000), false, "", ErrnoNametoolong},
	}
	for _, tc := range tests {
		got, errno := resolve(fs, tc.dir, tc.path, tc.follow)
		require.Equal(t, tc.errno, errno, "%v %q", tc.dir, tc.path)
		if errno == ErrnoSuccess {
			require.Equal(t, tc.want, strings.Join(got, "/"), "%v %q", tc.dir, tc.path)
		}
	}
}

// TestResolveDoesNotAliasDir checks that resolution never writes into the
// caller's directory slice.
func TestResolveDoesNotAliasDir(t *testing.T) {
	dir := make([]string, 1, 4)
	dir[0] = "a"
	_, _ = resolve(fakeLinks{}, dir, "b/c", false)
	require.Equal(t, []string{"a"}, dir)
	require.Equal(t, "a", dir[:1][0])
}

func TestSplit(t *testing.T) {
	for path, want := range map[string][]string{
		"":          {},
		"/":         {},
		"a":         {"a"},
		"a/b":       {"a", "b"},
		"//a//b//":  {"a", "b"},
		"./a/../b/": {".", "a", "..", "b"},
	} {
		got := split(path)
		require.Equal(t, want, got, "split(%q)", path)
		require.Equal(t, len(got), cap(got), "split(%q) allocates exactly", path)
	}
}
