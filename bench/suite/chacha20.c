/* chacha20.c - ChaCha20 stream cipher (RFC 8439) encrypting a large buffer
 * repeatedly.  Written for the wasmkernel benchmark suite. */
#include "bench.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BUF_BYTES (1u << 20) /* bytes encrypted per pass */
#define PASSES 400           /* passes over the buffer */

static inline uint32_t rotl(uint32_t x, unsigned n) { return (x << n) | (x >> (32 - n)); }

static inline uint32_t load32(const uint8_t *p) {
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline void store32(uint8_t *p, uint32_t v) {
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

#define QR(a, b, c, d)                    \
	do {                                  \
		a += b; d ^= a; d = rotl(d, 16);  \
		c += d; b ^= c; b = rotl(b, 12);  \
		a += b; d ^= a; d = rotl(d, 8);   \
		c += d; b ^= c; b = rotl(b, 7);   \
	} while (0)

/* The ChaCha20 block function: 64 bytes of keystream for one counter. */
static void chacha20_block(const uint8_t key[32], uint32_t counter, const uint8_t nonce[12],
                           uint8_t out[64]) {
	uint32_t in[16], x[16];
	in[0] = 0x61707865;
	in[1] = 0x3320646e;
	in[2] = 0x79622d32;
	in[3] = 0x6b206574;
	for (int i = 0; i < 8; i++)
		in[4 + i] = load32(key + 4 * i);
	in[12] = counter;
	in[13] = load32(nonce);
	in[14] = load32(nonce + 4);
	in[15] = load32(nonce + 8);
	memcpy(x, in, sizeof x);
	for (int r = 0; r < 10; r++) {
		QR(x[0], x[4], x[8], x[12]);
		QR(x[1], x[5], x[9], x[13]);
		QR(x[2], x[6], x[10], x[14]);
		QR(x[3], x[7], x[11], x[15]);
		QR(x[0], x[5], x[10], x[15]);
		QR(x[1], x[6], x[11], x[12]);
		QR(x[2], x[7], x[8], x[13]);
		QR(x[3], x[4], x[9], x[14]);
	}
	for (int i = 0; i < 16; i++)
		store32(out + 4 * i, x[i] + in[i]);
}

/* XORs n bytes of buf with the keystream starting at block `counter`. */
static void chacha20_xor(const uint8_t key[32], uint32_t counter, const uint8_t nonce[12],
                         uint8_t *buf, size_t n) {
	uint8_t ks[64];
	while (n > 0) {
		chacha20_block(key, counter++, nonce, ks);
		size_t m = n < 64 ? n : 64;
		for (size_t i = 0; i < m; i++)
			buf[i] ^= ks[i];
		buf += m;
		n -= m;
	}
}

static void selftest(void) {
	/* RFC 8439 section 2.3.2 */
	static const uint8_t expect[64] = {
		0x10, 0xf1, 0xe7, 0xe4, 0xd1, 0x3b, 0x59, 0x15, 0x50, 0x0f, 0xdd, 0x1f, 0xa3, 0x20, 0x71, 0xc4,
		0xc7, 0xd1, 0xf4, 0xc7, 0x33, 0xc0, 0x68, 0x03, 0x04, 0x22, 0xaa, 0x9a, 0xc3, 0xd4, 0x6c, 0x4e,
		0xd2, 0x82, 0x64, 0x46, 0x07, 0x9f, 0xaa, 0x09, 0x14, 0xc2, 0xd7, 0x05, 0xd9, 0x8b, 0x02, 0xa2,
		0xb5, 0x12, 0x9c, 0xd1, 0xde, 0x16, 0x4e, 0xb9, 0xcb, 0xd0, 0x83, 0xe8, 0xa2, 0x50, 0x3c, 0x4e,
	};
	uint8_t key[32], out[64];
	static const uint8_t nonce[12] = {0, 0, 0, 0x09, 0, 0, 0, 0x4a, 0, 0, 0, 0};
	for (int i = 0; i < 32; i++)
		key[i] = (uint8_t)i;
	chacha20_block(key, 1, nonce, out);
	if (memcmp(out, expect, 64) != 0) {
		printf("chacha20 self-test failed\n");
		exit(1);
	}
}

static uint64_t rng_state = 0xc4ac4a20c4ac4a20ULL;

static uint64_t rng_next(void) {
	uint64_t z = (rng_state += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

static uint64_t checksum(const uint8_t *p, size_t n) {
	uint64_t h = 0xcbf29ce484222325ULL;
	for (size_t i = 0; i < n; i += 8) {
		uint64_t v;
		memcpy(&v, p + i, 8);
		h = (h ^ v) * 0x100000001b3ULL;
	}
	return h;
}

int main(void) {
	selftest();
	uint8_t *buf = malloc(BUF_BYTES);
	uint8_t *orig = malloc(BUF_BYTES);
	if (!buf || !orig) {
		printf("out of memory\n");
		return 1;
	}
	uint8_t key[32], nonce[12] = {0};
	for (int i = 0; i < 32; i++)
		key[i] = (uint8_t)(rng_next() >> 40);
	for (uint32_t i = 0; i < BUF_BYTES; i++)
		orig[i] = (uint8_t)(rng_next() >> 24);
	memcpy(buf, orig, BUF_BYTES);

	uint64_t mix = 0;
	bench_start();
	for (uint32_t p = 0; p < PASSES; p++) {
		store32(nonce, p);
		/* odd length, so the last block is partial */
		chacha20_xor(key, 7 * p, nonce, buf, BUF_BYTES - (p & 63));
		mix = mix * 0x100000001b3ULL ^ buf[(p * 4099u) % BUF_BYTES];
	}
	bench_end();

	uint64_t sum = checksum(buf, BUF_BYTES);
	/* decrypt in reverse order and check the round trip */
	for (uint32_t p = PASSES; p-- > 0;) {
		store32(nonce, p);
		chacha20_xor(key, 7 * p, nonce, buf, BUF_BYTES - (p & 63));
	}
	if (memcmp(buf, orig, BUF_BYTES) != 0) {
		printf("chacha20 round trip failed\n");
		return 1;
	}
	printf("chacha20 bytes=%u passes=%d checksum=%016llx mix=%016llx\n", BUF_BYTES, PASSES,
	       (unsigned long long)sum, (unsigned long long)mix);
	free(buf);
	free(orig);
	return 0;
}
