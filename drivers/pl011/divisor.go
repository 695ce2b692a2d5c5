package pl011

// Divisor returns the integer and fractional baud-rate divisors for a
// reference clock of clockHz and the rate baud: clockHz / (16 * baud) in
// 16.6 fixed point, rounded to nearest (TRM 3.3.6).
func Divisor(clockHz uint64, baud uint32) (integer, fraction uint32) {
	if baud == 0 {
		return 0, 0
	}
	d := (clockHz*4 + uint64(baud)/2) / uint64(baud) // 64 * clockHz / (16 * baud)
	return uint32(d >> 6), uint32(d & 63)
}
