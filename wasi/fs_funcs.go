package wasi

import (
	"encoding/binary"
	"io/fs"
	"os"
	"slices"
	"sort"
	"syscall"
	"time"
	"unicode/utf8"
)

// File types (spec: $filetype).
const (
	filetypeUnknown         = 0
	filetypeCharacterDevice = 2
	filetypeDirectory       = 3
	filetypeRegularFile     = 4
	filetypeSymbolicLink    = 7
)

// Flags of path_open (spec: $oflags, $fdflags, $lookupflags) and rights.
const (
	oflagCreat     = 1
	oflagDirectory = 2
	oflagExcl      = 4
	oflagTrunc     = 8

	fdflagAppend = 1

	lookupSymlinkFollow = 1

	rightFdRead              = 1 << 1
	rightFdSeek              = 1 << 2
	rightFdTell              = 1 << 5
	rightFdWrite             = 1 << 6
	rightFdAdvise            = 1 << 7
	rightFdAllocate          = 1 << 8
	rightPathCreateFile      = 1 << 10
	rightPathFilestatSetSize = 1 << 19
	rightFdFilestatSetSize   = 1 << 22
	rightPollFdReadwrite     = 1 << 27
	allRights                = 1<<30 - 1
	// fileOnlyRights are meaningless on a directory.
	fileOnlyRights  = rightFdRead | rightFdSeek | rightFdTell | rightFdWrite | rightFdAdvise | rightFdAllocate | rightFdFilestatSetSize
	directoryRights = allRights &^ fileOnlyRights
)

// need checks that descriptor e has every right in r.
func (e *fdEntry) need(r uint64) Errno {
	if e.rights&r != r {
		return ErrnoNotcapable
	}
	return ErrnoSuccess
}

func (s *System) fileFuncs() []HostFunc {
	return append(s.ioFuncs(),
		errnoFunc("fd_prestat_get", i32s(2), s.fdPrestatGet),
		errnoFunc("fd_prestat_dir_name", i32s(3), s.fdPrestatDirName),
		errnoFunc("path_open", []ValueType{I32, I32, I32, I32, I32, I64, I64, I32, I32}, s.pathOpen),
		errnoFunc("fd_close", i32s(1), s.fdClose),
		errnoFunc("fd_seek", []ValueType{I32, I64, I32, I32}, s.fdSeek),
		errnoFunc("fd_tell", i32s(2), func(m mem, a []uint64) Errno { return s.fdSeek(m, []uint64{a[0], 0, 1, a[1]}) }),
		errnoFunc("fd_fdstat_get", i32s(2), s.fdFdstatGet),
		errnoFunc("fd_filestat_get", i32s(2), s.fdFilestatGet),
		errnoFunc("path_filestat_get", i32s(5), s.pathFilestatGet),
		errnoFunc("fd_readdir", []ValueType{I32, I32, I32, I64, I32}, s.fdReaddir),
		errnoFunc("path_create_directory", i32s(3), func(m mem, a []uint64) Errno {
			return s.pathOp(m, uint32(a[0]), uint32(a[1]), uint32(a[2]), func(p *Preopen, name string) error {
				return p.FS.Mkdir(name, 0o755)
			})
		}),
		errnoFunc("path_remove_directory", i32s(3), func(m mem, a []uint64) Errno { return s.pathRemove(m, a, true) }),
		errnoFunc("path_unlink_file", i32s(3), func(m mem, a []uint64) Errno { return s.pathRemove(m, a, false) }),
		errnoFunc("path_rename", i32s(6), s.pathRename),
		errnoFunc("path_readlink", i32s(6), s.pathReadlink),
		errnoFunc("path_symlink", i32s(5), s.pathSymlink),
		errnoFunc("fd_sync", i32s(1), s.fdSync),
		errnoFunc("fd_datasync", i32s(1), s.fdSync),
		errnoFunc("fd_filestat_set_size", []ValueType{I32, I64}, s.fdFilestatSetSize),
		errnoFunc("fd_renumber", i32s(2), s.fdRenumber),
		errnoFunc("fd_advise", []ValueType{I32, I64, I64, I32}, s.fdAdvise),
		errnoFunc("fd_allocate", []ValueType{I32, I64, I64}, s.fdAllocate),
		errnoFunc("fd_fdstat_set_rights", []ValueType{I32, I64, I64}, s.fdFdstatSetRights),
		errnoFunc("fd_fdstat_set_flags", i32s(2), s.fdFdstatSetFlags),
		errnoFunc("fd_filestat_set_times", []ValueType{I32, I64, I64, I32}, s.fdFilestatSetTimes),
		errnoFunc("path_filestat_set_times", []ValueType{I32, I32, I32, I32, I64, I64, I32}, s.pathFilestatSetTimes),
		errnoFunc("path_link", []ValueType{I32, I32, I32, I32, I32, I32, I32}, s.pathLink),
	)
}

// fdFdstatSetRights drops rights; adding rights is refused.
func (s *System) fdFdstatSetRights(_ mem, a []uint64) Errno {
	e, errno := s.entry(uint32(a[0]))
	if errno != ErrnoSuccess {
		return errno
	}
	if a[1]&^e.rights != 0 || a[2]&^e.inheriting != 0 {
		return ErrnoNotcapable
	}
	e.rights, e.inheriting = a[1], a[2]
	return ErrnoSuccess
}

// fdFdstatSetFlags changes the append flag of a file or the non-blocking
// flag of a socket (other flags are accepted without effect).
func (s *System) fdFdstatSetFlags(_ mem, a []uint64) Errno {
	e, errno := s.entry(uint32(a[0]))
	if errno != ErrnoSuccess {
		return errno
	}
	if e.sock != nil {
		nonblock := uint16(a[1])&fdflagNonblock != 0
		if err := e.sock.SetNonblock(nonblock); err != nil {
			return errnoOf(err)
		}
		e.fdflags = e.fdflags&^fdflagNonblock | uint16(a[1])&fdflagNonblock
		return ErrnoSuccess
	}
	if e.isStream() || e.dir || e.file == nil {
		return ErrnoSuccess
	}
	want := uint32(a[1])&fdflagAppend != 0
	if err := e.file.SetAppend(want); err != nil {
		return errnoOf(err)
	}
	e.append = want
	return ErrnoSuccess
}

// Flags of the set_times functions (spec: $fstflags).
const (
	fstAtim    = 1
	fstAtimNow = 2
	fstMtim    = 4
	fstMtimNow = 8
)

// setTimes converts set_times arguments to the times to set, a zero time
// for one left alone.
func (s *System) setTimes(atim, mtim uint64, flags uint32) (atime, mtime time.Time, errno Errno) {
	if flags&(fstAtim|fstAtimNow) == fstAtim|fstAtimNow || flags&(fstMtim|fstMtimNow) == fstMtim|fstMtimNow {
		return atime, mtime, ErrnoInval
	}
	if flags&^(fstAtim|fstAtimNow|fstMtim|fstMtimNow) != 0 {
		return atime, mtime, ErrnoInval
	}
	one := func(t uint64, set, now uint32) time.Time {
		switch {
		case flags&set != 0:
			return time.Unix(0, int64(t))
		case flags&now != 0:
			return s.cfg.Clock.Now()
		}
		return time.Time{}
	}
	return one(atim, fstAtim, fstAtimNow), one(mtim, fstMtim, fstMtimNow), ErrnoSuccess
}

func (s *System) fdFilestatSetTimes(_ mem, a []uint64) Errno {
	e, errno := s.entry(uint32(a[0]))
	if errno != ErrnoSuccess {
		return errno
	}
	atime, mtime, errno := s.setTimes(a[1], a[2], uint32(a[3]))
	if errno != ErrnoSuccess {
		return errno
	}
	f, errno := e.openFile()
	if errno != ErrnoSuccess {
		return errno
	}
	return errnoOf(f.SetTimes(atime, mtime))
}

func (s *System) pathFilestatSetTimes(m mem, a []uint64) Errno {
	follow := uint32(a[1])&lookupSymlinkFollow != 0
	dir, path, errno := s.resolveAt(m, uint32(a[0]), uint32(a[2]), uint32(a[3]), follow)
	if errno != ErrnoSuccess {
		return errno
	}
	atime, mtime, errno := s.setTimes(a[4], a[5], uint32(a[6]))
	if errno != ErrnoSuccess {
		return errno
	}
	return errnoOf(dir.preopen.FS.SetTimes(joinName(path), atime, mtime, follow))
}

// fdRenumber moves descriptor from to to, closing what to was.
func (s *System) fdRenumber(_ mem, a []uint64) Errno {
	from, to := uint32(a[0]), uint32(a[1])
	e, errno := s.entry(from)
	if errno != ErrnoSuccess {
		return errno
	}
	old, errno := s.entry(to)
	if errno != ErrnoSuccess {
		return errno
	}
	if from == to {
		return ErrnoSuccess
	}
	old.close()
	s.fds.replace(to, e)
	s.fds.remove(from)
	return ErrnoSuccess
}

// regularFile returns the open regular file of fd: EBADF for stdio and
// directories, as file operations on them fail.
func (s *System) regularFile(fd uint32) (*fdEntry, Errno) {
	e, errno := s.entry(fd)
	if errno != ErrnoSuccess {
		return nil, errno
	}
	if e.isStream() || e.dir || e.file == nil {
		return nil, ErrnoBadf
	}
	return e, ErrnoSuccess
}

// fdAdvise accepts the advice (it changes no result) after checking the
// descriptor and the advice value.
func (s *System) fdAdvise(_ mem, a []uint64) Errno {
	if _, errno := s.regularFile(uint32(a[0])); errno != ErrnoSuccess {
		return errno
	}
	if a[3] > 5 {
		return ErrnoInval
	}
	return ErrnoSuccess
}

// fdAllocate makes sure the file holds offset+len bytes.
func (s *System) fdAllocate(_ mem, a []uint64) Errno {
	e, errno := s.regularFile(uint32(a[0]))
	if errno != ErrnoSuccess {
		return errno
	}
	end := int64(a[1] + a[2])
	if end < 0 || int64(a[1]) < 0 {
		return ErrnoInval
	}
	st, err := fileStat(e.file)
	if err != nil {
		return errnoOf(err)
	}
	if int64(st.Size) < end {
		return errnoOf(e.file.Truncate(end))
	}
	return ErrnoSuccess
}

// str reads a guest string.
func (m mem) str(ptr, n uint32) (string, bool) {
	if !m.ok(ptr, n) {
		return "", false
	}
	b := m[ptr : ptr+n]
	if !utf8.Valid(b) {
		return "", false
	}
	return string(b), true
}

// endsWithSlash reports whether the guest string at ptr, n bytes long,
// ends with a slash.
func (m mem) endsWithSlash(ptr, n uint32) bool {
	return n > 0 && m.ok(ptr, n) && m[ptr+n-1] == '/'
}

// entry returns the open descriptor fd (not stdio).
func (s *System) entry(fd uint32) (*fdEntry, Errno) {
	e, ok := s.fds.get(fd)
	if !ok {
		return nil, ErrnoBadf
	}
	return e, ErrnoSuccess
}

// openFile returns the open file of an entry, opening a preopen's
// directory on first use.
func (e *fdEntry) openFile() (File, Errno) {
	if e.file != nil {
		return e.file, ErrnoSuccess
	}
	f, err := e.preopen.FS.OpenFile(e.name(), os.O_RDONLY, 0)
	if err != nil {
		return nil, errnoOf(err)
	}
	e.file = f
	return f, ErrnoSuccess
}

func (s *System) fdPrestatGet(m mem, a []uint64) Errno {
	e, errno := s.entry(uint32(a[0]))
	if errno != ErrnoSuccess {
		return errno
	}
	if !e.isRoot {
		return ErrnoBadf
	}
	p := uint32(a[1])
	if !m.ok(p, 8) {
		return ErrnoFault
	}
	clear(m[p : p+8])
	binary.LittleEndian.PutUint32(m[p+4:], uint32(len(e.preopen.GuestPath)))
	return ErrnoSuccess
}

func (s *System) fdPrestatDirName(m mem, a []uint64) Errno {
	e, errno := s.entry(uint32(a[0]))
	if errno != ErrnoSuccess {
		return errno
	}
	if !e.isRoot {
		return ErrnoBadf
	}
	p, n := uint32(a[1]), uint32(a[2])
	if n < uint32(len(e.preopen.GuestPath)) {
		return ErrnoNametoolong
	}
	if !m.ok(p, uint32(len(e.preopen.GuestPath))) {
		return ErrnoFault
	}
	copy(m[p:], e.preopen.GuestPath)
	return ErrnoSuccess
}

// resolveAt resolves a guest path relative to directory descriptor dirfd.
func (s *System) resolveAt(m mem, dirfd, ptr, n uint32, follow bool) (*fdEntry, []string, Errno) {
	dir, errno := s.entry(dirfd)
	if errno != ErrnoSuccess {
		return nil, nil, errno
	}
	if !dir.dir {
		return nil, nil, ErrnoNotdir
	}
	path, ok := m.str(ptr, n)
	if !ok {
		return nil, nil, ErrnoFault
	}
	resolved, errno := resolve((*preopenLinks)(dir.preopen), dir.path, path, follow)
	return dir, resolved, errno
}

func (s *System) pathOpen(m mem, a []uint64) Errno {
	dirfd, lookup, ptr, n := uint32(a[0]), uint32(a[1]), uint32(a[2]), uint32(a[3])
	oflags, rights, fdflags, out := uint32(a[4]), a[5], uint32(a[7]), uint32(a[8])
	dir, path, errno := s.resolveAt(m, dirfd, ptr, n, lookup&lookupSymlinkFollow != 0)
	if errno != ErrnoSuccess {
		return errno
	}
	if oflags&oflagCreat != 0 && dir.rights&rightPathCreateFile == 0 ||
		oflags&oflagTrunc != 0 && dir.rights&rightPathFilestatSetSize == 0 {
		return ErrnoNotcapable
	}
	rights &= dir.inheriting
	flag := os.O_RDONLY
	switch {
	case rights&rightFdWrite != 0 && rights&rightFdRead != 0:
		flag = os.O_RDWR
	case rights&rightFdWrite != 0:
		flag = os.O_WRONLY
	}
	if oflags&oflagCreat != 0 {
		flag |= os.O_CREATE
	}
	if oflags&oflagExcl != 0 {
		flag |= os.O_EXCL
	}
	if oflags&oflagTrunc != 0 {
		flag |= os.O_TRUNC
	}
	if fdflags&fdflagAppend != 0 {
		flag |= os.O_APPEND
	}
	if lookup&lookupSymlinkFollow == 0 {
		flag |= syscall.O_NOFOLLOW
	}
	if oflags&oflagDirectory != 0 {
		flag |= syscall.O_DIRECTORY
	}
	name := joinName(path)
	if lookup&lookupSymlinkFollow == 0 {
		// Opening a symbolic link itself fails, as O_NOFOLLOW does.
		if st, err := lstat(dir.preopen.FS, name); err == nil && st.Filetype == filetypeSymbolicLink {
			return ErrnoLoop
		}
	}
	if oflags&oflagDirectory != 0 && flag&(os.O_WRONLY|os.O_RDWR) != 0 {
		return ErrnoIsdir // a directory cannot be opened for writing
	}
	f, err := dir.preopen.FS.OpenFile(name, flag, 0o644)
	if err != nil {
		return errnoOf(err)
	}
	st, err := fileStat(f)
	if err != nil {
		f.Close()
		return errnoOf(err)
	}
	if m.endsWithSlash(ptr, n) && !st.IsDir() {
		f.Close()
		return ErrnoNotdir
	}
	if !m.putU32(out, s.fds.next()) {
		f.Close()
		return ErrnoFault
	}
	granted := rights & allRights
	if st.IsDir() {
		// A directory gets every directory right its parent may pass on,
		// whatever was asked: Go's wasip1 port opens directories without
		// path_filestat_set_size and then creates files with O_TRUNC in
		// them (os.Root.Create), as wasmtime allows. Rights dropped with
		// fd_fdstat_set_rights still hold.
		granted = dir.inheriting & directoryRights
	}
	s.fds.add(&fdEntry{preopen: dir.preopen, path: path, file: f, dir: st.IsDir(),
		append: fdflags&fdflagAppend != 0, fdflags: uint16(fdflags), rights: granted,
		inheriting: a[6] & dir.inheriting})
	return ErrnoSuccess
}

func (s *System) fdClose(_ mem, a []uint64) Errno {
	fd := uint32(a[0])
	e, errno := s.entry(fd)
	if errno != ErrnoSuccess {
		return errno
	}
	s.fds.remove(fd)
	return errnoOf(e.close())
}

func (s *System) fdSeek(m mem, a []uint64) Errno {
	fd := uint32(a[0])
	if _, _, ok := s.stream(fd); ok {
		return ErrnoSpipe
	}
	e, errno := s.entry(fd)
	if errno != ErrnoSuccess {
		return errno
	}
	if e.dir {
		return ErrnoBadf
	}
	want := uint64(rightFdSeek)
	if a[1] == 0 && a[2] == 1 {
		want = rightFdTell // fd_tell, or a seek that only asks
	}
	if errno := e.need(want); errno != ErrnoSuccess && e.need(rightFdSeek) != ErrnoSuccess {
		return errno
	}
	whence := int(a[2])
	if whence > 2 {
		return ErrnoInval
	}
	pos, err := e.file.Seek(int64(a[1]), whence)
	if err != nil {
		return errnoOf(err)
	}
	if !m.putU64(uint32(a[3]), uint64(pos)) {
		return ErrnoFault
	}
	return ErrnoSuccess
}

func (s *System) fdFdstatGet(m mem, a []uint64) Errno {
	fd, p := uint32(a[0]), uint32(a[1])
	if !m.ok(p, 24) {
		return ErrnoFault
	}
	e, errno := s.entry(fd)
	if errno != ErrnoSuccess {
		return errno
	}
	var flags uint16
	filetype := byte(filetypeRegularFile)
	switch {
	case e.sock != nil:
		filetype = filetypeSocketStream
	case e.isStream():
		filetype = filetypeCharacterDevice
	case e.dir:
		filetype = filetypeDirectory
	}
	flags = e.fdflags &^ fdflagAppend
	if e.append {
		flags |= fdflagAppend
	}
	clear(m[p : p+24])
	m[p] = filetype
	binary.LittleEndian.PutUint16(m[p+2:], flags)
	binary.LittleEndian.PutUint64(m[p+8:], e.rights)
	binary.LittleEndian.PutUint64(m[p+16:], e.inheriting)
	return ErrnoSuccess
}

func (s *System) fdFilestatGet(m mem, a []uint64) Errno {
	fd := uint32(a[0])
	if e, ok := s.fds.get(fd); ok && e.isStream() {
		if !m.ok(uint32(a[1]), 64) {
			return ErrnoFault
		}
		clear(m[uint32(a[1]) : uint32(a[1])+64])
		m[uint32(a[1])+16] = filetypeCharacterDevice
		if e.sock != nil {
			m[uint32(a[1])+16] = filetypeSocketStream
		}
		return ErrnoSuccess
	}
	e, errno := s.entry(fd)
	if errno != ErrnoSuccess {
		return errno
	}
	f, errno := e.openFile()
	if errno != ErrnoSuccess {
		return errno
	}
	st, err := fileStat(f)
	if err != nil {
		return errnoOf(err)
	}
	return putFilestat(m, uint32(a[1]), &st)
}

func (s *System) pathFilestatGet(m mem, a []uint64) Errno {
	dir, path, errno := s.resolveAt(m, uint32(a[0]), uint32(a[2]), uint32(a[3]), uint32(a[1])&lookupSymlinkFollow != 0)
	if errno != ErrnoSuccess {
		return errno
	}
	st, err := lstat(dir.preopen.FS, joinName(path))
	if err != nil {
		return errnoOf(err)
	}
	return putFilestat(m, uint32(a[4]), &st)
}

// fdReaddir writes $dirent records from the cookie on, "." and ".."
// first, truncating the last one if the buffer ends inside it.
func (s *System) fdReaddir(m mem, a []uint64) Errno {
	e, errno := s.entry(uint32(a[0]))
	if errno != ErrnoSuccess {
		return errno
	}
	if !e.dir {
		return ErrnoNotdir
	}
	buf, size, cookie, usedPtr := uint32(a[1]), uint32(a[2]), a[3], uint32(a[4])
	if !m.ok(buf, size) {
		return ErrnoFault
	}
	d, err := e.preopen.FS.OpenFile(e.name(), os.O_RDONLY, 0)
	if err != nil {
		return errnoOf(err)
	}
	entries, err := d.ReadDir(-1)
	d.Close()
	if err != nil {
		return errnoOf(err)
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].Name() < entries[j].Name() })
	type dirent struct {
		name string
		typ  byte
		ino  uint64
	}
	inoOf := func(path []string) uint64 {
		if fi, err := e.preopen.FS.Lstat(joinName(path)); err == nil {
			return attrOf(fi).Ino
		}
		return 0
	}
	parent := e.path
	if len(parent) > 0 {
		parent = parent[:len(parent)-1]
	}
	list := []dirent{{".", filetypeDirectory, inoOf(e.path)}, {"..", filetypeDirectory, inoOf(parent)}}
	for _, de := range entries {
		typ := byte(filetypeRegularFile)
		switch {
		case de.IsDir():
			typ = filetypeDirectory
		case de.Type()&fs.ModeSymlink != 0:
			typ = filetypeSymbolicLink
		case !de.Type().IsRegular():
			typ = filetypeUnknown
		}
		var ino uint64
		if info, err := de.Info(); err == nil {
			ino = attrOf(info).Ino
		}
		list = append(list, dirent{de.Name(), typ, ino})
	}
	var used uint32
	for i := cookie; i < uint64(len(list)) && used < size; i++ {
		var rec [24]byte
		binary.LittleEndian.PutUint64(rec[0:], i+1)
		binary.LittleEndian.PutUint64(rec[8:], list[i].ino)
		binary.LittleEndian.PutUint32(rec[16:], uint32(len(list[i].name)))
		rec[20] = list[i].typ
		full := append(rec[:], list[i].name...)
		n := copy(m[buf+used:buf+size], full)
		used += uint32(n)
	}
	if !m.putU32(usedPtr, used) {
		return ErrnoFault
	}
	return ErrnoSuccess
}

// pathOp resolves a path (not following a final link) and applies op.
func (s *System) pathOp(m mem, dirfd, ptr, n uint32, op func(p *Preopen, name string) error) Errno {
	dir, path, errno := s.resolveAt(m, dirfd, ptr, n, false)
	if errno != ErrnoSuccess {
		return errno
	}
	if len(path) <= len(dir.path) {
		return ErrnoInval // the descriptor's own directory (".")
	}
	return errnoOf(op(dir.preopen, joinName(path)))
}

func (s *System) pathRemove(m mem, a []uint64, directory bool) Errno {
	trailingSlash := m.endsWithSlash(uint32(a[1]), uint32(a[2]))
	return s.pathOp(m, uint32(a[0]), uint32(a[1]), uint32(a[2]), func(p *Preopen, name string) error {
		st, err := lstat(p.FS, name)
		if err != nil {
			return err
		}
		if directory && !st.IsDir() {
			return syscall.ENOTDIR
		}
		if !directory && st.IsDir() {
			return syscall.EISDIR
		}
		if !directory && trailingSlash {
			return syscall.ENOTDIR
		}
		return p.FS.Remove(name)
	})
}

func (s *System) pathRename(m mem, a []uint64) Errno {
	from, fromPath, errno := s.resolveAt(m, uint32(a[0]), uint32(a[1]), uint32(a[2]), false)
	if errno != ErrnoSuccess {
		return errno
	}
	to, toPath, errno := s.resolveAt(m, uint32(a[3]), uint32(a[4]), uint32(a[5]), false)
	if errno != ErrnoSuccess {
		return errno
	}
	if from.preopen != to.preopen {
		return ErrnoXdev
	}
	if len(fromPath) == 0 || len(toPath) == 0 {
		return ErrnoInval
	}
	src, dst := joinName(fromPath), joinName(toPath)
	fs := from.preopen.FS
	if sfi, err := fs.Lstat(src); err == nil && !sfi.IsDir() {
		if dfi, err := fs.Lstat(dst); err == nil && dfi.IsDir() {
			return ErrnoIsdir
		}
	} else if err == nil && sfi.IsDir() {
		// POSIX replaces an empty directory; Go's Rename refuses any
		// existing directory, so remove an empty one first.
		if dfi, err := fs.Lstat(dst); err == nil && dfi.IsDir() {
			if err := fs.Remove(dst); err != nil {
				return errnoOf(err)
			}
		}
	}
	if err := fs.Rename(src, dst); err != nil {
		return errnoOf(err)
	}
	s.movePaths(from.preopen, fromPath, toPath)
	return ErrnoSuccess
}

// movePaths follows a rename in the descriptors open under the renamed
// path, so that a directory descriptor still names its directory after
// one of its parents moved (as openat does on a POSIX host). Renames made
// outside the module are not seen.
func (s *System) movePaths(p *Preopen, from, to []string) {
	s.fds.open(func(_ uint32, e *fdEntry) {
		if e.preopen != p || e.isRoot || len(e.path) < len(from) || !slices.Equal(e.path[:len(from)], from) {
			return
		}
		e.path = append(slices.Clone(to), e.path[len(from):]...)
	})
}

func (s *System) pathReadlink(m mem, a []uint64) Errno {
	dir, path, errno := s.resolveAt(m, uint32(a[0]), uint32(a[1]), uint32(a[2]), false)
	if errno != ErrnoSuccess {
		return errno
	}
	target, err := dir.preopen.FS.Readlink(joinName(path))
	if err != nil {
		return errnoOf(err)
	}
	buf, size := uint32(a[3]), uint32(a[4])
	if !m.ok(buf, size) {
		return ErrnoFault
	}
	n := copy(m[buf:buf+size], target)
	if !m.putU32(uint32(a[5]), uint32(n)) {
		return ErrnoFault
	}
	return ErrnoSuccess
}

func (s *System) pathSymlink(m mem, a []uint64) Errno {
	target, ok := m.str(uint32(a[0]), uint32(a[1]))
	if !ok {
		return ErrnoFault
	}
	if len(target) > 0 && target[0] == '/' {
		return ErrnoNotcapable
	}
	if dst, ok := m.str(uint32(a[3]), uint32(a[4])); ok && len(dst) > 0 && dst[len(dst)-1] == '/' {
		return ErrnoNoent // a link name cannot name a directory
	}
	return s.pathOp(m, uint32(a[2]), uint32(a[3]), uint32(a[4]), func(p *Preopen, name string) error {
		return p.FS.Symlink(target, name)
	})
}

func (s *System) fdSync(_ mem, a []uint64) Errno {
	e, errno := s.entry(uint32(a[0]))
	if errno != ErrnoSuccess {
		return errno
	}
	f, errno := e.openFile()
	if errno != ErrnoSuccess {
		return errno
	}
	return errnoOf(f.Sync())
}

func (s *System) fdFilestatSetSize(_ mem, a []uint64) Errno {
	e, errno := s.entry(uint32(a[0]))
	if errno != ErrnoSuccess {
		return errno
	}
	if e.dir {
		return ErrnoIsdir
	}
	if errno := e.need(rightFdFilestatSetSize); errno != ErrnoSuccess {
		return errno
	}
	return errnoOf(e.file.Truncate(int64(a[1])))
}

// pathLink makes a hard link new to old, both inside one preopen.
func (s *System) pathLink(m mem, a []uint64) Errno {
	from, oldPath, errno := s.resolveAt(m, uint32(a[0]), uint32(a[2]), uint32(a[3]), uint32(a[1])&lookupSymlinkFollow != 0)
	if errno != ErrnoSuccess {
		return errno
	}
	to, newPath, errno := s.resolveAt(m, uint32(a[4]), uint32(a[5]), uint32(a[6]), false)
	if errno != ErrnoSuccess {
		return errno
	}
	if from.preopen != to.preopen {
		return ErrnoXdev
	}
	if p, ok := m.str(uint32(a[5]), uint32(a[6])); ok && len(p) > 0 && p[len(p)-1] == '/' {
		return ErrnoNoent
	}
	if len(oldPath) == 0 || len(newPath) == 0 {
		return ErrnoInval
	}
	return errnoOf(from.preopen.FS.Link(joinName(oldPath), joinName(newPath)))
}
