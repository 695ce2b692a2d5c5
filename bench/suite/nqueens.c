/* nqueens.c - counting N-queens solutions by recursive backtracking with
 * bit masks, plus a board-array version that records a first solution.
 * Written for the wasmkernel benchmark suite. */
#include "bench.h"

#include <stdint.h>
#include <stdio.h>

#define NQ 14        /* board size for the bit-mask solver */
#define NQ_ARRAY 13  /* board size for the array-based solver */

static uint64_t nodes;

/* bit-mask solver: cols, diagonals as masks, one recursion level per row */
static uint64_t solve_bits(uint32_t all, uint32_t cols, uint32_t d1, uint32_t d2) {
	if (cols == all)
		return 1;
	uint64_t count = 0;
	uint32_t free_ = all & ~(cols | d1 | d2);
	while (free_) {
		uint32_t bit = free_ & (0u - free_);
		free_ ^= bit;
		nodes++;
		count += solve_bits(all, cols | bit, ((d1 | bit) << 1) & all, (d2 | bit) >> 1);
	}
	return count;
}

/* array solver: place queen row by row, checking earlier rows explicitly */
static int board[32];
static int first[32];
static int have_first;

static int safe(int row, int col) {
	for (int r = 0; r < row; r++) {
		int c = board[r];
		if (c == col || c - col == r - row || c - col == row - r)
			return 0;
	}
	return 1;
}

static uint64_t solve_array(int n, int row) {
	if (row == n) {
		if (!have_first) {
			for (int i = 0; i < n; i++)
				first[i] = board[i];
			have_first = 1;
		}
		return 1;
	}
	uint64_t count = 0;
	for (int col = 0; col < n; col++) {
		if (safe(row, col)) {
			board[row] = col;
			count += solve_array(n, row + 1);
		}
	}
	return count;
}

int main(void) {
	volatile int vn = NQ, vna = NQ_ARRAY;
	int n = vn, na = vna;

	bench_start();
	uint64_t bits = solve_bits((1u << n) - 1, 0, 0, 0);
	uint64_t arr = solve_array(na, 0);
	bench_end();

	printf("nqueens n=%d solutions=%llu nodes=%llu n=%d solutions=%llu first=", n,
	       (unsigned long long)bits, (unsigned long long)nodes, na, (unsigned long long)arr);
	for (int i = 0; i < na; i++)
		printf("%d%s", first[i], i + 1 < na ? "," : "\n");
	return 0;
}
