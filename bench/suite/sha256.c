/* sha256.c - SHA-256 (FIPS 180-4) over a large buffer, repeatedly.
 * Written for the wasmkernel benchmark suite. */
#include "bench.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BUF_BYTES (1u << 20) /* bytes hashed per pass */
#define PASSES 180           /* passes over the buffer */

typedef struct {
	uint32_t h[8];
	uint64_t total;      /* bytes processed */
	uint8_t block[64];
	uint32_t used;       /* bytes in block */
} sha256_ctx;

static const uint32_t K[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
	0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
	0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
	0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static inline uint32_t rotr(uint32_t x, unsigned n) { return (x >> n) | (x << (32 - n)); }

static void compress(uint32_t h[8], const uint8_t *p) {
	uint32_t w[64];
	for (int i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
		       (uint32_t)p[4 * i + 2] << 8 | (uint32_t)p[4 * i + 3];
	for (int i = 16; i < 64; i++) {
		uint32_t s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
		uint32_t s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
		w[i] = w[i - 16] + s0 + w[i - 7] + s1;
	}
	uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
	for (int i = 0; i < 64; i++) {
		uint32_t S1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
		uint32_t ch = (e & f) ^ (~e & g);
		uint32_t t1 = hh + S1 + ch + K[i] + w[i];
		uint32_t S0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
		uint32_t maj = (a & b) ^ (a & c) ^ (b & c);
		uint32_t t2 = S0 + maj;
		hh = g;
		g = f;
		f = e;
		e = d + t1;
		d = c;
		c = b;
		b = a;
		a = t1 + t2;
	}
	h[0] += a; h[1] += b; h[2] += c; h[3] += d;
	h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
}

static void sha256_init(sha256_ctx *c) {
	static const uint32_t iv[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
	                               0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
	memcpy(c->h, iv, sizeof iv);
	c->total = 0;
	c->used = 0;
}

static void sha256_update(sha256_ctx *c, const uint8_t *p, size_t n) {
	c->total += n;
	if (c->used > 0) {
		while (n > 0 && c->used < 64) {
			c->block[c->used++] = *p++;
			n--;
		}
		if (c->used < 64)
			return;
		compress(c->h, c->block);
		c->used = 0;
	}
	while (n >= 64) {
		compress(c->h, p);
		p += 64;
		n -= 64;
	}
	memcpy(c->block, p, n);
	c->used = (uint32_t)n;
}

static void sha256_final(sha256_ctx *c, uint8_t out[32]) {
	uint64_t bits = c->total * 8;
	c->block[c->used++] = 0x80;
	if (c->used > 56) {
		memset(c->block + c->used, 0, 64 - c->used);
		compress(c->h, c->block);
		c->used = 0;
	}
	memset(c->block + c->used, 0, 56 - c->used);
	for (int i = 0; i < 8; i++)
		c->block[56 + i] = (uint8_t)(bits >> (56 - 8 * i));
	compress(c->h, c->block);
	for (int i = 0; i < 8; i++) {
		out[4 * i] = (uint8_t)(c->h[i] >> 24);
		out[4 * i + 1] = (uint8_t)(c->h[i] >> 16);
		out[4 * i + 2] = (uint8_t)(c->h[i] >> 8);
		out[4 * i + 3] = (uint8_t)c->h[i];
	}
}

static void hex(const uint8_t d[32], char out[65]) {
	static const char digits[] = "0123456789abcdef";
	for (int i = 0; i < 32; i++) {
		out[2 * i] = digits[d[i] >> 4];
		out[2 * i + 1] = digits[d[i] & 15];
	}
	out[64] = 0;
}

static void selftest(void) {
	static const struct {
		const char *msg;
		const char *digest;
	} tests[] = {
		{"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
		{"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
		{"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
		 "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
	};
	for (size_t t = 0; t < sizeof tests / sizeof tests[0]; t++) {
		sha256_ctx c;
		uint8_t d[32];
		char h[65];
		sha256_init(&c);
		sha256_update(&c, (const uint8_t *)tests[t].msg, strlen(tests[t].msg));
		sha256_final(&c, d);
		hex(d, h);
		if (strcmp(h, tests[t].digest) != 0) {
			printf("sha256 self-test failed for \"%s\": got %s\n", tests[t].msg, h);
			exit(1);
		}
	}
}

static uint64_t rng_state = 0xfeedfacecafebeefULL;

static uint64_t rng_next(void) {
	uint64_t z = (rng_state += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

int main(void) {
	selftest();
	uint8_t *buf = malloc(BUF_BYTES);
	if (!buf) {
		printf("out of memory\n");
		return 1;
	}
	for (uint32_t i = 0; i < BUF_BYTES; i += 8) {
		uint64_t r = rng_next();
		for (int j = 0; j < 8; j++)
			buf[i + j] = (uint8_t)(r >> (8 * j));
	}

	uint8_t digest[32] = {0};
	sha256_ctx total;
	sha256_init(&total);
	bench_start();
	for (int p = 0; p < PASSES; p++) {
		/* chain: each pass hashes the buffer with the previous digest mixed in */
		memcpy(buf + (p * 32) % (BUF_BYTES - 32), digest, 32);
		sha256_ctx c;
		sha256_init(&c);
		/* feed in uneven pieces to exercise the buffering path too */
		sha256_update(&c, buf, 1000);
		sha256_update(&c, buf + 1000, BUF_BYTES - 1000);
		sha256_final(&c, digest);
		sha256_update(&total, digest, 32);
	}
	bench_end();

	uint8_t final[32];
	sha256_final(&total, final);
	char h1[65], h2[65];
	hex(digest, h1);
	hex(final, h2);
	printf("sha256 bytes=%u passes=%d last=%s chain=%s\n", BUF_BYTES, PASSES, h1, h2);
	free(buf);
	return 0;
}
