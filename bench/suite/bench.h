/* bench.h - measured-region markers for the wasmkernel benchmark suite.
 *
 * In WebAssembly builds, bench_start and bench_end are imports from the
 * "bench" module (bench.start / bench.end), which the engine uses to time
 * the region.  In native builds they are implemented here with
 * clock_gettime(CLOCK_MONOTONIC); bench_end appends "region_ns <N>" to the
 * file named by WASMKERNEL_BENCH_OUT, if that variable is set.
 */
#ifndef WASMKERNEL_BENCH_H
#define WASMKERNEL_BENCH_H

#ifdef __wasm__

__attribute__((import_module("bench"), import_name("start"))) void bench_start(void);
__attribute__((import_module("bench"), import_name("end"))) void bench_end(void);

#else

/* clock_gettime is POSIX: make it visible under -std=c11 as well */
#if defined(__STRICT_ANSI__) && !defined(_POSIX_C_SOURCE)
#define _POSIX_C_SOURCE 199309L
#endif
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static struct timespec bench_start_ts;

static inline void bench_start(void) {
	clock_gettime(CLOCK_MONOTONIC, &bench_start_ts);
}

static inline void bench_end(void) {
	struct timespec end;
	clock_gettime(CLOCK_MONOTONIC, &end);
	int64_t ns = (int64_t)(end.tv_sec - bench_start_ts.tv_sec) * 1000000000LL +
	             (int64_t)(end.tv_nsec - bench_start_ts.tv_nsec);
	const char *path = getenv("WASMKERNEL_BENCH_OUT");
	if (path == NULL || path[0] == '\0')
		return;
	FILE *f = fopen(path, "a");
	if (f == NULL)
		return;
	fprintf(f, "region_ns %lld\n", (long long)ns);
	fclose(f);
}

#endif

#endif
