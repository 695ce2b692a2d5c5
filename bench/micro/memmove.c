/* memmove.c - memory.copy by length and distance, for wasmkernel's
 * bulk-memory code (docs/PERFORMANCE.md, "Memory copies, second round").
 * Built with clang --target=wasm32-wasi -O2 -mbulk-memory, each memmove
 * below is one memory.copy; built natively, it calls the C library's.
 * Prints the nanoseconds per copy (the least of three timed loops) of
 * memmove(s + d, s, n) for each length n and distance d: d > 0 copies
 * backwards over an overlap, d < 0 forwards, 0 onto itself. */
#define _POSIX_C_SOURCE 199309L
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static uint8_t buf[3 << 20];

static int64_t now(void) {
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000000000LL + t.tv_nsec;
}

int main(void) {
	static const uint32_t sizes[] = {33, 64, 100, 256, 1000, 2048, 4000, 10000, 65536};
	static const int32_t dists[] = {0, 1, 2, 8, 63, 64, 4096, -1, -2, -8, -63, -64, -4096, 1<<20, -(1<<20)};
	uint32_t sink = 0;
	for (uint32_t i = 0; i < sizeof buf; i++) buf[i] = (uint8_t)(i * 7);
	printf("%8s", "size\\d");
	for (unsigned j = 0; j < sizeof dists / sizeof dists[0]; j++) printf(" %7d", dists[j]);
	printf("\n");
	for (unsigned i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		uint32_t n = sizes[i];
		printf("%8u", n);
		for (unsigned j = 0; j < sizeof dists / sizeof dists[0]; j++) {
			int32_t d = dists[j];
			uint8_t *s = buf + (1 << 20) + 5, *t = s + d;
			uint32_t reps = (32u << 20) / (n + 64);
			int64_t best = -1;
			for (int k = 0; k < 3; k++) {
				int64_t t0 = now();
				for (uint32_t r = 0; r < reps; r++) {
					memmove(t, s, n);
					sink += t[r & 31];
				}
				int64_t dt = now() - t0;
				if (best < 0 || dt < best) best = dt;
			}
			printf(" %7.1f", (double)best / reps);
		}
		printf("\n");
	}
	printf("sink %u\n", sink);
	return 0;
}
