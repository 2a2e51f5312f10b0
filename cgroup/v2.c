/* cgroup/v2.c — the cgroup2 directory: create it with its controllers enabled, hand out
 * the fd clone3(CLONE_INTO_CGROUP) needs, and empty it with cgroup.kill, waiting on
 * cgroup.events instead of sleeping. On a hybrid host the same code makes and removes
 * the directory in the cgroup2 mount, without touching controllers. */
#include "cgroup/internal.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/cleanup.h"
#include "util/fs.h"
#include "util/log.h"

static bool word_in(const char *list, const char *w, size_t n)
{
	for (const char *p = list; *p;) {
		size_t m;
		p += strspn(p, " \n");
		m = strcspn(p, " \n");
		if (m == n && !strncmp(p, w, n))
			return true;
		p += m;
	}
	return false;
}

/* Write "+c" into dir/cgroup.subtree_control for every controller dir offers that is not
 * enabled yet, so the child (and so the container) can use it. All at once first; if
 * the kernel refuses (EBUSY: dir holds processes itself, the no-internal-process rule;
 * or one controller cannot be enabled there), one by one, keeping what works: a
 * controller the container then lacks is reported when a resource needs it. */
static int enable_controllers(const char *dir, struct px_error *err)
{
	_cleanup_free_ char *cfile = px_asprintf("%s/cgroup.controllers", dir);
	_cleanup_free_ char *sfile = px_asprintf("%s/cgroup.subtree_control", dir);
	_cleanup_free_ char *avail = NULL;
	_cleanup_free_ char *enabled = NULL;
	_cleanup_free_ char *all = NULL;
	size_t len = 0;

	if (px_read_file(cfile, &avail, NULL, err) < 0 ||
	    px_read_file(sfile, &enabled, NULL, err) < 0)
		return -1;
	all = px_xcalloc(1, 2 * strlen(avail) + 2);
	for (const char *p = avail; *p;) {
		size_t n;
		p += strspn(p, " \n");
		n = strcspn(p, " \n");
		if (n && !word_in(enabled, p, n))
			len += (size_t)sprintf(all + len, "%s+%.*s", len ? " " : "", (int)n, p);
		p += n;
	}
	if (!len || px_write_knob_at(AT_FDCWD, sfile, all, err) == 0)
		return 0;
	for (char *tok = strtok(all, " "); tok; tok = strtok(NULL, " ")) {
		struct px_error e = { 0 };
		if (px_write_knob_at(AT_FDCWD, sfile, tok, &e) < 0)
			px_debug("cgroup: %s", e.msg);
	}
	return 0;
}

int cg_v2_create(struct cg_dir *d, const char *path, bool enable, int *dirfd,
                 struct px_error *err)
{
	_cleanup_close_ int fd = -1;

	if (cg_mkdir_levels(d, err) < 0)
		return -1;
	if (enable) {
		/* top down: a level can only enable what its parent enabled for it; the
		 * container's own directory is left alone (its processes live in it) */
		_cleanup_free_ char *dir = px_xstrdup(d->hier->mnt);
		for (const char *s = path + 1; *s;) {
			size_t n = strcspn(s, "/");
			char *next;
			if (enable_controllers(dir, err) < 0)
				goto undo;
			next = px_asprintf("%s/%.*s", dir, (int)n, s);
			free(dir);
			dir = next;
			s += n;
			s += *s == '/';
		}
	}
	if (dirfd) {
		fd = open(d->abs, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd < 0) {
			px_err(err, errno, "open %s", d->abs);
			goto undo;
		}
		*dirfd = px_steal_fd(&fd);
	}
	return 0;
undo:
	cg_undo_created(d);
	return -1;
}

/* "populated 0" in cgroup.events: nothing left in the cgroup or below it. */
static int populated(int fd, const char *file, bool *yes, struct px_error *err)
{
	char buf[256];
	ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
	const char *p;

	if (n < 0)
		return px_err(err, errno, "read %s", file);
	buf[n] = '\0';
	p = strstr(buf, "populated ");
	if (!p)
		return px_err(err, 0, "%s has no \"populated\" line", file);
	*yes = p[10] != '0';
	return 0;
}

/* Before cgroup.kill (Linux 5.14) a forking process could outrun a single pass, so the
 * fallback signals every listed pid again on each wake-up until the cgroup is empty. */
static int kill_listed(const char *dir, struct px_error *err)
{
	_cleanup_free_ pid_t *pids = NULL;
	size_t n = 0;

	if (cg_read_procs_tree(dir, &pids, &n, err) < 0)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (kill(pids[i], SIGKILL) < 0 && errno != ESRCH)
			return px_err(err, errno, "kill %d", (int)pids[i]);
	return 0;
}

int cg_v2_kill_all(const struct cg_dir *d, const struct timespec *deadline, struct px_error *err)
{
	_cleanup_free_ char *events = px_asprintf("%s/cgroup.events", d->abs);
	_cleanup_free_ char *killf = px_asprintf("%s/cgroup.kill", d->abs);
	_cleanup_close_ int fd = open(events, O_RDONLY | O_CLOEXEC);
	bool busy, have_kill;

	if (fd < 0)
		return errno == ENOENT ? 0 : px_err(err, errno, "open %s", events);
	if (populated(fd, events, &busy, err) < 0)
		return -1;
	if (!busy)
		return 0;
	have_kill = access(killf, F_OK) == 0;
	if (have_kill ? px_write_knob_at(AT_FDCWD, killf, "1", err) < 0 : kill_listed(d->abs, err) < 0)
		return -1;
	/* kernfs signals a change of cgroup.events as POLLPRI; each read re-arms it */
	while (populated(fd, events, &busy, err) == 0 && busy) {
		struct pollfd pfd = { .fd = fd, .events = POLLPRI };
		long left = cg_ms_left(deadline);
		if (left <= 0)
			return px_err(err, ETIMEDOUT, "%s still populated", d->abs);
		if (poll(&pfd, 1, have_kill ? (int)left : (int)(left < 50 ? left : 50)) < 0 &&
		    errno != EINTR)
			return px_err(err, errno, "poll %s", events);
		if (!have_kill && kill_listed(d->abs, err) < 0)
			return -1;
	}
	return busy ? -1 : 0;
}
