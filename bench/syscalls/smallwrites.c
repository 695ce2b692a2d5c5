/* smallwrites: 100000 unbuffered 16-byte write calls to a file, then its
 * size from fstat.  Each write is one system call on Linux and one WASI
 * fd_write in WebAssembly. */
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>
#include "bench.h"

#define WRITES 100000
#define CHUNK 16

int main(void) {
	char chunk[CHUNK];
	for (int i = 0; i < CHUNK; i++)
		chunk[i] = (char)('a' + i);
	int fd = open("smallwrites.out", O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0) {
		perror("open");
		return 1;
	}
	bench_start();
	long failed = 0;
	for (int i = 0; i < WRITES; i++) {
		chunk[0] = (char)('a' + i % 26);
		if (write(fd, chunk, CHUNK) != CHUNK)
			failed++;
	}
	bench_end();
	struct stat st;
	if (fstat(fd, &st) != 0) {
		perror("fstat");
		return 1;
	}
	close(fd);
	unlink("smallwrites.out");
	printf("writes %d failed %ld size %lld\n", WRITES, failed, (long long)st.st_size);
	return 0;
}
