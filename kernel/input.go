package kernel

// Console input: the serial interrupt handler moves received bytes into a
// ring buffer; read(0) takes them out, blocking while it is empty.

var (
	inputBuf             [4096]byte
	inputHead, inputTail uint32 // bytes are inputBuf[head:tail] modulo size
)

func inputLen() uint32 { return inputTail - inputHead }

func serialInterrupt() {
	got := false
	for {
		b, ok := console.Receive()
		if !ok {
			break
		}
		if inputLen() < uint32(len(inputBuf)) {
			if b == '\r' {
				b = '\n'
			}
			inputBuf[inputTail%uint32(len(inputBuf))] = b
			inputTail++
			got = true
		}
	}
	if got {
		wakeAll(waitConsole, 0, -1)
		wakeAll(waitEpoll, 0, -1)
	}
}

// readConsole blocks until input is available and copies up to n bytes
// of it (up to the end of a line) to buf.
func readConsole(buf, n uintptr) uintptr {
	if n == 0 {
		return 0
	}
	for inputLen() == 0 {
		block(waitConsole, 0, 0)
	}
	var i uintptr
	for i < n && inputLen() > 0 {
		b := inputBuf[inputHead%uint32(len(inputBuf))]
		inputHead++
		*(*byte)(userPointer(buf + i)) = b
		i++
		if b == '\n' {
			break
		}
	}
	return i
}
