package initrd

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestInitrdRoundTrip(t *testing.T) {
	m := Manifest{Version: ManifestVersion, Apps: []App{{
		Name: "hello", Module: "apps/hello.wkn", SourceSHA256: "ab", Args: []string{"hello", "x"},
		Env: []string{"WHO=you"}, Dirs: []Dir{{Guest: "/data", Tree: "trees/hello/0.cpio", Export: "0"}},
	}}}
	files := map[string][]byte{
		"apps/hello.wkn":              []byte("native module"),
		"trees/hello/0.cpio":          []byte("tree"),
		"/files/hello/data/sub/b.txt": []byte(""),
	}
	var a, b bytes.Buffer
	require.NoError(t, Write(&a, m, files))
	require.NoError(t, Write(&b, m, files))
	require.Equal(t, a.Bytes(), b.Bytes(), "same input, same bytes")

	got, gotFiles, err := Read(bytes.NewReader(a.Bytes()))
	require.NoError(t, err)
	require.Equal(t, m, *got)
	require.Equal(t, map[string][]byte{
		"apps/hello.wkn":             []byte("native module"),
		"trees/hello/0.cpio":         []byte("tree"),
		"files/hello/data/sub/b.txt": {},
	}, gotFiles)
}

func TestInitrdRejects(t *testing.T) {
	ok := App{Name: "a", Module: "a.wkn"}
	for name, tc := range map[string]struct {
		m     Manifest
		files map[string][]byte
		want  string
	}{
		"version":  {Manifest{Version: 9, Apps: []App{ok}}, map[string][]byte{"a.wkn": nil}, "manifest version 9"},
		"no apps":  {Manifest{Version: 1}, nil, "no apps"},
		"missing":  {Manifest{Version: 1, Apps: []App{ok}}, nil, "module a.wkn is not in the initrd"},
		"twice":    {Manifest{Version: 1, Apps: []App{ok, ok}}, map[string][]byte{"a.wkn": nil}, "repeated"},
		"bad env":  {Manifest{Version: 1, Apps: []App{{Name: "a", Module: "a.wkn", Env: []string{"X"}}}}, map[string][]byte{"a.wkn": nil}, "not KEY=VALUE"},
		"no tree":  {Manifest{Version: 1, Apps: []App{{Name: "a", Module: "a.wkn", Dirs: []Dir{{Guest: "/", Tree: "t"}}}}}, map[string][]byte{"a.wkn": nil}, "tree t of directory / is not in the initrd"},
		"escaping": {Manifest{Version: 1, Apps: []App{ok}}, map[string][]byte{"a.wkn": nil, "../x": nil}, "leaves the archive"},
	} {
		t.Run(name, func(t *testing.T) {
			require.ErrorContains(t, Write(&bytes.Buffer{}, tc.m, tc.files), tc.want)
		})
	}
	_, _, err := Read(bytes.NewReader([]byte("not a cpio archive")))
	require.Error(t, err)
}
