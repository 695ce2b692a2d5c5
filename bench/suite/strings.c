/* strings.c - string processing: build a large text from a word list,
 * tokenize it, count word frequencies in a hash table, search it with
 * strstr/strchr/memcmp, and convert case.  Written for the wasmkernel
 * benchmark suite. */
#include "bench.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NWORDS 600000  /* words in the generated text */
#define ROUNDS 36      /* processing rounds over the text */

static const char *const vocabulary[] = {
	"kernel", "memory", "page", "table", "interrupt", "scheduler", "thread", "process",
	"virtual", "machine", "module", "function", "import", "export", "stack", "heap",
	"linear", "global", "local", "branch", "loop", "block", "trap", "instruction",
	"compile", "native", "assembly", "register", "allocator", "buffer", "socket", "network",
	"packet", "driver", "device", "queue", "ring", "descriptor", "file", "directory",
	"path", "clock", "timer", "signal", "pipe", "channel", "message", "event",
	"a", "an", "the", "of", "to", "in", "is", "it", "and", "or", "not", "for",
	"WebAssembly", "Linux", "QEMU", "x86", "amd64", "virtio", "PCI", "ACPI",
	"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
	"quick", "brown", "fox", "jumps", "over", "lazy", "dog", "pack", "my", "box",
	"with", "five", "dozen", "liquor", "jugs", "sphinx", "black", "quartz", "judge", "vow",
};
#define NVOCAB (sizeof vocabulary / sizeof vocabulary[0])

static uint64_t rng_state = 0x5171c65171c60000ULL;

static uint64_t rng_next(void) {
	uint64_t z = (rng_state += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

/* ---- word-frequency hash table (chained, keys point into the text) ---- */

#define HBITS 12
#define HSIZE (1u << HBITS)
#define MAXENTRIES 4096

typedef struct {
	const char *word;
	uint32_t len;
	uint32_t count;
	int32_t next;
} entry;

static int32_t heads[HSIZE];
static entry entries[MAXENTRIES];
static int nentries;

static uint32_t hash_word(const char *s, uint32_t n) {
	uint32_t h = 2166136261u;
	for (uint32_t i = 0; i < n; i++)
		h = (h ^ (uint8_t)s[i]) * 16777619u;
	return h;
}

static void count_word(const char *s, uint32_t n) {
	uint32_t b = hash_word(s, n) & (HSIZE - 1);
	for (int32_t e = heads[b]; e >= 0; e = entries[e].next)
		if (entries[e].len == n && memcmp(entries[e].word, s, n) == 0) {
			entries[e].count++;
			return;
		}
	if (nentries >= MAXENTRIES) {
		printf("too many distinct words\n");
		exit(1);
	}
	entry *e = &entries[nentries];
	e->word = s;
	e->len = n;
	e->count = 1;
	e->next = heads[b];
	heads[b] = nentries++;
}

static int cmp_entries(const void *a, const void *b) {
	const entry *x = a, *y = b;
	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	uint32_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->word, y->word, n);
	if (c != 0)
		return c;
	return (int)x->len - (int)y->len;
}

static int is_word_char(unsigned char c) { return isalnum(c) != 0; }

int main(void) {
	/* build the text: words separated by spaces and punctuation */
	size_t cap = (size_t)NWORDS * 14 + 1;
	char *text = malloc(cap);
	char *work = malloc(cap);
	if (!text || !work) {
		printf("out of memory\n");
		return 1;
	}
	size_t len = 0;
	for (int i = 0; i < NWORDS; i++) {
		uint64_t r = rng_next();
		/* skewed choice: low indices are more frequent */
		uint32_t idx = (uint32_t)((r & 0xffff) * ((r >> 16) & 0xffff) >> 16) % NVOCAB;
		const char *w = vocabulary[idx];
		size_t n = strlen(w);
		memcpy(text + len, w, n);
		len += n;
		uint32_t p = (uint32_t)(r >> 40) & 31;
		if (p == 0)
			text[len++] = ',';
		else if (p == 1)
			text[len++] = '.';
		else if (p == 2) {
			text[len++] = '.';
			text[len++] = '\n';
			continue;
		}
		text[len++] = ' ';
	}
	text[len] = 0;

	static const char *const needles[] = {"the quick", "kernel memory", "trap", "dog.",
	                                      "sphinx of", "virtio PCI", "zero one two", "QEMU,"};
	uint64_t tokens = 0, distinct = 0, found = 0, lines = 0, commas = 0, upper = 0;
	uint64_t memhits = 0, top = 0, sig = 0;

	bench_start();
	for (int round = 0; round < ROUNDS; round++) {
		/* 1. tokenize and count word frequencies */
		memset(heads, 0xff, sizeof heads);
		nentries = 0;
		const char *p = text;
		while (*p) {
			while (*p && !is_word_char((unsigned char)*p))
				p++;
			const char *start = p;
			while (*p && is_word_char((unsigned char)*p))
				p++;
			if (p > start) {
				count_word(start, (uint32_t)(p - start));
				tokens++;
			}
		}
		distinct += (uint64_t)nentries;
		qsort(entries, (size_t)nentries, sizeof(entry), cmp_entries);
		top += entries[0].count + entries[nentries - 1].count;
		sig = sig * 31 + hash_word(entries[round].word, entries[round].len);

		/* 2. substring search with strstr */
		for (size_t k = 0; k < sizeof needles / sizeof needles[0]; k++) {
			const char *q = text;
			while ((q = strstr(q, needles[k])) != NULL) {
				found++;
				q++;
			}
		}

		/* 3. strchr scans */
		for (const char *q = text; (q = strchr(q, '\n')) != NULL; q++)
			lines++;
		for (const char *q = text; (q = strchr(q, ',')) != NULL; q++)
			commas++;

		/* 4. case conversion into a copy, then compare with memcmp */
		for (size_t i = 0; i <= len; i++)
			work[i] = (char)toupper((unsigned char)text[i]);
		for (size_t i = 0; i < len; i++)
			upper += (work[i] != text[i]);
		for (size_t i = 0; i + 8 <= len; i += 8)
			memhits += memcmp(work + i, text + i, 8) == 0;
		for (size_t i = 0; i <= len; i++)
			work[i] = (char)tolower((unsigned char)work[i]);
		const char *lw = strstr(work, "webassembly linux");
		if (lw)
			sig += (uint64_t)(lw - work);
		/* 5. mutate the text a little so the rounds differ */
		text[(round * 7919u) % len] = (char)('a' + round);
	}
	bench_end();

	printf("strings bytes=%zu rounds=%d tokens=%llu distinct=%llu top=%llu found=%llu "
	       "lines=%llu commas=%llu upper=%llu memhits=%llu sig=%016llx\n",
	       len, ROUNDS, (unsigned long long)tokens, (unsigned long long)distinct,
	       (unsigned long long)top, (unsigned long long)found, (unsigned long long)lines,
	       (unsigned long long)commas, (unsigned long long)upper, (unsigned long long)memhits,
	       (unsigned long long)sig);
	free(text);
	free(work);
	return 0;
}
