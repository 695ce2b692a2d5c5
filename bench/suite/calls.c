/* calls.c - function calls: recursive Fibonacci, Ackermann, calls through
 * a table of function pointers, and tail-recursive helpers.  Written for
 * the wasmkernel benchmark suite. */
#include "bench.h"

#include <stdint.h>
#include <stdio.h>

#define FIB_N 36        /* recursive fib(FIB_N) and fib(FIB_N-1) */
#define FIB_REPS 10     /* times fib is computed */
#define ACK_N 8         /* ackermann(3, ACK_N); recursion depth about 2^(ACK_N+3) */
#define ACK_REPS 12     /* times ackermann(3, n) is computed */
#define INDIRECT 20000000 /* calls through the function-pointer table */
#define TAIL_REPS 500000  /* rounds of the tail-recursive helpers */
#define WALK_REPS 3000    /* mutual-recursion walks, depth 2000..5000 */

static uint32_t fib(uint32_t n) {
	if (n < 2)
		return n;
	return fib(n - 1) + fib(n - 2);
}

static uint32_t ack(uint32_t m, uint32_t n) {
	if (m == 0)
		return n + 1;
	if (n == 0)
		return ack(m - 1, 1);
	return ack(m - 1, ack(m, n - 1));
}

/* small functions called through a table */
typedef uint32_t (*op_fn)(uint32_t, uint32_t);

static uint32_t op_add(uint32_t a, uint32_t b) { return a + b; }
static uint32_t op_sub(uint32_t a, uint32_t b) { return a - b; }
static uint32_t op_mul(uint32_t a, uint32_t b) { return a * b + 1; }
static uint32_t op_xor(uint32_t a, uint32_t b) { return a ^ (b << 3); }
static uint32_t op_rot(uint32_t a, uint32_t b) { return (a << (b & 31)) | (a >> ((32 - (b & 31)) & 31)); }
static uint32_t op_min(uint32_t a, uint32_t b) { return (a < b ? a : b) + 7; }
static uint32_t op_avg(uint32_t a, uint32_t b) { return (a >> 1) + (b >> 1) + 3; }
static uint32_t op_mix(uint32_t a, uint32_t b) { return (a ^ 0x9e3779b9u) * 0x85ebca6bu + b; }

static op_fn table[8] = {op_add, op_sub, op_mul, op_xor, op_rot, op_min, op_avg, op_mix};

/* keep the table opaque to the optimizer */
__attribute__((noinline)) static void shuffle_table(uint32_t seed) {
	for (int i = 7; i > 0; i--) {
		seed = seed * 1103515245u + 12345u;
		int j = (int)((seed >> 16) % (uint32_t)(i + 1));
		op_fn t = table[i];
		table[i] = table[j];
		table[j] = t;
	}
}

__attribute__((noinline)) static uint32_t run_indirect(uint32_t n, uint32_t seed) {
	uint32_t acc = seed, x = seed | 1;
	for (uint32_t i = 0; i < n; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		acc = table[x & 7](acc, x);
	}
	return acc;
}

/* tail-recursive helpers */
static uint32_t gcd(uint32_t a, uint32_t b) { return b == 0 ? a : gcd(b, a % b); }

static uint32_t collatz_steps(uint64_t n, uint32_t steps) {
	if (n == 1)
		return steps;
	return collatz_steps((n & 1) ? 3 * n + 1 : n / 2, steps + 1);
}

static uint64_t sum_digits(uint64_t n, uint64_t acc) {
	return n == 0 ? acc : sum_digits(n / 10, acc + n % 10);
}

/* mutual recursion that the compiler cannot simply fold away */
__attribute__((noinline)) static uint32_t walk_b(uint32_t n, uint32_t acc);

__attribute__((noinline)) static uint32_t walk_a(uint32_t n, uint32_t acc) {
	if (n == 0)
		return acc;
	return walk_b(n - 1, acc * 3 + n) + 1;
}

__attribute__((noinline)) static uint32_t walk_b(uint32_t n, uint32_t acc) {
	if (n == 0)
		return acc;
	return walk_a(n - 1, acc ^ (n << 2)) + 2;
}

int main(void) {
	uint32_t fibsum = 0, acksum = 0, ind = 0, tail = 0, walk = 0;
	uint64_t digits = 0;
	/* the inputs come from a variable so nothing is computed at compile time */
	volatile uint32_t vbase = 0;
	uint32_t base = vbase;

	bench_start();
	for (uint32_t r = 0; r < FIB_REPS; r++)
		fibsum += fib(FIB_N - (r & 1) + base);
	for (uint32_t r = 0; r < ACK_REPS; r++)
		acksum += ack(3, ACK_N + base) + ack(2, 1000 + r + base);
	shuffle_table(12345u + base);
	ind = run_indirect(INDIRECT, 0x2545f491u + base);
	for (uint32_t r = 1; r <= TAIL_REPS; r++) {
		tail += gcd(r * 7919u + base, r * 104729u + 13u);
		tail += collatz_steps(r + base, 0);
		digits += sum_digits((uint64_t)r * 0x9e3779b97f4aULL + base, 0);
	}
	for (uint32_t r = 0; r < WALK_REPS; r++)
		walk += walk_a(2000 + r + base, r);
	bench_end();

	printf("calls fib=%u ack=%u indirect=%08x tail=%u digits=%llu walk=%08x\n", fibsum, acksum,
	       ind, tail, (unsigned long long)digits, walk);
	return 0;
}
