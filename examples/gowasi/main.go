// gowasi is a Go program built for GOOS=wasip1 that exercises what a Go
// runtime needs from wasmkernel: goroutines, the garbage collector, timers,
// crypto/rand, arguments and the exit status. Its output is deterministic,
// so tests compare it with the same program built natively.
package main

import (
	"crypto/rand"
	"fmt"
	"os"
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
	os.Exit(3)
}
