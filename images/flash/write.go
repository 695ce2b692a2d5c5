package flash

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
)

// chunk is how much is written or compared at a time.
const chunk = 4 << 20

// Progress is told how far a phase ("writing", "verifying") has come.
type Progress func(phase string, done, total int64)

// Write copies the image at imagePath to the start of target (a block
// device, or a regular file in tests), makes it durable, and verifies it
// by reading target back. A block device is opened exclusively (Linux
// refuses that while it is mounted) and its buffer cache is dropped before
// reading back, so the comparison reads the medium.
func Write(imagePath, target string, progress Progress) error {
	img, err := os.Open(imagePath)
	if err != nil {
		return err
	}
	defer img.Close()
	fi, err := img.Stat()
	if err != nil {
		return err
	}
	size := fi.Size()
	dst, block, err := openTarget(target)
	if err != nil {
		return err
	}
	if err := copyImage(dst, img, size, progress); err != nil {
		dst.Close()
		return fmt.Errorf("write %s: %w", target, err)
	}
	if err := dst.Sync(); err != nil {
		dst.Close()
		return fmt.Errorf("sync %s: %w", target, err)
	}
	if err := dst.Close(); err != nil {
		return fmt.Errorf("close %s: %w", target, err)
	}
	back, err := os.Open(target)
	if err != nil {
		return fmt.Errorf("read back %s: %w", target, err)
	}
	defer back.Close()
	if err := dropCache(back, block); err != nil {
		return fmt.Errorf("read back %s: %w", target, err)
	}
	if _, err := img.Seek(0, io.SeekStart); err != nil {
		return err
	}
	if err := verify(back, img, size, progress); err != nil {
		return fmt.Errorf("verify %s: %w", target, err)
	}
	return nil
}

func copyImage(dst io.Writer, src io.Reader, size int64, progress Progress) error {
	buf := make([]byte, chunk)
	var done int64
	for done < size {
		n, err := io.ReadFull(src, buf[:min(chunk, size-done)])
		if err != nil {
			return fmt.Errorf("read the image at %d: %w", done, err)
		}
		if _, err := dst.Write(buf[:n]); err != nil {
			return fmt.Errorf("at %d: %w", done, err)
		}
		done += int64(n)
		if progress != nil {
			progress("writing", done, size)
		}
	}
	return nil
}

// ErrMismatch is returned (wrapped) when the device does not read back as
// the image.
var ErrMismatch = errors.New("the device does not hold what was written")

func verify(got, want io.Reader, size int64, progress Progress) error {
	a, b := make([]byte, chunk), make([]byte, chunk)
	var done int64
	for done < size {
		n := min(chunk, size-done)
		if _, err := io.ReadFull(got, a[:n]); err != nil {
			return fmt.Errorf("read at %d: %w", done, err)
		}
		if _, err := io.ReadFull(want, b[:n]); err != nil {
			return fmt.Errorf("read the image at %d: %w", done, err)
		}
		if !bytes.Equal(a[:n], b[:n]) {
			i := 0
			for a[i] == b[i] {
				i++
			}
			return fmt.Errorf("%w: first difference at byte %d", ErrMismatch, done+int64(i))
		}
		done += n
		if progress != nil {
			progress("verifying", done, size)
		}
	}
	return nil
}
