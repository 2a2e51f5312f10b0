/* cgroup/cgfs.c — cgroupfs file helpers shared by v1.c and v2.c: make and remove
 * cgroup directories, read cgroup.procs, and the clock for bounded waits.
 *
 * cgroupfs differs from a normal tree: a cgroup directory is removed with rmdir even
 * though it "contains" its knob files (they cannot be unlinked), and only child
 * cgroups must go first. Every error names the absolute file. */
#include "cgroup/internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/cleanup.h"
#include "util/fs.h"

void cg_deadline_in(struct timespec *t, long ms)
{
	clock_gettime(CLOCK_MONOTONIC, t);
	t->tv_sec += ms / 1000;
	t->tv_nsec += (ms % 1000) * 1000000L;
	if (t->tv_nsec >= 1000000000L) {
		t->tv_sec++;
		t->tv_nsec -= 1000000000L;
	}
}

long cg_ms_left(const struct timespec *deadline)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (long)(deadline->tv_sec - now.tv_sec) * 1000 +
	       (deadline->tv_nsec - now.tv_nsec) / 1000000L;
}

/* 0.1 ms doubling to 10 ms: the states waited for (freezer FROZEN, a v1 cgroup released
 * after its last task) usually arrive within a few hundred microseconds. */
void cg_short_nap(unsigned attempt)
{
	long us = 100L << (attempt < 7 ? attempt : 7);
	struct timespec ts = { .tv_sec = 0, .tv_nsec = (us > 10000 ? 10000 : us) * 1000L };
	nanosleep(&ts, NULL);
}

/* One pass of mkdir -p below the mount point. ENOENT means a level that existed
 * (made by someone else, e.g. the shared "/pidbox") was removed under us by a
 * concurrent delete of its last container: the caller starts over. */
static int mkdir_levels_once(struct cg_dir *d, char *p, size_t mlen)
{
	for (char *s = p + mlen + 1; s && *s;) {
		char *slash = strchr(s, '/');
		if (slash)
			*slash = '\0';
		if (mkdir(p, 0755) == 0) {
			d->created++;
		} else if (errno != EEXIST) {
			return -1;
		} else if (d->created) {
			/* someone else made a level below one we made: not ours to remove */
			d->created = 0;
		}
		if (slash)
			*slash = '/';
		s = slash ? slash + 1 : NULL;
	}
	return 0;
}

#define CG_MKDIR_RETRIES 16

int cg_mkdir_levels(struct cg_dir *d, struct px_error *err)
{
	size_t mlen = strlen(d->hier->mnt);

	for (int attempt = 0;; attempt++) {
		_cleanup_free_ char *p = px_xstrdup(d->abs);
		int e;

		d->created = 0;
		if (mkdir_levels_once(d, p, mlen) == 0)
			return 0;
		e = errno;
		cg_undo_created(d);
		/* bounded: a parent removed again and again is not a race any more */
		if (e != ENOENT || attempt + 1 >= CG_MKDIR_RETRIES)
			return px_err(err, e, "mkdir %s", p);
	}
}

void cg_undo_created(struct cg_dir *d)
{
	_cleanup_free_ char *p = px_xstrdup(d->abs);
	for (; d->created > 0; d->created--) {
		char *slash;
		if (rmdir(p) < 0 && errno != ENOENT)
			break;
		slash = strrchr(p, '/');
		if (!slash)
			break;
		*slash = '\0';
	}
	d->created = 0;
}

/* A v1 cpu cgroup with a realtime budget keeps counting against its parent's after
 * rmdir, for as long as the kernel takes to release it (a dying cgroup is no longer
 * listed, so nobody could account for it): the next container asking the parent
 * for a budget would get EINVAL. Giving the budget back first avoids that. Best
 * effort: the file only exists in the cpu hierarchy of RT_GROUP_SCHED kernels. */
void cg_rt_release(const char *dir)
{
	_cleanup_free_ char *file = px_asprintf("%s/cpu.rt_runtime_us", dir);
	_cleanup_close_ int fd = open(file, O_RDWR | O_CLOEXEC);
	char buf[32];
	ssize_t n;

	if (fd < 0)
		return;
	n = read(fd, buf, sizeof buf - 1);
	if (n <= 0 || buf[0] == '0')
		return;
	if (pwrite(fd, "0", 1, 0) < 0) {
		/* children still holding budget, or RT tasks: rmdir will say what is wrong */
	}
}

int cg_rmdir_tree(const char *dir, const struct timespec *deadline, char **kept, struct px_error *err)
{
	_cleanup_close_ int fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	_cleanup_free_ pid_t *own = NULL;
	size_t n_own = 0;
	bool keep = false;
	DIR *d;
	struct dirent *de;
	unsigned attempt = 0;

	if (fd < 0)
		return errno == ENOENT ? 0 : px_err(err, errno, "open %s", dir);
	d = fdopendir(px_steal_fd(&fd));
	if (!d)
		return px_err(err, errno, "opendir %s", dir);
	while ((de = readdir(d))) {
		_cleanup_free_ char *child = NULL, *child_kept = NULL;
		if (de->d_type != DT_DIR || !strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		child = px_asprintf("%s/%s", dir, de->d_name);
		if (cg_rmdir_tree(child, deadline, &child_kept, err) < 0) {
			closedir(d);
			return -1;
		}
		if (child_kept) {
			keep = true;
			if (!*kept)
				*kept = px_steal_ptr(&child_kept);
		}
	}
	closedir(d);
	/* Processes still here once the container's were killed are someone else's
	 * (cg_destroy spared them): their cgroup stays, and so do its parents. */
	if (!keep && cg_read_procs(dir, &own, &n_own, err) < 0)
		return -1;
	if (keep || n_own) {
		if (!*kept)
			*kept = px_xstrdup(dir);
		return 0;
	}
	cg_rt_release(dir);
	while (rmdir(dir) < 0) {
		if (errno == ENOENT)
			return 0;
		/* v1 keeps a cgroup busy for a moment after its last task exited; there is no
		 * event to wait on, so retry briefly within the caller's deadline. */
		if (errno != EBUSY || cg_ms_left(deadline) <= 0)
			return px_err(err, errno, "rmdir %s", dir);
		cg_short_nap(attempt++);
	}
	return 0;
}

/* Wait until every pid that has a pidfd has exited: a pidfd turns readable when its
 * process exits (a zombie counts as exited, as it has left the cgroup). Pids without a
 * pidfd (kernel < 5.3) are left to the caller's next listing of cgroup.procs. */
int cg_wait_pidfds(int *fds, size_t n, const struct timespec *deadline, struct px_error *err)
{
	struct pollfd *pfd = px_xcalloc(n, sizeof *pfd);
	int ret = 0;

	for (;;) {
		size_t npfd = 0;
		long left;
		int r;

		for (size_t i = 0; i < n; i++)
			if (fds[i] >= 0)
				pfd[npfd++] = (struct pollfd){ .fd = fds[i], .events = POLLIN };
		if (!npfd)
			break;
		left = cg_ms_left(deadline);
		if (left <= 0) {
			ret = px_err(err, ETIMEDOUT, "processes still running after SIGKILL");
			break;
		}
		r = poll(pfd, npfd, (int)left);
		if (r < 0 && errno != EINTR) {
			ret = px_err(err, errno, "poll pidfds");
			break;
		}
		for (size_t i = 0, j = 0; i < n; i++) {
			if (fds[i] < 0)
				continue;
			if (pfd[j++].revents) {
				close(fds[i]);
				fds[i] = -1;
			}
		}
	}
	free(pfd);
	return ret;
}

static int read_procs(const char *dir, pid_t **pids, size_t *n, struct px_error *err)
{
	_cleanup_free_ char *file = px_asprintf("%s/cgroup.procs", dir);
	_cleanup_free_ char *text = NULL;

	if (px_read_file(file, &text, NULL, err) < 0)
		return err->code == ENOENT ? 0 : -1;
	for (char *p = text; *p;) {
		char *end;
		long v = strtol(p, &end, 10);
		if (end == p)
			break;
		if (v > 0) {
			*pids = px_xrealloc(*pids, (*n + 1) * sizeof **pids);
			(*pids)[(*n)++] = (pid_t)v;
		}
		p = end;
		while (*p == '\n')
			p++;
	}
	return 0;
}

int cg_read_procs_tree(const char *dir, pid_t **pids, size_t *n, struct px_error *err)
{
	DIR *d;
	struct dirent *de;

	/* the directory first: create asks about one that usually does not exist */
	d = opendir(dir);
	if (!d)
		return errno == ENOENT ? 0 : px_err(err, errno, "opendir %s", dir);
	if (read_procs(dir, pids, n, err) < 0) {
		closedir(d);
		return -1;
	}
	while ((de = readdir(d))) {
		_cleanup_free_ char *child = NULL;
		if (de->d_type != DT_DIR || !strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		child = px_asprintf("%s/%s", dir, de->d_name);
		if (cg_read_procs_tree(child, pids, n, err) < 0) {
			closedir(d);
			return -1;
		}
	}
	closedir(d);
	return 0;
}

int cg_read_procs(const char *dir, pid_t **pids, size_t *n, struct px_error *err)
{
	return read_procs(dir, pids, n, err);
}


int cg_write_pid(const char *dir, pid_t pid, struct px_error *err)
{
	_cleanup_free_ char *file = px_asprintf("%s/cgroup.procs", dir);
	char buf[24];

	snprintf(buf, sizeof buf, "%d", (int)pid);
	return px_write_knob_at(AT_FDCWD, file, buf, err);
}
