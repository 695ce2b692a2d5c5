package flash

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/require"
)

// fakeSystem is a machine made of a table of devices.
type fakeSystem struct {
	devices map[string]Device
	uses    []Use
	system  []string
}

func (f fakeSystem) Device(path string) (Device, error) {
	d, ok := f.devices[path]
	if !ok {
		return Device{}, errors.New(path + " is not a block device")
	}
	d.Path = path
	return d, nil
}

func (f fakeSystem) InUse() ([]Use, error)          { return f.uses, nil }
func (f fakeSystem) SystemDisks() ([]string, error) { return f.system, nil }

func TestCheck(t *testing.T) {
	sys := fakeSystem{
		devices: map[string]Device{
			"/dev/sdb":     {Name: "sdb", Size: 32e9, Model: "Generic SD/MMC", Removable: true, Transport: "usb", Numbers: []string{"8:16", "8:17"}},
			"/dev/mmcblk0": {Name: "mmcblk0", Size: 16e9, Transport: "mmc", Numbers: []string{"179:0"}},
			"/dev/sdb1":    {Name: "sdb1", Partition: true, Numbers: []string{"8:17"}},
			"/dev/sda":     {Name: "sda", Size: 512e9, Model: "ATA Samsung SSD", Numbers: []string{"8:0", "8:1"}},
			"/dev/sdc":     {Name: "sdc", Size: 64e9, Removable: true, Transport: "usb", Numbers: []string{"8:32"}},
			"/dev/sdd":     {Name: "sdd", Size: 8e9, Removable: true, Transport: "usb", Numbers: []string{"8:48", "8:49"}},
			"/dev/sde":     {Name: "sde", Size: 8e9, Removable: true, Numbers: []string{"8:64"}, Holders: []string{"dm-0"}},
			"/dev/sdf":     {Name: "sdf", Removable: true, Transport: "usb", Numbers: []string{"8:80"}},
			"/dev/sdg":     {Name: "sdg", Size: 8e9, Removable: true, ReadOnly: true, Numbers: []string{"8:96"}},
		},
		uses:   []Use{{Number: "8:1", What: "mounted at /"}, {Number: "8:49", What: "mounted at /media/card"}, {Number: "8:32", What: "swap"}},
		system: []string{"sda", "sdc"},
	}
	for _, tc := range []struct {
		path, refusal string
	}{
		{"/dev/sdb", ""},
		{"/dev/mmcblk0", ""}, // an SD slot: not flagged removable, but a card
		{"/dev/sdb1", "is a partition"},
		{"/dev/sda", "not a removable device"},
		{"/dev/sdc", "holds the running system"},
		{"/dev/sdd", "in use (mounted at /media/card)"},
		{"/dev/sde", "in use by dm-0"},
		{"/dev/sdf", "no medium"},
		{"/dev/sdg", "write-protected"},
		{"/dev/null", "not a block device"},
	} {
		d, err := Check(sys, tc.path)
		if tc.refusal == "" {
			require.NoError(t, err, tc.path)
			require.Equal(t, tc.path, d.Path)
			continue
		}
		require.ErrorContains(t, err, tc.refusal, tc.path)
	}
}

func TestDeviceString(t *testing.T) {
	d := Device{Path: "/dev/sdb", Model: "Generic SD/MMC", Size: 31_914_983_424, Transport: "usb"}
	require.Equal(t, "/dev/sdb: Generic SD/MMC, 31.9 GB, usb", d.String())
	require.Equal(t, "/dev/x: unknown model, 512 bytes", Device{Path: "/dev/x", Size: 512}.String())
}
