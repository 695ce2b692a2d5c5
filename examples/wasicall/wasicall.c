// wasicall measures what a WASI call costs next to a plain call between
// WebAssembly functions, in the same run: on the host a WASI call crosses
// from native Wasm code into the Go runtime's WASI layer; in the kernel it
// is a function call into the kernel. Prints nanoseconds per call and the
// ratio to the Wasm-to-Wasm call.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <wasi/api.h>

static uint64_t now(void) {
	__wasi_timestamp_t t = 0;
	(void)__wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 1, &t);
	return t;
}

__attribute__((noinline)) static int step(int x) { return x * 3 + 1; }

// The call goes through a pointer the optimiser cannot see through.
static int (*volatile plain)(int) = step;

int main(int argc, char **argv) {
	int n = argc > 1 ? atoi(argv[1]) : 200000;
	volatile int sink = 0;
	uint64_t t0 = now();
	for (int i = 0; i < n; i++) {
		sink += plain(i);
	}
	uint64_t t1 = now();
	for (int i = 0; i < n; i++) {
		__wasi_size_t argcount, argbytes;
		(void)__wasi_args_sizes_get(&argcount, &argbytes);
		sink += (int)argcount;
	}
	uint64_t t2 = now();
	for (int i = 0; i < n; i++) {
		sink += (int)now();
	}
	uint64_t t3 = now();
	uint8_t buf[8];
	for (int i = 0; i < n; i++) {
		(void)__wasi_random_get(buf, sizeof buf);
		sink += buf[0];
	}
	uint64_t t4 = now();
	double base = (double)(t1 - t0) / n;
	double args = (double)(t2 - t1) / n, clock = (double)(t3 - t2) / n, rnd = (double)(t4 - t3) / n;
	printf("calls: %d\n", n);
	printf("wasm call:       %8.1f ns\n", base);
	printf("args_sizes_get:  %8.1f ns  (%.1fx a wasm call)\n", args, args / base);
	printf("clock_time_get:  %8.1f ns  (%.1fx)\n", clock, clock / base);
	printf("random_get(8):   %8.1f ns  (%.1fx)\n", rnd, rnd / base);
	return 0;
}
