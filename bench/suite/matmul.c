/* matmul.c - dense double-precision matrix multiply (i-k-j loop order).
 * Written for the wasmkernel benchmark suite. */
#include "bench.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define N 400    /* matrix dimension */
#define REPS 64  /* number of multiplications */

static double A[N][N], B[N][N], C[N][N];

static uint64_t rng_state = 0x1234567887654321ULL;

static uint64_t rng_next(void) {
	uint64_t z = (rng_state += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

/* uniform double in [-1, 1) */
static double rng_double(void) {
	return (double)(rng_next() >> 11) * (1.0 / 4503599627370496.0) - 1.0;
}

static void multiply(void) {
	for (int i = 0; i < N; i++) {
		double *c = C[i];
		for (int j = 0; j < N; j++)
			c[j] = 0.0;
		for (int k = 0; k < N; k++) {
			double a = A[i][k];
			const double *b = B[k];
			for (int j = 0; j < N; j++)
				c[j] += a * b[j];
		}
	}
}

static uint64_t fold_bits(void) {
	uint64_t h = 0xcbf29ce484222325ULL;
	for (int i = 0; i < N; i++)
		for (int j = 0; j < N; j++) {
			uint64_t bits;
			memcpy(&bits, &C[i][j], sizeof bits);
			h = (h ^ bits) * 0x100000001b3ULL;
		}
	return h;
}

int main(void) {
	for (int i = 0; i < N; i++)
		for (int j = 0; j < N; j++) {
			A[i][j] = rng_double();
			B[i][j] = rng_double();
		}

	uint64_t check = 0;
	double trace = 0.0;
	bench_start();
	for (int r = 0; r < REPS; r++) {
		multiply();
		check = (check * 31) ^ fold_bits();
		/* feed the result back so every repetition differs */
		for (int i = 0; i < N; i++)
			A[i][r % N] = C[i][(r * 7) % N] * (1.0 / 64.0);
		trace += C[r % N][r % N];
	}
	bench_end();

	printf("matmul n=%d reps=%d check=%016llx trace=%lld\n", N, REPS,
	       (unsigned long long)check, (long long)(trace * 1e6));
	return 0;
}
