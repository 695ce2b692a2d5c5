package wasi

// Errno is a WASI error number (spec: $errno).
type Errno uint32

// The errno values used here.
const (
	ErrnoSuccess Errno = 0
	ErrnoBadf    Errno = 8
	ErrnoFault   Errno = 21
	ErrnoInval   Errno = 28
	ErrnoIO      Errno = 29
	ErrnoNosys   Errno = 52
	ErrnoSpipe   Errno = 70
)
