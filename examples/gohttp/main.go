// Command gohttp is an HTTP server for GOOS=wasip1: it serves on the
// listening socket the runtime gives it (wasmkernel run --machine host
// --listen ADDR), descriptor 3 unless LISTEN_FD says otherwise.
//
//	GET /hello    hello and the request URI
//	GET /sum?n=N  the sum of 1..N, computed by N goroutines
//	GET /quit     answers, then ends the program with status 0
package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"strconv"
	"sync"
)

func main() {
	fd := 3
	if s := os.Getenv("LISTEN_FD"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			fmt.Fprintln(os.Stderr, "gohttp: LISTEN_FD:", err)
			os.Exit(2)
		}
		fd = n
	}
	l, err := net.FileListener(os.NewFile(uintptr(fd), "listener"))
	if err != nil {
		fmt.Fprintln(os.Stderr, "gohttp: no listening socket:", err)
		os.Exit(1)
	}
	srv := &http.Server{}
	quit := make(chan struct{})
	mux := http.NewServeMux()
	mux.HandleFunc("/hello", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "hello from wasm at %s\n", r.URL.RequestURI())
	})
	mux.HandleFunc("/sum", func(w http.ResponseWriter, r *http.Request) {
		n, err := strconv.Atoi(r.URL.Query().Get("n"))
		if err != nil || n < 0 || n > 10000 {
			http.Error(w, "want n in 0..10000", http.StatusBadRequest)
			return
		}
		var mu sync.Mutex
		var wg sync.WaitGroup
		total := 0
		for i := 1; i <= n; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				mu.Lock()
				total += i
				mu.Unlock()
			}()
		}
		wg.Wait()
		fmt.Fprintf(w, "%d\n", total)
	})
	mux.HandleFunc("/quit", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "bye")
		close(quit)
	})
	srv.Handler = mux
	go func() {
		<-quit
		srv.Shutdown(context.Background())
	}()
	fmt.Println("gohttp: serving")
	if err := srv.Serve(l); err != http.ErrServerClosed {
		fmt.Fprintln(os.Stderr, "gohttp:", err)
		os.Exit(1)
	}
	fmt.Println("gohttp: done")
}
