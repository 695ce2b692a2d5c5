package main

import (
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/wasmkernel/wasmkernel/images"
)

// appFlags are the flags that describe an app for run and image.
type appFlags struct {
	env, dirs listFlag
	arch      string
	memory    string
}

func addAppFlags(fs *flag.FlagSet) *appFlags {
	a := &appFlags{}
	fs.Var(&a.env, "env", "environment variable K=V for the app (repeatable)")
	fs.Var(&a.dirs, "dir", "give the app host directory HOST as GUEST (HOST::GUEST, or DIR for both; repeatable); in the kernel it is copied in at boot and what the app wrote is copied back at exit")
	fs.StringVar(&a.arch, "arch", "amd64", "the kernel's architecture (amd64, arm64)")
	fs.StringVar(&a.memory, "memory", "256M", "guest memory for the kernel (e.g. 128M, 1G)")
	return a
}

// parse checks the flags and the arguments left (APP.wasm [ARGS...]) and
// returns the app and the VM settings they give.
func (a *appFlags) parse(fs *flag.FlagSet) (images.AppSpec, vmOptions, error) {
	var vm vmOptions
	if fs.NArg() < 1 {
		fs.Usage()
		return images.AppSpec{}, vm, fmt.Errorf("%w: want the module to run", errUsage)
	}
	for _, kv := range a.env {
		if !strings.Contains(kv, "=") {
			return images.AppSpec{}, vm, fmt.Errorf("%w: --env %q: want KEY=VALUE", errUsage, kv)
		}
	}
	if a.arch != "amd64" && a.arch != "arm64" {
		return images.AppSpec{}, vm, fmt.Errorf("%w: --arch %q: the kernel runs on amd64 and arm64", errUsage, a.arch)
	}
	vm.arch = a.arch
	mib, err := parseMemory(a.memory)
	if err != nil {
		return images.AppSpec{}, vm, fmt.Errorf("%w: --memory %q: %v", errUsage, a.memory, err)
	}
	vm.memoryMiB = mib
	spec := images.AppSpec{Wasm: fs.Arg(0), Args: fs.Args()[1:], Env: a.env}
	for _, d := range a.dirs {
		host, guest := splitDir(d)
		if fi, err := os.Stat(host); err != nil || !fi.IsDir() {
			return images.AppSpec{}, vm, fmt.Errorf("%w: --dir %q: %s is not a directory", errUsage, d, host)
		}
		spec.Dirs = append(spec.Dirs, images.DirSpec{Host: host, Guest: guest, Export: true})
	}
	return spec, vm, nil
}

// parseMemory reads a guest memory size in MiB (see parseMiB).
func parseMemory(s string) (int, error) {
	n, err := parseMiB(s)
	if err != nil {
		return 0, err
	}
	if n < 64 {
		return 0, fmt.Errorf("the kernel needs at least 64 MiB")
	}
	return n, nil
}

// parseMiB reads a size in MiB: a number with an optional M or G suffix
// (MiB without one).
func parseMiB(s string) (int, error) {
	unit := 1
	switch {
	case strings.HasSuffix(s, "G"):
		unit, s = 1024, strings.TrimSuffix(s, "G")
	case strings.HasSuffix(s, "M"):
		s = strings.TrimSuffix(s, "M")
	}
	n, err := strconv.Atoi(s)
	if err != nil || n <= 0 || n > 1<<30/unit {
		return 0, fmt.Errorf("want a size such as 128M or 1G")
	}
	return n * unit, nil
}
