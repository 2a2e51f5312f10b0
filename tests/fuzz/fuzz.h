/* tests/fuzz/fuzz.h — shared bits of the libFuzzer harnesses (tests/fuzz/README.md).
 *
 * Each harness feeds one parser of outside input with arbitrary bytes. Crashes,
 * sanitizer reports and leaks fail it; where the parser promises something about
 * what it accepts (an id never names a path outside the state root, a signal is in
 * range), the harness checks that promise too and aborts when it is broken.
 */
#ifndef PX_TESTS_FUZZ_H
#define PX_TESTS_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A NUL-terminated copy of the input (the parsers of C strings need one). */
static inline char *fuzz_cstr(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* Fail the run with a message: libFuzzer saves the input as a crash. */
#define FUZZ_ASSERT(cond)                                                              \
	do {                                                                           \
		if (!(cond)) {                                                         \
			fprintf(stderr, "%s:%d: promise broken: %s\n", __FILE__, __LINE__, #cond); \
			abort();                                                       \
		}                                                                      \
	} while (0)

/* Every error is one line (the contract of util/error.h). */
#define FUZZ_ONE_LINE(msg) FUZZ_ASSERT(strchr((msg), '\n') == NULL)

#endif
