package sdcard

import (
	"encoding/binary"
	"fmt"
	"os"
)

// go-diskfs (v1.9.4) sizes a new FAT32's allocation tables one or two
// entries short for some partition sizes: its closed form for the table
// size leaves out the two reserved entries, so when the division comes
// out (nearly) even, the last clusters have no entry and fsck.fat rejects
// the file system. partitionBytes avoids those sizes, and checkFAT32
// verifies the layout written.

// FAT32 layout facts (Microsoft's FAT specification, "FAT Volume
// Initialization"): the cluster size by volume size that mkfs.fat and
// go-diskfs use, the 32 reserved sectors they leave, two tables.
const (
	fatReservedSectors = 32
	fatTables          = 2
	fatEntryBytes      = 4
	fatReservedEntries = 2
)

func fatClusterBytes(size int64) int64 {
	switch {
	case size <= 260<<20:
		return 512
	case size <= 8<<30:
		return 4 << 10
	case size <= 16<<30:
		return 8 << 10
	case size <= 32<<30:
		return 16 << 10
	}
	return 32 << 10
}

// fatFits reports whether a FAT32 of size bytes, laid out as go-diskfs
// lays it out, has a table entry for every cluster.
func fatFits(size int64) bool {
	spc := fatClusterBytes(size) / SectorSize
	total := size / SectorSize
	denom := SectorSize*spc + 2*fatEntryBytes
	fatSectors := (fatEntryBytes*(total-fatReservedSectors) + denom - 1) / denom
	clusters := (total - fatReservedSectors - fatTables*fatSectors) / spc
	return fatSectors*SectorSize/fatEntryBytes >= clusters+fatReservedEntries
}

// partitionBytes returns the largest size of at most size bytes, in whole
// MiB, that makes a sound FAT32.
func partitionBytes(size int64) int64 {
	for size > alignment && !fatFits(size) {
		size -= alignment
	}
	return size
}

// checkFAT32 reads the boot sector of the FAT32 at off in the image at
// path and checks that its tables cover its clusters.
func checkFAT32(path string, off int64) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	bs := make([]byte, SectorSize)
	if _, err := f.ReadAt(bs, off); err != nil {
		return fmt.Errorf("read the boot sector: %w", err)
	}
	le := binary.LittleEndian
	bytesPerSector := int64(le.Uint16(bs[11:]))
	spc := int64(bs[13])
	reserved := int64(le.Uint16(bs[14:]))
	tables := int64(bs[16])
	total := int64(le.Uint32(bs[32:]))
	fatSectors := int64(le.Uint32(bs[36:]))
	if bytesPerSector == 0 || spc == 0 {
		return fmt.Errorf("boot sector at %d is not a FAT32's", off)
	}
	clusters := (total - reserved - tables*fatSectors) / spc
	if entries := fatSectors * bytesPerSector / fatEntryBytes; entries < clusters+fatReservedEntries {
		return fmt.Errorf("FAT32 at %d: %d clusters but %d table entries", off, clusters, entries)
	}
	return nil
}
