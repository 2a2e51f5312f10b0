/* tests/unit/test_util_fd.c — util/fd.c: the startup snapshot of passed fds and
 * closing everything but a keep list. */
#include "util/fd.h"

#include <fcntl.h>
#include <unistd.h>

#include "tests/unit/unit.h"

static int is_open(int fd)
{
	return fcntl(fd, F_GETFD) >= 0;
}

/* fds 3..3+n-1 open, nothing above: the caller "passed" n fds */
static void open_exactly(int n)
{
	px_close_fds_except(3, NULL, 0);
	for (int i = 0; i < n; i++)
		dup2(0, 3 + i);
}

static void test_snapshot_counts_contiguous(void)
{
	open_exactly(0);
	px_fds_snapshot();
	CHECK(px_fds_inherited() == 0);
	open_exactly(3);
	px_fds_snapshot();
	CHECK(px_fds_inherited() == 3);
	/* a gap ends the count: a stray fd 10 is no passed fd */
	open_exactly(2);
	dup2(0, 10);
	px_fds_snapshot();
	CHECK(px_fds_inherited() == 2);
}

static void test_close_except_keeps_exactly(void)
{
	const int keep[] = { 12, -1, 7, 2, 40 }; /* any order; below first and negative ignored */

	open_exactly(0);
	for (int fd = 3; fd <= 45; fd++)
		dup2(0, fd);
	CHECK(px_close_fds_except(5, keep, sizeof keep / sizeof keep[0]) == 0);
	for (int fd = 3; fd <= 45; fd++) {
		int want = fd < 5 || fd == 7 || fd == 12 || fd == 40;
		if (is_open(fd) != want)
			fprintf(stderr, "  fd %d: open %d, want %d\n", fd, is_open(fd), want);
		CHECK(is_open(fd) == want);
	}
	CHECK(is_open(0) && is_open(1) && is_open(2));
}

static void test_close_except_nothing_kept(void)
{
	open_exactly(4);
	dup2(0, 100);
	CHECK(px_close_fds_except(3, NULL, 0) == 0);
	for (int fd = 3; fd <= 100; fd++)
		CHECK(!is_open(fd));
	CHECK(is_open(2));
}

int main(void)
{
	RUN(test_snapshot_counts_contiguous);
	RUN(test_close_except_keeps_exactly);
	RUN(test_close_except_nothing_kept);
	return unit_done();
}
