package bench

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"time"
)

// NodeFlags select V8's optimizing tier only, compiled eagerly, on one
// thread: the configuration published comparisons use.
var NodeFlags = []string{"--no-liftoff", "--single-threaded", "--no-wasm-lazy-compilation", "--no-warnings"}

// Node runs benchmarks with node's WebAssembly engine and its WASI module.
type Node struct {
	Binary string // "node" when empty
}

// nodeHarness compiles the module (timed), instantiates it with WASI and
// the bench marks, runs _start and writes the times as JSON.
const nodeHarness = `
const fs = require('node:fs');
const { WASI } = require('node:wasi');
const [wasmPath, dir, outPath, name] = process.argv.slice(2);
const bytes = fs.readFileSync(wasmPath);
const now = () => process.hrtime.bigint();
const c0 = now();
const mod = new WebAssembly.Module(bytes);
const c1 = now();
const wasi = new WASI({ version: 'preview1', args: [name], env: {}, preopens: { '/': dir }, returnOnExit: true });
let start = 0n, end = 0n, starts = 0, ends = 0;
const bench = { start() { start = now(); starts++; }, end() { end = now(); ends++; } };
const w0 = now();
const inst = new WebAssembly.Instance(mod, { wasi_snapshot_preview1: wasi.wasiImport, bench });
const status = wasi.start(inst);
const w1 = now();
fs.writeFileSync(outPath, JSON.stringify({ compile: String(c1 - c0), region: String(end - start), wall: String(w1 - w0), status, starts, ends }));
`

// Name implements Engine.
func (n *Node) Name() string { return "node" }

// Available reports whether node can be run.
func (n *Node) Available() bool {
	_, err := exec.LookPath(n.binary())
	return err == nil
}

func (n *Node) binary() string {
	if n.Binary == "" {
		return "node"
	}
	return n.Binary
}

// Run implements Engine.
func (n *Node) Run(b *Benchmark, dir string) (Sample, []byte, error) {
	scratch, err := os.MkdirTemp("", "wasmkernel-node-")
	if err != nil {
		return Sample{}, nil, err
	}
	defer os.RemoveAll(scratch)
	harness, result := filepath.Join(scratch, "harness.js"), filepath.Join(scratch, "result.json")
	if err := os.WriteFile(harness, []byte(nodeHarness), 0o644); err != nil {
		return Sample{}, nil, err
	}
	wasm, err := filepath.Abs(b.Wasm)
	if err != nil {
		return Sample{}, nil, err
	}
	args := append(append([]string{}, NodeFlags...), harness, wasm, dir, result, b.Name)
	cmd := exec.Command(n.binary(), args...)
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return Sample{}, nil, fmt.Errorf("node: %w (stderr %q)", err, clip(stderr.Bytes()))
	}
	raw, err := os.ReadFile(result)
	if err != nil {
		return Sample{}, nil, fmt.Errorf("node wrote no result: %w (stderr %q)", err, clip(stderr.Bytes()))
	}
	var r struct {
		Compile, Region, Wall string
		Status, Starts, Ends  int
	}
	if err := json.Unmarshal(raw, &r); err != nil {
		return Sample{}, nil, fmt.Errorf("node result: %w", err)
	}
	if r.Status != 0 {
		return Sample{}, nil, fmt.Errorf("node: exit status %d (stderr %q)", r.Status, clip(stderr.Bytes()))
	}
	if r.Starts != 1 || r.Ends != 1 {
		return Sample{}, nil, fmt.Errorf("the program called bench.start %d and bench.end %d times; want once each", r.Starts, r.Ends)
	}
	ns := func(s string) time.Duration { v, _ := strconv.ParseInt(s, 10, 64); return time.Duration(v) }
	return Sample{Compile: ns(r.Compile), Region: ns(r.Region), Wall: ns(r.Wall)}, stdout.Bytes(), nil
}
