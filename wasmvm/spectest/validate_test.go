package spectest

import (
	"fmt"
	"strings"
	"testing"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wasm"
)

// suiteFeatures lists the suites and the proposals each needs.
var suiteFeatures = []struct {
	suite    string
	features wasm.Features
}{
	{"v1", wasm.Features{MVP: true}},
	{"v2", wasm.Features{}},
	{"extended-const", wasm.Features{ExtendedConst: true}},
	{"tail-call", wasm.Features{TailCall: true}},
}

// runSuites runs each suite's scripts through run and prints one line a
// suite: "spectest <suite> <label>: N passed, N failed, N skipped".
func runSuites(t *testing.T, label string, run func(s *Script, f wasm.Features) Tally) {
	for _, sf := range suiteFeatures {
		t.Run(sf.suite, func(t *testing.T) {
			dir, err := SuiteDir(sf.suite)
			if err != nil {
				t.Fatal(err)
			}
			scripts, err := LoadSuite(dir)
			if err != nil {
				t.Fatal(err)
			}
			var total Tally
			for _, s := range scripts {
				total.Add(run(s, sf.features))
			}
			fmt.Printf("spectest %s %s: %d passed, %d failed, %d skipped\n",
				sf.suite, label, total.Passed, total.Failed, total.Skipped)
			if total.Failed > 0 {
				t.Errorf("%d failures:\n%s", total.Failed, strings.Join(total.Failures, "\n"))
			}
		})
	}
}

func TestValidate(t *testing.T) { runSuites(t, "validate", Validate) }
