package spectest

import (
	"fmt"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wasm"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wasm/binary"
)

// Tally counts the outcomes of commands.
type Tally struct {
	Passed, Failed, Skipped int
	Failures                []string
}

// Add merges o into t.
func (t *Tally) Add(o Tally) {
	t.Passed += o.Passed
	t.Failed += o.Failed
	t.Skipped += o.Skipped
	t.Failures = append(t.Failures, o.Failures...)
}

func (t *Tally) fail(s *Script, c *Command, format string, args ...any) {
	t.Failed++
	t.Failures = append(t.Failures, fmt.Sprintf("%s.wast:%d: %s: %s", s.Name, c.Line, c.Type, fmt.Sprintf(format, args...)))
}

// DecodeAndValidate decodes and validates a binary module.
func DecodeAndValidate(b []byte, f wasm.Features) (*wasm.Module, error) {
	m, err := binary.Decode(b)
	if err != nil {
		return nil, err
	}
	if err := wasm.Validate(m, f); err != nil {
		return nil, err
	}
	return m, nil
}

// Validate decides the commands of s that concern decoding and validation:
// assert_malformed and assert_invalid must be rejected; every module that a
// command loads (module, assert_unlinkable, assert_uninstantiable, and
// assert_trap on a module) must be accepted. Text-format modules are
// skipped; other commands are not counted.
func Validate(s *Script, f wasm.Features) Tally {
	var t Tally
	for i := range s.Commands {
		c := &s.Commands[i]
		var wantValid bool
		switch c.Type {
		case "module", "assert_unlinkable", "assert_uninstantiable":
			wantValid = true
		case "assert_trap":
			if c.Filename == "" {
				continue // an action, decided by execution
			}
			wantValid = true
		case "assert_malformed", "assert_invalid":
		default:
			continue
		}
		if c.ModuleType == "text" || c.Filename == "" || !hasWasmExt(c.Filename) {
			t.Skipped++
			continue
		}
		b, err := s.ReadFile(c.Filename)
		if err != nil {
			t.fail(s, c, "%v", err)
			continue
		}
		_, err = DecodeAndValidate(b, f)
		switch {
		case wantValid && err != nil:
			t.fail(s, c, "%s rejected: %v", c.Filename, err)
		case !wantValid && err == nil:
			t.fail(s, c, "%s accepted, want %q", c.Filename, c.Text)
		default:
			t.Passed++
		}
	}
	return t
}

func hasWasmExt(name string) bool {
	return len(name) > 5 && name[len(name)-5:] == ".wasm"
}
