package sdcard

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestWriteRead(t *testing.T) {
	big := bytes.Repeat([]byte("wasmkernel"), 300_000) // 3 MB: many clusters
	files := []File{
		{Name: "config.txt", Data: []byte("arm_64bit=1\n")},
		{Name: "bcm2710-rpi-3-b.dtb", Data: []byte{0xd0, 0x0d, 0xfe, 0xed}}, // a long name
		{Name: "overlays/disable-bt.dtbo", Data: []byte("overlay")},
		{Name: "kernel8.img", Data: big},
	}
	for _, tc := range []struct {
		name      string
		data      int64
		wantParts int
		wantSize  int64
	}{
		{name: "boot only", wantParts: 1, wantSize: 128 << 20},
		{name: "with data", data: 100 << 20, wantParts: 2, wantSize: 256 << 20},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "card.img")
			require.NoError(t, Write(path, Layout{Boot: files, DataBytes: tc.data}))
			fi, err := os.Stat(path)
			require.NoError(t, err)
			require.Equal(t, tc.wantSize, fi.Size())

			// The MBR, read byte by byte: signature, first entry active
			// FAT32 LBA at 1 MiB.
			raw, err := os.ReadFile(path)
			require.NoError(t, err)
			require.Equal(t, []byte{0x55, 0xAA}, raw[510:512])
			require.Equal(t, byte(0x80), raw[446])
			require.Equal(t, byte(0x0C), raw[446+4])
			require.Equal(t, uint32(2048), binary.LittleEndian.Uint32(raw[446+8:]))

			c, err := Open(path)
			require.NoError(t, err)
			defer c.Close()
			require.Len(t, c.Partitions, tc.wantParts)
			boot := c.Partitions[0]
			require.True(t, boot.Bootable)
			require.Equal(t, int64(1<<20), boot.Start)
			require.Equal(t, BootLabel, boot.Label)
			end := boot.Start + boot.Size
			if tc.wantParts == 2 {
				data := c.Partitions[1]
				require.False(t, data.Bootable)
				require.Equal(t, end, data.Start)
				require.GreaterOrEqual(t, data.Size, tc.data)
				require.Equal(t, DataLabel, data.Label)
				end = data.Start + data.Size
			}
			require.LessOrEqual(t, end, tc.wantSize)
			require.Greater(t, end, tc.wantSize-4<<20, "the last partition takes the rest of the card")
			for _, f := range files {
				got, err := fs.ReadFile(c.Boot(), f.Name)
				require.NoError(t, err, f.Name)
				require.Equal(t, f.Data, got, f.Name)
			}
		})
	}
}

func TestWriteReproducible(t *testing.T) {
	dir := t.TempDir()
	files := []File{{Name: "a.txt", Data: []byte("a")}, {Name: "b/c.txt", Data: []byte("c")}}
	var images [2][]byte
	for i := range images {
		path := filepath.Join(dir, "card.img")
		require.NoError(t, Write(path, Layout{Boot: files}))
		b, err := os.ReadFile(path)
		require.NoError(t, err)
		images[i] = b
	}
	require.True(t, bytes.Equal(images[0], images[1]), "the same files make the same image")
}

func TestOpenRejects(t *testing.T) {
	dir := t.TempDir()
	blank := filepath.Join(dir, "blank.img")
	require.NoError(t, os.WriteFile(blank, make([]byte, 1<<20), 0o644))
	_, err := Open(blank)
	require.Error(t, err)
	_, err = Open(filepath.Join(dir, "missing.img"))
	require.Error(t, err)
}

// TestFsck has dosfstools' fsck.fat check every partition's file system.
func TestFsck(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "card.img")
	files := []File{{Name: "kernel8.img", Data: bytes.Repeat([]byte{1}, 1<<20)}, {Name: "overlays/x.dtbo", Data: []byte("x")}}
	require.NoError(t, Write(path, Layout{Boot: files, DataBytes: 64 << 20}))
	c, err := Open(path)
	require.NoError(t, err)
	parts := c.Partitions
	require.NoError(t, c.Close())
	raw, err := os.ReadFile(path)
	require.NoError(t, err)
	for i, p := range parts {
		part := filepath.Join(dir, fmt.Sprintf("part%d", i+1))
		require.NoError(t, os.WriteFile(part, raw[p.Start:p.Start+p.Size], 0o644))
		out, err := exec.Command("fsck.fat", "-n", part).CombinedOutput()
		if err != nil {
			require.Empty(t, fsckProblems(string(out)), "fsck.fat (from dosfstools, in scripts/deps.sh) on partition %d: %s", i+1, out)
		}
	}
}

// fsckProblems returns what fsck.fat reports beyond go-diskfs's known
// departure from the FAT specification: a subdirectory of the root gets
// the root's cluster number in its ".." entry instead of 0, which FAT
// readers (Linux, the Pi's firmware) follow all the same, and fsck.fat
// then also recounts the free clusters.
func fsckProblems(out string) []string {
	var problems []string
	lines := strings.Split(out, "\n")
	for i := 0; i < len(lines); i++ {
		l := strings.TrimSpace(lines[i])
		switch {
		case l == "", strings.HasPrefix(l, "fsck.fat "), strings.HasPrefix(l, "Leaving filesystem unchanged"),
			strings.HasPrefix(l, "Free cluster summary"), strings.Contains(l, " files, "):
		case strings.HasPrefix(l, "/") && i+1 < len(lines) && strings.Contains(lines[i+1], "Invalid '..' entry"):
			i++
		default:
			problems = append(problems, l)
		}
	}
	return problems
}

// TestFATSizes checks the sizes the card avoids: those for which the FAT32
// go-diskfs lays out would have clusters without a table entry.
func TestFATSizes(t *testing.T) {
	require.False(t, fatFits(64<<20), "64 MiB: 1008 FAT sectors for 129024 clusters")
	for mib := int64(33); mib <= 600; mib++ {
		size := partitionBytes(mib << 20)
		require.True(t, fatFits(size), "%d MiB", mib)
		require.GreaterOrEqual(t, size, (mib-3)<<20, "%d MiB", mib)
	}
}
