package selftest

import (
	"bytes"
	"crypto/rand"
	"errors"
	"fmt"
	"runtime"
	"runtime/debug"
	"sync"
	"syscall"
	"time"
)

// checkThreads runs goroutines locked to their own OS threads and checks
// that they ran on distinct threads, concurrently with each other.
func checkThreads() (string, error) {
	const n = 4
	var wg sync.WaitGroup
	tids := make([]int, n)
	sums := make([]uint64, n)
	started := make(chan struct{}, n)
	release := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			tids[i] = syscall.Gettid()
			started <- struct{}{}
			<-release // all n are alive at once
			var s uint64
			for j := range uint64(2_000_000) {
				s += j * uint64(i+1)
			}
			sums[i] = s
		}()
	}
	for range n {
		<-started
	}
	close(release)
	wg.Wait()
	seen := map[int]bool{}
	for i, t := range tids {
		seen[t] = true
		if want := uint64(i+1) * (2_000_000 * 1_999_999 / 2); sums[i] != want {
			return "", fmt.Errorf("goroutine %d computed %d, want %d", i, sums[i], want)
		}
	}
	if len(seen) != n {
		return "", fmt.Errorf("%d locked goroutines ran on %d threads %v", n, len(seen), tids)
	}
	return fmt.Sprintf("%d goroutines on threads %v", n, tids), nil
}

// checkGC allocates several hundred MiB in total while keeping a bounded
// amount live, and checks that collections ran and live data survived.
func checkGC() (string, error) {
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	const chunk, keep, rounds = 1 << 20, 16, 400
	live := make([][]byte, keep)
	for i := range rounds {
		b := make([]byte, chunk)
		b[0], b[len(b)-1] = byte(i), byte(i>>8)
		live[i%keep] = b
		if i >= keep {
			old := live[(i+1)%keep]
			j := i + 1 - keep
			if old[0] != byte(j) || old[len(old)-1] != byte(j>>8) {
				return "", fmt.Errorf("live chunk %d corrupted", j)
			}
		}
	}
	runtime.GC()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	allocated := (after.TotalAlloc - before.TotalAlloc) >> 20
	cycles := after.NumGC - before.NumGC
	if allocated < rounds*chunk>>20 || cycles < 5 {
		return "", fmt.Errorf("allocated %d MiB with %d collections", allocated, cycles)
	}
	debug.FreeOSMemory()
	return fmt.Sprintf("%d MiB allocated, %d collections, heap %d MiB", allocated, cycles, after.HeapSys>>20), nil
}

// checkSleep measures time.Sleep against the monotonic clock.
func checkSleep() (string, error) {
	var worst time.Duration
	for _, d := range []time.Duration{time.Millisecond, 10 * time.Millisecond, 50 * time.Millisecond} {
		for range 3 {
			t0 := time.Now()
			time.Sleep(d)
			got := time.Since(t0)
			if got < d {
				return "", fmt.Errorf("time.Sleep(%v) returned after %v", d, got)
			}
			if late := got - d; late > worst {
				worst = late
			}
		}
	}
	if worst > 100*time.Millisecond {
		return "", fmt.Errorf("time.Sleep was up to %v late", worst)
	}
	return fmt.Sprintf("at most %v late", worst.Round(10*time.Microsecond)), nil
}

// checkPreempt sleeps while another goroutine spins: the sleeper wakes on
// time only if the runtime's monitor thread gets the processor from the
// spinning thread (kernel preemption) and then preempts the spinning
// goroutine (Go's cooperative preemption).
func checkPreempt() (string, error) {
	stop := make(chan struct{})
	spun := make(chan int)
	go func() {
		n := 0
		for {
			select {
			case <-stop:
				spun <- n
				return
			default:
			}
			n += spinStep(n)
		}
	}()
	var worst time.Duration
	for range 5 {
		t0 := time.Now()
		time.Sleep(10 * time.Millisecond)
		worst = max(worst, time.Since(t0)-10*time.Millisecond)
	}
	close(stop)
	n := <-spun
	// Without preemption the sleeper would not wake before the spinner
	// stops, that is never; the bound only has to tell that apart from a
	// guest slowed down by a busy host (TCG on a loaded machine has
	// delayed wake-ups by 300ms).
	if worst > time.Second {
		return "", fmt.Errorf("a 10ms sleep beside a spinning goroutine was %v late", worst)
	}
	return fmt.Sprintf("10ms sleeps at most %v late beside a goroutine that spun %d times", worst.Round(time.Millisecond), n), nil
}

//go:noinline
func spinStep(n int) int { return n&1 + 1 }

// checkTimers runs many timers at once, checks that none fires early,
// and that a ticker keeps its period.
func checkTimers() (string, error) {
	const n = 50
	type firing struct {
		i  int
		at time.Duration
	}
	fired := make(chan firing, n)
	t0 := time.Now()
	for i := n - 1; i >= 0; i-- {
		time.AfterFunc(time.Duration(i)*time.Millisecond, func() { fired <- firing{i, time.Since(t0)} })
	}
	var latest time.Duration
	for range n {
		select {
		case f := <-fired:
			if due := time.Duration(f.i) * time.Millisecond; f.at < due {
				return "", fmt.Errorf("timer due at %v fired at %v", due, f.at)
			}
			latest = max(latest, f.at)
		case <-time.After(5 * time.Second):
			return "", errors.New("timers did not fire")
		}
	}
	// The clock is read before the ticker starts: its k-th tick is due k
	// periods after its start (a slow receiver only loses ticks), so ten
	// take at least 50 ms from here. Read after the start, a thread
	// delayed between the two (TCG on a loaded host) saw them come early.
	t1 := time.Now()
	tk := time.NewTicker(5 * time.Millisecond)
	defer tk.Stop()
	for range 10 {
		<-tk.C
	}
	if got := time.Since(t1); got < 45*time.Millisecond {
		return "", fmt.Errorf("10 ticks of 5ms took %v", got)
	}
	return fmt.Sprintf("%d timers, none early, last at %v; ticker ok", n, latest.Round(time.Millisecond)), nil
}

// checkWallClock checks that the wall clock was set (from the RTC) and
// advances with the monotonic clock.
func checkWallClock() (string, error) {
	now := time.Now()
	if now.Year() < 2024 {
		return "", fmt.Errorf("wall clock says %v", now)
	}
	wall0 := now.Round(0)
	time.Sleep(20 * time.Millisecond)
	if d := time.Now().Round(0).Sub(wall0); d < 20*time.Millisecond || d > time.Second {
		return "", fmt.Errorf("wall clock moved %v during a 20ms sleep", d)
	}
	return now.UTC().Format(time.RFC3339), nil
}

// checkRandom reads from crypto/rand and checks the output does not
// repeat and is not degenerate.
func checkRandom() (string, error) {
	seen := map[[16]byte]bool{}
	var ones int
	for range 1000 {
		var b [16]byte
		if _, err := rand.Read(b[:]); err != nil {
			return "", err
		}
		if seen[b] {
			return "", fmt.Errorf("crypto/rand repeated %x", b)
		}
		seen[b] = true
		for _, x := range b {
			for ; x != 0; x &= x - 1 {
				ones++
			}
		}
	}
	// 128000 bits: a fair source gives 64000 ones give or take a few
	// hundred.
	if ones < 62000 || ones > 66000 {
		return "", fmt.Errorf("%d one bits in 128000", ones)
	}
	a, b := make([]byte, 32), make([]byte, 32)
	rand.Read(a)
	rand.Read(b)
	if bytes.Equal(a, b) {
		return "", errors.New("two reads were equal")
	}
	return fmt.Sprintf("16000 bytes, no repeats, %d/128000 one bits", ones), nil
}

// checkFault dereferences a nil pointer and checks that the fault comes
// back as a recoverable Go panic (the kernel delivers SIGSEGV to the
// runtime's handler, as Linux does).
func checkFault() (string, error) {
	msg, err := recoverFault(func() {
		var p *struct{ x [64]int }
		p.x[3] = 1
	})
	if err != nil {
		return "", err
	}
	return "nil dereference recovered: " + msg, nil
}

func recoverFault(f func()) (msg string, err error) {
	defer func() {
		r := recover()
		if r == nil {
			err = errors.New("the access did not fault")
			return
		}
		re, ok := r.(runtime.Error)
		if !ok {
			err = fmt.Errorf("recovered %v, not a runtime error", r)
			return
		}
		msg = re.Error()
	}()
	f()
	return "", nil
}

// checkMmap maps memory directly: demand-zero pages, a guard page that
// faults (recovered with SetPanicOnFault), mprotect and munmap.
func checkMmap() (string, error) {
	const size = 64 << 20
	mem, err := syscall.Mmap(-1, 0, size, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_PRIVATE|syscall.MAP_ANON)
	if err != nil {
		return "", fmt.Errorf("mmap: %w", err)
	}
	defer syscall.Munmap(mem)
	for i := 0; i < size; i += 1 << 20 {
		if mem[i] != 0 {
			return "", fmt.Errorf("fresh page at %#x not zero", i)
		}
		mem[i] = byte(i >> 20)
	}
	for i := 0; i < size; i += 1 << 20 {
		if mem[i] != byte(i>>20) {
			return "", fmt.Errorf("page at %#x lost its value", i)
		}
	}
	if err := syscall.Mprotect(mem[:4096], syscall.PROT_NONE); err != nil {
		return "", fmt.Errorf("mprotect: %w", err)
	}
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	msg, err := recoverFault(func() { mem[100] = 1 })
	if err != nil {
		return "", fmt.Errorf("write to a PROT_NONE page: %w", err)
	}
	if err := syscall.Mprotect(mem[:4096], syscall.PROT_READ|syscall.PROT_WRITE); err != nil {
		return "", fmt.Errorf("mprotect: %w", err)
	}
	if mem[0] != 0 || mem[100] != 0 {
		return "", errors.New("page contents changed across mprotect")
	}
	return "64 MiB demand-zero, PROT_NONE fault recovered: " + msg, nil
}
