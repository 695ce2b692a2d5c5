package linuxvm

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/u-root/u-root/pkg/cpio"
)

// readArchive reads a newc archive back into name → record and contents.
func readArchive(t *testing.T, b []byte) (map[string]cpio.Info, map[string]string) {
	t.Helper()
	recs, err := cpio.ReadAllRecords(cpio.Newc.Reader(bytes.NewReader(b)))
	require.NoError(t, err)
	infos, contents := map[string]cpio.Info{}, map[string]string{}
	for _, r := range recs {
		infos[r.Name] = r.Info
		if r.ReaderAt != nil {
			data, err := io.ReadAll(io.NewSectionReader(r.ReaderAt, 0, int64(r.FileSize)))
			require.NoError(t, err)
			contents[r.Name] = string(data)
		}
	}
	return infos, contents
}

func TestInitramfsWritesFilesDirectoriesAndLinks(t *testing.T) {
	host := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(host, "sub"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(host, "sub", "data.txt"), []byte("data"), 0o600))
	require.NoError(t, os.WriteFile(filepath.Join(host, "prog"), []byte("\x7fELF"), 0o755))

	build := func() []byte {
		fs := NewInitramfs()
		require.NoError(t, fs.AddFile("/init", []byte("init program"), 0o755))
		require.NoError(t, fs.AddHostFile("/bin/prog", filepath.Join(host, "prog")))
		require.NoError(t, fs.AddSymlink("/lib64/ld.so", "/lib/ld.so"))
		require.NoError(t, fs.AddTree("/linuxvm/data", host))
		require.Equal(t, int64(len("init program")+4+4+4), fs.Size())
		var buf bytes.Buffer
		n, err := fs.WriteTo(&buf)
		require.NoError(t, err)
		require.Equal(t, int64(buf.Len()), n)
		return buf.Bytes()
	}
	archive := build()
	require.Equal(t, archive, build(), "the same tree gives the same bytes")

	infos, contents := readArchive(t, archive)
	require.Equal(t, "init program", contents["init"])
	require.Equal(t, uint64(cpio.S_IFREG|0o755), infos["init"].Mode)
	require.Equal(t, uint64(cpio.S_IFREG|0o755), infos["bin/prog"].Mode, "permission bits come from the host file")
	require.Equal(t, "data", contents["linuxvm/data/sub/data.txt"])
	require.Equal(t, uint64(cpio.S_IFREG|0o600), infos["linuxvm/data/sub/data.txt"].Mode)
	require.Equal(t, "\x7fELF", contents["linuxvm/data/prog"])
	require.Equal(t, uint64(cpio.S_IFLNK|0o777), infos["lib64/ld.so"].Mode)
	require.Equal(t, "/lib/ld.so", contents["lib64/ld.so"])
	for _, dir := range []string{"bin", "lib64", "linuxvm", "linuxvm/data", "linuxvm/data/sub"} {
		require.Equal(t, uint64(cpio.S_IFDIR|0o755), infos[dir].Mode, dir)
	}
	require.Zero(t, infos["init"].MTime)
	require.Zero(t, infos["init"].UID)
}

func TestInitramfsRefusesPathsOutsideTheRoot(t *testing.T) {
	fs := NewInitramfs()
	for _, p := range []string{"", "/", "../etc/passwd", "/bin/../../x"} {
		require.Error(t, fs.AddFile(p, nil, 0o644), p)
	}
	require.NoError(t, fs.AddFile("/bin", []byte("file"), 0o644))
	require.NoError(t, fs.AddFile("/bin/x", []byte("file below a file"), 0o644))
	_, err := fs.WriteTo(io.Discard)
	require.ErrorContains(t, err, "is a file and a directory")
}
