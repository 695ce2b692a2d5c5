package images

import (
	"bytes"
	"debug/elf"
	"encoding/binary"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestPVHNote rewrites the build ID note of a small Go program (an ELF
// like the kernel) and reads the PVH note back.
func TestPVHNote(t *testing.T) {
	dir := t.TempDir()
	src, bin := filepath.Join(dir, "main.go"), filepath.Join(dir, "prog")
	require.NoError(t, os.WriteFile(src, []byte("package main\nfunc main() {}\n"), 0o644))
	cmd := exec.Command("go", "build", "-o", bin, src)
	cmd.Env = append(os.Environ(), "GOOS=linux", "GOARCH=amd64", "CGO_ENABLED=0", "GOFLAGS=")
	msg, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", msg)
	self, err := os.ReadFile(bin)
	require.NoError(t, err)
	const entry = "runtime.rt0_go.abi0"
	out, err := pvhNote(self, entry)
	require.NoError(t, err)
	require.Equal(t, len(self), len(out), "rewritten in place")

	f, err := elf.NewFile(bytes.NewReader(out))
	require.NoError(t, err)
	syms, err := f.Symbols()
	require.NoError(t, err)
	var want uint64
	for _, s := range syms {
		if s.Name == entry {
			want = s.Value
		}
	}
	found := false
	for _, p := range f.Progs {
		if p.Type != elf.PT_NOTE {
			continue
		}
		note := make([]byte, p.Filesz)
		_, err := p.ReadAt(note, 0)
		require.NoError(t, err)
		le := binary.LittleEndian
		if len(note) == pvhNoteSize && le.Uint32(note[8:]) == xenElfnotePhys32Entry {
			require.Equal(t, "Xen\x00", string(note[12:16]))
			require.Equal(t, want, le.Uint64(note[16:]))
			found = true
		}
	}
	require.True(t, found, "a PT_NOTE segment holds the PVH note")

	_, err = pvhNote(self, "no.such.symbol")
	require.ErrorContains(t, err, "missing")
	_, err = pvhNote([]byte("not an ELF file"), entry)
	require.Error(t, err)
}
