package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestImageBoots writes an image without booting it, then boots it with
// the boot.sh it comes with: QEMU's exit status is the app's, doubled
// plus one (isa-debug-exit).
func TestImageBoots(t *testing.T) {
	out := t.TempDir()
	data := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(data, "input.txt"), []byte("x"), 0o644))
	code, listing, stderr := runCLI("image", "-o", out, "--env", "WHO=image", "--dir", data+"::/data", "../../examples/hello/hello.wasm", "arg")
	require.Equal(t, 0, code, stderr)
	for _, name := range []string{"kernel.elf", "initrd.cpio", "boot.sh"} {
		require.Contains(t, listing, filepath.Join(out, name))
	}
	cmd := exec.Command(filepath.Join(out, "boot.sh"))
	cmd.Stdin = strings.NewReader("")
	console, err := cmd.Output()
	var exit *exec.ExitError
	require.True(t, errors.As(err, &exit), "QEMU leaves through isa-debug-exit: %v", err)
	require.Equal(t, 1, exit.ExitCode(), "status 0 comes out as 1")
	require.Contains(t, string(console), "Hello from wasmkernel!")
	require.Contains(t, string(console), "WHO=image")

	code, _, stderr = runCLI("image", "../../examples/hello/hello.wasm")
	require.Equal(t, 2, code)
	require.Contains(t, stderr, "want -o DIR")
}
