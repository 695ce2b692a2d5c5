// hello is wasmkernel's demo application: it greets, shows its arguments and
// environment, and does a little arithmetic so that a run shows real work.
#include <stdio.h>
#include <stdlib.h>

static unsigned long fib(unsigned n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

int main(int argc, char **argv) {
	printf("Hello from wasmkernel!\n");
	for (int i = 1; i < argc; i++)
		printf("arg %d: %s\n", i, argv[i]);
	const char *who = getenv("WHO");
	if (who)
		printf("WHO=%s\n", who);
	printf("fib(25) = %lu\n", fib(25));
	return 0;
}
