package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// buildGoExample builds examples/NAME with go build and the extra
// environment (GOOS=wasip1 GOARCH=wasm for a module) into a temporary
// directory and returns the output's path.
func buildGoExample(t *testing.T, name, out string, env ...string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), out)
	cmd := exec.Command("go", "build", "-o", path, ".")
	cmd.Dir = filepath.Join("../../examples", name)
	cmd.Env = append(os.Environ(), env...)
	b, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", b)
	return path
}

// TestGoHTTPServer runs a Go net/http server built for wasip1 on a
// socket given with --listen, and talks to it over TCP: requests one at a
// time and at once, goroutines in a handler, and a clean exit.
func TestGoHTTPServer(t *testing.T) {
	wasmPath := buildGoExample(t, "gohttp", "gohttp.wasm", "GOOS=wasip1", "GOARCH=wasm")
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	require.NoError(t, l.Close())

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "run", "--machine", "host", "--listen", addr, wasmPath)
	cmd.Env = append(os.Environ(), "WASMKERNEL_TEST_CLI=1")
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	require.NoError(t, cmd.Start())

	get := func(path string) (string, error) {
		resp, err := http.Get("http://" + addr + path)
		if err != nil {
			return "", err
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusOK {
			return "", fmt.Errorf("%s: %s", resp.Status, b)
		}
		return string(b), err
	}
	var body string
	require.Eventually(t, func() bool {
		body, err = get("/hello")
		return err == nil
	}, time.Minute, 50*time.Millisecond, "the server never answered; stderr: %s", &stderr)
	require.Equal(t, "hello from wasm at /hello\n", body)

	body, err = get("/sum?n=1000")
	require.NoError(t, err)
	require.Equal(t, "500500\n", body)

	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for i := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			want := fmt.Sprintf("hello from wasm at /hello?i=%d\n", i)
			got, err := get(fmt.Sprintf("/hello?i=%d", i))
			if err == nil && got != want {
				err = fmt.Errorf("got %q, want %q", got, want)
			}
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}

	body, err = get("/quit")
	require.NoError(t, err)
	require.Equal(t, "bye\n", body)
	require.NoError(t, cmd.Wait(), "stderr: %s", &stderr)
	require.Equal(t, "gohttp: serving\ngohttp: done\n", stdout.String())
}

func TestListenNeedsHost(t *testing.T) {
	code, _, stderr := runCLI("run", "--listen", "127.0.0.1:0", "../../examples/hello/hello.wasm")
	require.Equal(t, 2, code)
	require.Contains(t, stderr, "--listen needs --machine host")
	code, _, stderr = runCLI("run", "--machine", "host", "--listen", "nonsense", "../../examples/hello/hello.wasm")
	require.Equal(t, 1, code)
	require.Contains(t, stderr, `--listen "nonsense"`)
}
