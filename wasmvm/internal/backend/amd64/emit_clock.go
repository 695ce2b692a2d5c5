package amd64

import (
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/backend/mach"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/exec"
	"github.com/wasmkernel/wasmkernel/wasmvm/internal/ssa"
)

// counterClock reads clock m.A from the instance's exec.CounterClock:
//
//	mov  eax, id            ; before rcx is reused: id may sit in a scratch
//	mov  rcx, [r14+Clock]
//	test rcx, rcx
//	jz   none
//	cmp  eax, 1
//	ja   none               ; only the real-time and monotonic clocks
//	shl  eax, 5
//	add  rcx, rax           ; rcx = &Clocks[id]
//	rdtsc
//	shl  rdx, 32
//	or   rax, rdx           ; the time-stamp counter
//	sub  rax, [rcx+Base]
//	mul  qword [rcx+Mult]   ; rdx:rax = ticks * Mult (32.32)
//	shrd rax, rdx, 32
//	add  rax, [rcx+Offset]
//	mov  dst, rax
//	jmp  done
//	none: mov dst, -1
//	done:
func (fe *funcEmitter) counterClock(m *mach.Instr) {
	e := fe.e
	e.movRR(4, RAX, fe.use(m.A, scratchA))
	e.load(8, RCX, memAt(fe.context(RCX), exec.OffsetClock))
	e.test(8, RCX, RCX)
	noClock := e.jcc32(ccE)
	e.aluRI(aluCmp, 4, RAX, 1)
	otherClock := e.jcc32(ccA)
	e.shiftImm(4, shiftDigit(ssa.OpIshl), RAX, 5)
	e.aluRR(aluAdd, 8, RCX, RAX)
	e.byte1(0x0F, 0x31) // rdtsc
	e.shiftImm(8, shiftDigit(ssa.OpIshl), RDX, 32)
	e.aluRR(aluOr, 8, RAX, RDX)
	e.aluRM(aluSub, 8, RAX, memAt(RCX, exec.OffsetCounterBase))
	e.opRM(true, []byte{0xF7}, 4, memAt(RCX, exec.OffsetCounterMult)) // mul qword [rcx+Mult]
	e.opRR(true, []byte{0x0F, 0xAC}, RDX, RAX)                        // shrd rax, rdx, imm8
	e.byte1(32)
	e.aluRM(aluAdd, 8, RAX, memAt(RCX, exec.OffsetCounterOffset))
	d := fe.def(m.Dst)
	e.movRR(8, d, RAX)
	done := e.jmp32()
	e.patch32(noClock, len(e.b))
	e.patch32(otherClock, len(e.b))
	e.movRI(8, d, -1)
	e.patch32(done, len(e.b))
	fe.finish(m.Dst, d)
}
