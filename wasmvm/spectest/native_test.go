package spectest

import (
	"fmt"
	goruntime "runtime"
	"strings"
	"testing"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/amd64"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/native"
)

// TestNative runs the suites on native code compiled for this machine.
// Modules using instructions the backend does not compile yet are counted
// as skipped.
func TestNative(t *testing.T) {
	if goruntime.GOARCH != "amd64" {
		t.Fatalf("the native engine supports amd64 only so far, this is %s", goruntime.GOARCH)
	}
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
				r := NewRunner(&native.Engine{}, sf.features)
				r.Unsupported = amd64.IsUnsupported
				total.Add(r.Run(s))
			}
			fmt.Printf("spectest %s amd64: %d passed, %d failed, %d skipped\n",
				sf.suite, total.Passed, total.Failed, total.Skipped)
			if total.Failed > 0 {
				t.Errorf("%d failures:\n%s", total.Failed, strings.Join(total.Failures, "\n"))
			}
		})
	}
}
