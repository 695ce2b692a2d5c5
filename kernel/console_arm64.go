package kernel

import "github.com/wasmkernel/wasmkernel/drivers/pl011"

// The arm64 console is the PL011 the device tree's /chosen/stdout-path
// names (set by earlyInit; until then output is dropped).
var console pl011.UART
