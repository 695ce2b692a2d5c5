package main

import (
	"context"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/images"
	"github.com/wasmkernel/wasmkernel/qemu"
)

// TestRunFigures measures what the issue of running apps in the kernel
// asks to report: the wall time of wasmkernel run for hello with a cold
// and a warm image cache, guest instructions from reset to the app's
// first instruction (-icount), and what a WASI call costs in the kernel
// and on the host, each next to a Wasm-to-Wasm call measured in the same
// run. It logs figures and asserts only that everything ran.
func TestRunFigures(t *testing.T) {
	if testing.Short() {
		t.Skip("measurement, not a check: run without -short")
	}
	hello := "../../examples/hello/hello.wasm"
	timeRun := func() time.Duration {
		start := time.Now()
		code, _, stderr := runCLI("run", hello)
		require.Equal(t, 0, code, stderr)
		return time.Since(start)
	}
	goCache, err := exec.Command("go", "env", "GOCACHE").Output()
	require.NoError(t, err)
	t.Setenv("XDG_CACHE_HOME", t.TempDir()) // also moves Go's build cache
	t.Setenv("GOCACHE", "")
	cold := timeRun()
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	t.Setenv("GOCACHE", strings.TrimSpace(string(goCache)))
	noImage := timeRun()
	t.Logf("wasmkernel run hello (microvm, TCG): %v cold (empty Go build cache), %v with an empty image cache, %v cached",
		cold.Round(time.Millisecond), noImage.Round(time.Millisecond), timeRun().Round(time.Millisecond))

	root, err := moduleRoot()
	require.NoError(t, err)
	img, err := images.Build(context.Background(), root, t.TempDir(), []images.AppSpec{{Wasm: hello}}, images.DefaultCache())
	require.NoError(t, err)
	tscLine := regexp.MustCompile(`enters _start at TSC (\d+)`)
	for _, m := range []qemu.Machine{qemu.MicroVM, qemu.Q35} {
		res, err := qemu.Run(context.Background(), qemu.Config{Machine: m, Kernel: img.Kernel, Initrd: img.Initrd,
			Append: "stats", ICount: true, Accel: qemu.AccelTCG})
		require.NoError(t, err)
		require.Equal(t, 0, res.Status, res.Console)
		match := tscLine.FindStringSubmatch(res.Console)
		require.NotNil(t, match, res.Console)
		insns, _ := strconv.ParseFloat(match[1], 64)
		t.Logf("%s -icount: %.3g guest instructions from reset to the app's first instruction", m, insns)
	}

	for _, machine := range []string{"host", "microvm"} {
		code, out, stderr := runCLI("run", "--machine", machine, "../../examples/wasicall/wasicall.wasm")
		require.Equal(t, 0, code, stderr)
		t.Logf("WASI call cost, %s:\n%s", machine, out)
	}
}
