package wasi

import "strings"

// Path resolution for the file-system functions. WASI gives paths relative
// to a directory descriptor, which is the capability: nothing may name a
// file outside that directory, whether by "..", by an absolute path or
// through a symbolic link. The resolver works on the components of
// a path inside its preopen and asks the backend only about cleaned,
// relative, symlink-free prefixes, so every backend gets the same
// protection (hostfs adds the kernel's RESOLVE_BENEATH on top).

// More errno values of path resolution.
const (
	ErrnoLoop        Errno = 32 // too many symbolic links
	ErrnoNametoolong Errno = 37
	ErrnoNoent       Errno = 44
	ErrnoNotdir      Errno = 54
	ErrnoNotcapable  Errno = 76
)

// maxSymlinks bounds the symbolic links followed in one resolution.
const maxSymlinks = 40

// maxPathLen bounds a path given to resolution.
const maxPathLen = 4096

// linkReader is what resolution needs from a file system: whether a
// resolved, relative path names a symbolic link, and its target.
type linkReader interface {
	// Readlink returns the target of the symbolic link at path (components
	// relative to the preopen's root), ok false when path is not a
	// symbolic link (or does not exist), or an errno on other failures.
	Readlink(path []string) (target string, ok bool, errno Errno)
}

// resolve returns the components, relative to the preopen's root, of path
// taken relative to the directory dir (itself components relative to the
// root), which no step may leave. A final symbolic link is followed only
// when followFinal is set.
func resolve(fs linkReader, dir []string, path string, followFinal bool) ([]string, Errno) {
	if len(path) > maxPathLen {
		return nil, ErrnoNametoolong
	}
	if strings.HasPrefix(path, "/") {
		return nil, ErrnoNotcapable
	}
	if path == "" {
		return nil, ErrnoNoent
	}
	if plainName(path) {
		// The common case, a name in the directory: one allocation.
		candidate := make([]string, len(dir)+1)
		copy(candidate, dir)
		candidate[len(dir)] = path
		if !followFinal {
			return candidate, ErrnoSuccess
		}
		_, isLink, errno := fs.Readlink(candidate)
		if errno != ErrnoSuccess {
			return nil, errno
		}
		if !isLink {
			return candidate, ErrnoSuccess
		}
	}
	pending := split(path)
	out := make([]string, len(dir), len(dir)+len(pending))
	copy(out, dir)
	// A trailing slash asks for a directory: follow a final link then.
	if strings.HasSuffix(path, "/") {
		followFinal = true
	}
	links := 0
	for len(pending) > 0 {
		c := pending[0]
		pending = pending[1:]
		switch c {
		case ".":
			continue
		case "..":
			if len(out) <= len(dir) {
				return nil, ErrnoNotcapable
			}
			out = out[:len(out)-1]
			continue
		}
		candidate := append(out, c)
		if len(pending) == 0 && !followFinal {
			return candidate, ErrnoSuccess
		}
		target, isLink, errno := fs.Readlink(candidate)
		if errno != ErrnoSuccess {
			return nil, errno
		}
		if !isLink {
			out = candidate
			continue
		}
		links++
		if links > maxSymlinks {
			return nil, ErrnoLoop
		}
		if strings.HasPrefix(target, "/") {
			return nil, ErrnoNotcapable
		}
		if target == "" {
			return nil, ErrnoNoent
		}
		// The link's target replaces it, relative to its directory.
		pending = append(split(target), pending...)
	}
	return out, ErrnoSuccess
}

// plainName reports whether path is one component other than "." and
// "..".
func plainName(path string) bool {
	return path != "" && path != "." && path != ".." && strings.IndexByte(path, '/') < 0
}

// split returns the non-empty components of a path, in one allocation.
func split(path string) []string {
	n := 0
	for i := 0; i < len(path); i++ {
		if path[i] != '/' && (i == 0 || path[i-1] == '/') {
			n++
		}
	}
	cs := make([]string, 0, n)
	for path != "" {
		i := strings.IndexByte(path, '/')
		if i < 0 {
			i = len(path)
		}
		if i > 0 {
			cs = append(cs, path[:i])
		}
		path = path[min(i+1, len(path)):]
	}
	return cs
}
