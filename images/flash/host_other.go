//go:build !linux

package flash

import (
	"errors"
	"os"
)

// Host is the running system; writing cards is supported on Linux only.
type Host struct{}

var errUnsupported = errors.New("flash: writing to devices is supported on Linux only")

// Device implements System.Device.
func (Host) Device(path string) (Device, error) { return Device{}, errUnsupported }

// InUse implements System.InUse.
func (Host) InUse() ([]Use, error) { return nil, errUnsupported }

// SystemDisks implements System.SystemDisks.
func (Host) SystemDisks() ([]string, error) { return nil, errUnsupported }

func openTarget(target string) (*os.File, bool, error) { return nil, false, errUnsupported }

func dropCache(f *os.File, block bool) error { return errUnsupported }
