package flash

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// Host is the running Linux system, as sysfs and procfs describe it.
type Host struct{}

var _ System = Host{}

// Device implements System.Device from /sys/dev/block.
func (Host) Device(path string) (Device, error) {
	num, err := blockNumber(path)
	if err != nil {
		return Device{}, err
	}
	dir, err := filepath.EvalSymlinks("/sys/dev/block/" + num)
	if err != nil {
		return Device{}, fmt.Errorf("%s: not in sysfs: %w", path, err)
	}
	d := Device{Path: path, Name: filepath.Base(dir), Numbers: []string{num}}
	if exists(filepath.Join(dir, "partition")) {
		d.Partition = true
		return d, nil
	}
	sectors, err := strconv.ParseInt(readAttr(dir, "size"), 10, 64)
	if err != nil {
		return d, fmt.Errorf("%s: size: %w", path, err)
	}
	d.Size = sectors * 512 // sysfs counts 512-byte sectors whatever the device's
	d.Removable = readAttr(dir, "removable") == "1"
	d.ReadOnly = readAttr(dir, "ro") == "1"
	d.Model = strings.Join(strings.Fields(readAttr(dir, "device/vendor")+" "+readAttr(dir, "device/model")), " ")
	switch {
	case strings.Contains(dir, "/usb"):
		d.Transport = "usb"
	case strings.HasPrefix(d.Name, "mmcblk"):
		d.Transport = "mmc"
	}
	d.Holders = holders(dir)
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		part := filepath.Join(dir, e.Name())
		if e.IsDir() && exists(filepath.Join(part, "partition")) {
			d.Numbers = append(d.Numbers, readAttr(part, "dev"))
			d.Holders = append(d.Holders, holders(part)...)
		}
	}
	return d, nil
}

// InUse implements System.InUse from /proc/self/mountinfo and
// /proc/swaps.
func (Host) InUse() ([]Use, error) {
	mounts, err := readMounts()
	if err != nil {
		return nil, err
	}
	var uses []Use
	for _, m := range mounts {
		uses = append(uses, Use{Number: m.number, What: "mounted at " + m.point})
		if num, err := blockNumber(m.source); err == nil && num != m.number {
			uses = append(uses, Use{Number: num, What: "mounted at " + m.point})
		}
	}
	for _, s := range swaps() {
		if num, err := blockNumber(s); err == nil {
			uses = append(uses, Use{Number: num, What: "swap"})
		}
	}
	return uses, nil
}

// SystemDisks implements System.SystemDisks: the disks under the mounts
// the system runs from and under its swap areas, through device-mapper
// and RAID layers ("slaves").
func (Host) SystemDisks() ([]string, error) {
	mounts, err := readMounts()
	if err != nil {
		return nil, err
	}
	var nums []string
	for _, m := range mounts {
		switch m.point {
		case "/", "/boot", "/boot/efi", "/boot/firmware", "/usr", "/var":
			nums = append(nums, m.number)
			if num, err := blockNumber(m.source); err == nil {
				nums = append(nums, num)
			}
		}
	}
	for _, s := range swaps() {
		if num, err := blockNumber(s); err == nil {
			nums = append(nums, num)
		}
	}
	var disks []string
	for _, num := range nums {
		if dir, err := filepath.EvalSymlinks("/sys/dev/block/" + num); err == nil {
			disks = appendDisks(disks, dir, 0)
		}
	}
	return disks, nil
}

// appendDisks adds the whole disk under the sysfs block directory dir:
// the parent of a partition, the disks below a mapped device.
func appendDisks(disks []string, dir string, depth int) []string {
	if exists(filepath.Join(dir, "partition")) {
		dir = filepath.Dir(dir)
	}
	slaves, _ := os.ReadDir(filepath.Join(dir, "slaves"))
	if len(slaves) == 0 || depth > 8 {
		return append(disks, filepath.Base(dir))
	}
	for _, s := range slaves {
		if sub, err := filepath.EvalSymlinks(filepath.Join(dir, "slaves", s.Name())); err == nil {
			disks = appendDisks(disks, sub, depth+1)
		}
	}
	return disks
}

type mount struct{ number, point, source string }

// readMounts reads /proc/self/mountinfo: per line the mount's device
// number (field 3), its mount point (field 5) and, after the "-"
// separator, the file-system type and the source.
func readMounts() ([]mount, error) {
	f, err := os.Open("/proc/self/mountinfo")
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var mounts []mount
	s := bufio.NewScanner(f)
	for s.Scan() {
		fields := strings.Fields(s.Text())
		if len(fields) < 5 {
			continue
		}
		m := mount{number: fields[2], point: unescapeMount(fields[4])}
		for i, f := range fields {
			if f == "-" && i+2 < len(fields) {
				m.source = unescapeMount(fields[i+2])
				break
			}
		}
		mounts = append(mounts, m)
	}
	return mounts, s.Err()
}

// unescapeMount undoes mountinfo's octal escapes (\040 for a space).
func unescapeMount(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+3 < len(s) {
			if v, err := strconv.ParseUint(s[i+1:i+4], 8, 8); err == nil {
				b.WriteByte(byte(v))
				i += 3
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// swaps returns the paths of the swap areas in /proc/swaps.
func swaps() []string {
	b, err := os.ReadFile("/proc/swaps")
	if err != nil {
		return nil
	}
	var paths []string
	for i, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); i > 0 && len(f) > 0 {
			paths = append(paths, unescapeMount(f[0]))
		}
	}
	return paths
}

// blockNumber returns the device number ("major:minor") of the block
// device file at path.
func blockNumber(path string) (string, error) {
	var st unix.Stat_t
	if err := unix.Stat(path, &st); err != nil {
		return "", err
	}
	if st.Mode&unix.S_IFMT != unix.S_IFBLK {
		return "", fmt.Errorf("%s is not a block device", path)
	}
	return fmt.Sprintf("%d:%d", unix.Major(uint64(st.Rdev)), unix.Minor(uint64(st.Rdev))), nil
}

func holders(dir string) []string {
	entries, _ := os.ReadDir(filepath.Join(dir, "holders"))
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func readAttr(dir, name string) string {
	b, _ := os.ReadFile(filepath.Join(dir, name))
	return strings.TrimSpace(string(b))
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// openTarget opens target for writing: a block device exclusively (the
// kernel refuses while it is mounted or held), a regular file as it is.
func openTarget(target string) (f *os.File, block bool, err error) {
	_, err = blockNumber(target)
	block = err == nil
	flags := os.O_WRONLY
	if block {
		flags |= unix.O_EXCL
	}
	f, err = os.OpenFile(target, flags, 0)
	if err != nil {
		return nil, false, fmt.Errorf("open %s: %w", target, err)
	}
	return f, block, nil
}

// dropCache makes the next reads of f come from the medium: the block
// device's buffer cache is flushed and invalidated (BLKFLSBUF); a regular
// file's cached pages are dropped where the kernel can (they are clean
// after the sync).
func dropCache(f *os.File, block bool) error {
	if block {
		if err := unix.IoctlSetInt(int(f.Fd()), unix.BLKFLSBUF, 0); err != nil {
			return fmt.Errorf("flush the buffer cache: %w", err)
		}
		return nil
	}
	_ = unix.Fadvise(int(f.Fd()), 0, 0, unix.FADV_DONTNEED) // advice: a file system may ignore it
	return nil
}
