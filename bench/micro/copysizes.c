/* copysizes.c - the C library's memcpy, memmove and memset by size, for
 * wasmkernel's copy and fill loops (docs/PERFORMANCE.md, "wasi-libc's copy
 * loops"). Built with clang --target=wasm32-wasi -O2 (no bulk memory), the
 * calls run wasi-libc's C loops; built natively, the C library's. Prints
 * the nanoseconds per call (the least of three timed loops) for each size:
 * memcpy between 8-byte aligned buffers (cpy), at varying alignments as
 * bench/suite/memcopy.c calls it (cpymis), memmove 1 to 16 bytes upwards
 * (move) and memset (set). */
#define _POSIX_C_SOURCE 199309L
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
static uint8_t a[4 << 20], b[4 << 20];
static int64_t now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return (int64_t)t.tv_sec * 1000000000LL + t.tv_nsec; }
int main(void) {
	uint32_t sink = 0;
	for (uint32_t i = 0; i < sizeof a; i++) a[i] = (uint8_t)(i * 7);
	printf("%8s %8s %8s %8s %8s\n", "size", "cpy", "cpymis", "move", "set");
	for (uint32_t n = 8; n <= (1u << 20); n *= 4) {
		uint32_t reps = (64u << 20) / (n + 32);
		double r[4];
		for (int op = 0; op < 4; op++) {
			int64_t best = -1;
			for (int k = 0; k < 3; k++) {
				int64_t t0 = now();
				for (uint32_t q = 0; q < reps; q++) {
					uint32_t off = (q * 13u) & 31;
					switch (op) {
					case 0: memcpy(b + (off & ~7u), a + (off & ~7u) + 64, n); break;
					case 1: memcpy(b + off, a + ((off * 7) & 31), n); break;
					case 2: memmove(a + 1 + (q & 15), a, n); break;
					case 3: memset(b + (q & 15), (int)q, n); break;
					}
					sink += b[q & 7];
				}
				int64_t dt = now() - t0;
				if (best < 0 || dt < best) best = dt;
			}
			r[op] = (double)best / reps;
		}
		printf("%8u %8.1f %8.1f %8.1f %8.1f\n", n, r[0], r[1], r[2], r[3]);
	}
	printf("sink %u\n", sink);
	return 0;
}
