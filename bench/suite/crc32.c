/* crc32.c - table-driven CRC-32 (IEEE 802.3, reflected, polynomial
 * 0xEDB88320): a byte-at-a-time version and a slicing-by-4 version over a
 * large buffer.  Written for the wasmkernel benchmark suite. */
#include "bench.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BUF_BYTES (4u << 20) /* bytes per pass */
#define PASSES 60            /* passes of each variant */

static uint32_t table[4][256];

static void make_tables(void) {
	for (uint32_t i = 0; i < 256; i++) {
		uint32_t c = i;
		for (int k = 0; k < 8; k++)
			c = (c & 1) ? (c >> 1) ^ 0xEDB88320u : c >> 1;
		table[0][i] = c;
	}
	for (uint32_t i = 0; i < 256; i++)
		for (int t = 1; t < 4; t++)
			table[t][i] = (table[t - 1][i] >> 8) ^ table[0][table[t - 1][i] & 0xff];
}

static uint32_t crc_bytewise(uint32_t crc, const uint8_t *p, size_t n) {
	crc = ~crc;
	for (size_t i = 0; i < n; i++)
		crc = (crc >> 8) ^ table[0][(crc ^ p[i]) & 0xff];
	return ~crc;
}

static uint32_t crc_slice4(uint32_t crc, const uint8_t *p, size_t n) {
	crc = ~crc;
	while (n >= 4) {
		uint32_t v = crc ^ ((uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
		                    (uint32_t)p[3] << 24);
		crc = table[3][v & 0xff] ^ table[2][(v >> 8) & 0xff] ^ table[1][(v >> 16) & 0xff] ^
		      table[0][v >> 24];
		p += 4;
		n -= 4;
	}
	while (n--)
		crc = (crc >> 8) ^ table[0][(crc ^ *p++) & 0xff];
	return ~crc;
}

static uint64_t rng_state = 0x0c7c32000c7c3200ULL;

static uint64_t rng_next(void) {
	uint64_t z = (rng_state += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

int main(void) {
	make_tables();
	const uint8_t *check = (const uint8_t *)"123456789";
	if (crc_bytewise(0, check, 9) != 0xCBF43926u || crc_slice4(0, check, 9) != 0xCBF43926u) {
		printf("crc32 self-test failed\n");
		return 1;
	}
	uint8_t *buf = malloc(BUF_BYTES);
	if (!buf) {
		printf("out of memory\n");
		return 1;
	}
	for (uint32_t i = 0; i < BUF_BYTES; i++)
		buf[i] = (uint8_t)(rng_next() >> 29);

	uint32_t c1 = 0, c2 = 0;
	bench_start();
	for (int p = 0; p < PASSES; p++) {
		/* odd lengths and offsets to exercise the tails */
		size_t off = (size_t)p & 3, n = BUF_BYTES - 4 - (((size_t)p >> 2) & 3);
		c1 = crc_bytewise(c1, buf + off, n);
		c2 = crc_slice4(c2, buf + off, n);
	}
	bench_end();

	if (c1 != c2) {
		printf("crc32 variants disagree: %08x %08x\n", c1, c2);
		return 1;
	}
	printf("crc32 bytes=%u passes=%d crc=%08x\n", BUF_BYTES, PASSES, c1);
	free(buf);
	return 0;
}
