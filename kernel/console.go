package kernel

// The console is the serial port console_GOARCH.go names. Output is
// written synchronously by polling the UART, so it works from any context, including fatal paths; input is
// buffered by the serial interrupt handler (consoleInput).

// printString writes s to the console, turning "\n" into "\r\n".
func printString(s string) {
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			console.Send('\r')
		}
		console.Send(s[i])
	}
}

// writeConsole writes the n bytes at addr (a write(2) to fd 1 or 2).
func writeConsole(addr uintptr, n int) {
	for i := 0; i < n; i++ {
		b := *(*byte)(userPointer(addr + uintptr(i)))
		if b == '\n' {
			console.Send('\r')
		}
		console.Send(b)
	}
}

// printHex writes v as 0x followed by 16 hex digits.
func printHex(v uint64) {
	const digits = "0123456789abcdef"
	var buf [18]byte
	buf[0], buf[1] = '0', 'x'
	for i := 17; i >= 2; i-- {
		buf[i] = digits[v&15]
		v >>= 4
	}
	for _, b := range buf {
		console.Send(b)
	}
}

// printDec writes v in decimal.
func printDec(v int64) {
	var buf [20]byte
	i := len(buf)
	neg := v < 0
	u := uint64(v)
	if neg {
		u = -u
	}
	for {
		i--
		buf[i] = byte('0' + u%10)
		u /= 10
		if u == 0 {
			break
		}
	}
	if neg {
		console.Send('-')
	}
	for _, b := range buf[i:] {
		console.Send(b)
	}
}
