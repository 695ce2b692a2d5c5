/* hashtable.c - open-addressing hash table (linear probing, tombstones)
 * with inserts, lookups and deletes of millions of keys, plus FNV-1a
 * hashing of a byte buffer.  Written for the wasmkernel benchmark suite. */
#include "bench.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TABLE_BITS 22         /* table has 2^22 slots */
#define NKEYS 2000000         /* keys inserted per round */
#define ROUNDS 3              /* insert/lookup/delete rounds */
#define FNV_BYTES (8u << 20)  /* bytes hashed per FNV pass */
#define FNV_PASSES 8          /* FNV-1a passes over the buffer */

#define TABLE_SIZE (1u << TABLE_BITS)
#define EMPTY 0u
#define TOMB 0xffffffffu

static uint32_t *keys;
static uint32_t *vals;
static uint32_t live;

static uint64_t rng_state = 0x0123456789abcdefULL;

static uint64_t rng_next(void) {
	uint64_t z = (rng_state += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

static inline uint32_t hash32(uint32_t k) {
	k ^= k >> 16;
	k *= 0x7feb352du;
	k ^= k >> 15;
	k *= 0x846ca68bu;
	k ^= k >> 16;
	return k;
}

/* Returns 1 if inserted, 0 if the key was present (its value updated). */
static int ht_insert(uint32_t key, uint32_t val) {
	uint32_t mask = TABLE_SIZE - 1;
	uint32_t i = hash32(key) & mask;
	uint32_t tomb = TOMB; /* first tombstone seen, if any */
	for (;;) {
		uint32_t k = keys[i];
		if (k == key) {
			vals[i] = val;
			return 0;
		}
		if (k == EMPTY)
			break;
		if (k == TOMB && tomb == TOMB)
			tomb = i;
		i = (i + 1) & mask;
	}
	if (tomb != TOMB)
		i = tomb;
	keys[i] = key;
	vals[i] = val;
	live++;
	return 1;
}

static int ht_lookup(uint32_t key, uint32_t *val) {
	uint32_t mask = TABLE_SIZE - 1;
	uint32_t i = hash32(key) & mask;
	for (;;) {
		uint32_t k = keys[i];
		if (k == key) {
			*val = vals[i];
			return 1;
		}
		if (k == EMPTY)
			return 0;
		i = (i + 1) & mask;
	}
}

static int ht_delete(uint32_t key) {
	uint32_t mask = TABLE_SIZE - 1;
	uint32_t i = hash32(key) & mask;
	for (;;) {
		uint32_t k = keys[i];
		if (k == key) {
			keys[i] = TOMB;
			live--;
			return 1;
		}
		if (k == EMPTY)
			return 0;
		i = (i + 1) & mask;
	}
}

/* keys are never EMPTY or TOMB */
static inline uint32_t make_key(uint64_t r) {
	uint32_t k = (uint32_t)(r >> 32);
	if (k == EMPTY || k == TOMB)
		k = 0x12345u;
	return k;
}

static uint32_t fnv1a(const uint8_t *p, uint32_t n) {
	uint32_t h = 0x811c9dc5u;
	for (uint32_t i = 0; i < n; i++) {
		h ^= p[i];
		h *= 0x01000193u;
	}
	return h;
}

int main(void) {
	keys = calloc(TABLE_SIZE, sizeof(uint32_t));
	vals = calloc(TABLE_SIZE, sizeof(uint32_t));
	uint32_t *input = malloc(NKEYS * sizeof(uint32_t));
	uint8_t *buf = malloc(FNV_BYTES);
	if (!keys || !vals || !input || !buf) {
		printf("out of memory\n");
		return 1;
	}
	for (uint32_t i = 0; i < FNV_BYTES; i++)
		buf[i] = (uint8_t)(rng_next() >> 56);

	uint64_t inserted = 0, found = 0, deleted = 0, valsum = 0;
	uint32_t fnv = 0;

	bench_start();
	for (int round = 0; round < ROUNDS; round++) {
		for (uint32_t i = 0; i < NKEYS; i++) {
			uint32_t k = make_key(rng_next() & 0x7fffffffffffffffULL);
			input[i] = k;
			inserted += ht_insert(k, i ^ (uint32_t)round);
		}
		/* look up every inserted key and as many random (mostly absent) ones */
		for (uint32_t i = 0; i < NKEYS; i++) {
			uint32_t v;
			if (ht_lookup(input[i], &v)) {
				found++;
				valsum += v;
			}
			if (ht_lookup(make_key(rng_next()), &v)) {
				found++;
				valsum += v;
			}
		}
		/* delete every other key, then look up all of them again */
		for (uint32_t i = 0; i < NKEYS; i += 2)
			deleted += ht_delete(input[i]);
		for (uint32_t i = 0; i < NKEYS; i++) {
			uint32_t v;
			if (ht_lookup(input[i], &v)) {
				found++;
				valsum += v;
			}
		}
		/* delete the rest so the next round starts with tombstones only */
		for (uint32_t i = 1; i < NKEYS; i += 2)
			deleted += ht_delete(input[i]);
		/* the table is empty now: clear the tombstones */
		memset(keys, 0, TABLE_SIZE * sizeof(uint32_t));
	}
	for (int p = 0; p < FNV_PASSES; p++) {
		buf[p] ^= (uint8_t)fnv;
		fnv ^= fnv1a(buf, FNV_BYTES);
	}
	bench_end();

	printf("hashtable slots=%u keys=%d rounds=%d inserted=%llu found=%llu deleted=%llu "
	       "live=%u valsum=%llu fnv=%08x\n",
	       TABLE_SIZE, NKEYS, ROUNDS, (unsigned long long)inserted, (unsigned long long)found,
	       (unsigned long long)deleted, live, (unsigned long long)valsum, fnv);
	free(keys);
	free(vals);
	free(input);
	free(buf);
	return 0;
}
