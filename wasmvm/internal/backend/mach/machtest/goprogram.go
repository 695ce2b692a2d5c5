package machtest

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/mach"
)

// VerifyGoProgramAllocations builds the Go program in dir for wasip1 and
// checks the allocation of every one of its functions as target emits it
// (mach.Allocation.Verify). Go's code has forms the C suite lacks (x &^ y
// as a complement and an and of a value just loaded from the stack: an
// and-not that dropped the load read a stale register in fdMutex). It
// needs the go command; in -short mode it runs on amd64 hosts only, where
// the arm64 backend's package checks its target too (under qemu-user it
// would take minutes).
func VerifyGoProgramAllocations(t *testing.T, target *mach.Target, dir string) {
	t.Helper()
	if testing.Short() && runtime.GOARCH != "amd64" {
		t.Skip("short mode: verified on amd64 hosts")
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to build the program with")
	}
	path := filepath.Join(t.TempDir(), "program.wasm")
	cmd := exec.Command(goCmd, "build", "-o", path, ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOOS=wasip1", "GOARCH=wasm")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "building %s: %s", dir, out)
	verifyFile(t, target, path)
}
