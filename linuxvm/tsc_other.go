//go:build !amd64

package linuxvm

import "errors"

// hostTSCKHz would measure the host's time-stamp counter rate; under TCG
// on a host of another architecture the guest's counter follows that
// host's own counter, whose rate this package does not measure.
func hostTSCKHz() (int64, error) {
	return 0, errors.New("Linux on microvm needs the guest's TSC rate, which is measured on x86-64 hosts only; use q35 (where Linux calibrates its TSC itself) or -icount")
}
