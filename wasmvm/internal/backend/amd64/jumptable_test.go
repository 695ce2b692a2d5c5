package amd64

import (
	"encoding/binary"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/arch/x86/x86asm"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wattest"
)

// directCasesModule is a br_table whose cases move nothing: their table
// entries point at the case blocks themselves.
const directCasesModule = `(module (func (export "pick") (param $k i32) (result i32)
  (block $d (block $c3 (block $c2 (block $c1 (block $c0
    (br_table $c0 $c1 $c2 $c3 $d (local.get $k)))
    (return (i32.const 10)))
    (return (i32.const 11)))
    (return (i32.const 12)))
    (return (i32.add (local.get $k) (i32.const 13))))
  (i32.const -1)))`

// TestJumpTablesAfterCode checks that a br_table's table of offsets sits
// after the function's instructions, not after its indirect jump: the
// code up to the table decodes as instructions, and every entry points
// at one of them, 16-byte aligned (the function starts so aligned).
func TestJumpTablesAfterCode(t *testing.T) {
	for name, tc := range map[string]struct {
		src   string
		cases int
	}{
		"cases with moves": {wattest.SwitchModule(wattest.SwitchValues(40), -1), 40},
		"direct cases":     {directCasesModule, 4},
	} {
		t.Run(name, func(t *testing.T) {
			code := lastFunctionBytes(t, tc.src)

			table, jumps := -1, 0
			starts := map[int]bool{}
			for pc := 0; table < 0 || pc < table; {
				require.Less(t, pc, len(code), "no jump table found")
				inst, err := x86asm.Decode(code[pc:], 64)
				require.NoError(t, err, "at %#x", pc)
				starts[pc] = true
				if mem, ok := inst.Args[1].(x86asm.Mem); inst.Op == x86asm.LEA && ok && mem.Base == x86asm.RIP {
					next, err := x86asm.Decode(code[pc+inst.Len:], 64)
					require.NoError(t, err)
					if next.Op == x86asm.MOVSXD {
						require.Equal(t, -1, table, "one br_table, one table")
						table = pc + inst.Len + int(mem.Disp)
						require.Zero(t, table%4, "the table is aligned")
					}
				}
				if inst.Op == x86asm.JMP {
					if _, ok := inst.Args[0].(x86asm.Reg); ok {
						jumps++
					}
				}
				pc += inst.Len
			}
			require.Equal(t, 1, jumps, "one indirect jump")
			require.LessOrEqual(t, table+4*tc.cases, len(code))
			for i := range tc.cases {
				entry := table + int(int32(binary.LittleEndian.Uint32(code[table+4*i:])))
				require.True(t, entry < table && starts[entry], "entry %d points at %#x, not at an instruction before the table at %#x", i, entry, table)
				require.Zero(t, entry%caseAlignment, "entry %d points at %#x", i, entry)
			}
		})
	}
}
