// Package spectest reads the WebAssembly specification test suites (the
// JSON and .wasm files that wast2json makes from the .wast scripts) and runs
// their commands against wasmkernel's engine.
//
// The suites are not copied into this repository: they are read from the
// module cache copy of github.com/tetratelabs/wazero, which ships them under
// internal/integration_test/spectest/{v1,v2}/testdata.
package spectest

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
)

// WazeroVersion is the version of github.com/tetratelabs/wazero whose
// spec-test data is used.
const WazeroVersion = "v1.12.0"

// Value is a typed value of an action argument or an expected result.
type Value struct {
	Type  string          `json:"type"`
	Value json.RawMessage `json:"value"`
	Lane  string          `json:"lane_type"`
}

// Action is an invoke or get action.
type Action struct {
	Type   string  `json:"type"`
	Module string  `json:"module"`
	Field  string  `json:"field"`
	Args   []Value `json:"args"`
}

// Command is one command of a script.
type Command struct {
	Type       string  `json:"type"`
	Line       int     `json:"line"`
	Filename   string  `json:"filename"`
	Name       string  `json:"name"`
	As         string  `json:"as"`
	Text       string  `json:"text"`
	ModuleType string  `json:"module_type"`
	Action     Action  `json:"action"`
	Expected   []Value `json:"expected"`
}

// Script is one converted .wast file.
type Script struct {
	Name     string // base name without extension, e.g. "binary"
	Dir      string
	Commands []Command `json:"commands"`
}

// ReadFile returns the bytes of a file that a command of s names.
func (s *Script) ReadFile(name string) ([]byte, error) {
	return os.ReadFile(filepath.Join(s.Dir, name))
}

// LoadScript reads one JSON script.
func LoadScript(path string) (*Script, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read spec script: %w", err)
	}
	s := &Script{Dir: filepath.Dir(path), Name: strings.TrimSuffix(filepath.Base(path), ".json")}
	if err := json.Unmarshal(b, s); err != nil {
		return nil, fmt.Errorf("parse spec script %s: %w", path, err)
	}
	return s, nil
}

// LoadSuite reads every script of a suite directory, sorted by name.
func LoadSuite(dir string) ([]*Script, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return nil, err
	}
	if len(paths) == 0 {
		return nil, fmt.Errorf("no spec scripts in %s", dir)
	}
	sort.Strings(paths)
	scripts := make([]*Script, 0, len(paths))
	for _, p := range paths {
		s, err := LoadScript(p)
		if err != nil {
			return nil, err
		}
		scripts = append(scripts, s)
	}
	return scripts, nil
}

// SuiteDir returns the testdata directory of a suite ("v1", "v2",
// "tail-call", "extended-const", ...) in the module cache, downloading the
// wazero module through the Go module proxy if it is not there yet.
func SuiteDir(suite string) (string, error) {
	out, err := exec.Command("go", "mod", "download", "-json",
		"github.com/tetratelabs/wazero@"+WazeroVersion).Output()
	if err != nil {
		return "", fmt.Errorf("locate the wazero module (go mod download): %w", err)
	}
	var info struct{ Dir, Error string }
	if err := json.Unmarshal(out, &info); err != nil {
		return "", fmt.Errorf("locate the wazero module: %w", err)
	}
	if info.Error != "" || info.Dir == "" {
		return "", fmt.Errorf("locate the wazero module: %s", info.Error)
	}
	dir := filepath.Join(info.Dir, "internal", "integration_test", "spectest", suite, "testdata")
	if _, err := os.Stat(dir); err != nil {
		return "", fmt.Errorf("spec suite %q: %w", suite, err)
	}
	return dir, nil
}
