package native

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/runtime"
)

// TestPerfMap checks that an engine with a perf map describes every
// compiled function once, inside the mapped code, named from the name
// section or by index.
func TestPerfMap(t *testing.T) {
	b, err := os.ReadFile("testdata/add.wasm")
	require.NoError(t, err)
	var buf bytes.Buffer
	inst := instantiateWith(t, b, &Engine{PerfMap: &buf}, runtime.Options{})
	_, err = inst.Call(inst.Exports["add"].Func, []uint64{1, 2})
	require.NoError(t, err)
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	m := inst.Module
	require.Len(t, lines, len(inst.Funcs)-int(m.NumImportedFuncs))
	for i, line := range lines {
		var start, size uint64
		var name string
		_, err := fmt.Sscanf(line, "%x %x %s", &start, &size, &name)
		require.NoError(t, err, line)
		require.NotZero(t, start, line)
		require.NotZero(t, size, line)
		idx := uint32(i) + m.NumImportedFuncs
		want := m.FuncName(idx)
		if want == "" {
			want = fmt.Sprintf("wasm[%d]", idx)
		}
		require.Equal(t, "test:"+want, name)
	}
}
