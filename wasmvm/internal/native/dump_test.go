package native

import (
	"os"
	"testing"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/amd64"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wasm/binary"
)

func TestDumpCode(t *testing.T) {
	path := os.Getenv("DUMP")
	if path == "" {
		t.Skip("set DUMP to a module path")
	}
	b, _ := os.ReadFile(path)
	m, _ := binary.Decode(b)
	obj, err := amd64.Compile(m, nil)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile("/tmp/nt/code.bin", obj.Code, 0o644)
	for i, f := range obj.Functions {
		t.Logf("func %d at 0x%x size %d", i, f.Offset, f.Size)
	}
}
