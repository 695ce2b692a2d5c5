package exec

import (
	"encoding/binary"
	"testing"

	"github.com/stretchr/testify/require"
)

// Hand-encoded AArch64 (the compiler's encoder is tested elsewhere), one
// word per instruction.
const (
	movW16Imm  = 0x52800010 // movz w16, #imm (imm<<5 added)
	strW16Code = 0xB9002370 // str w16, [x27, #ExitCode]
	strW16Arg  = 0xB9002770 // str w16, [x27, #ExitArg]
	ldrX16Base = 0xF9401B70 // ldr x16, [x27, #StackBase]
	movSPX16   = 0x9100021F // mov sp, x16
	ldrLRSlot  = 0xF940061E // ldr x30, [x16, #8]: entry's return point
	retLR      = 0xD65F03C0 // ret
)

func movW16(imm uint32) uint32 { return movW16Imm | imm<<5 }

func words(w ...uint32) []byte {
	b := make([]byte, 0, 4*len(w))
	for _, x := range w {
		b = binary.LittleEndian.AppendUint32(b, x)
	}
	return b
}

func TestCallReturns(t *testing.T) {
	var ctx Context
	run(t, words(movW16(42), strW16Arg, retLR), &ctx)
	require.Equal(t, ExitReturn, ctx.ExitCode)
	require.EqualValues(t, 42, ctx.ExitArg)
}

func TestTrapUnwindsNestedCalls(t *testing.T) {
	code := words(
		0x94000001, // bl next: one call deeper (the return address is lost)
		movW16(ExitTrap), strW16Code,
		movW16(7), strW16Arg,
		ldrX16Base, movSPX16, ldrLRSlot, retLR, // back in entry
	)
	var ctx Context
	for i := 0; i < 3; i++ { // the Go stack stays intact across repeated exits
		run(t, code, &ctx)
		require.Equal(t, ExitTrap, ctx.ExitCode)
		require.EqualValues(t, 7, ctx.ExitArg)
	}
}

func TestHostCallExitAndResume(t *testing.T) {
	code := words(
		0xD10043FF,                       // 0: sub sp, sp, #16
		0xF90007FE,                       // 4: str x30, [sp, #8]
		0x94000006,                       // 8: bl stub (32)
		movW16(99),                       // 12
		strW16Arg,                        // 16
		0xF94007FE,                       // 20: ldr x30, [sp, #8]
		0x910043FF,                       // 24: add sp, sp, #16
		retLR,                            // 28
		0xD10043FF,                       // 32: stub: sub sp, sp, #16
		0xF90003FE,                       // 36: str x30, [sp]
		movW16(ExitHostCall), strW16Code, // 40, 44
		0x10000110,                             // 48: adr x16, cont (80)
		0xF9001770,                             // 52: str x16, [x27, #ResumePC]
		0x910003F0,                             // 56: mov x16, sp
		0xF9000F70,                             // 60: str x16, [x27, #WasmSP]
		ldrX16Base, movSPX16, ldrLRSlot, retLR, // 64-76: to Go
		0xF94003FE, // 80: cont: ldr x30, [sp]
		0x910043FF, // 84: add sp, sp, #16
		retLR,      // 88: into the caller
	)
	checkHostCallServed(t, code, 80)
}

func TestHostCallAbandoned(t *testing.T) {
	checkHostCallAbandoned(t, words(
		movW16(ExitHostCall), strW16Code, // 0, 4
		0x100000D0,                             // 8: adr x16, 32
		0xF9001770,                             // 12: str x16, [x27, #ResumePC]
		0x910003F0,                             // 16: mov x16, sp
		0xF9000F70,                             // 20: str x16, [x27, #WasmSP]
		ldrX16Base, movSPX16, ldrLRSlot, retLR, // 24-36: to Go
		0x00000000, // 40: udf: never resumed
	))
}

// TestGuardFaultBecomesTrap reads through a null base: the fault handler
// must turn the SIGSEGV in registered code into an out-of-bounds trap and
// record where it happened.
func TestGuardFaultBecomesTrap(t *testing.T) {
	checkGuardFault(t, words(
		0xD2800000, // movz x0, #0
		0xB9400000, // ldr w0, [x0]: faults
		retLR,
	), func(c *Code, s *Stack, ctx *Context) {
		require.Equal(t, c.Addr(4), ctx.TrapPC)
		require.Equal(t, s.Top(), ctx.TrapSP)
	})
}
