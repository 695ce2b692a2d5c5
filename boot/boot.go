// Package boot is the first code of the wasmkernel kernel: the entry from
// the boot loader, the switch to the processor mode the Go runtime needs,
// the descriptor tables, and the Linux-style initial stack handed to the
// Go runtime's own entry point. It also reads the information the boot
// loader passed (on x86-64, the PVH start info: memory map, command line,
// modules such as the initrd; on arm64, the device tree).
//
// Nothing here runs after the Go runtime has started except the readers of
// the boot information, which allocate nothing, so the kernel can call
// them from its system-call shim before the runtime's heap exists.
//
// x86-64: the kernel ELF carries a PVH note (written by package images)
// naming entry32; see entry_amd64.s for the path to 64-bit mode. arm64:
// the ELF's entry point (virt) or the branch at the start of kernel8.img
// (Raspberry Pi) reaches entry; see entry_arm64.s for the path to EL1 with
// the MMU on.
package boot
