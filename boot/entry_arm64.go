package boot

// entry is the arm64 entry point (entry_arm64.s): the kernel ELF's entry
// address, and the target of the branch that starts kernel8.img. It is
// never called from Go.
func entry()

// Symbols defined or used in entry_arm64.s.
var (
	deviceTree  uint64 // physical address of the device tree blob
	setupStack  [16384]byte
	bootStack   [262144]byte
	earlyTables [8 * 4096]byte
)
