/* memcopy.c - memory copies: memcpy, overlapping memmove and memset of
 * sizes from 8 bytes to 1 MiB, plus a hand-written copy loop.  Written for
 * the wasmkernel benchmark suite. */
#include "bench.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_BYTES (1u << 20)   /* largest copy */
#define ROUNDS 24              /* rounds over all sizes */
#define BYTES_PER_SIZE (4u << 20) /* bytes moved per size and operation per round */

static uint8_t *src, *dst, *arena;

static uint64_t rng_state = 0x3e3c0b1e3e3c0b1eULL;

static uint64_t rng_next(void) {
	uint64_t z = (rng_state += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

/* A hand-written byte copy that also sums what it copies (the sum keeps
 * the compiler from turning the loop into a memcpy call). */
__attribute__((noinline)) static uint32_t copy_loop(uint8_t *restrict d, const uint8_t *restrict s,
                                                    size_t n) {
	uint32_t sum = 0;
	for (size_t i = 0; i < n; i++) {
		uint8_t b = s[i];
		d[i] = b;
		sum += b;
	}
	return sum;
}

static uint64_t fnv64(const uint8_t *p, size_t n) {
	uint64_t h = 0xcbf29ce484222325ULL;
	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 0x100000001b3ULL;
	return h;
}

int main(void) {
	src = malloc(MAX_BYTES + 64);
	dst = malloc(MAX_BYTES + 64);
	arena = malloc(2 * MAX_BYTES + 64);
	if (!src || !dst || !arena) {
		printf("out of memory\n");
		return 1;
	}
	for (uint32_t i = 0; i < MAX_BYTES + 64; i++)
		src[i] = (uint8_t)(rng_next() >> 33);
	memset(dst, 0, MAX_BYTES + 64);
	for (uint32_t i = 0; i < 2 * MAX_BYTES + 64; i++)
		arena[i] = (uint8_t)i;

	uint64_t check = 0;
	uint32_t loopsum = 0;
	uint32_t salt = 0;

	bench_start();
	for (int round = 0; round < ROUNDS; round++) {
		for (uint32_t size = 8; size <= MAX_BYTES; size *= 2) {
			uint32_t reps = BYTES_PER_SIZE / size;
			/* vary sizes and offsets a little, so copies are not all aligned */
			uint32_t n = size - (size > 64 ? (salt & 7) : 0);
			/* memcpy between separate buffers */
			for (uint32_t r = 0; r < reps; r++) {
				uint32_t off = (r * 13u + salt) & 31;
				memcpy(dst + off, src + ((off * 7) & 31), n);
				salt += dst[off + (r % n)];
			}
			/* memmove within one buffer, overlapping forwards and backwards */
			for (uint32_t r = 0; r < reps; r++) {
				uint32_t shift = 1 + ((r + salt) & 15);
				if (r & 1)
					memmove(arena + shift, arena, n);
				else
					memmove(arena, arena + shift, n);
			}
			salt += arena[n / 2];
			/* memset */
			for (uint32_t r = 0; r < reps; r++)
				memset(dst + (r & 15), (int)(r + salt) & 0xff, n);
			salt += dst[n - 1];
			/* hand-written loop */
			for (uint32_t r = 0; r < reps; r++)
				loopsum += copy_loop(dst + (r & 7), src + (r & 15), n);
			check = check * 0x100000001b3ULL + salt + loopsum;
		}
	}
	bench_end();

	printf("memcopy max=%u rounds=%d check=%016llx loopsum=%08x dst=%016llx arena=%016llx\n",
	       MAX_BYTES, ROUNDS, (unsigned long long)check, loopsum,
	       (unsigned long long)fnv64(dst, MAX_BYTES + 64),
	       (unsigned long long)fnv64(arena, 2 * MAX_BYTES + 64));
	return 0;
}
