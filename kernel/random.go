package kernel

// sysGetrandom fills buf with n bytes from the kernel's entropy source
// (random64, random_GOARCH.go). It never fails: crypto/rand aborts the
// program when getrandom does.
func sysGetrandom(buf, n uintptr) uintptr {
	for i := uintptr(0); i < n; i += 8 {
		v := random64()
		for j := uintptr(0); j < 8 && i+j < n; j++ {
			*(*byte)(userPointer(buf + i + j)) = byte(v >> (8 * j))
		}
	}
	return n
}
