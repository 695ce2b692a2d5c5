/* compress.c - an LZ77-style compressor (hash-table match finder, byte
 * oriented token format) and its decompressor over generated compressible
 * data, with a round-trip check.  Written for the wasmkernel benchmark
 * suite.
 *
 * Format: a sequence of records, each
 *   token: high nibble = literal count (15: more follows), low nibble =
 *          match length - 4 (15: more follows)
 *   [literal count extension: bytes of 255 ..., then a byte < 255]
 *   literals
 *   offset: 2 bytes little-endian (1..65535), absent in the last record
 *   [match length extension, as for literals]
 */
#include "bench.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DATA_BYTES (8u << 20) /* bytes of input data */
#define ROUNDS 20             /* compress + decompress rounds */

#define MIN_MATCH 4
#define MAX_OFFSET 65535
#define HASH_BITS 16

static uint32_t hash_table[1u << HASH_BITS];

static uint64_t rng_state = 0xc0c0ffeec0c0ffeeULL;

static uint64_t rng_next(void) {
	uint64_t z = (rng_state += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

static inline uint32_t read32(const uint8_t *p) {
	uint32_t v;
	memcpy(&v, p, 4);
	return v;
}

static inline uint32_t hash4(uint32_t v) { return (v * 2654435761u) >> (32 - HASH_BITS); }

static uint8_t *put_length(uint8_t *op, uint32_t n) {
	while (n >= 255) {
		*op++ = 255;
		n -= 255;
	}
	*op++ = (uint8_t)n;
	return op;
}

static uint8_t *put_record(uint8_t *op, const uint8_t *lit, uint32_t nlit, uint32_t offset,
                           uint32_t mlen) {
	uint8_t *token = op++;
	uint32_t lcode = nlit < 15 ? nlit : 15;
	uint32_t mcode = 0;
	if (mlen > 0) {
		uint32_t m = mlen - MIN_MATCH;
		mcode = m < 15 ? m : 15;
	}
	*token = (uint8_t)(lcode << 4 | mcode);
	if (lcode == 15)
		op = put_length(op, nlit - 15);
	memcpy(op, lit, nlit);
	op += nlit;
	if (mlen > 0) {
		*op++ = (uint8_t)offset;
		*op++ = (uint8_t)(offset >> 8);
		if (mcode == 15)
			op = put_length(op, mlen - MIN_MATCH - 15);
	}
	return op;
}

/* Returns the compressed size; out must hold n + n/255 + 16 bytes. */
static size_t compress(const uint8_t *in, size_t n, uint8_t *out) {
	memset(hash_table, 0xff, sizeof hash_table);
	uint8_t *op = out;
	size_t anchor = 0, ip = 0;
	while (ip + MIN_MATCH <= n) {
		uint32_t v = read32(in + ip);
		uint32_t h = hash4(v);
		uint32_t cand = hash_table[h];
		hash_table[h] = (uint32_t)ip;
		if (cand != 0xffffffffu && ip - cand <= MAX_OFFSET && read32(in + cand) == v) {
			size_t len = MIN_MATCH;
			while (ip + len < n && in[cand + len] == in[ip + len])
				len++;
			/* extend backwards into pending literals */
			while (ip > anchor && cand > 0 && in[ip - 1] == in[cand - 1]) {
				ip--;
				cand--;
				len++;
			}
			op = put_record(op, in + anchor, (uint32_t)(ip - anchor), (uint32_t)(ip - cand),
			                (uint32_t)len);
			/* index a couple of positions inside the match */
			size_t end = ip + len;
			if (end + MIN_MATCH <= n) {
				hash_table[hash4(read32(in + end - 2))] = (uint32_t)(end - 2);
				hash_table[hash4(read32(in + end - 1))] = (uint32_t)(end - 1);
			}
			ip = anchor = end;
		} else {
			ip++;
		}
	}
	/* last record: literals only, possibly none */
	op = put_record(op, in + anchor, (uint32_t)(n - anchor), 0, 0);
	return (size_t)(op - out);
}

static int get_length(const uint8_t **pp, const uint8_t *end, uint32_t *n) {
	const uint8_t *p = *pp;
	uint8_t b;
	do {
		if (p >= end)
			return -1;
		b = *p++;
		*n += b;
	} while (b == 255);
	*pp = p;
	return 0;
}

/* Returns the decompressed size, or -1 if the input is malformed. */
static long decompress(const uint8_t *in, size_t n, uint8_t *out, size_t cap) {
	const uint8_t *ip = in, *end = in + n;
	uint8_t *op = out, *oend = out + cap;
	while (ip < end) {
		uint8_t token = *ip++;
		uint32_t nlit = token >> 4;
		if (nlit == 15 && get_length(&ip, end, &nlit) < 0)
			return -1;
		if ((size_t)(end - ip) < nlit || (size_t)(oend - op) < nlit)
			return -1;
		memcpy(op, ip, nlit);
		ip += nlit;
		op += nlit;
		if (ip == end)
			break; /* last record */
		if (end - ip < 2)
			return -1;
		uint32_t offset = (uint32_t)ip[0] | (uint32_t)ip[1] << 8;
		ip += 2;
		uint32_t mlen = token & 15;
		if (mlen == 15 && get_length(&ip, end, &mlen) < 0)
			return -1;
		mlen += MIN_MATCH;
		if (offset == 0 || offset > (size_t)(op - out) || (size_t)(oend - op) < mlen)
			return -1;
		const uint8_t *m = op - offset;
		if (offset >= mlen) {
			memcpy(op, m, mlen);
			op += mlen;
		} else {
			for (uint32_t i = 0; i < mlen; i++)
				*op++ = m[i];
		}
	}
	return (long)(op - out);
}

static const char *const words[] = {
	"wasm", "kernel", "page", "fault", "trap", "module", "import", "export", "memory", "grow",
	"table", "call", "indirect", "branch", "block", "loop", "local", "global", "store", "load",
};

static void generate(uint8_t *p, size_t n) {
	size_t i = 0;
	while (i < n) {
		uint64_t r = rng_next();
		uint32_t kind = (uint32_t)(r & 7);
		size_t len;
		if (kind <= 3) { /* a word and a separator */
			const char *w = words[(r >> 8) % (sizeof words / sizeof words[0])];
			len = strlen(w);
			if (i + len + 1 > n)
				len = n - i - (i < n ? 1 : 0);
			memcpy(p + i, w, len);
			i += len;
			if (i < n)
				p[i++] = (r >> 20) & 1 ? ' ' : '\n';
		} else if (kind == 4 && i > 1024) { /* repeat an earlier stretch */
			size_t back = 1 + (size_t)((r >> 8) % 60000);
			if (back > i)
				back = i;
			len = 8 + (size_t)((r >> 32) % 200);
			for (size_t k = 0; k < len && i < n; k++, i++)
				p[i] = p[i - back];
		} else if (kind == 5) { /* a run of one byte */
			len = 4 + (size_t)((r >> 8) % 100);
			for (size_t k = 0; k < len && i < n; k++)
				p[i++] = (uint8_t)(r >> 40);
		} else { /* random bytes */
			len = 1 + (size_t)((r >> 8) % 24);
			for (size_t k = 0; k < len && i < n; k++)
				p[i++] = (uint8_t)(rng_next() >> 56);
		}
	}
}

int main(void) {
	size_t bound = DATA_BYTES + DATA_BYTES / 255 + 16;
	uint8_t *data = malloc(DATA_BYTES);
	uint8_t *packed = malloc(bound);
	uint8_t *unpacked = malloc(DATA_BYTES);
	if (!data || !packed || !unpacked) {
		printf("out of memory\n");
		return 1;
	}
	generate(data, DATA_BYTES);

	uint64_t total_packed = 0, check = 0;
	size_t csize = 0;
	bench_start();
	for (int round = 0; round < ROUNDS; round++) {
		/* perturb the data a little each round */
		data[(round * 1000003u) % DATA_BYTES] ^= (uint8_t)(round + 1);
		csize = compress(data, DATA_BYTES, packed);
		total_packed += csize;
		long dsize = decompress(packed, csize, unpacked, DATA_BYTES);
		if (dsize != (long)DATA_BYTES || memcmp(data, unpacked, DATA_BYTES) != 0) {
			printf("compress round trip failed in round %d\n", round);
			return 1;
		}
		check = check * 0x100000001b3ULL + packed[csize / 2] + (uint64_t)unpacked[round];
	}
	bench_end();

	uint64_t h = 0xcbf29ce484222325ULL;
	for (size_t i = 0; i < csize; i++)
		h = (h ^ packed[i]) * 0x100000001b3ULL;
	printf("compress bytes=%u rounds=%d compressed=%zu total=%llu packedhash=%016llx check=%016llx\n",
	       DATA_BYTES, ROUNDS, csize, (unsigned long long)total_packed, (unsigned long long)h,
	       (unsigned long long)check);
	free(data);
	free(packed);
	free(unpacked);
	return 0;
}
