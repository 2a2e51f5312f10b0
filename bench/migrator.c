/* bench/migrator.c — keep the host's cgroup migration path "hot" for the benchmarks.
 *
 *   migrator DIR_A DIR_B [INTERVAL_US]
 *
 * On a host with cgroup v1 hierarchies, the first write of a pid into a v1
 * `cgroup.procs` after an idle spell waits for an RCU grace period (the writer side
 * of the kernel's cgroup_threadgroup_rwsem has to switch readers to the slow path,
 * ~10 ms here); a write that follows another within a grace period is ~0.04 ms. So
 * whichever runtime runs right after another migration gets it free. To measure
 * every runtime's own cost, the benchmarks run this helper: while "hot" it moves
 * itself between two cgroups of its own (DIR_A, DIR_B: two directories the caller
 * made in one v1 hierarchy, never a cgroup of anyone else) every INTERVAL_US
 * (default 2000), so the path never goes idle and no runtime waits.
 *
 * Driven over stdin/stdout, one character a command, so the caller can switch
 * modes between timed commands and knows when the switch has taken effect:
 *   'h'  go hot: migrate once (waiting out the grace period, if any) and answer
 *        "hot\n" only then; keep migrating every INTERVAL_US
 *   'c'  go cold: stop migrating, answer "cold\n"
 *   EOF  print what the migrations cost to stderr and exit
 * The stderr line ("migrator: N migrations, median X us, max Y us") shows whether
 * the interval was short enough: when hot, a migration should not wait either.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAX_SAMPLES 200000

static long long now_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static long long samples[MAX_SAMPLES];
static size_t nsamples;

/* Move this process into the cgroup whose cgroup.procs is open as fd; keep the
 * time it took (when hot, not the first one after a cold spell: that one waits). */
static void migrate(int fd, int keep)
{
	long long t0 = now_ns();
	if (pwrite(fd, "0", 1, 0) != 1) {
		fprintf(stderr, "migrator: write cgroup.procs: %s\n", strerror(errno));
		exit(1);
	}
	if (keep && nsamples < MAX_SAMPLES)
		samples[nsamples++] = now_ns() - t0;
}

static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;
	return (x > y) - (x < y);
}

static void report(void)
{
	if (!nsamples) {
		fprintf(stderr, "migrator: no migration while hot\n");
		return;
	}
	qsort(samples, nsamples, sizeof samples[0], cmp_ll);
	fprintf(stderr, "migrator: %zu migrations while hot, median %lld us, max %lld us\n", nsamples,
		samples[nsamples / 2] / 1000, samples[nsamples - 1] / 1000);
}

static int open_procs(const char *dir)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/cgroup.procs", dir);
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "migrator: open %s: %s\n", path, strerror(errno));
		exit(2);
	}
	return fd;
}

static void answer(const char *s)
{
	size_t n = strlen(s);
	if (write(STDOUT_FILENO, s, n) != (ssize_t)n)
		exit(1);
}

int main(int argc, char **argv)
{
	if (argc < 3 || argc > 4) {
		fprintf(stderr, "usage: migrator DIR_A DIR_B [INTERVAL_US]\n");
		return 2;
	}
	long interval_us = argc == 4 ? atol(argv[3]) : 2000;
	if (interval_us < 100 || interval_us > 1000000) {
		fprintf(stderr, "migrator: INTERVAL_US must be 100..1000000\n");
		return 2;
	}
	int fds[2] = { open_procs(argv[1]), open_procs(argv[2]) };
	int side = 0, hot = 0;
	struct pollfd in = { .fd = STDIN_FILENO, .events = POLLIN };
	struct timespec tick = { .tv_sec = interval_us / 1000000, .tv_nsec = interval_us % 1000000 * 1000 };

	for (;;) {
		int r = ppoll(&in, 1, hot ? &tick : NULL, NULL);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			perror("migrator: ppoll");
			return 1;
		}
		if (r == 0) { /* a tick while hot */
			side ^= 1;
			migrate(fds[side], 1);
			continue;
		}
		char c;
		ssize_t n = read(STDIN_FILENO, &c, 1);
		if (n <= 0)
			break;
		if (c == 'h') {
			side ^= 1;
			migrate(fds[side], 0); /* may wait out the grace period: not kept */
			hot = 1;
			answer("hot\n");
		} else if (c == 'c') {
			hot = 0;
			answer("cold\n");
		}
	}
	report();
	return 0;
}
