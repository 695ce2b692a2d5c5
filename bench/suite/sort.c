/* sort.c - hand-written quicksort and mergesort of 32-bit integers.
 * Written for the wasmkernel benchmark suite. */
#include "bench.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COUNT 2500000 /* number of 32-bit integers sorted by each algorithm */
#define ROUNDS 2       /* each round sorts a fresh variant of the input */

static uint64_t rng_state = 0x5eed5eed12345678ULL;

static uint64_t rng_next(void) {
	uint64_t z = (rng_state += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

static void insertion_sort(int32_t *a, size_t n) {
	for (size_t i = 1; i < n; i++) {
		int32_t v = a[i];
		size_t j = i;
		while (j > 0 && a[j - 1] > v) {
			a[j] = a[j - 1];
			j--;
		}
		a[j] = v;
	}
}

static int32_t median3(int32_t a, int32_t b, int32_t c) {
	if (a < b) {
		if (b < c) return b;
		return a < c ? c : a;
	}
	if (a < c) return a;
	return b < c ? c : b;
}

/* Hoare-partition quicksort; recurses on the smaller half so the depth
 * stays logarithmic. */
static void quicksort(int32_t *a, size_t n) {
	while (n > 16) {
		int32_t pivot = median3(a[0], a[n / 2], a[n - 1]);
		size_t i = 0, j = n - 1;
		for (;;) {
			while (a[i] < pivot) i++;
			while (a[j] > pivot) j--;
			if (i >= j) break;
			int32_t t = a[i];
			a[i] = a[j];
			a[j] = t;
			i++;
			j--;
		}
		size_t left = j + 1; /* a[0..j] <= pivot <= a[j+1..n-1] */
		if (left < n - left) {
			quicksort(a, left);
			a += left;
			n -= left;
		} else {
			quicksort(a + left, n - left);
			n = left;
		}
	}
	insertion_sort(a, n);
}

/* Top-down mergesort using a scratch buffer of the same size. */
static void merge_rec(int32_t *a, int32_t *tmp, size_t n) {
	if (n <= 24) {
		insertion_sort(a, n);
		return;
	}
	size_t mid = n / 2;
	merge_rec(a, tmp, mid);
	merge_rec(a + mid, tmp, n - mid);
	if (a[mid - 1] <= a[mid])
		return;
	memcpy(tmp, a, mid * sizeof *a);
	size_t i = 0, j = mid, k = 0;
	while (i < mid && j < n) {
		if (a[j] < tmp[i])
			a[k++] = a[j++];
		else
			a[k++] = tmp[i++];
	}
	while (i < mid)
		a[k++] = tmp[i++];
}

static uint64_t check_sorted(const int32_t *a, size_t n) {
	uint64_t h = 0;
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && a[i - 1] > a[i]) {
			printf("not sorted at %zu\n", i);
			exit(1);
		}
		h = h * 1000003u + (uint32_t)a[i];
	}
	return h;
}

int main(void) {
	int32_t *orig = malloc(COUNT * sizeof(int32_t));
	int32_t *q = malloc(COUNT * sizeof(int32_t));
	int32_t *m = malloc(COUNT * sizeof(int32_t));
	int32_t *tmp = malloc((COUNT / 2 + 1) * sizeof(int32_t));
	if (!orig || !q || !m || !tmp) {
		printf("out of memory\n");
		return 1;
	}
	for (size_t i = 0; i < COUNT; i++) {
		uint64_t r = rng_next();
		/* mostly random values, with some duplicates and sorted runs */
		if ((r & 15) == 0)
			orig[i] = (int32_t)(i & 0xffff);
		else
			orig[i] = (int32_t)(uint32_t)(r >> 32);
	}

	uint64_t hash = 0;
	bench_start();
	for (int round = 0; round < ROUNDS; round++) {
		uint32_t flip = (uint32_t)round * 0x9E3779B9u;
		for (size_t i = 0; i < COUNT; i++)
			q[i] = m[i] = (int32_t)((uint32_t)orig[i] ^ flip);
		quicksort(q, COUNT);
		merge_rec(m, tmp, COUNT);
		hash ^= (uint64_t)(uint32_t)q[COUNT / 3] << (round & 31);
	}
	bench_end();

	uint64_t hq = check_sorted(q, COUNT);
	uint64_t hm = check_sorted(m, COUNT);
	if (hq != hm) {
		printf("quicksort and mergesort disagree\n");
		return 1;
	}
	printf("sort n=%d rounds=%d min=%d median=%d max=%d hash=%016llx mix=%016llx\n", COUNT,
	       ROUNDS, (int)q[0], (int)q[COUNT / 2], (int)q[COUNT - 1], (unsigned long long)hq,
	       (unsigned long long)hash);
	free(orig);
	free(q);
	free(m);
	free(tmp);
	return 0;
}
