// vecmul is a loop clang vectorizes: 32-bit multiplications, which SSE4.1
// does with pmulld and WebAssembly SIMD with i32x4.mul. The tests of the
// SIMD builds (bench --simd) use it.
#include <stdint.h>
#include <stdio.h>
#include "bench.h"

uint32_t a[4096], b[4096];

int main(void) {
	bench_start();
	for (int r = 0; r < 200; r++)
		for (int i = 0; i < 4096; i++)
			a[i] = a[i] * b[i] + (uint32_t)i;
	bench_end();
	printf("%u\n", a[7]);
	return 0;
}
