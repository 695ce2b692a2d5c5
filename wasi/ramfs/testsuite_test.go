package ramfs_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/internal/wasitestsuite"
	"github.com/wasmkernel/wasmkernel/wasi"
	"github.com/wasmkernel/wasmkernel/wasi/ramfs"
	"github.com/wasmkernel/wasmkernel/wasmvm"
	"github.com/wasmkernel/wasmkernel/wasmvm/wasiapp"
)

// ramfsTestsuiteFloor is how many programs of the WASI test suite must pass
// with their directory in a RAM file system (as in the kernel).
const ramfsTestsuiteFloor = 72

// TestWASITestsuiteOnRAMFS runs the WASI test suite in this process with
// each program's directory copied into a fresh RAM file system.
func TestWASITestsuiteOnRAMFS(t *testing.T) {
	dir, err := wasitestsuite.Locate()
	require.NoError(t, err)
	cases, err := wasitestsuite.Load(dir)
	require.NoError(t, err)
	passed := 0
	var failures []string
	for _, c := range cases {
		code, stdout, stderr := runCase(t, c)
		if ok, why := c.Check(code, stdout, stderr); ok {
			passed++
		} else {
			failures = append(failures, why)
		}
	}
	fmt.Printf("wasi-testsuite on ramfs: %d passed, %d failed\n", passed, len(cases)-passed)
	t.Logf("failing:\n%s", strings.Join(failures, "\n"))
	require.GreaterOrEqual(t, passed, ramfsTestsuiteFloor)
}

func runCase(t *testing.T, c wasitestsuite.Case) (code int, stdout, stderr string) {
	var out, errOut bytes.Buffer
	cfg := wasi.Config{
		Args: append([]string{filepath.Base(c.Program)}, c.Args...), Env: c.Env,
		Stdout: &out, Stderr: &errOut, Random: rand.Reader,
	}
	if c.Root != "" {
		root := ramfs.New()
		require.NoError(t, root.CopyFrom(os.DirFS(c.Root)), c.Name)
		cfg.Preopens = []wasi.Preopen{{GuestPath: "/", FS: root}}
	}
	src, err := os.ReadFile(c.Program)
	require.NoError(t, err)
	m, err := wasmvm.ParseModule(src)
	require.NoError(t, err, c.Name)
	rt, err := wasiapp.NewRuntime(context.Background(), wasi.New(cfg))
	require.NoError(t, err)
	inst, err := rt.Instantiate(m, "app")
	if err == nil {
		err = wasiapp.Run(inst)
	}
	status, failure := wasiapp.Outcome(err)
	if failure != nil {
		fmt.Fprintf(&errOut, "%v\n", failure)
		status = -1
	}
	return status, out.String(), errOut.String()
}
