/* stencil.c - 2D Jacobi iteration with a 5-point stencil on a double grid.
 * Written for the wasmkernel benchmark suite. */
#include "bench.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define GRID 512    /* grid side, including the fixed boundary */
#define ITERS 5000  /* Jacobi sweeps */

static double grid_a[GRID][GRID], grid_b[GRID][GRID];

static void init(void) {
	for (int i = 0; i < GRID; i++)
		for (int j = 0; j < GRID; j++)
			grid_a[i][j] = 0.0;
	/* hot left and top edges, cold right and bottom edges */
	for (int k = 0; k < GRID; k++) {
		grid_a[0][k] = 100.0;
		grid_a[k][0] = 75.0;
		grid_a[GRID - 1][k] = -20.0;
		grid_a[k][GRID - 1] = 10.0;
	}
	/* a few interior heat sources */
	for (int s = 0; s < 8; s++) {
		int i = 32 + s * 57, j = 480 - s * 53;
		grid_a[i][j] = 500.0;
	}
	memcpy(grid_b, grid_a, sizeof grid_a);
}

static void sweep(double (*restrict dst)[GRID], double (*restrict src)[GRID]) {
	for (int i = 1; i < GRID - 1; i++) {
		const double *up = src[i - 1], *mid = src[i], *down = src[i + 1];
		double *out = dst[i];
		for (int j = 1; j < GRID - 1; j++)
			out[j] = 0.2 * (mid[j] + up[j] + down[j] + mid[j - 1] + mid[j + 1]);
	}
}

int main(void) {
	init();
	bench_start();
	for (int it = 0; it < ITERS; it += 2) {
		sweep(grid_b, grid_a);
		sweep(grid_a, grid_b);
	}
	bench_end();

	uint64_t h = 0xcbf29ce484222325ULL;
	double total = 0.0;
	for (int i = 0; i < GRID; i++)
		for (int j = 0; j < GRID; j++) {
			uint64_t bits;
			memcpy(&bits, &grid_a[i][j], sizeof bits);
			h = (h ^ bits) * 0x100000001b3ULL;
			total += grid_a[i][j];
		}
	printf("stencil grid=%d iters=%d hash=%016llx sum=%lld center=%lld\n", GRID, ITERS,
	       (unsigned long long)h, (long long)(total * 1000.0),
	       (long long)(grid_a[GRID / 2][GRID / 2] * 1e6));
	return 0;
}
