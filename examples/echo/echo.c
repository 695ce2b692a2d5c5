// echo reads lines from standard input and writes them back in upper case
// until a line "quit" or the end of input: in the kernel, stdin is the
// serial console.
#include <ctype.h>
#include <stdio.h>
#include <string.h>

int main(void) {
	char line[256];
	int n = 0;
	while (fgets(line, sizeof line, stdin) != NULL) {
		if (strcmp(line, "quit\n") == 0) {
			break;
		}
		for (char *p = line; *p; p++) {
			*p = (char)toupper((unsigned char)*p);
		}
		fputs(line, stdout);
		fflush(stdout);
		n++;
	}
	printf("%d lines\n", n);
	return 0;
}
