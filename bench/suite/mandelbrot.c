/* mandelbrot.c - Mandelbrot set escape counts on a grid of doubles.
 * Written for the wasmkernel benchmark suite. */
#include "bench.h"

#include <stdint.h>
#include <stdio.h>

#define WIDTH 1200    /* grid columns */
#define HEIGHT 900    /* grid rows */
#define MAX_ITER 1000 /* iteration limit per point */

static uint16_t counts[HEIGHT][WIDTH];

int main(void) {
	const double x0 = -2.25, x1 = 0.75, y0 = -1.125, y1 = 1.125;
	const double dx = (x1 - x0) / WIDTH, dy = (y1 - y0) / HEIGHT;
	uint64_t total = 0;

	bench_start();
	for (int row = 0; row < HEIGHT; row++) {
		double ci = y0 + (row + 0.5) * dy;
		for (int col = 0; col < WIDTH; col++) {
			double cr = x0 + (col + 0.5) * dx;
			double zr = 0.0, zi = 0.0, zr2 = 0.0, zi2 = 0.0;
			int it = 0;
			while (it < MAX_ITER && zr2 + zi2 <= 4.0) {
				zi = 2.0 * zr * zi + ci;
				zr = zr2 - zi2 + cr;
				zr2 = zr * zr;
				zi2 = zi * zi;
				it++;
			}
			counts[row][col] = (uint16_t)it;
			total += (uint64_t)it;
		}
	}
	bench_end();

	uint64_t inside = 0, h = 0xcbf29ce484222325ULL;
	uint32_t hist[8] = {0};
	for (int row = 0; row < HEIGHT; row++)
		for (int col = 0; col < WIDTH; col++) {
			uint16_t c = counts[row][col];
			inside += c == MAX_ITER;
			hist[c < 8 ? c : 7]++;
			h = (h ^ c) * 0x100000001b3ULL;
		}
	printf("mandelbrot %dx%d maxiter=%d total=%llu inside=%llu hash=%016llx hist=%u,%u,%u,%u,%u,%u,%u,%u\n",
	       WIDTH, HEIGHT, MAX_ITER, (unsigned long long)total, (unsigned long long)inside,
	       (unsigned long long)h, hist[0], hist[1], hist[2], hist[3], hist[4], hist[5], hist[6],
	       hist[7]);
	return 0;
}
