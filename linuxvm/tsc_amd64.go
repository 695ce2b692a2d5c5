package linuxvm

import (
	"sync"
	"time"

	"github.com/wasmkernel/wasmkernel/drivers/cpu"
)

var (
	tscOnce sync.Once
	tscKHz  int64
)

// hostTSCKHz measures this host's time-stamp counter rate against its
// monotonic clock (once per process). QEMU's TCG gives the guest the
// host's counter, so this is the rate the guest's TSC runs at.
func hostTSCKHz() (int64, error) {
	tscOnce.Do(func() {
		t0, c0 := time.Now(), cpu.TSC()
		time.Sleep(200 * time.Millisecond)
		c1, elapsed := cpu.TSC(), time.Since(t0)
		tscKHz = int64(float64(c1-c0) / elapsed.Seconds() / 1e3)
	})
	return tscKHz, nil
}
