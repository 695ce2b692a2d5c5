package selftest

import (
	"bytes"
	"testing"
)

// TestRunOnLinux runs the checks in this process: they must pass where
// Linux answers the runtime's system calls before they mean anything in
// the kernel.
func TestRunOnLinux(t *testing.T) {
	var out bytes.Buffer
	failed := Run(&out)
	t.Log(out.String())
	if failed != 0 {
		t.Fatalf("%d checks failed", failed)
	}
}
