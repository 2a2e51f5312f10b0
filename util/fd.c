/* util/fd.c — see util/fd.h. */
#include "util/fd.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/syscall.h>
#include <unistd.h>

/* Far above any --preserve-fds an engine passes; bounds the startup probe. */
#define INHERITED_MAX 65536

static int inherited;

void px_fds_snapshot(void)
{
	int n = 0;

	/* Usually fd 3 is closed: one fcntl. */
	while (n < INHERITED_MAX && fcntl(3 + n, F_GETFD) >= 0)
		n++;
	inherited = n;
}

int px_fds_inherited(void)
{
	return inherited;
}

static int close_span(unsigned int lo, unsigned int hi)
{
	if (syscall(SYS_close_range, lo, hi, 0) == 0)
		return 0;
	if (errno != ENOSYS)
		return -1;
	/* Kernels before 5.9: one close per possible fd up to the limit. */
	{
		long max = sysconf(_SC_OPEN_MAX);
		unsigned int top = max > 0 && (unsigned long)max - 1 < hi ? (unsigned int)max - 1 : hi;
		for (unsigned int fd = lo; fd <= top && fd >= lo; fd++)
			close((int)fd);
	}
	return 0;
}

int px_close_fds_except(int first, const int *keep, size_t n_keep)
{
	unsigned int lo = (unsigned int)first;

	/* Walk the kept fds in ascending order, closing each gap below them. n_keep is
	 * a handful: a selection of the next one each round is enough. */
	for (;;) {
		unsigned int next = UINT_MAX;
		for (size_t i = 0; i < n_keep; i++)
			if (keep[i] >= 0 && (unsigned int)keep[i] >= lo && (unsigned int)keep[i] < next)
				next = (unsigned int)keep[i];
		if (next == UINT_MAX)
			return close_span(lo, ~0U);
		if (next > lo && close_span(lo, next - 1) < 0)
			return -1;
		lo = next + 1;
	}
}
