// Package sdcard writes and reads the SD-card images a Raspberry Pi boots
// from: an MBR partition table whose first partition, FAT32 and marked
// bootable, holds what the Pi's firmware loads (its own files, the device
// tree, config.txt, the kernel and the initrd), and optionally a second
// FAT32 partition for the apps' persistent data. Partition table and file
// systems are written and read with github.com/diskfs/go-diskfs.
//
// The image's size is a power of two (QEMU's SD card model accepts no
// other), the partitions start on 1 MiB boundaries (SD cards erase in
// blocks of that order), and the file systems are reproducible: the same
// files make the same image.
package sdcard

import (
	"fmt"
	"math/bits"
	"os"
	"path"
	"strings"

	diskfs "github.com/diskfs/go-diskfs"
	"github.com/diskfs/go-diskfs/disk"
	"github.com/diskfs/go-diskfs/filesystem"
	"github.com/diskfs/go-diskfs/partition/mbr"
)

// File is one file of a partition: its slash-separated path from the
// partition's root and its contents.
type File struct {
	Name string
	Data []byte
}

// Layout is what a card holds.
type Layout struct {
	Boot      []File // the boot partition's files
	DataBytes int64  // at least this much data partition; 0: none
}

// Volume labels of the partitions.
const (
	BootLabel = "WASMBOOT"
	DataLabel = "WASMDATA"
)

// Geometry.
const (
	SectorSize   = 512
	alignment    = 1 << 20  // partitions start and end on MiB boundaries
	minBootBytes = 64 << 20 // FAT32 wants 65525 clusters (of 512 bytes here)
	minDataBytes = 64 << 20
	maxCardBytes = 1 << 40
)

// MBR partition types: FAT32 with LBA addressing, which the Pi's firmware
// looks for.
const partitionFAT32 = mbr.Fat32LBA

// sourceDateEpoch is the time stamp of a card's files and directories
// (2020-01-01 UTC) unless the environment's SOURCE_DATE_EPOCH gives one.
const sourceDateEpoch = "1577836800"

// Write writes the card image l describes to path (replacing it). The same
// layout gives the same bytes: go-diskfs stamps directory entries with the
// time from SOURCE_DATE_EPOCH, the reproducible-builds convention, and
// with the current time where it is unset, so Write sets it to a fixed
// time for the duration unless the caller chose one.
func Write(path string, l Layout) error {
	bootBytes, dataBytes, total, err := geometry(l)
	if err != nil {
		return err
	}
	if _, set := os.LookupEnv("SOURCE_DATE_EPOCH"); !set {
		if err := os.Setenv("SOURCE_DATE_EPOCH", sourceDateEpoch); err != nil {
			return fmt.Errorf("set SOURCE_DATE_EPOCH: %w", err)
		}
		defer os.Unsetenv("SOURCE_DATE_EPOCH")
	}
	if err := os.Remove(path); err != nil && !os.IsNotExist(err) {
		return fmt.Errorf("replace %s: %w", path, err)
	}
	d, err := diskfs.Create(path, total, SectorSize)
	if err != nil {
		return fmt.Errorf("create %s: %w", path, err)
	}
	defer d.Close()
	table := &mbr.Table{LogicalSectorSize: SectorSize, PhysicalSectorSize: SectorSize, Partitions: []*mbr.Partition{{
		Index: 1, Bootable: true, Type: partitionFAT32,
		Start: alignment / SectorSize, Size: uint32(bootBytes / SectorSize),
	}}}
	if dataBytes > 0 {
		table.Partitions = append(table.Partitions, &mbr.Partition{
			Index: 2, Type: partitionFAT32,
			Start: uint32((alignment + bootBytes) / SectorSize), Size: uint32(dataBytes / SectorSize),
		})
	}
	if err := d.Partition(table); err != nil {
		return fmt.Errorf("%s: write the partition table: %w", path, err)
	}
	boot, err := d.CreateFilesystem(disk.FilesystemSpec{Partition: 1, FSType: filesystem.TypeFat32, VolumeLabel: BootLabel, Reproducible: true})
	if err != nil {
		return fmt.Errorf("%s: format the boot partition: %w", path, err)
	}
	if err := checkFAT32(path, alignment); err != nil {
		return fmt.Errorf("%s: boot partition: %w", path, err)
	}
	for _, f := range l.Boot {
		if err := writeFile(boot, f); err != nil {
			return fmt.Errorf("%s: boot partition: %w", path, err)
		}
	}
	if dataBytes > 0 {
		if _, err := d.CreateFilesystem(disk.FilesystemSpec{Partition: 2, FSType: filesystem.TypeFat32, VolumeLabel: DataLabel, Reproducible: true}); err != nil {
			return fmt.Errorf("%s: format the data partition: %w", path, err)
		}
		if err := checkFAT32(path, alignment+bootBytes); err != nil {
			return fmt.Errorf("%s: data partition: %w", path, err)
		}
	}
	return nil
}

// geometry returns the sizes of the boot and data partitions and of the
// whole image for l: the boot partition holds its files with room to
// spare, and the last partition takes the image up to a power of two
// (less a MiB where that size would make a broken FAT32: see fat32.go).
func geometry(l Layout) (boot, data, total int64, err error) {
	var content int64
	for _, f := range l.Boot {
		content += int64(len(f.Data)) + SectorSize // a cluster's slack, a directory entry
	}
	boot = max(minBootBytes, alignUp(2*content, alignment))
	if l.DataBytes < 0 {
		return 0, 0, 0, fmt.Errorf("data partition of %d bytes", l.DataBytes)
	}
	if l.DataBytes > 0 {
		data = max(minDataBytes, alignUp(l.DataBytes, alignment))
	}
	end := alignment + boot + data
	if end > maxCardBytes {
		return 0, 0, 0, fmt.Errorf("a card of %d bytes is larger than %d", end, int64(maxCardBytes))
	}
	total = int64(1) << bits.Len64(uint64(end-1))
	if data > 0 {
		data = partitionBytes(data + total - end)
	} else {
		boot = partitionBytes(boot + total - end)
	}
	boot = partitionBytes(boot)
	return boot, data, total, nil
}

func alignUp(n, a int64) int64 { return (n + a - 1) / a * a }

// writeFile creates f in fsys, with the directories above it.
func writeFile(fsys filesystem.FileSystem, f File) error {
	name := "/" + strings.TrimPrefix(path.Clean("/"+f.Name), "/")
	if dir := path.Dir(name); dir != "/" {
		if err := fsys.Mkdir(dir); err != nil {
			return fmt.Errorf("create %s: %w", dir, err)
		}
	}
	w, err := fsys.OpenFile(name, os.O_CREATE|os.O_RDWR|os.O_TRUNC)
	if err != nil {
		return fmt.Errorf("create %s: %w", name, err)
	}
	if _, err := w.Write(f.Data); err != nil {
		w.Close()
		return fmt.Errorf("write %s: %w", name, err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	return nil
}
