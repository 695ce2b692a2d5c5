package sdcard

import (
	"fmt"
	"io/fs"

	diskfs "github.com/diskfs/go-diskfs"
	"github.com/diskfs/go-diskfs/disk"
	"github.com/diskfs/go-diskfs/filesystem"
	"github.com/diskfs/go-diskfs/partition/mbr"
)

// Partition is one entry of a card's partition table.
type Partition struct {
	Type     byte  // MBR partition type
	Bootable bool  // marked active
	Start    int64 // in bytes from the start of the card
	Size     int64 // in bytes
	Label    string
}

// Card is a card image opened for reading.
type Card struct {
	disk       *disk.Disk
	Partitions []Partition
	boot       filesystem.FileSystem
}

// Open opens the card image at path and its boot partition's file
// system.
func Open(path string) (*Card, error) {
	d, err := diskfs.Open(path, diskfs.WithOpenMode(diskfs.ReadOnly))
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	c := &Card{disk: d}
	table, err := d.GetPartitionTable()
	if err != nil {
		d.Close()
		return nil, fmt.Errorf("%s: no partition table: %w", path, err)
	}
	t, ok := table.(*mbr.Table)
	if !ok {
		d.Close()
		return nil, fmt.Errorf("%s: a %s partition table, not MBR", path, table.Type())
	}
	for i, p := range t.Partitions {
		if p.Type == mbr.Empty {
			continue
		}
		part := Partition{Type: byte(p.Type), Bootable: p.Bootable, Start: p.GetStart(), Size: p.GetSize()}
		if fsys, err := d.GetFilesystem(i + 1); err == nil {
			part.Label = trimLabel(fsys.Label())
			if i == 0 {
				c.boot = fsys
			}
		}
		c.Partitions = append(c.Partitions, part)
	}
	if c.boot == nil {
		d.Close()
		return nil, fmt.Errorf("%s: the first partition has no FAT file system", path)
	}
	return c, nil
}

// Boot returns the boot partition's files.
func (c *Card) Boot() fs.FS { return c.boot }

// Close closes the image.
func (c *Card) Close() error { return c.disk.Close() }

func trimLabel(s string) string {
	for len(s) > 0 && (s[len(s)-1] == ' ' || s[len(s)-1] == 0) {
		s = s[:len(s)-1]
	}
	return s
}
