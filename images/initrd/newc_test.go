package initrd

import (
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/u-root/u-root/pkg/cpio"
)

func TestNewcEntryBytes(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, writeEntry(&b, entry{name: "ab", mode: modeRegular | 0o644, data: []byte("xyz")}))
	want := "070701" +
		"00000000" + "000081a4" + "00000000" + "00000000" + "00000001" + "00000000" + // ino mode uid gid nlink mtime
		"00000003" + "00000000" + "00000000" + "00000000" + "00000000" + // filesize devmajor devminor rdevmajor rdevminor
		"00000003" + "00000000" + // namesize check
		"ab\x00" + "\x00\x00\x00" + // 110 + 3 = 113, padded to 116
		"xyz" + "\x00" // padded to 4
	require.Equal(t, want, b.String())
}

// TestNewcMatchesUroot checks the format against another reader and
// writer: u-root's pkg/cpio reads what this package writes, and the
// reverse.
func TestNewcMatchesUroot(t *testing.T) {
	entries := []entry{
		{name: "d", mode: modeDir | 0o755},
		{name: "d/empty", mode: modeRegular | 0o644},
		{name: "d/file", mode: modeRegular | 0o644, data: []byte("contents\n")},
		{name: "d/link", mode: modeSymlink | 0o777, data: []byte("file")},
	}
	var ours bytes.Buffer
	for _, e := range entries {
		require.NoError(t, writeEntry(&ours, e))
	}
	require.NoError(t, writeTrailer(&ours))
	recs, err := cpio.ReadAllRecords(cpio.Newc.Reader(bytes.NewReader(ours.Bytes())))
	require.NoError(t, err)
	require.Len(t, recs, len(entries))
	for i, rec := range recs {
		require.Equal(t, entries[i].name, rec.Name)
		require.Equal(t, uint64(entries[i].mode), rec.Mode)
		data, err := io.ReadAll(io.NewSectionReader(rec.ReaderAt, 0, int64(rec.FileSize)))
		require.NoError(t, err)
		require.Equal(t, string(entries[i].data), string(data))
	}

	var theirs bytes.Buffer
	w := cpio.Newc.Writer(&theirs)
	require.NoError(t, cpio.WriteRecords(w, []cpio.Record{
		cpio.Directory("d", 0o755),
		cpio.StaticFile("d/file", "contents\n", 0o600),
		cpio.Symlink("d/link", "file"),
	}))
	require.NoError(t, cpio.WriteTrailer(w))
	var got []entry
	require.NoError(t, forEachEntry(bytes.NewReader(theirs.Bytes()), func(e entry) error {
		got = append(got, e)
		return nil
	}))
	require.Equal(t, []entry{
		{name: "d", mode: modeDir | 0o755, data: []byte{}},
		{name: "d/file", mode: modeRegular | 0o600, data: []byte("contents\n")},
		{name: "d/link", mode: modeSymlink | 0o777, data: []byte("file")},
	}, got)
}

func TestNewcRejects(t *testing.T) {
	var good bytes.Buffer
	require.NoError(t, writeEntry(&good, entry{name: "f", mode: modeRegular | 0o644, data: []byte("12345678")}))
	require.NoError(t, writeTrailer(&good))
	g := good.String()
	for name, tc := range map[string]struct {
		archive string
		want    string
	}{
		"empty":          {"", "truncated"},
		"magic":          {"070707" + g[6:], "is not newc's"},
		"short header":   {g[:50], "truncated"},
		"hex":            {g[:14] + "0000z1a4" + g[22:], "header field at 14"},
		"short data":     {g[:newcHeaderSize+4+4], "truncated"},
		"no trailer":     {g[:newcHeaderSize+4+8], "truncated"},
		"no NUL":         {g[:newcHeaderSize+1] + "x" + g[newcHeaderSize+2:], "not NUL-terminated"},
		"huge name":      {g[:newcNameSizeOff] + "00100000" + g[newcNameSizeOff+8:], "name of 1048576 bytes"},
		"size past data": {g[:newcFileSizeOff] + "7fffffff" + g[newcFileSizeOff+8:], "truncated"},
	} {
		t.Run(name, func(t *testing.T) {
			err := forEachEntry(strings.NewReader(tc.archive), func(entry) error { return nil })
			require.ErrorContains(t, err, tc.want)
		})
	}
}
