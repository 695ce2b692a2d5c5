// Package wasitestsuite reads the WASI test suite kept beside the checkout
// (../shared/wasi-testsuite: prebuilt C, Rust and AssemblyScript programs,
// each with an optional JSON file of arguments, environment, directory and
// expected results), so that every runner of wasmkernel (the host backend,
// the RAM file system, the kernel) checks itself against the same cases.
package wasitestsuite

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Case is one program of the suite.
type Case struct {
	Name    string   // language/program, without .wasm
	Program string   // path of the .wasm file
	Args    []string // arguments after the program name
	Env     []string // KEY=VALUE, sorted
	// Root is the host directory the program expects as its preopened "/"
	// (give it a fresh copy), or "" for none.
	Root     string
	ExitCode int
	Stdout   *string // expected output, nil for any
	Stderr   *string
}

// config is the JSON file beside a program.
type config struct {
	Args     []string          `json:"args"`
	Env      map[string]string `json:"env"`
	Root     string            `json:"root"`
	ExitCode int               `json:"exit_code"`
	Stdout   *string           `json:"stdout"`
	Stderr   *string           `json:"stderr"`
}

// Locate returns the suite's directory: ../shared/wasi-testsuite from the
// directory holding the module's go.mod, found upwards from the working
// directory.
func Locate() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			suite := filepath.Join(dir, "..", "shared", "wasi-testsuite")
			if _, err := os.Stat(suite); err != nil {
				return "", fmt.Errorf("the WASI test suite is missing: %w", err)
			}
			return suite, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory")
		}
		dir = parent
	}
}

// Load returns the cases of the suite in dir, sorted by name.
func Load(dir string) ([]Case, error) {
	var cases []Case
	for _, lang := range []string{"assemblyscript", "c", "rust"} {
		progs, err := filepath.Glob(filepath.Join(dir, lang, "*.wasm"))
		if err != nil {
			return nil, err
		}
		for _, prog := range progs {
			c, err := load(lang, prog)
			if err != nil {
				return nil, err
			}
			cases = append(cases, c)
		}
	}
	if len(cases) == 0 {
		return nil, fmt.Errorf("no programs in %s", dir)
	}
	sort.Slice(cases, func(i, j int) bool { return cases[i].Name < cases[j].Name })
	return cases, nil
}

func load(lang, prog string) (Case, error) {
	var cfg config
	if b, err := os.ReadFile(strings.TrimSuffix(prog, ".wasm") + ".json"); err == nil {
		if err := json.Unmarshal(b, &cfg); err != nil {
			return Case{}, fmt.Errorf("%s: %w", prog, err)
		}
	} else if !errors.Is(err, os.ErrNotExist) {
		return Case{}, err
	}
	c := Case{
		Name:     lang + "/" + strings.TrimSuffix(filepath.Base(prog), ".wasm"),
		Program:  prog,
		Args:     cfg.Args,
		ExitCode: cfg.ExitCode,
		Stdout:   cfg.Stdout,
		Stderr:   cfg.Stderr,
	}
	for k, v := range cfg.Env {
		c.Env = append(c.Env, k+"="+v)
	}
	sort.Strings(c.Env)
	if cfg.Root != "" {
		c.Root = filepath.Join(filepath.Dir(prog), cfg.Root)
	}
	return c, nil
}

// Check reports whether a run's results are what the case expects, and
// if not, how they differ.
func (c Case) Check(code int, stdout, stderr string) (bool, string) {
	switch {
	case code != c.ExitCode:
		return false, fmt.Sprintf("%s: exit %d, want %d", c.Name, code, c.ExitCode)
	case c.Stdout != nil && *c.Stdout != stdout:
		return false, fmt.Sprintf("%s: stdout %q, want %q", c.Name, stdout, *c.Stdout)
	case c.Stderr != nil && *c.Stderr != stderr:
		return false, fmt.Sprintf("%s: stderr %q, want %q", c.Name, stderr, *c.Stderr)
	}
	return true, ""
}
