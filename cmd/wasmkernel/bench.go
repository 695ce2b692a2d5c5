package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"

	"github.com/wasmkernel/wasmkernel/bench"
	"github.com/wasmkernel/wasmkernel/images"
	"github.com/wasmkernel/wasmkernel/qemu"
)

func runBench(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("bench", "[--arch amd64|arm64] [--machine host|microvm|q35|virt] [--vs linux] [--icount] [--baseline native,native-musl,wazero,node] [--runs N] [--memory guard|bounds] [--cpu host,baseline] [--simd] [--opt 0|1|2|3|s|z] [--plot FILE.svg] [--least] [-v] MODULE.wasm|SOURCE.c|DIR...", stderr)
	arch := fs.String("arch", "", "the machine's architecture, amd64 or arm64 (checked against --machine; by default the machine's: host is this one's, microvm and q35 are amd64, virt arm64)")
	machine := fs.String("machine", "host", "where wasmkernel runs the benchmarks: host (this process), or microvm or q35 (amd64) or virt (arm64): the kernel in QEMU; each run boots it")
	vmMemory := fs.String("vm-memory", "1G", "guest memory with --machine microvm, q35 or virt")
	vs := fs.String("vs", "", "with --machine microvm, q35 or virt: linux compares the kernel with a Linux guest on the same QEMU settings, running the native build and the module under wasmkernel in a Linux process (instead of --baseline)")
	icount := fs.Bool("icount", false, "with --machine microvm, q35 or virt: run TCG with -icount shift=0 (guest clocks count instructions)")
	baselines := fs.String("baseline", "native,wazero,node", "baselines to compare with, measured in the same run: native (C sources only), native-musl (C sources linked with musl, wasi-libc's origin, instead of glibc), wazero, node")
	runs := fs.Int("runs", 5, "runs per benchmark and engine")
	memory := fs.String("memory", "guard", "wasmkernel's memory safety: guard (guard regions, as in the kernel) or bounds (explicit checks)")
	plot := fs.String("plot", "", "also draw the region-time ratios as an SVG file (with --vs, also the first-output ratios as FILE-first-output.svg)")
	cpus := fs.String("cpu", "host", "with --machine host: the CPU levels wasmkernel compiles for, each measured as an engine, the first compared with the others: host (this CPU, as `wasmkernel run`), baseline (on amd64 without AVX), x86-64-v3")
	simd := fs.Bool("simd", false, "build C sources with -O2 -msimd128 for wasm32-wasi and vectorized for the same vector ISA natively (-msse4.1 on amd64; NEON on arm64), named NAME-simd")
	optLevel := fs.String("opt", "2", "clang's optimization level for C sources, both builds (-O0, -O1, -O2, -O3, -Os, -Oz); other than 2, names get -OLEVEL appended")
	verbose := fs.Bool("v", false, "print each run as it ends")
	least := fs.Bool("least", false, "compare each engine's least time (its fastest run) instead of the median: on a host whose speed changes between runs, as a VM's vCPUs can, it is the figure a slow phase does not move")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return fmt.Errorf("%w: want modules, C sources or directories of them", errUsage)
	}
	var ours []bench.Engine
	for _, cpu := range strings.Split(*cpus, ",") {
		if cpu != "host" && cpu != "baseline" && cpu != "x86-64-v3" {
			return fmt.Errorf("%w: --cpu %q: want host, baseline or x86-64-v3", errUsage, cpu)
		}
		ours = append(ours, &bench.Wasmkernel{Memory: *memory, CPU: cpu})
	}
	var vm vmSettings
	machineArch := runtime.GOARCH
	if *machine != "host" {
		machineArch = qemu.Machine(*machine).Arch()
	}
	if *arch == "" {
		*arch = machineArch
	}
	switch {
	case *arch != "amd64" && *arch != "arm64":
		return fmt.Errorf("%w: --arch %q: want amd64 or arm64", errUsage, *arch)
	case *machine == "host" && *arch != machineArch:
		return fmt.Errorf("%w: --arch %s: --machine host is this %s machine; run %s in QEMU (amd64: --machine microvm or q35, arm64: --machine virt)", errUsage, *arch, machineArch, *arch)
	case *machine == "host":
		if *vs != "" || *icount {
			return fmt.Errorf("%w: --vs and --icount need --machine microvm, q35 or virt", errUsage)
		}
	case *machine == "microvm" || *machine == "q35" || *machine == "virt":
		if m := qemu.Machine(*machine); m.Arch() != *arch {
			return fmt.Errorf("%w: machine %s is not an %s machine", errUsage, m, *arch)
		}
		mib, err := parseMemory(*vmMemory)
		if err != nil {
			return fmt.Errorf("%w: --vm-memory %q: %v", errUsage, *vmMemory, err)
		}
		if *cpus != "host" {
			return fmt.Errorf("%w: --cpu needs --machine host (the kernel runs baseline code)", errUsage)
		}
		vm = newVMSettings(*machine, mib, *icount)
		ours = []bench.Engine{vmEngine{vm}}
	default:
		return fmt.Errorf("%w: --machine %q: want host, microvm, q35 or virt", errUsage, *machine)
	}
	if *vs != "" && *vs != "linux" {
		return fmt.Errorf("%w: --vs %q: want linux", errUsage, *vs)
	}
	if *runs < 1 {
		return fmt.Errorf("%w: --runs must be at least 1", errUsage)
	}
	if *memory != "guard" && *memory != "bounds" {
		return fmt.Errorf("%w: --memory %q: want guard or bounds", errUsage, *memory)
	}
	engines := ours
	if *vs == "linux" {
		*baselines = ""
		engines = append(engines, linuxEngine{vmSettings: vm}, linuxEngine{vmSettings: vm, wasm: true})
	}
	for _, name := range strings.Split(*baselines, ",") {
		switch name {
		case "":
		case "native":
			engines = append(engines, bench.Native{})
		case "native-musl":
			if err := bench.MuslAvailable(); err != nil {
				return fmt.Errorf("--baseline native-musl: %w", err)
			}
			engines = append(engines, bench.NativeMusl{})
		case "wazero":
			engines = append(engines, bench.Wazero{})
		case "node":
			n := &bench.Node{}
			if !n.Available() {
				return fmt.Errorf("--baseline node: node is not installed (Debian: nodejs)")
			}
			engines = append(engines, n)
		default:
			return fmt.Errorf("%w: --baseline %q: unknown baseline (native, native-musl, wazero, node)", errUsage, name)
		}
	}
	build := bench.ScalarBuild
	if *simd {
		build = bench.SIMDBuild(*arch)
	}
	build, err := build.AtLevel(*optLevel)
	if err != nil {
		return fmt.Errorf("%w: --opt: %v", errUsage, err)
	}
	benches, err := collectBenchmarks(fs.Args(), build)
	if err != nil {
		return err
	}
	opts := bench.Options{Runs: *runs, Engines: engines}
	if *verbose {
		opts.Progress = stderr
	}
	fmt.Fprintf(stderr, "wasmkernel bench: %d benchmarks × %d engines × %d runs\n", len(benches), len(engines), *runs)
	rep := bench.Measure(benches, opts)
	rep.Least = *least
	rep.WriteTable(stdout, bench.RegionTime)
	rep.WriteTable(stdout, bench.WallTime)
	if *machine == "host" {
		rep.WriteTable(stdout, bench.CompileTime)
		rep.WriteCompileThroughput(stdout)
	} else {
		for _, m := range []bench.Metric{bench.BootTime, bench.FirstOutput, bench.PeakMemory, bench.ImageSize} {
			rep.WriteTable(stdout, m)
		}
	}
	if *plot != "" {
		plots := map[string]bench.Metric{*plot: bench.RegionTime}
		if *vs != "" { // the boot matters as much as the region
			plots[strings.TrimSuffix(*plot, ".svg")+"-first-output.svg"] = bench.FirstOutput
		}
		for path, m := range plots {
			if err := writePlot(path, rep, m); err != nil {
				return err
			}
			fmt.Fprintf(stderr, "wasmkernel bench: wrote %s\n", path)
		}
	}
	return nil
}

// writePlot draws the ratios of metric m as an SVG file.
func writePlot(path string, rep *bench.Report, m bench.Metric) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := rep.WriteSVG(f, m); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// cacheDir is the user's wasmkernel cache, or one in the temporary
// directory.
func cacheDir() string {
	if dir := images.DefaultCache().Dir; dir != "" {
		return dir
	}
	return filepath.Join(os.TempDir(), "wasmkernel")
}

// collectBenchmarks turns the arguments into benchmarks: modules as
// they are, C sources built to wasm32-wasi and natively as build says,
// directories for the modules and sources they hold.
func collectBenchmarks(args []string, build bench.Build) ([]*bench.Benchmark, error) {
	var files []string
	for _, a := range args {
		fi, err := os.Stat(a)
		if err != nil {
			return nil, err
		}
		if !fi.IsDir() {
			files = append(files, a)
			continue
		}
		wasm, _ := filepath.Glob(filepath.Join(a, "*.wasm"))
		c, _ := filepath.Glob(filepath.Join(a, "*.c"))
		// A directory of C sources with their built modules: the
		// sources win, so that the native build matches.
		for _, src := range c {
			wasm = slices.DeleteFunc(wasm, func(w string) bool { return strings.TrimSuffix(w, ".wasm") == strings.TrimSuffix(src, ".c") })
		}
		if len(wasm)+len(c) == 0 {
			return nil, fmt.Errorf("%s: no .wasm or .c files", a)
		}
		files = append(append(files, c...), wasm...)
	}
	cache := filepath.Join(cacheDir(), "bench")
	var benches []*bench.Benchmark
	for _, f := range files {
		var b *bench.Benchmark
		var err error
		switch filepath.Ext(f) {
		case ".c":
			b, err = bench.FromCBuild(f, cache, build)
		case ".wasm":
			b, err = bench.FromModule(f)
		default:
			err = fmt.Errorf("want a .wasm module or a .c source")
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		benches = append(benches, b)
	}
	return benches, nil
}
