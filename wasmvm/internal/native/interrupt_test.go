package native

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wasmkernel/wasmkernel/wasmvm/internal/exec"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/runtime"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/wasm"
)

// TestInterruptDuringHostCall interrupts from inside a host function:
// the code it returns to loops without calls, so the return itself must
// notice the interruption.
func TestInterruptDuringHostCall(t *testing.T) {
	e := &Engine{}
	tick := &runtime.Function{Type: wasm.FuncType{}, Host: func(*runtime.Instance, []uint64) error {
		e.Interrupt()
		return nil
	}}
	inst := instanceWithHost(t, e, "testdata/hostspin.wasm", "env.tick", tick)
	_, err := inst.Call(inst.Exports["after_host"].Func, nil)
	require.ErrorContains(t, err, "interrupted")
}

// TestInterruptTrapCode checks the trap code exec's interruption exits
// with against ssa's.
func TestInterruptTrapCode(t *testing.T) {
	stack, err := exec.NewStack(1 << 16)
	require.NoError(t, err)
	defer stack.Close()
	ctx := &exec.Context{}
	ctx.Interrupt()
	exec.Call(0, ctx, stack, stack.Top(), nil) // interrupted before it starts: no code runs
	require.Equal(t, exec.ExitTrap, ctx.ExitCode)
	require.Equal(t, uint32(ssa.TrapInterrupted), ctx.ExitArg)
}
