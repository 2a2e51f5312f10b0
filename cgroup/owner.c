/* cgroup/owner.c — what under the container's cgroup is the container's, so that
 * pidbox kills and removes only that.
 *
 * A cgroupsPath may name a cgroup that exists (an engine made it, or a mistake), and
 * other cgroups may later be made below the container's (another container whose
 * cgroupsPath nests in it, a process the host put there). So:
 *  - create refuses an existing cgroup with any process anywhere below it, in any
 *    hierarchy (runc refuses a non-empty one too);
 *  - the state record keeps, per hierarchy, how many levels pidbox made
 *    (cg_created); delete removes a directory only where pidbox made it;
 *  - the container's processes are those in its own directory, and those in a
 *    nested cgroup that share its mount namespace (exec --cgroup, or cgroups the
 *    container made itself). A process in a nested cgroup that does not is someone
 *    else's: it is neither signalled nor is its cgroup removed. (With a private pid
 *    namespace the kernel has already killed every process of the container when
 *    its init died; the mount namespace test matters when the pid namespace is
 *    shared.) */
#include "cgroup/internal.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "util/cleanup.h"
#include "util/fs.h"
#include "util/proc.h"

int cg_refuse_populated(const struct cg_handle *h, struct px_error *err)
{
	for (size_t i = 0; i < h->ndirs; i++) {
		_cleanup_free_ pid_t *pids = NULL;
		size_t n = 0;
		if (cg_read_procs_tree(h->dirs[i].abs, &pids, &n, err) < 0)
			return -1;
		if (n)
			return px_err_plain(err, EBUSY,
			                    "%s already exists and is not empty (%zu process%s below %s, pid %d): "
			                    "it is not this container's to use, kill or remove",
			                    h->path, n, n == 1 ? "" : "es", h->dirs[i].abs, (int)pids[0]);
	}
	return 0;
}

/* "<levels> <mount point>", built by hand: this runs on every create, for each of
 * ~10 hierarchies, and printf's machinery cost more than all the rest here. */
static char *created_entry(size_t levels, const char *mnt)
{
	char digits[24];
	size_t nd = 0, ml = strlen(mnt);
	char *e;

	do
		digits[nd++] = (char)('0' + levels % 10);
	while ((levels /= 10) && nd < sizeof digits);
	e = px_xmalloc(nd + 1 + ml + 1);
	for (size_t i = 0; i < nd; i++)
		e[i] = digits[nd - 1 - i];
	e[nd] = ' ';
	memcpy(e + nd + 1, mnt, ml + 1);
	return e;
}

char **cg_created(const struct cg_handle *h, size_t *n)
{
	char **v = px_xcalloc(h->ndirs + 1, sizeof *v);

	*n = 0;
	for (size_t i = 0; i < h->ndirs; i++)
		if (h->dirs[i].owned)
			v[(*n)++] = created_entry(h->dirs[i].created ? h->dirs[i].created : 1, h->dirs[i].hier->mnt);
	return v;
}

char **cg_would_create(const char *path, size_t *n, struct px_error *err)
{
	struct cg_handle *h = NULL;
	char **v;

	*n = 0;
	if (cg_open(path, &h, err) < 0)
		return NULL;
	v = px_xcalloc(h->ndirs + 1, sizeof *v);
	for (size_t i = 0; i < h->ndirs; i++) {
		_cleanup_free_ char *p = px_xstrdup(h->dirs[i].abs);
		size_t mlen = strlen(h->dirs[i].hier->mnt), missing = 0;
		char *slash;

		/* the trailing levels that do not exist yet are the ones cg_create makes */
		while (strlen(p) > mlen && access(p, F_OK) < 0 && errno == ENOENT && (slash = strrchr(p, '/'))) {
			missing++;
			*slash = '\0';
		}
		if (missing)
			v[(*n)++] = created_entry(missing, h->dirs[i].hier->mnt);
	}
	cg_close(h);
	return v;
}

void cg_set_ownership(struct cg_handle *h, char *const *created, size_t n, bool known, uint64_t mnt_ns)
{
	h->mnt_ns = mnt_ns;
	if (!known)
		return; /* a record from before ownership was kept: every directory was ours */
	for (size_t i = 0; i < h->ndirs; i++) {
		const char *mnt = h->dirs[i].hier->mnt;
		h->dirs[i].owned = false;
		for (size_t j = 0; j < n; j++) {
			const char *sp = strchr(created[j], ' ');
			if (sp && !strcmp(sp + 1, mnt))
				h->dirs[i].owned = true;
		}
	}
}

uint64_t cg_mnt_ns_of(pid_t pid)
{
	char path[64];
	struct stat st;

	snprintf(path, sizeof path, "/proc/%d/ns/mnt", (int)pid);
	return stat(path, &st) == 0 ? (uint64_t)st.st_ino : 0;
}

static int cmp_pid(const void *a, const void *b)
{
	pid_t x = *(const pid_t *)a, y = *(const pid_t *)b;
	return (x > y) - (x < y);
}

/* The dir processes are listed from: v1 pids (else freezer), or the cgroup2 one. */
static const struct cg_dir *list_dir(const struct cg_handle *h)
{
	const struct cg_dir *d = h->mode == CG_UNIFIED ? NULL : cg_v1_procs_dir(h);
	return d ? d : h->ndirs ? &h->dirs[h->ndirs - 1] : NULL;
}

int cg_split_procs(const struct cg_handle *h, pid_t **ours, size_t *n_ours, pid_t *foreign,
                   struct px_error *err)
{
	const struct cg_dir *d = list_dir(h);
	_cleanup_free_ pid_t *own = NULL, *all = NULL;
	size_t n_own = 0, n_all = 0;

	*ours = NULL;
	*n_ours = 0;
	*foreign = 0;
	if (!d)
		return 0;
	if (cg_read_procs(d->abs, &own, &n_own, err) < 0 || cg_read_procs_tree(d->abs, &all, &n_all, err) < 0)
		return -1;
	/* sorted, so that a container of many processes costs n log n here */
	if (n_own)
		qsort(own, n_own, sizeof *own, cmp_pid);
	*ours = px_xcalloc(n_all ? n_all : 1, sizeof **ours);
	for (size_t i = 0; i < n_all; i++) {
		bool in_own = n_own && bsearch(&all[i], own, n_own, sizeof *own, cmp_pid);
		if (in_own || (h->mnt_ns && cg_mnt_ns_of(all[i]) == h->mnt_ns))
			(*ours)[(*n_ours)++] = all[i];
		else if (!*foreign)
			*foreign = all[i];
	}
	return 0;
}

/* After the pidfd pinned it: is the process still the one that was listed as the
 * container's (the pid may have been reused in between)? In the container's mount
 * namespace, or in the container's own directory of some hierarchy. */
static bool still_ours(const struct cg_handle *h, pid_t pid)
{
	_cleanup_free_ char *file = px_asprintf("/proc/%d/cgroup", (int)pid);
	_cleanup_free_ char *text = NULL, *tail = px_asprintf(":%s\n", h->path);

	if (h->mnt_ns && cg_mnt_ns_of(pid) == h->mnt_ns)
		return true;
	if (px_read_file(file, &text, NULL, &(struct px_error){ 0 }) < 0)
		return false;
	return strstr(text, tail) != NULL;
}

/* One pass: pin each of ours with a pidfd, check it is still ours, SIGKILL it
 * through the pidfd, wait for them all. */
static int kill_pass(const struct cg_handle *h, const pid_t *pids, size_t n, const struct timespec *deadline,
                     struct px_error *err)
{
	_cleanup_free_ int *fds = px_xcalloc(n ? n : 1, sizeof *fds);
	int ret = 0;

	for (size_t i = 0; i < n; i++) {
		fds[i] = px_pidfd_open(pids[i]);
		if (fds[i] < 0)
			continue; /* gone already (or no pidfd: the next listing tells) */
		if (!still_ours(h, pids[i])) {
			close(fds[i]);
			fds[i] = -1;
			continue;
		}
		if (syscall(SYS_pidfd_send_signal, fds[i], SIGKILL, NULL, 0) < 0 && errno != ESRCH) {
			ret = px_err(err, errno, "kill %d", (int)pids[i]);
			break;
		}
	}
	if (ret == 0)
		ret = cg_wait_pidfds(fds, n, deadline, err);
	for (size_t i = 0; i < n; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	return ret;
}

int cg_kill_ours(const struct cg_handle *h, const struct timespec *deadline, struct px_error *err)
{
	for (unsigned attempt = 0;; attempt++) {
		_cleanup_free_ pid_t *ours = NULL;
		size_t n = 0;
		pid_t foreign;
		if (cg_split_procs(h, &ours, &n, &foreign, err) < 0)
			return -1;
		if (!n)
			return 0;
		if (cg_ms_left(deadline) <= 0)
			return px_err(err, ETIMEDOUT, "%s: processes still running after SIGKILL", h->path);
		if (kill_pass(h, ours, n, deadline, err) < 0)
			return -1;
		/* a process without a pidfd is not waited for: give it a moment */
		cg_short_nap(attempt);
	}
}
