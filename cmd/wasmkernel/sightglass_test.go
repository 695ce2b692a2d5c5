package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/bench"
)

// sightglassDir holds the Sightglass benchmark modules beside the
// checkout.
const sightglassDir = "../../../shared/bench/sightglass"

// sightglassFloor is how many modules must pass; it only goes up.
const sightglassFloor = 109

// TestSightglass runs every Sightglass module, on a copy of its directory
// preopened as ".", and compares its output with the .expected files
// where the data set has them (trailing newlines aside, bench.SameOutput).
// Modules the compiler refuses for their SIMD instructions are counted
// apart (none since issue 10).
func TestSightglass(t *testing.T) {
	modules, err := filepath.Glob(filepath.Join(sightglassDir, "*", "*.wasm"))
	require.NoError(t, err)
	require.NotEmpty(t, modules, "the Sightglass modules are missing at %s", sightglassDir)
	passed, simd := 0, 0
	var failures []string
	for _, mod := range modules {
		dir := filepath.Dir(mod)
		name := strings.TrimSuffix(filepath.Base(mod), ".wasm")
		// matches compares a stream with its .expected file, if any.
		matches := func(stream, got string) bool {
			for _, base := range []string{name, "default"} {
				if b, err := os.ReadFile(filepath.Join(dir, base+"."+stream+".expected")); err == nil {
					return bench.SameOutput([]byte(got), b)
				}
			}
			return true
		}
		work := filepath.Join(t.TempDir(), "work")
		require.NoError(t, os.CopyFS(work, os.DirFS(dir)))
		code, stdout, stderr := runCLIProcess(t, 5*time.Minute, "run", "--machine", "host", "--dir", work+"::.", mod)
		switch {
		case code == 0 && matches("stdout", stdout) && matches("stderr", stderr):
			passed++
		case strings.Contains(stderr, "SIMD instructions are not supported"):
			simd++
		default:
			failures = append(failures, fmt.Sprintf("%s: exit %d, stderr %.160q", strings.TrimPrefix(mod, sightglassDir+"/"), code, stderr))
		}
	}
	fmt.Printf("sightglass: %d passed, %d failed (%d modules use SIMD, left for SIMD support)\n", passed, len(failures), simd)
	t.Logf("failing:\n%s", strings.Join(failures, "\n"))
	require.GreaterOrEqual(t, passed, sightglassFloor)
}
