#include "textflag.h"

// The PVH entry of the wasmkernel kernel (x86-64).
//
// A PVH loader (QEMU -kernel, Firecracker, cloud-hypervisor) jumps to
// entry32 in 32-bit protected mode with paging off and EBX holding the
// physical address of the hvm_start_info. entry32 builds identity page
// tables for the first 4 GiB, turns on long mode and far-returns into
// entry64, which sets up the descriptor tables, the FPU/SSE/AVX state and
// the system-call MSRs, then builds the initial process stack Linux would
// build and jumps into the Go runtime's Linux entry point.
//
// The kernel is linked at its load address (p_paddr = p_vaddr), so link-time
// addresses are physical addresses until long mode is on, and the identity
// map keeps them valid afterwards.
//
// Writing 32-bit code with the Go assembler: the assembler encodes for
// 64-bit mode, so only instructions that decode the same way in both modes
// are used before the far return. No REX prefixes (no MOVQ, no R8-R15: bytes
// 0x40-0x4F are INC/DEC in 32-bit mode), and no sym(SB) operands, which are
// RIP-relative in 64-bit mode and absolute [disp32] in 32-bit mode. Absolute
// addresses come from the table addrs<>, filled by the linker, which the
// code finds from its own address (read with a CALL).
//
// The kernel's entry points are bound by name at link time: the system-call
// entry (LSTAR), the interrupt vector stubs (IDT) and the per-CPU block (GS
// base) live in package kernel, which imports this package; this package
// never imports kernel.

#define COM1 0x3F8
#define MSR_EFER 0xC0000080
#define MSR_STAR 0xC0000081
#define MSR_LSTAR 0xC0000082
#define MSR_FMASK 0xC0000084
#define MSR_FS_BASE 0xC0000100
#define MSR_GS_BASE 0xC0000101

#define BOOT_STACK 262144
#define IST_STACK 16384

// Descriptor tables. Code and data descriptors have the accessed bit set, so
// the processor never writes them; the TSS descriptor (0x20, 16 bytes) is
// filled in by entry64.
DATA gdt<>+0x00(SB)/8, $0
DATA gdt<>+0x08(SB)/8, $0x00209B0000000000 // 0x08: 64-bit code, DPL 0
DATA gdt<>+0x10(SB)/8, $0x00CF93000000FFFF // 0x10: flat data
DATA gdt<>+0x18(SB)/8, $0x00CF9B000000FFFF // 0x18: 32-bit code (unused)
DATA gdt<>+0x20(SB)/8, $0                  // 0x20: TSS, low half
DATA gdt<>+0x28(SB)/8, $0                  //       TSS, high half
GLOBL gdt<>(SB), NOPTR, $48

DATA gdtptr<>+0x00(SB)/2, $(48-1)
DATA gdtptr<>+0x02(SB)/8, $gdt<>(SB)
GLOBL gdtptr<>(SB), NOPTR, $10

GLOBL idt<>(SB), NOPTR, $4096
DATA idtptr<>+0x00(SB)/2, $(4096-1)
DATA idtptr<>+0x02(SB)/8, $idt<>(SB)
GLOBL idtptr<>(SB), NOPTR, $10

// The 64-bit TSS: only the interrupt stack table is used.

// Absolute addresses for the 32-bit code.
DATA addrs<>+0x00(SB)/8, $gdtptr<>(SB)
DATA addrs<>+0x08(SB)/8, $·earlyTables(SB)
DATA addrs<>+0x10(SB)/8, $entry64<>(SB)
DATA addrs<>+0x18(SB)/8, $·bootStack+BOOT_STACK(SB)
DATA addrs<>+0x20(SB)/8, $·startInfo(SB)
GLOBL addrs<>(SB), NOPTR, $40

// Identity page tables for [0, 4 GiB) in 2 MiB pages: PML4, PDPT, four
// page directories, and one page of slack for alignment.

// The thread-local block the Go code run before the runtime starts sees:
// FS points just past its first word, which holds the address of bootG,
// a stand-in goroutine descriptor whose stack bounds describe bootStack.

// pc returns in AX its own return address.
TEXT pc<>(SB), NOSPLIT|NOFRAME, $0
	MOVL (SP), AX
	RET

// entry32 is the PVH entry point: 32-bit protected mode, paging off,
// EBX = hvm_start_info.
TEXT ·entry32(SB), NOSPLIT|NOFRAME, $0
	CLI
	CLD

	// Find addrs<>. There is no stack yet: the CALL borrows the first word
	// of the start info (its magic number) as a one-word stack, restored
	// right after.
	MOVL (BX), DI
	LEAL 4(BX), SP
	CALL pc<>(SB)
	// In 32-bit mode the LEAL below is LEA ESI, [disp32] with disp32 =
	// addrs<> - (address after the LEAL), and the LEAL is the 6 bytes at
	// the address the CALL returned to.
	LEAL addrs<>(SB), SI
	ADDL AX, SI
	ADDL $6, SI
	MOVL DI, (BX)

	MOVL 0x18(SI), SP // the boot stack
	MOVL 0x20(SI), AX
	MOVL BX, (AX)     // startInfo = EBX

	// Page tables: 4 KiB-aligned inside earlyTables, zeroed.
	MOVL 0x08(SI), DI
	ADDL $0xFFF, DI
	ANDL $~0xFFF, DI
	MOVL DI, DX // DX = PML4, PDPT at +0x1000, PDs at +0x2000..+0x5000
	XORL AX, AX
	MOVL $(6*4096/4), CX
	REP; STOSL

	LEAL 0x1003(DX), AX
	MOVL AX, (DX) // PML4[0] = PDPT, present, writable
	LEAL 0x2003(DX), AX
	MOVL AX, 0x1000(DX) // PDPT[0..3] = PD0..PD3
	LEAL 0x3003(DX), AX
	MOVL AX, 0x1008(DX)
	LEAL 0x4003(DX), AX
	MOVL AX, 0x1010(DX)
	LEAL 0x5003(DX), AX
	MOVL AX, 0x1018(DX)

	// 2048 PD entries, 2 MiB each. The high halves stay zero.
	LEAL 0x2000(DX), DI
	MOVL $0x83, AX // page size, writable, present
	MOVL $2048, CX

pd:
	MOVL AX, (DI)
	ADDL $0x200000, AX
	ADDL $8, DI
	DECL CX
	JNZ  pd

	MOVL DX, CR3

	// CR4: PAE, OSFXSR, OSXMMEXCPT (Go uses SSE from its first
	// instruction).
	MOVL CR4, AX
	ORL  $(1<<5|1<<9|1<<10), AX
	MOVL AX, CR4

	// EFER: long mode and SYSCALL.
	MOVL $MSR_EFER, CX
	RDMSR
	ORL  $(1<<8|1<<0), AX
	WRMSR

	// CR0: paging, protection, write protection in ring 0, monitor
	// coprocessor, native FPU errors;
	// no FPU emulation.
	MOVL CR0, AX
	ANDL $~(1<<2), AX
	ORL  $(1<<31|1<<16|1<<5|1<<1|1<<0), AX
	MOVL AX, CR0

	// Compatibility mode now. Load the GDT and far-return into the 64-bit
	// code segment.
	MOVL  0x00(SI), AX
	LGDT  (AX)
	PUSHQ $0x08 // 6A 08: pushes 4 bytes in 32-bit mode
	MOVL  0x10(SI), AX
	PUSHQ AX    // 50
	RETFL

// entry64 runs in 64-bit mode on the boot stack, with the identity map.
TEXT entry64<>(SB), NOSPLIT|NOFRAME, $0
	MOVL $0x10, AX
	MOVW AX, DS
	MOVW AX, ES
	MOVW AX, SS
	XORL AX, AX
	MOVW AX, FS
	MOVW AX, GS
	LEAQ ·bootStack+BOOT_STACK(SB), SP

	CALL enableExtendedState<>(SB)
	CALL loadTSS<>(SB)
	CALL loadIDT<>(SB)

	// SYSCALL from ring 0 to ring 0: CS 0x08 and SS 0x10 on entry; the
	// kernel clears IF, TF, DF, AC and NT on entry.
	MOVL $MSR_STAR, CX
	XORL AX, AX
	MOVL $0x08, DX
	WRMSR
	MOVL $MSR_LSTAR, CX
	MOVQ $github·com∕wasmkernel∕wasmkernel∕kernel·syscallEntry(SB), AX
	MOVQ AX, DX
	SHRQ $32, DX
	WRMSR
	MOVL $MSR_FMASK, CX
	MOVL $0x47700, AX
	XORL DX, DX
	WRMSR

	// GS base: the kernel's per-CPU block.
	MOVL $MSR_GS_BASE, CX
	MOVQ $github·com∕wasmkernel∕wasmkernel∕kernel·cpu0(SB), AX
	MOVQ AX, DX
	SHRQ $32, DX
	WRMSR

	// FS base: bootTLS+8, whose word at -8 points at bootG.
	LEAQ ·bootG(SB), AX
	MOVQ AX, ·bootTLS(SB)
	LEAQ ·bootStack(SB), BX
	MOVQ BX, 0(AX)       // stack.lo
	LEAQ ·bootStack+BOOT_STACK(SB), BX
	MOVQ BX, 8(AX)       // stack.hi
	LEAQ ·bootStack+4096(SB), BX
	MOVQ BX, 16(AX)      // stackguard0
	MOVQ BX, 24(AX)      // stackguard1
	MOVL $MSR_FS_BASE, CX
	LEAQ ·bootTLS+8(SB), AX
	MOVQ AX, DX
	SHRQ $32, DX
	WRMSR

	// Build argc/argv/envp/auxv in the top 8 KiB of the boot stack (the
	// builder runs below them) and enter the runtime as Linux would enter
	// a static executable.
	SUBQ $(8192+16), SP
	LEAQ ·bootStack+BOOT_STACK(SB), AX
	MOVQ AX, 0(SP)
	CALL ·buildInitialStack(SB)
	MOVQ 8(SP), SP
	XORL AX, AX
	XORL BX, BX
	XORL CX, CX
	XORL DX, DX
	XORL SI, SI
	XORL DI, DI
	JMP  _rt0_amd64_linux(SB)

// enableExtendedState turns on XSAVE and every user state component the
// processor supports among x87, SSE, AVX and AVX-512 (XCR0), so that Go's
// AVX code paths and a full XSAVE of thread state both work.
TEXT enableExtendedState<>(SB), NOSPLIT|NOFRAME, $0
	MOVL $1, AX
	XORL CX, CX
	CPUID
	BTL  $26, CX // XSAVE
	JCC  noxsave
	MOVQ CR4, AX
	ORQ  $(1<<18), AX // OSXSAVE
	MOVQ AX, CR4
	MOVL $0xD, AX
	XORL CX, CX
	CPUID
	ANDL $0xE7, AX    // x87, SSE, AVX, opmask, ZMM_Hi256, Hi16_ZMM
	MOVL AX, BX
	ANDL $0xE0, BX
	CMPL BX, $0xE0
	JEQ  allavx512
	ANDL $0x07, AX    // AVX-512 needs all three components or none

allavx512:
	XORL DX, DX
	XORL CX, CX
	XSETBV

noxsave:
	RET

// loadTSS fills in the TSS (interrupt stacks 1-3) and its descriptor, then
// loads the task register.
TEXT loadTSS<>(SB), NOSPLIT|NOFRAME, $0
	LEAQ ·tss(SB), DI
	LEAQ ·istStacks+IST_STACK(SB), AX
	MOVQ AX, 0x24(DI) // IST1: exceptions
	ADDQ $IST_STACK, AX
	MOVQ AX, 0x2C(DI) // IST2: NMI, double fault, machine check
	ADDQ $IST_STACK, AX
	MOVQ AX, 0x34(DI) // IST3: device interrupts
	MOVW $104, 0x66(DI) // I/O map base beyond the limit: no I/O bitmap

	// Descriptor: limit 103, base, type 0x9 (available 64-bit TSS),
	// present.
	LEAQ gdt<>+0x20(SB), SI
	MOVQ DI, AX
	ANDQ $0xFFFFFF, AX
	SHLQ $16, AX
	ORQ  $103, AX
	MOVQ DI, BX
	SHRQ $24, BX
	ANDQ $0xFF, BX
	SHLQ $56, BX
	ORQ  BX, AX
	MOVQ $0x0000890000000000, BX
	ORQ  BX, AX
	MOVQ AX, 0(SI)
	MOVQ DI, AX
	SHRQ $32, AX
	MOVQ AX, 8(SI)
	MOVL $0x20, AX
	LTR  AX
	RET

// loadIDT points all 256 vectors at the kernel's vector stubs (32 bytes
// apart) as interrupt gates: exceptions on IST1, NMI (2), double fault (8)
// and machine check (18) on IST2, everything else on IST3.
TEXT loadIDT<>(SB), NOSPLIT|NOFRAME, $0
	LEAQ idt<>(SB), DI
	MOVQ $github·com∕wasmkernel∕wasmkernel∕kernel·trapVectors(SB), SI
	XORL CX, CX

gate:
	MOVQ $3, DX
	CMPQ CX, $32
	JAE  ist
	MOVQ $1, DX
	CMPQ CX, $2
	JEQ  ist2
	CMPQ CX, $8
	JEQ  ist2
	CMPQ CX, $18
	JNE  ist

ist2:
	MOVQ $2, DX

ist:
	// Low word: offset[15:0] | selector 0x08 << 16 | IST << 32 |
	// type 0x8E << 40 | offset[31:16] << 48.
	MOVQ SI, AX
	ANDQ $0xFFFF, AX
	ORQ  $0x80000, AX
	SHLQ $32, DX
	ORQ  DX, AX
	MOVQ $0x8E0000000000, BX
	ORQ  BX, AX
	MOVQ SI, BX
	SHRQ $16, BX
	ANDQ $0xFFFF, BX
	SHLQ $48, BX
	ORQ  BX, AX
	MOVQ AX, 0(DI)
	MOVQ SI, AX
	SHRQ $32, AX
	MOVQ AX, 8(DI)
	ADDQ $16, DI
	ADDQ $32, SI
	INCQ CX
	CMPQ CX, $256
	JNE  gate
	LEAQ idtptr<>(SB), AX
	LIDT (AX)
	RET
