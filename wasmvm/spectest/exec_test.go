package spectest

import (
	"fmt"
	"strings"
	"testing"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/interp"
)

// TestInterp runs every command of the suites with the SSA interpreter,
// which checks the front end and the runtime independently of any backend.
func TestInterp(t *testing.T) {
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
				total.Add(NewRunner(interp.Engine{}, sf.features).Run(s))
			}
			fmt.Printf("spectest %s interp: %d passed, %d failed, %d skipped\n",
				sf.suite, total.Passed, total.Failed, total.Skipped)
			if total.Failed > 0 {
				t.Errorf("%d failures:\n%s", total.Failed, strings.Join(total.Failures, "\n"))
			}
		})
	}
}
