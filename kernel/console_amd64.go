package kernel

import "github.com/wasmkernel/wasmkernel/drivers/ns16550"

// The x86-64 console is COM1.
const console = ns16550.COM1
