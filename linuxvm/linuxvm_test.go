package linuxvm

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/wasmkernel/wasmkernel/images"
	"github.com/wasmkernel/wasmkernel/qemu"
)

// hello prints a line and a file's contents from its working directory,
// marks a region, and exits with status 3.
const hello = `#include <stdio.h>
#include "bench.h"

int main(void) {
	bench_start();
	char buf[64] = {0};
	FILE *f = fopen("input.txt", "r");
	if (f == NULL || fgets(buf, sizeof buf, f) == NULL) {
		perror("input.txt");
		return 1;
	}
	bench_end();
	printf("hello from the guest: %s", buf);
	return 3;
}
`

// buildHello builds hello for Linux on arch and to wasm32-wasi with
// clang and returns the two programs and a directory holding input.txt.
func buildHello(t *testing.T, cache, arch string) (native, wasm, data string) {
	t.Helper()
	dir := t.TempDir()
	src := filepath.Join(dir, "hello.c")
	require.NoError(t, os.WriteFile(src, []byte(hello), 0o644))
	native, wasm = filepath.Join(dir, "hello"), filepath.Join(dir, "hello.wasm")
	suite, err := filepath.Abs("../bench/suite")
	require.NoError(t, err)
	require.NoError(t, CompileC(context.Background(), cache, arch, "-O2", "-I", suite, src, "-o", native))
	out, err := exec.Command("clang", "--target=wasm32-wasi", "-O2", "-I", suite, src, "-o", wasm).CombinedOutput()
	require.NoError(t, err, "%s", out)
	data = filepath.Join(dir, "data")
	require.NoError(t, os.Mkdir(data, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(data, "input.txt"), []byte("42\n"), 0o644))
	return native, wasm, data
}

// TestGuestRunsNativeAndWasm boots the Debian kernel with our init twice
// on microvm: once with a dynamically linked native program, once with the
// same C source as WebAssembly run by wasmkernel inside the guest. Both
// must print the same line, read their working directory, report a region
// and memory, and exit with the program's status.
func TestGuestRunsNativeAndWasm(t *testing.T) {
	testGuest(t, "amd64", qemu.MicroVM, []string{"native", "wasm"})
}

// TestArm64GuestRunsNativeAndWasm does the same with Debian's arm64
// kernel on virt, the native program cross-built against the Debian
// arm64 sysroot; with -short only the native program runs.
func TestArm64GuestRunsNativeAndWasm(t *testing.T) {
	apps := []string{"native", "wasm"}
	if testing.Short() {
		apps = apps[:1]
	}
	testGuest(t, "arm64", qemu.Virt, apps)
}

func testGuest(t *testing.T, arch string, machine qemu.Machine, which []string) {
	cache := images.DefaultCache().Dir
	require.NotEmpty(t, cache, "no user cache directory")
	native, wasm, data := buildHello(t, cache, arch)
	ctx := context.Background()
	apps := map[string]App{"native": {Arch: arch, Native: native, Dir: data}, "wasm": {Arch: arch, Wasm: wasm, Dir: data}}
	for _, name := range which {
		t.Run(name, func(t *testing.T) {
			img, err := Build(ctx, "..", cache, t.TempDir(), apps[name])
			require.NoError(t, err)
			cfg := Config{Machine: machine, MemoryMiB: 512, Accel: qemu.AccelTCG, Timeout: 3 * time.Minute}
			if arch == "arm64" {
				cfg.CPU = qemu.CPUArm64Fast
			}
			res, err := img.Run(ctx, cfg)
			require.NoError(t, err)
			t.Logf("boot %v, first output %v, wall %v, region %v, peak %d KiB, image %d KiB",
				res.Boot, res.FirstOutput, res.Wall, res.Region, res.PeakMemory>>10, img.Size>>10)
			require.Equal(t, 3, res.Status, res.Console)
			require.Equal(t, "hello from the guest: 42\n", string(res.Stdout))
			require.Greater(t, res.Region, time.Duration(0))
			require.Greater(t, res.Boot, time.Duration(0))
			require.GreaterOrEqual(t, res.FirstOutput, res.Boot)
			require.GreaterOrEqual(t, res.Wall, res.FirstOutput)
			require.Greater(t, res.PeakMemory, int64(1<<20))
			require.Less(t, res.PeakMemory, int64(512<<20))
		})
	}
}
