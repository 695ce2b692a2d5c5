package exec

import (
	"testing"
	"unsafe"

	"github.com/stretchr/testify/require"
)

func TestContextOffsets(t *testing.T) {
	var c Context
	require.EqualValues(t, OffsetStackLimit, unsafe.Offsetof(c.StackLimit))
	require.EqualValues(t, OffsetGoSP, unsafe.Offsetof(c.GoSP))
	require.EqualValues(t, OffsetGoBP, unsafe.Offsetof(c.GoBP))
	require.EqualValues(t, OffsetWasmSP, unsafe.Offsetof(c.WasmSP))
	require.EqualValues(t, OffsetExitCode, unsafe.Offsetof(c.ExitCode))
	require.EqualValues(t, OffsetExitArg, unsafe.Offsetof(c.ExitArg))
	require.EqualValues(t, OffsetResumePC, unsafe.Offsetof(c.ResumePC))
	require.EqualValues(t, OffsetStackBase, unsafe.Offsetof(c.StackBase))
	require.EqualValues(t, OffsetEpoch, unsafe.Offsetof(c.Epoch))
	require.EqualValues(t, OffsetTrapSP, unsafe.Offsetof(c.TrapSP))
	require.EqualValues(t, OffsetTrapPC, unsafe.Offsetof(c.TrapPC))
	require.EqualValues(t, OffsetGoLR, unsafe.Offsetof(c.GoLR))
	require.EqualValues(t, OffsetTrapLR, unsafe.Offsetof(c.TrapLR))
	require.EqualValues(t, OffsetIntRegs, unsafe.Offsetof(c.IntRegs))
	require.EqualValues(t, OffsetFloatRegs, unsafe.Offsetof(c.FloatRegs))

	var i InstanceContext
	require.EqualValues(t, OffsetMemBase, unsafe.Offsetof(i.MemBase))
	require.EqualValues(t, OffsetMemLen, unsafe.Offsetof(i.MemLen))
	require.EqualValues(t, OffsetGlobals, unsafe.Offsetof(i.Globals))
	require.EqualValues(t, OffsetFuncs, unsafe.Offsetof(i.Funcs))
	require.EqualValues(t, OffsetTables, unsafe.Offsetof(i.Tables))
	require.EqualValues(t, OffsetTypeIDs, unsafe.Offsetof(i.TypeIDs))
	require.EqualValues(t, OffsetDescs, unsafe.Offsetof(i.Descs))
	require.EqualValues(t, OffsetClock, unsafe.Offsetof(i.Clock))
	require.EqualValues(t, OffsetDefinedGlobals, unsafe.Offsetof(i.DefinedGlobals))
	var p CounterClockParams
	require.EqualValues(t, OffsetCounterBase, unsafe.Offsetof(p.Base))
	require.EqualValues(t, OffsetCounterMult, unsafe.Offsetof(p.Mult))
	require.EqualValues(t, OffsetCounterOffset, unsafe.Offsetof(p.Offset))
	require.EqualValues(t, SizeofCounterClockParams, unsafe.Sizeof(p))
	require.EqualValues(t, SizeofFuncDesc, unsafe.Sizeof(FuncDesc{}))
	require.EqualValues(t, SizeofTableDesc, unsafe.Sizeof(TableDesc{}))
}

// run calls code on a fresh stack with ctx.
func run(t *testing.T, code []byte, ctx *Context) (*Code, *Stack) {
	t.Helper()
	c, err := NewCode(code)
	require.NoError(t, err)
	t.Cleanup(func() { c.Close() })
	s, err := NewStack(64 << 10)
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	Call(c.Addr(0), ctx, s, s.Top(), &InstanceContext{})
	return c, s
}

// checkHostCallServed runs code that exits once for a host call whose
// resume address is at offset resume and, resumed, sets ExitArg to 99
// and returns. The host function runs in the middle of the call, on this
// goroutine, with the exit's details; it grows the Go stack on the way,
// which moves the frames the trampoline returns through.
func checkHostCallServed(t *testing.T, code []byte, resume int) {
	var ctx Context
	var calls int
	var sawCode, sawResume uintptr
	ctx.Host = func(c *Context) {
		calls++
		sawCode, sawResume = uintptr(c.ExitCode), c.ResumePC
		growStack(64)
	}
	c, _ := run(t, code, &ctx)
	require.Equal(t, 1, calls)
	require.EqualValues(t, ExitHostCall, sawCode)
	require.Equal(t, c.Addr(resume), sawResume)
	require.Equal(t, ExitReturn, ctx.ExitCode)
	require.EqualValues(t, 99, ctx.ExitArg)
}

// checkHostCallAbandoned runs code that exits for a host call and must
// never be resumed: the host function abandons the call.
func checkHostCallAbandoned(t *testing.T, code []byte) {
	var ctx Context
	ctx.Host = func(c *Context) { c.ExitCode = ExitAbandoned }
	run(t, code, &ctx)
	require.Equal(t, ExitAbandoned, ctx.ExitCode)
}

// growStack recurses with a 1 KiB frame n times, forcing the goroutine's
// stack to be copied to a bigger one.
//
//go:noinline
func growStack(n int) byte {
	var pad [1024]byte
	pad[n%len(pad)] = byte(n)
	if n == 0 {
		return pad[0]
	}
	return growStack(n-1) + pad[n%len(pad)]
}

// checkGuardFault runs code, which faults reading through a null base,
// three times in registered guard-mode code: the fault handler must turn
// each SIGSEGV into an out-of-bounds trap; check looks at each trap's
// context further. Afterwards a fault in Go code still panics as usual
// (the handler passes it on).
func checkGuardFault(t *testing.T, code []byte, check func(c *Code, s *Stack, ctx *Context)) {
	require.NoError(t, InstallFaultHandler())
	c, err := NewCode(code)
	require.NoError(t, err)
	defer c.Close()
	require.NoError(t, RegisterCode(c))
	s, err := NewStack(64 << 10)
	require.NoError(t, err)
	defer s.Close()
	for i := 0; i < 3; i++ {
		var ctx Context
		Call(c.Addr(0), &ctx, s, s.Top(), &InstanceContext{})
		require.Equal(t, ExitTrap, ctx.ExitCode)
		require.EqualValues(t, 2, ctx.ExitArg) // out of bounds memory access
		check(c, s, &ctx)
	}
	require.Panics(t, func() {
		var p *int
		_ = *p
	})
}
