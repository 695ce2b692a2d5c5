package flash

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

func TestHostRefusesFiles(t *testing.T) {
	path := filepath.Join(t.TempDir(), "card.img")
	require.NoError(t, os.WriteFile(path, make([]byte, 4096), 0o644))
	_, err := Check(Host{}, path)
	require.ErrorContains(t, err, "not a block device")
	_, err = Check(Host{}, "/dev/null")
	require.ErrorContains(t, err, "not a block device")
}

// TestHostSystemDisk: the disk the root file system is on is among the
// system's disks.
func TestHostSystemDisk(t *testing.T) {
	var st unix.Stat_t
	require.NoError(t, unix.Stat("/", &st))
	dir, err := filepath.EvalSymlinks(fmt.Sprintf("/sys/dev/block/%d:%d", unix.Major(st.Dev), unix.Minor(st.Dev)))
	if err != nil {
		t.Skipf("/ is not on a block device (%v): nothing to find", err)
	}
	disks, err := Host{}.SystemDisks()
	require.NoError(t, err)
	require.Contains(t, disks, appendDisks(nil, dir, 0)[0])
}

// TestHostLoopDevice writes a card image to a loop device, the write path
// a card reader takes: exclusive open, sync, buffer cache dropped, read
// back. The checks see a loop device for what it is (not removable), and
// once it is mounted, in use. Needs root (losetup).
func TestHostLoopDevice(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("loop devices need root")
	}
	dir := t.TempDir()
	backing := filepath.Join(dir, "backing")
	require.NoError(t, os.WriteFile(backing, make([]byte, 16<<20), 0o644))
	out, err := exec.Command("losetup", "--find", "--show", backing).CombinedOutput()
	require.NoError(t, err, "losetup: %s", out)
	loop := strings.TrimSpace(string(out))
	t.Cleanup(func() { exec.Command("losetup", "-d", loop).Run() })

	d, err := Host{}.Device(loop)
	require.NoError(t, err)
	require.Equal(t, int64(16<<20), d.Size)
	require.False(t, d.Removable)
	require.False(t, d.Partition)
	require.Equal(t, filepath.Base(loop), d.Name)
	_, err = Check(Host{}, loop)
	require.ErrorContains(t, err, "not a removable device")

	img, want := testImage(t, dir, 5<<20+777)
	require.NoError(t, Write(img, loop, nil))
	got, err := os.ReadFile(backing)
	require.NoError(t, err)
	require.True(t, bytes.Equal(want, got[:len(want)]), "the backing file holds the image")

	mnt := filepath.Join(dir, "mnt")
	require.NoError(t, os.Mkdir(mnt, 0o755))
	out, err = exec.Command("mkfs.ext4", "-q", "-F", loop).CombinedOutput()
	require.NoError(t, err, "mkfs.ext4: %s", out)
	out, err = exec.Command("mount", loop, mnt).CombinedOutput()
	require.NoError(t, err, "mount: %s", out)
	t.Cleanup(func() { exec.Command("umount", mnt).Run() })
	uses, err := Host{}.InUse()
	require.NoError(t, err)
	require.True(t, slices.Contains(uses, Use{Number: d.Numbers[0], What: "mounted at " + mnt}), "%v", uses)
	require.ErrorContains(t, Write(img, loop, nil), "busy", "a mounted device cannot be opened exclusively")
}
