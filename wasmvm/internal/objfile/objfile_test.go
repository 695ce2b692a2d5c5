package objfile

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"testing"

	"github.com/stretchr/testify/require"
)

func sample() *Module {
	src := []byte("\x00asm\x01\x00\x00\x00")
	return &Module{
		Arch: ArchAMD64, Memory: BoundsChecked, Features: 0x3, SourceSHA: sha256.Sum256(src),
		Source: src, Code: []byte{0x90, 0xE8, 0, 0, 0, 0, 0xC3, 0xC3},
		Functions: []Function{{Offset: 0, Size: 7, FrameSize: 40}, {Offset: 7, Size: 1}},
		Relocs:    []Reloc{{Offset: 2, Kind: RelocCallRel32, Func: 1, Addend: -4}},
	}
}

var amd64Host = Expect{Arch: ArchAMD64, Memory: BoundsChecked, Features: 0xFF}

func TestRoundTrip(t *testing.T) {
	m := sample()
	got, err := Decode(Encode(m), amd64Host)
	require.NoError(t, err)
	require.Equal(t, m, got)
}

// reseal recomputes the checksum after a deliberate edit.
func reseal(b []byte) []byte {
	binary.LittleEndian.PutUint32(b[len(b)-4:], crc32.Checksum(b[:len(b)-4], castagnoli))
	return b
}

func TestDecodeRejects(t *testing.T) {
	good := Encode(sample())
	edit := func(f func(b []byte) []byte) []byte { return f(append([]byte(nil), good...)) }
	tests := []struct {
		name string
		in   []byte
		exp  Expect
		want error
		msg  string
	}{
		{"wasm", []byte("\x00asm\x01\x00\x00\x00"), amd64Host, ErrNotNative, ""},
		{"truncated", good[:len(good)-7], amd64Host, ErrCorrupt, "checksum mismatch"},
		{"flipped bit", edit(func(b []byte) []byte { b[60] ^= 1; return b }), amd64Host, ErrCorrupt, "checksum"},
		{"version", edit(func(b []byte) []byte { b[4] = 9; return reseal(b) }), amd64Host, ErrVersion, "recompile"},
		{"arch", good, Expect{Arch: ArchARM64}, ErrMismatch, "compiled for amd64, this machine is arm64"},
		{"memory mode", good, Expect{Arch: ArchAMD64, Memory: GuardRegions, Features: 0xFF}, ErrMismatch, "bounds-checked"},
		{"features", good, Expect{Arch: ArchAMD64, Features: 0x1}, ErrMismatch, "0x2"},
		{"named features", good, Expect{Arch: ArchAMD64, Features: 0x1, FeatureNames: func(f uint64) string {
			return fmt.Sprintf("<%x>", f)
		}}, ErrMismatch, "needs CPU features <2> that this CPU lacks"},
		{"source hash", edit(func(b []byte) []byte { b[16] ^= 0xFF; return reseal(b) }), amd64Host, ErrCorrupt, "does not match its hash"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Decode(tc.in, tc.exp)
			require.ErrorIs(t, err, tc.want)
			require.ErrorContains(t, err, tc.msg)
		})
	}
}

func TestDecodeChecksBounds(t *testing.T) {
	m := sample()
	m.Functions[1].Size = 100
	_, err := Decode(Encode(m), amd64Host)
	require.ErrorContains(t, err, "function 1 at 7+100 lies outside 8 bytes of code")
	m = sample()
	m.Relocs[0].Func = 5
	_, err = Decode(Encode(m), amd64Host)
	require.ErrorContains(t, err, "relocation 0 names function 5 of 2")
}

func FuzzDecode(f *testing.F) {
	f.Add(Encode(sample()))
	f.Fuzz(func(t *testing.T, b []byte) {
		_, _ = Decode(b, amd64Host)
		// Resealed inputs get past the checksum to the section parser.
		if len(b) >= headerSize+4 {
			_, _ = Decode(reseal(append([]byte(nil), b...)), amd64Host)
		}
	})
}
