/* clockreads: 200000 reads of the monotonic clock and 20000 of the
 * real-time clock, checking that the monotonic one never goes back.  On
 * Linux these are vDSO calls (no system call when the clocksource is the
 * TSC); in WebAssembly, WASI clock_time_get. */
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <time.h>
#include "bench.h"

#define MONO_READS 200000
#define REAL_READS 20000

int main(void) {
	struct timespec prev = {0, 0}, now;
	long backwards = 0, failed = 0;
	bench_start();
	for (int i = 0; i < MONO_READS; i++) {
		if (clock_gettime(CLOCK_MONOTONIC, &now) != 0) {
			failed++;
			continue;
		}
		if (now.tv_sec < prev.tv_sec || (now.tv_sec == prev.tv_sec && now.tv_nsec < prev.tv_nsec))
			backwards++;
		prev = now;
	}
	long before2020 = 0;
	for (int i = 0; i < REAL_READS; i++) {
		if (clock_gettime(CLOCK_REALTIME, &now) != 0)
			failed++;
		else if (now.tv_sec < 1577836800) /* 2020-01-01 */
			before2020++;
	}
	bench_end();
	printf("monotonic %d realtime %d failed %ld backwards %ld before-2020 %ld\n",
	       MONO_READS, REAL_READS, failed, backwards, before2020);
	return 0;
}
