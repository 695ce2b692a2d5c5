package wasi

import (
	"fmt"
	"io/fs"
	"os"
	"path"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// HostDir opens a host directory as a preopen backend. It works through
// *os.Root, so no path can leave the directory, whatever the symbolic
// links.
func HostDir(dir string) (FS, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	return hostFS{root}, nil
}

// hostFS is a host directory.
type hostFS struct{ *os.Root }

// OpenFile implements FS.OpenFile.
func (h hostFS) OpenFile(name string, flag int, perm fs.FileMode) (File, error) {
	f, err := h.Root.OpenFile(name, flag, perm)
	if err != nil {
		return nil, err
	}
	return hostFile{f}, nil
}

// SetTimes implements FS.SetTimes: relative to the parent directory opened
// inside the root, so that a final link is followed only when asked.
func (h hostFS) SetTimes(name string, atime, mtime time.Time, follow bool) error {
	d, err := h.Root.OpenFile(path.Dir(name), os.O_RDONLY|syscall.O_DIRECTORY, 0)
	if err != nil {
		return err
	}
	defer d.Close()
	flags := 0
	if !follow {
		flags = unix.AT_SYMLINK_NOFOLLOW
	}
	ts := timespecs(atime, mtime)
	return unix.UtimesNanoAt(int(d.Fd()), path.Base(name), ts[:], flags)
}

// hostFile is an open host file.
type hostFile struct{ *os.File }

// WriteAt implements File.WriteAt with pwrite (os.File.WriteAt refuses
// files opened for appending).
func (f hostFile) WriteAt(b []byte, off int64) (int, error) {
	return unix.Pwrite(int(f.Fd()), b, off)
}

// SetAppend implements File.SetAppend by changing the descriptor's flags.
func (f hostFile) SetAppend(on bool) error {
	fd := f.Fd()
	fl, err := unix.FcntlInt(fd, unix.F_GETFL, 0)
	if err != nil {
		return err
	}
	if on {
		fl |= unix.O_APPEND
	} else {
		fl &^= unix.O_APPEND
	}
	_, err = unix.FcntlInt(fd, unix.F_SETFL, fl)
	return err
}

// SetTimes implements File.SetTimes through /proc/self/fd, which works for
// directories and files opened read-only alike.
func (f hostFile) SetTimes(atime, mtime time.Time) error {
	ts := timespecs(atime, mtime)
	return unix.UtimesNanoAt(unix.AT_FDCWD, fmt.Sprintf("/proc/self/fd/%d", f.Fd()), ts[:], 0)
}

// timespecs converts times for utimensat, zero times as UTIME_OMIT.
func timespecs(atime, mtime time.Time) [2]unix.Timespec {
	one := func(t time.Time) unix.Timespec {
		if t.IsZero() {
			return unix.Timespec{Nsec: unix.UTIME_OMIT}
		}
		return unix.NsecToTimespec(t.UnixNano())
	}
	return [2]unix.Timespec{one(atime), one(mtime)}
}
