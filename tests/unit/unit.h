/* tests/unit/unit.h — a tiny unit-test harness. Each test binary ends with the
 * line "N passed, M failed, 0 skipped" and exits non-zero when M > 0; tests/run-all adds the
 * counts of every binary and script into the final line.
 *
 *   static void test_x(void) { CHECK(1 + 1 == 2); CHECK_STR(s, "abc"); }
 *   int main(void) { RUN(test_x); return unit_done(); }
 * A test passes when none of its CHECKs failed.
 */
#ifndef PX_TESTS_UNIT_H
#define PX_TESTS_UNIT_H

#include <stdio.h>
#include <string.h>

static int unit_passed, unit_failed, unit_cur_failed;

#define CHECK(cond)                                                                   \
	do {                                                                          \
		if (!(cond)) {                                                        \
			fprintf(stderr, "  %s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #cond); \
			unit_cur_failed = 1;                                          \
		}                                                                     \
	} while (0)

#define CHECK_STR(a, b)                                                               \
	do {                                                                          \
		const char *a_ = (a), *b_ = (b);                                      \
		if (!a_ || !b_ || strcmp(a_, b_) != 0) {                              \
			fprintf(stderr, "  %s:%d: \"%s\" != \"%s\"\n", __FILE__, __LINE__, \
			        a_ ? a_ : "(null)", b_ ? b_ : "(null)");              \
			unit_cur_failed = 1;                                          \
		}                                                                     \
	} while (0)

/* substring check, for error messages */
#define CHECK_CONTAINS(hay, needle)                                                   \
	do {                                                                          \
		const char *h_ = (hay), *n_ = (needle);                               \
		if (!h_ || !strstr(h_, n_)) {                                         \
			fprintf(stderr, "  %s:%d: \"%s\" does not contain \"%s\"\n", __FILE__, \
			        __LINE__, h_ ? h_ : "(null)", n_);                    \
			unit_cur_failed = 1;                                          \
		}                                                                     \
	} while (0)

#define RUN(fn)                                                                       \
	do {                                                                          \
		unit_cur_failed = 0;                                                  \
		fn();                                                                 \
		if (unit_cur_failed) {                                                \
			unit_failed++;                                                \
			printf("not ok %s\n", #fn);                                   \
		} else {                                                              \
			unit_passed++;                                                \
			printf("ok %s\n", #fn);                                       \
		}                                                                     \
	} while (0)

static inline int unit_done(void)
{
	printf("%d passed, %d failed, 0 skipped\n", unit_passed, unit_failed);
	return unit_failed ? 1 : 0;
}

#endif
