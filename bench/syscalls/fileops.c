/* fileops: 3000 rounds of create, write 100 bytes, close, stat, open,
 * read, close and unlink of a file in the working directory (a tmpfs on
 * Linux, the kernel's RAM file system in wasmkernel). */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "bench.h"

#define ROUNDS 3000
#define SIZE 100

int main(void) {
	char data[SIZE], back[SIZE], name[32];
	long bytes = 0, sizes = 0, failed = 0;
	unsigned sum = 0;
	bench_start();
	for (int i = 0; i < ROUNDS; i++) {
		snprintf(name, sizeof name, "file-%d.tmp", i % 64);
		memset(data, 'a' + i % 26, SIZE);
		int fd = open(name, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd < 0 || write(fd, data, SIZE) != SIZE) {
			failed++;
			continue;
		}
		close(fd);
		struct stat st;
		if (stat(name, &st) != 0)
			failed++;
		else
			sizes += st.st_size;
		fd = open(name, O_RDONLY);
		ssize_t n = fd < 0 ? -1 : read(fd, back, SIZE);
		if (n != SIZE)
			failed++;
		else
			bytes += n;
		if (fd >= 0)
			close(fd);
		sum = sum * 31 + (unsigned char)back[i % SIZE];
		if (unlink(name) != 0)
			failed++;
	}
	bench_end();
	printf("rounds %d failed %ld read %ld stat-sizes %ld sum %u\n", ROUNDS, failed, bytes, sizes, sum);
	return 0;
}
