/* hello: prints its first line at once, so that the time from starting
 * the machine to that line is the time to the app's first output. */
#include <stdio.h>
#include "bench.h"

int main(void) {
	bench_start();
	fputs("hello, first line\n", stdout);
	fflush(stdout);
	bench_end();
	return 0;
}
