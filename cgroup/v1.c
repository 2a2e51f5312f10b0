/* cgroup/v1.c — what only the v1 hierarchies need: cpuset copy-down on create, and
 * killing everything in the container's cgroup without a cgroup.kill. */
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
#include "util/proc.h"

/* Make sure every level of path in the cpuset hierarchy has cpuset.cpus and
 * cpuset.mems: v1 makes new cpuset cgroups with both empty, and a task cannot join an
 * empty cpuset (ENOSPC). Each empty level gets its parent's value, top down. Levels that
 * existed already are fixed too: an empty one would refuse the container all the same. */
int cg_v1_prepare_cpuset(const struct cg_dir *d, const char *path, struct px_error *err)
{
	static const char *const files[] = { "cpuset.cpus", "cpuset.mems" };
	_cleanup_free_ char *dir = px_xstrdup(d->abs);
	size_t mlen = strlen(d->hier->mnt);

	for (char *s = dir + mlen + 1; s && *s;) {
		char *slash = strchr(s, '/');
		if (slash)
			*slash = '\0';
		for (size_t i = 0; i < 2; i++) {
			_cleanup_free_ char *file = px_asprintf("%s/%s", dir, files[i]);
			_cleanup_free_ char *val = NULL;
			_cleanup_free_ char *pval = NULL;
			_cleanup_free_ char *pfile = NULL;

			if (px_read_file(file, &val, NULL, err) < 0)
				return -1;
			if (val[strspn(val, " \n")] != '\0')
				continue;
			/* the parent is dir up to s-1, already fixed in the previous round */
			pfile = px_asprintf("%.*s/%s", (int)(s - 1 - dir), dir, files[i]);
			if (px_read_file(pfile, &pval, NULL, err) < 0)
				return -1;
			pval[strcspn(pval, "\n")] = '\0';
			if (px_write_knob_at(AT_FDCWD, file, pval, err) < 0)
				return -1;
		}
		if (slash)
			*slash = '/';
		s = slash ? slash + 1 : NULL;
	}
	return 0;
}

static const struct cg_dir *find_dir(const struct cg_handle *h, const char *ctrl)
{
	for (size_t i = 0; i < h->ndirs; i++)
		if (!h->dirs[i].hier->v2 && cg_hier_has(h->dirs[i].hier, ctrl))
			return &h->dirs[i];
	return NULL;
}

/* The hierarchy to list the container's processes from. */
const struct cg_dir *cg_v1_procs_dir(const struct cg_handle *h)
{
	const struct cg_dir *d = find_dir(h, "pids");
	if (!d)
		d = find_dir(h, "freezer");
	if (!d && h->ndirs && !h->dirs[0].hier->v2)
		d = &h->dirs[0];
	return d;
}

/* v1 freezer gives no notification when FREEZING becomes FROZEN, so re-read the file
 * with short naps. Bounded: a cgroup may stay FREEZING (a task in uninterruptible
 * sleep); then we go on and kill without the freeze's guarantee rather than hang. */
static int freeze(const struct cg_dir *fz, bool frozen, const struct timespec *deadline,
                  struct px_error *err)
{
	_cleanup_free_ char *file = px_asprintf("%s/freezer.state", fz->abs);
	const char *want = frozen ? "FROZEN" : "THAWED";
	struct timespec limit;

	cg_deadline_in(&limit, 1000);
	if (px_write_knob_at(AT_FDCWD, file, want, err) < 0)
		return err->code == ENOENT ? 0 : -1;
	for (unsigned attempt = 0;; attempt++) {
		_cleanup_free_ char *state = NULL;
		if (px_read_file(file, &state, NULL, err) < 0)
			return -1;
		if (!strncmp(state, want, strlen(want)))
			return 0;
		if (cg_ms_left(&limit) <= 0 || cg_ms_left(deadline) <= 0)
			return frozen ? 0 : px_err(err, ETIMEDOUT, "%s stays %s", file, state);
		cg_short_nap(attempt);
	}
}

/* One round: freeze, list, SIGKILL, thaw, wait. While the cgroup is frozen no listed
 * process can exit or fork, so a listed pid is still ours when it is signalled (no
 * pid-reuse race) and no child escapes the list. */
static int kill_round(const struct cg_handle *h, const struct cg_dir *src, const struct cg_dir *fz,
                      const struct timespec *deadline, size_t *killed, bool *blind,
                      struct px_error *err)
{
	_cleanup_free_ pid_t *pids = NULL;
	_cleanup_free_ int *fds = NULL;
	size_t n = 0;
	int ret = 0;

	if (fz && freeze(fz, true, deadline, err) < 0)
		return -1;
	if (cg_read_procs_tree(src->abs, &pids, &n, err) < 0) {
		if (fz)
			freeze(fz, false, deadline, &(struct px_error){ 0 });
		return -1;
	}
	fds = px_xcalloc(n, sizeof *fds);
	for (size_t i = 0; i < n; i++) {
		fds[i] = px_pidfd_open(pids[i]);
		if (fds[i] < 0)
			*blind = true;
		if (kill(pids[i], SIGKILL) < 0 && errno != ESRCH)
			ret = px_err(err, errno, "kill %d", (int)pids[i]);
	}
	if (fz && freeze(fz, false, deadline, ret < 0 ? &(struct px_error){ 0 } : err) < 0)
		ret = -1;
	if (ret == 0)
		ret = cg_wait_pidfds(fds, n, deadline, err);
	for (size_t i = 0; i < n; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	*killed = n;
	return ret;
}

int cg_v1_kill_all(struct cg_handle *h, const struct timespec *deadline, struct px_error *err)
{
	const struct cg_dir *src = cg_v1_procs_dir(h);
	const struct cg_dir *fz = find_dir(h, "freezer");

	if (!src)
		return 0;
	/* Repeat until a listing comes back empty: without a freezer a process may fork
	 * between the listing and its SIGKILL. */
	for (unsigned attempt = 0;; attempt++) {
		size_t killed = 0;
		bool blind = false;
		if (kill_round(h, src, fz, deadline, &killed, &blind, err) < 0)
			return -1;
		if (!killed)
			return 0;
		if (cg_ms_left(deadline) <= 0)
			return px_err(err, ETIMEDOUT, "%s still has processes", src->abs);
		/* some pid could not be watched through a pidfd: give it a moment to exit */
		if (blind)
			cg_short_nap(attempt);
	}
}
