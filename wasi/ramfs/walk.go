package ramfs

import (
	"strings"
	"syscall"
)

// maxLinks is how many symbolic links one lookup follows before ELOOP.
const maxLinks = 40

// split returns the components of a slash-separated path.
func split(name string) []string {
	var cs []string
	for _, c := range strings.Split(name, "/") {
		if c != "" && c != "." {
			cs = append(cs, c)
		}
	}
	return cs
}

// walk finds the node name names, following symbolic links on the way and
// a final one when followFinal is set. ".." stops at nothing: a path that
// climbs above the root, or a link to an absolute path, is refused with
// EPERM (nothing outside the tree is reachable, whatever the links say).
// The components are read in place: only a link followed builds a new
// path (its target, then what remained).
func (f *FS) walk(name string, followFinal bool) (*node, syscall.Errno) {
	cur := f.root
	rest := name
	links := 0
	for {
		c, more, ok := nextComponent(&rest)
		if !ok {
			return cur, 0
		}
		if !cur.isDir() {
			return nil, syscall.ENOTDIR
		}
		if c == ".." {
			if cur == f.root {
				return nil, syscall.EPERM
			}
			cur = cur.parent
			continue
		}
		child, ok := cur.children[c]
		if !ok {
			return nil, syscall.ENOENT
		}
		if child.isSymlink() && (more || followFinal) {
			links++
			if links > maxLinks {
				return nil, syscall.ELOOP
			}
			if strings.HasPrefix(child.target, "/") {
				return nil, syscall.EPERM
			}
			rest = child.target + "/" + rest
			continue
		}
		cur = child
	}
}

// nextComponent takes the next component other than "" and "." off the
// front of *rest; more says whether another such component follows.
func nextComponent(rest *string) (c string, more, ok bool) {
	for *rest != "" {
		i := strings.IndexByte(*rest, '/')
		if i < 0 {
			c, *rest = *rest, ""
		} else {
			c, *rest = (*rest)[:i], (*rest)[i+1:]
		}
		if c != "" && c != "." {
			return c, hasComponent(*rest), true
		}
	}
	return "", false, false
}

// hasComponent reports whether path has a component other than "" and ".".
func hasComponent(path string) bool {
	for path != "" {
		i := strings.IndexByte(path, '/')
		c := path
		if i >= 0 {
			c, path = path[:i], path[i+1:]
		} else {
			path = ""
		}
		if c != "" && c != "." {
			return true
		}
	}
	return false
}

// walkParent finds the directory that holds name's last component and
// returns it with that component, which must be an ordinary name.
// The name is cut in place: no allocation.
func (f *FS) walkParent(name string) (*node, string, syscall.Errno) {
	parent, base := lastComponent(name)
	if base == "" {
		return nil, "", syscall.EEXIST // the root itself
	}
	if base == ".." {
		return nil, "", syscall.EINVAL
	}
	dir, errno := f.walk(parent, true)
	if errno != 0 {
		return nil, "", errno
	}
	if !dir.isDir() {
		return nil, "", syscall.ENOTDIR
	}
	return dir, base, 0
}

// lastComponent splits name into its last component other than "" and
// "." (base; "" when there is none) and what comes before it (parent).
func lastComponent(name string) (parent, base string) {
	for name != "" {
		i := strings.LastIndexByte(name, '/')
		parent, base = name[:max(i, 0)], name[i+1:]
		if base != "" && base != "." {
			return parent, base
		}
		name = parent
	}
	return "", ""
}

// isAncestor reports whether directory a is d or holds d, at any depth.
func (f *FS) isAncestor(a, d *node) bool {
	for {
		if d == a {
			return true
		}
		if d == f.root {
			return false
		}
		d = d.parent
	}
}
