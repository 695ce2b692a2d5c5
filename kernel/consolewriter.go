package kernel

import "sync"

// Console is the serial console as an io.Writer for ordinary Go code in
// the kernel (the apps' WASI stdout and stderr): it writes to the UART
// directly, so a WASI write is a function call, not a system call. Writes
// are serialised with each other; the kernel's own messages (from the
// shim) may fall between two writes, never inside one line of the shim.
var Console consoleWriter

type consoleWriter struct{ mu sync.Mutex }

func (w *consoleWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, b := range p {
		if b == '\n' {
			console.Send('\r')
		}
		console.Send(b)
	}
	return len(p), nil
}
