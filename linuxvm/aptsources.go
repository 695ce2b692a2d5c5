package linuxvm

import (
	"bufio"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// DebianKeyring is the keyring of Debian's archive signing keys
// (Debian: debian-archive-keyring).
const DebianKeyring = "/usr/share/keyrings/debian-archive-keyring.gpg"

// aptSource is one "deb" source of apt's configuration.
type aptSource struct {
	uri        string
	suites     []string
	components []string
	signedBy   string
}

// HostArchive returns the Debian archive the host's apt reads (its
// sources in root/etc/apt: sources.list, sources.list.d/*.list and
// *.sources): the first "deb" source whose URI's path ends in /debian
// and that has the main component, with its first suite that names a
// release rather than its -updates, -security or -backports, and the
// keyring the source names (DebianKeyring if none). apt's configuration
// is only read.
func HostArchive(root string) (Archive, error) {
	dir := filepath.Join(root, "etc", "apt")
	files := []string{filepath.Join(dir, "sources.list")}
	lists, _ := filepath.Glob(filepath.Join(dir, "sources.list.d", "*.list"))
	deb822, _ := filepath.Glob(filepath.Join(dir, "sources.list.d", "*.sources"))
	files = append(append(files, lists...), deb822...)
	var sources []aptSource
	for _, f := range files {
		b, err := os.ReadFile(f)
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			return Archive{}, err
		}
		if strings.HasSuffix(f, ".sources") {
			sources = append(sources, parseDeb822Sources(string(b))...)
		} else {
			sources = append(sources, parseOneLineSources(string(b))...)
		}
	}
	for _, s := range sources {
		u, err := url.Parse(s.uri)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") ||
			!strings.HasSuffix(strings.TrimSuffix(u.Path, "/"), "/debian") || !slices.Contains(s.components, "main") {
			continue
		}
		for _, suite := range s.suites {
			if strings.ContainsAny(suite, "-/") {
				continue
			}
			keyring := DebianKeyring
			if filepath.IsAbs(s.signedBy) {
				keyring = s.signedBy
			}
			return Archive{Mirror: strings.TrimSuffix(s.uri, "/"), Suite: suite, Component: "main", Keyring: keyring}, nil
		}
	}
	return Archive{}, fmt.Errorf("apt's sources in %s name no Debian archive (a deb source at .../debian with main and a release suite)", dir)
}

// parseDeb822Sources reads the "deb" stanzas of a deb822 .sources file.
func parseDeb822Sources(text string) []aptSource {
	var out []aptSource
	fields := map[string]string{}
	var last string
	flush := func() {
		if slices.Contains(strings.Fields(fields["types"]), "deb") && fields["enabled"] != "no" {
			for _, uri := range strings.Fields(fields["uris"]) {
				out = append(out, aptSource{uri: uri, suites: strings.Fields(fields["suites"]),
					components: strings.Fields(fields["components"]), signedBy: strings.TrimSpace(fields["signed-by"])})
			}
		}
		fields, last = map[string]string{}, ""
	}
	sc := bufio.NewScanner(strings.NewReader(text))
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.TrimSpace(line) == "":
			flush()
		case strings.HasPrefix(line, "#"):
		case line[0] == ' ' || line[0] == '\t':
			if last != "" {
				fields[last] += "\n" + line
			}
		default:
			k, v, ok := strings.Cut(line, ":")
			if ok {
				last = strings.ToLower(strings.TrimSpace(k))
				fields[last] = strings.TrimSpace(v)
			}
		}
	}
	flush()
	return out
}

// parseOneLineSources reads the "deb" lines of a sources.list file:
// deb [options] URI SUITE COMPONENT...
func parseOneLineSources(text string) []aptSource {
	var out []aptSource
	sc := bufio.NewScanner(strings.NewReader(text))
	for sc.Scan() {
		line, _, _ := strings.Cut(sc.Text(), "#")
		f := strings.Fields(line)
		if len(f) < 1 || f[0] != "deb" {
			continue
		}
		f = f[1:]
		var signedBy string
		if len(f) > 0 && strings.HasPrefix(f[0], "[") {
			var opts []string
			for len(f) > 0 {
				opts = append(opts, f[0])
				f = f[1:]
				if strings.HasSuffix(opts[len(opts)-1], "]") {
					break
				}
			}
			for _, o := range opts {
				if v, ok := strings.CutPrefix(strings.Trim(o, "[]"), "signed-by="); ok {
					signedBy = v
				}
			}
		}
		if len(f) < 3 {
			continue
		}
		out = append(out, aptSource{uri: f[0], suites: []string{f[1]}, components: f[2:], signedBy: signedBy})
	}
	return out
}
