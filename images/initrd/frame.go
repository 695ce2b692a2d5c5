package initrd

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"
)

// The kernel sends exported directories back as frames on the debug
// console: a header line "wasmkernel-tree NAME SIZE\n" and SIZE bytes of
// tree archive. Frames follow each other; the stream ends with the VM.

const frameMagic = "wasmkernel-tree"

// WriteFrame writes one exported tree.
func WriteFrame(w io.Writer, name string, tree []byte) error {
	if name == "" || strings.ContainsAny(name, " \n") {
		return fmt.Errorf("export name %q: want a word", name)
	}
	if _, err := fmt.Fprintf(w, "%s %s %d\n", frameMagic, name, len(tree)); err != nil {
		return err
	}
	_, err := w.Write(tree)
	return err
}

// ReadFrames reads every frame of a stream, by export name. A stream cut
// short (a VM stopped while it was sending) is an error.
func ReadFrames(r io.Reader) (map[string][]byte, error) {
	br := bufio.NewReader(r)
	trees := map[string][]byte{}
	for {
		line, err := br.ReadString('\n')
		if errors.Is(err, io.EOF) && line == "" {
			return trees, nil
		}
		if err != nil {
			return nil, fmt.Errorf("export stream: %w", err)
		}
		var magic, name string
		var size int
		if n, _ := fmt.Sscanf(line, "%s %s %d\n", &magic, &name, &size); n != 3 || magic != frameMagic || size < 0 {
			return nil, fmt.Errorf("export stream: bad frame header %q", strings.TrimSpace(line))
		}
		tree := make([]byte, size)
		if _, err := io.ReadFull(br, tree); err != nil {
			return nil, fmt.Errorf("export stream: tree %s: %w", name, err)
		}
		trees[name] = tree
	}
}
