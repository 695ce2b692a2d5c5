/* sieve.c - sieve of Eratosthenes over odd numbers in a bit array.
 * Written for the wasmkernel benchmark suite. */
#include "bench.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LIMIT 200000000u /* primes below LIMIT (bit array of LIMIT/16 bytes) */
#define ROUNDS 2         /* times the sieve is run */

static uint64_t *bits; /* bit i set: 2*i+1 is composite */

static uint32_t sieve(uint32_t limit) {
	uint32_t nbits = limit / 2; /* odd numbers 1, 3, ..., below limit */
	uint32_t nwords = (nbits + 63) / 64;
	memset(bits, 0, (size_t)nwords * 8);
	bits[0] |= 1; /* 1 is not prime */
	for (uint32_t i = 1; ; i++) {
		uint64_t p = 2 * (uint64_t)i + 1;
		if (p * p >= limit)
			break;
		if (bits[i >> 6] >> (i & 63) & 1)
			continue;
		for (uint64_t j = (p * p) / 2; j < nbits; j += p)
			bits[j >> 6] |= (uint64_t)1 << (j & 63);
	}
	/* clear bits past the end, then count zero bits (primes) */
	if (nbits & 63)
		bits[nwords - 1] |= ~(uint64_t)0 << (nbits & 63);
	uint32_t count = limit > 2 ? 1 : 0; /* the prime 2 */
	for (uint32_t w = 0; w < nwords; w++)
		count += (uint32_t)__builtin_popcountll(~bits[w]);
	return count;
}

int main(void) {
	bits = malloc(((size_t)LIMIT / 2 + 63) / 64 * 8);
	if (!bits) {
		printf("out of memory\n");
		return 1;
	}
	uint32_t count = 0;
	bench_start();
	for (int r = 0; r < ROUNDS; r++) /* each round starts from a cleared array */
		count = sieve(LIMIT);
	bench_end();

	/* a checksum of the largest primes found */
	uint64_t sum = 0;
	int found = 0;
	for (uint32_t i = LIMIT / 2 - 1; i > 0 && found < 1000; i--)
		if (!(bits[i >> 6] >> (i & 63) & 1)) {
			sum += 2 * (uint64_t)i + 1;
			found++;
		}
	printf("sieve limit=%u rounds=%d primes=%u top1000sum=%llu\n", LIMIT, ROUNDS, count,
	       (unsigned long long)sum);
	free(bits);
	return 0;
}
