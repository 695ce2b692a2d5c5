// Package flash writes a card image onto a removable device (an SD card
// in a reader) safely: it refuses anything but a whole removable block
// device, one that is in use (mounted, a swap area, held by another
// device such as a device-mapper target) or the disk the running system
// lives on, and after writing it reads the device back and compares it
// with the image.
//
// What the checks know of the machine comes through the System interface
// (Host reads Linux's sysfs and procfs), so they are tested with fake
// devices.
package flash

import (
	"fmt"
	"slices"
	"strings"
)

// Device is a block device as the system describes it.
type Device struct {
	Path      string // as given, such as /dev/sdb
	Name      string // the kernel's name, such as sdb
	Size      int64  // bytes; 0 without a medium
	Model     string // vendor and model, as the device reports them
	Removable bool   // the kernel's removable flag
	Transport string // "usb", "mmc" (an SD slot) or "" for others
	Partition bool   // a partition, not a whole device
	ReadOnly  bool   // write-protected
	// Numbers are the device numbers ("major:minor") of the device and
	// of its partitions, to match against what is mounted.
	Numbers []string
	// Holders are the devices built on this one or its partitions
	// (device-mapper, RAID, loop devices).
	Holders []string
}

// String describes d for a person choosing whether to overwrite it.
func (d Device) String() string {
	model := d.Model
	if model == "" {
		model = "unknown model"
	}
	via := ""
	if d.Transport != "" {
		via = ", " + d.Transport
	}
	return fmt.Sprintf("%s: %s, %s%s", d.Path, model, FormatSize(d.Size), via)
}

// Use is a way a device is in use by the running system.
type Use struct {
	Number string // the device number ("major:minor") in use
	What   string // such as "mounted at /media/card" or "swap"
}

// System is what the checks ask the machine.
type System interface {
	// Device describes the device file at path; an error when it is
	// not a block device.
	Device(path string) (Device, error)
	// InUse lists the devices that are mounted or used for swap.
	InUse() ([]Use, error)
	// SystemDisks returns the names of the whole disks that hold the
	// running system's root, /boot, /usr or swap.
	SystemDisks() ([]string, error)
}

// Check describes the device at path and returns an error saying why a
// card image must not be written to it, if it must not.
func Check(sys System, path string) (Device, error) {
	d, err := sys.Device(path)
	if err != nil {
		return d, err
	}
	if d.Partition {
		return d, fmt.Errorf("%s is a partition: give the whole device", path)
	}
	if !d.Removable && d.Transport != "usb" && d.Transport != "mmc" {
		return d, fmt.Errorf("%s is not a removable device (%s)", path, d)
	}
	system, err := sys.SystemDisks()
	if err != nil {
		return d, fmt.Errorf("find the system's disks: %w", err)
	}
	if slices.Contains(system, d.Name) {
		return d, fmt.Errorf("%s holds the running system", path)
	}
	uses, err := sys.InUse()
	if err != nil {
		return d, fmt.Errorf("find what is mounted: %w", err)
	}
	var busy []string
	for _, u := range uses {
		if slices.Contains(d.Numbers, u.Number) {
			busy = append(busy, u.What)
		}
	}
	if len(busy) > 0 {
		return d, fmt.Errorf("%s is in use (%s): unmount it first", path, strings.Join(busy, ", "))
	}
	if len(d.Holders) > 0 {
		return d, fmt.Errorf("%s is in use by %s", path, strings.Join(d.Holders, ", "))
	}
	if d.Size == 0 {
		return d, fmt.Errorf("%s has no medium", path)
	}
	if d.ReadOnly {
		return d, fmt.Errorf("%s is write-protected", path)
	}
	return d, nil
}

// FormatSize writes a byte count for people (decimal units, as card
// sizes are sold).
func FormatSize(n int64) string {
	switch {
	case n >= 1e9:
		return fmt.Sprintf("%.1f GB", float64(n)/1e9)
	case n >= 1e6:
		return fmt.Sprintf("%.1f MB", float64(n)/1e6)
	}
	return fmt.Sprintf("%d bytes", n)
}
