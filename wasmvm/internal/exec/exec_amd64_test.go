package exec

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// Hand-encoded x86-64 (the compiler's encoder is tested elsewhere):
var (
	setExitArg42 = []byte{0x41, 0xC7, 0x47, OffsetExitArg, 42, 0, 0, 0} // mov dword [r15+ExitArg], 42
	ret          = []byte{0xC3}
)

func TestCallReturns(t *testing.T) {
	var ctx Context
	run(t, append(append([]byte{}, setExitArg42...), ret...), &ctx)
	require.Equal(t, ExitReturn, ctx.ExitCode)
	require.EqualValues(t, 42, ctx.ExitArg)
}

func TestTrapUnwindsNestedCalls(t *testing.T) {
	code := []byte{
		0xE8, 0, 0, 0, 0, // call next: one frame deeper
		0x41, 0xC7, 0x47, OffsetExitCode, byte(ExitTrap), 0, 0, 0, // mov dword [r15+ExitCode], 1
		0x41, 0xC7, 0x47, OffsetExitArg, 7, 0, 0, 0, // mov dword [r15+ExitArg], 7
		0x49, 0x8B, 0x67, OffsetStackBase, // mov rsp, [r15+StackBase]
		0xC3, // ret: back in entry
	}
	var ctx Context
	for i := 0; i < 3; i++ { // the Go stack stays intact across repeated exits
		run(t, code, &ctx)
		require.Equal(t, ExitTrap, ctx.ExitCode)
		require.EqualValues(t, 7, ctx.ExitArg)
	}
}

func TestHostCallExitAndResume(t *testing.T) {
	code := []byte{
		0xE8, 9, 0, 0, 0, // 0: call stub (14)
		0x41, 0xC7, 0x47, OffsetExitArg, 99, 0, 0, 0, // 5: mov dword [r15+ExitArg], 99
		0xC3,                                                          // 13: ret
		0x41, 0xC7, 0x47, OffsetExitCode, byte(ExitHostCall), 0, 0, 0, // 14: stub: ExitCode = host call
		0x48, 0x8D, 0x05, 13, 0, 0, 0, // 22: lea rax, [rip+13] (cont, 42)
		0x49, 0x89, 0x47, OffsetResumePC, // 29: mov [r15+ResumePC], rax
		0x49, 0x89, 0x67, OffsetWasmSP, // 33: mov [r15+WasmSP], rsp
		0x49, 0x8B, 0x67, OffsetStackBase, // 37: mov rsp, [r15+StackBase]
		0xC3, // 41: ret to Go
		0xC3, // 42: cont: return into the caller
	}
	checkHostCallServed(t, code, 42)
}

func TestHostCallAbandoned(t *testing.T) {
	code := []byte{
		0x41, 0xC7, 0x47, OffsetExitCode, byte(ExitHostCall), 0, 0, 0, // 0: ExitCode = host call
		0x48, 0x8D, 0x05, 13, 0, 0, 0, // 8: lea rax, [rip+13] (28)
		0x49, 0x89, 0x47, OffsetResumePC, // 15: mov [r15+ResumePC], rax
		0x49, 0x89, 0x67, OffsetWasmSP, // 19: mov [r15+WasmSP], rsp
		0x49, 0x8B, 0x67, OffsetStackBase, // 23: mov rsp, [r15+StackBase]
		0xC3,       // 27: ret to Go
		0x0F, 0x0B, // 28: ud2: never resumed
	}
	checkHostCallAbandoned(t, code)
}

// TestGuardFaultBecomesTrap reads through a null base: the fault handler
// must turn the SIGSEGV in registered code into an out-of-bounds trap.
func TestGuardFaultBecomesTrap(t *testing.T) {
	checkGuardFault(t, []byte{
		0x31, 0xC0, // xor eax, eax
		0x8B, 0x00, // mov eax, [rax]: faults
		0xC3,
	}, func(*Code, *Stack, *Context) {})
}
