package linuxvm

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// writeApt writes apt source files under root/etc/apt.
func writeApt(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for name, text := range files {
		p := filepath.Join(root, "etc", "apt", name)
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(text), 0o644))
	}
	return root
}

func TestHostArchiveReadsDeb822Sources(t *testing.T) {
	root := writeApt(t, map[string]string{
		// Sorted before debian.sources: another archive with "main".
		"sources.list.d/a-nodesource.sources": "Types: deb\nURIs: https://deb.nodesource.com/node_20.x\nSuites: nodistro\nComponents: main\n",
		"sources.list.d/debian.sources": `Types: deb
# http://snapshot.debian.org/archive/debian/20250520T000000Z
URIs: http://deb.debian.org/debian
Suites: bookworm-updates bookworm
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: http://deb.debian.org/debian-security
Suites: bookworm-security
Components: main
`,
	})
	a, err := HostArchive(root)
	require.NoError(t, err)
	require.Equal(t, Archive{Mirror: "http://deb.debian.org/debian", Suite: "bookworm", Component: "main", Keyring: DebianKeyring}, a)
}

func TestHostArchiveReadsOneLineSources(t *testing.T) {
	root := writeApt(t, map[string]string{
		"sources.list": `# deb http://old.example.org/debian buster main
deb-src http://ftp.de.debian.org/debian/ trixie main
deb [arch=amd64 signed-by=/etc/apt/keyrings/mirror.gpg] http://ftp.de.debian.org/debian/ trixie main contrib
`,
	})
	a, err := HostArchive(root)
	require.NoError(t, err)
	require.Equal(t, Archive{Mirror: "http://ftp.de.debian.org/debian", Suite: "trixie", Component: "main", Keyring: "/etc/apt/keyrings/mirror.gpg"}, a)

	root = writeApt(t, map[string]string{"sources.list": "deb http://deb.debian.org/debian-security bookworm-security main\n"})
	_, err = HostArchive(root)
	require.ErrorContains(t, err, "name no Debian archive")
}
