// gowasi is a Go program built for GOOS=wasip1 that exercises what a Go
// runtime needs from wasmkernel: goroutines, the garbage collector, timers,
// crypto/rand, arguments, environment, files in a preopened directory
// (/data, when given) and the exit status. Its output is deterministic,
// so tests compare it with the same program built natively.
package main

import (
	"bytes"
	"crypto/rand"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"time"
)

func main() {
	fmt.Println("hello from Go on wasmkernel", os.Args[1:])
	var wg sync.WaitGroup
	results := make([]int, 8)
	for i := range results {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			s := 0
			for j := 0; j < 100000; j++ {
				s += j % (i + 1)
			}
			results[i] = s
		}(i)
	}
	wg.Wait()
	fmt.Println("goroutines:", results)
	var junk [][]byte
	for i := 0; i < 200; i++ {
		junk = append(junk, make([]byte, 1<<20))
		if len(junk) > 20 {
			junk = junk[1:]
		}
	}
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fmt.Println("GC cycles > 0:", ms.NumGC > 0)
	t0 := time.Now()
	time.Sleep(20 * time.Millisecond)
	fmt.Println("slept >= 20ms:", time.Since(t0) >= 20*time.Millisecond)
	b := make([]byte, 8)
	rand.Read(b)
	fmt.Println("random bytes:", len(b))
	fmt.Println("GREETING:", os.Getenv("GREETING"))
	if err := files("/data"); err != nil {
		fmt.Println("files:", err)
		os.Exit(1)
	}
	os.Exit(3)
}

// files works in dir when it exists: reads input.txt, writes its upper
// case to result.txt (through a rename), makes directories, removes a
// scratch file and lists what is left.
func files(dir string) error {
	if _, err := os.Stat(dir); err != nil {
		return nil // not given to the program
	}
	in, err := os.ReadFile(filepath.Join(dir, "input.txt"))
	if os.IsNotExist(err) {
		fmt.Println("files: no input.txt")
		return nil
	}
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "out.tmp"), bytes.ToUpper(in), 0o644); err != nil {
		return err
	}
	if err := os.Rename(filepath.Join(dir, "out.tmp"), filepath.Join(dir, "result.txt")); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Join(dir, "made", "deeper"), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "made", "deeper", "note.txt"), []byte("written in the guest\n"), 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "scratch"), []byte("x"), 0o644); err != nil {
		return err
	}
	if err := os.Remove(filepath.Join(dir, "scratch")); err != nil {
		return err
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	fmt.Println("files:", names)
	return nil
}
