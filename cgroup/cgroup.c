/* cgroup/cgroup.c — the interface of cgroup.h: one handle over every hierarchy, each
 * call dispatched to v1.c / v2.c. Errors leave here as "cgroup: <op> <file>: <reason>". */
#include "cgroup/internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/cleanup.h"
#include "util/fs.h"
#include "util/log.h"

/* pidbox's whole budget for emptying a cgroup on delete */
#define CG_DESTROY_TIMEOUT_MS 10000

int cg_resolve_path(const char *cgroups_path, const char *id, bool systemd_cgroup, char **out,
                    struct px_error *err)
{
	_cleanup_free_ char *own = NULL;

	/* only a relative cgroupfs path needs /proc/self/cgroup */
	if (!systemd_cgroup && cgroups_path && *cgroups_path && *cgroups_path != '/' &&
	    cg_own_cgroup(&own, err) < 0)
		return px_err_prefix(err, "cgroup");
	if (cg_resolve_path_own(cgroups_path, id, systemd_cgroup, own, out, err) < 0)
		return px_err_prefix(err, "cgroup");
	return 0;
}

void cg_close(struct cg_handle *h)
{
	if (!h)
		return;
	for (size_t i = 0; i < h->ndirs; i++)
		free(h->dirs[i].abs);
	free(h->dirs);
	free(h->path);
	free(h->denied);
	if (h->v2fd >= 0)
		close(h->v2fd);
	free(h);
}

static void cg_close_ptr(struct cg_handle **h) { cg_close(*h); }
#define _cleanup_cg_ __attribute__((cleanup(cg_close_ptr)))

static int handle_new(const char *path, struct cg_handle **out, struct px_error *err)
{
	const struct cg_layout *l;
	_cleanup_free_ char *clean = NULL;
	struct cg_handle *h;

	if (cg_layout_get(&l, err) < 0)
		return -1;
	if (!path || path[0] != '/')
		return px_err(err, 0, "cgroup path \"%s\" is not absolute", path ? path : "");
	if (cg_clean_path(path, &clean, err) < 0)
		return -1;
	if (!strcmp(clean, "/"))
		return px_err(err, 0, "cgroup path \"%s\" is the root of the hierarchy", path);
	h = px_xcalloc(1, sizeof *h);
	h->mode = l->mode;
	h->v2fd = -1;
	h->path = px_steal_ptr(&clean);
	h->ndirs = l->n;
	h->dirs = px_xcalloc(l->n, sizeof *h->dirs);
	for (size_t i = 0; i < l->n; i++) {
		h->dirs[i].hier = &l->hier[i];
		h->dirs[i].abs = px_asprintf("%s%s", l->hier[i].mnt, h->path);
		h->dirs[i].owned = true; /* until the record or cg_create says otherwise */
	}
	*out = h;
	return 0;
}

static void undo_all(struct cg_handle *h)
{
	for (size_t i = h->ndirs; i-- > 0;)
		cg_undo_created(&h->dirs[i]);
}

static int create_dir(struct cg_handle *h, struct cg_dir *d, struct px_error *err)
{
	if (d->hier->v2) {
		bool unified = h->mode == CG_UNIFIED;
		return cg_v2_create(d, h->path, unified, unified ? &h->v2fd : NULL, err);
	}
	if (cg_mkdir_levels(d, err) < 0)
		return -1;
	if (cg_hier_has(d->hier, "cpuset") && cg_v1_prepare_cpuset(d, h->path, err) < 0) {
		cg_undo_created(d);
		return -1;
	}
	return 0;
}

/* The errors that say "not yours": an ordinary user's mkdir in a hierarchy nobody
 * delegated to him (EACCES), root of a user namespace (EPERM), a read-only mount. */
static bool denied(int code) { return code == EACCES || code == EPERM || code == EROFS; }

static int create_dirs(struct cg_handle *h, struct px_error *err)
{
	size_t kept = 0;

	for (size_t i = 0; i < h->ndirs; i++) {
		struct cg_dir *d = &h->dirs[i];
		if (create_dir(h, d, err) == 0) {
			h->dirs[kept++] = *d;
			continue;
		}
		if (!h->rootless || !denied(err->code))
			return -1;
		/* Rootless: the container goes without this hierarchy, as with runc and
		 * crun; a resource that needs it is refused by name (cg_denied). */
		px_debug("cgroup: rootless, without %s: %s", d->hier->mnt, err->msg);
		if (!h->denied)
			h->denied = px_xstrdup(err->msg);
		free(d->abs);
	}
	h->ndirs = kept;
	return 0;
}

/* Which hierarchies: every mounted v1 controller hierarchy, name=systemd (as runc),
 * and the cgroup2 one (the whole tree when unified; /sys/fs/cgroup/unified on
 * hybrid, as runc does). Other named v1 hierarchies belong to their manager. */
static int create(const char *path, bool rootless, struct cg_handle **out, struct px_error *err)
{
	_cleanup_cg_ struct cg_handle *h = NULL;

	if (handle_new(path, &h, err) < 0)
		return px_err_prefix(err, "cgroup");
	h->rootless = rootless;
	/* a hierarchy the user cannot read holds nothing he could be refused for */
	if ((cg_refuse_populated(h, err) < 0 || cg_refuse_frozen(h, err) < 0) && !(rootless && denied(err->code)))
		return px_err_prefix(err, "cgroup");
	if (create_dirs(h, err) < 0) {
		/* nothing this call made is left behind */
		undo_all(h);
		return px_err_prefix(err, "cgroup");
	}
	for (size_t i = 0; i < h->ndirs; i++)
		h->dirs[i].owned = h->dirs[i].created > 0;
	*out = px_steal_ptr(&h);
	return 0;
}

int cg_create(const char *path, struct cg_handle **out, struct px_error *err)
{
	return create(path, false, out, err);
}

int cg_create_rootless(const char *path, struct cg_handle **out, struct px_error *err)
{
	return create(path, true, out, err);
}

const char *cg_denied(const struct cg_handle *h) { return h->denied; }

bool cg_is_empty(const struct cg_handle *h) { return h->ndirs == 0; }

void cg_drop_missing(struct cg_handle *h)
{
	size_t kept = 0;

	h->rootless = true;
	for (size_t i = 0; i < h->ndirs; i++) {
		if (access(h->dirs[i].abs, F_OK) == 0) {
			h->dirs[kept++] = h->dirs[i];
			continue;
		}
		if (!h->denied)
			h->denied = px_asprintf("%s was not delegated to this user at create", h->dirs[i].hier->mnt);
		free(h->dirs[i].abs);
	}
	h->ndirs = kept;
}

int cg_open(const char *path, struct cg_handle **out, struct px_error *err)
{
	_cleanup_cg_ struct cg_handle *h = NULL;

	if (handle_new(path, &h, err) < 0)
		return px_err_prefix(err, "cgroup");
	if (h->mode == CG_UNIFIED) {
		/* a missing directory is fine here: delete must work after a half-done create */
		h->v2fd = open(h->dirs[h->ndirs - 1].abs, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (h->v2fd < 0 && errno != ENOENT)
			return px_err(err, errno, "cgroup: open %s", h->dirs[h->ndirs - 1].abs);
	}
	*out = px_steal_ptr(&h);
	return 0;
}

const char *cg_path(const struct cg_handle *h) { return h->path; }

int cg_enter_fd(const struct cg_handle *h) { return h->mode == CG_UNIFIED ? h->v2fd : -1; }

int cg_add_pid(struct cg_handle *h, pid_t pid, struct px_error *err)
{
	for (size_t i = 0; i < h->ndirs; i++)
		if (cg_write_pid(h->dirs[i].abs, pid, err) < 0)
			return px_err_prefix(err, "cgroup");
	return 0;
}

int cg_pids(struct cg_handle *h, pid_t **pids, size_t *n, struct px_error *err)
{
	pid_t foreign;

	if (cg_split_procs(h, pids, n, &foreign, err) < 0)
		return px_err_prefix(err, "cgroup");
	return 0;
}

/* Only a v1 cpu hierarchy has realtime budgets to give back before rmdir (on
 * RT_GROUP_SCHED kernels): elsewhere the probe is a failed open for nothing. */
static bool rt_budget_here(const struct cg_dir *d)
{
	return !d->hier->v2 && cg_hier_has(d->hier, "cpu");
}

/* After the leaf: its parents that this process made (known after cg_create), or, for a
 * handle from cg_open, only pidbox's own default parent "/pidbox". rmdir refuses a
 * non-empty directory, so a parent still holding other containers stays. */
static void remove_parents(const struct cg_dir *d, const char *path)
{
	_cleanup_free_ char *dir = px_xstrdup(d->abs);
	size_t up = d->created > 1 ? d->created - 1 : 0;
	const char *slash = strrchr(path, '/');

	if (!d->created && slash && (size_t)(slash - path) == 7 && !strncmp(path, "/pidbox", 7))
		up = 1;
	for (; up > 0; up--) {
		char *s = strrchr(dir, '/');
		if (!s)
			break;
		*s = '\0';
		if (rt_budget_here(d))
			cg_rt_release(dir);
		if (rmdir(dir) < 0)
			break; /* ENOTEMPTY/EBUSY: still in use by someone else, fine */
	}
}

/* Kill the container's processes. When everything below its cgroup is the
 * container's (the usual case) the whole cgroup is killed at once (v2 cgroup.kill,
 * v1 freezer rounds), which no fork can outrun; when a nested cgroup holds someone
 * else's processes, only the container's are killed, one pidfd each (owner.c). */
static int kill_container(struct cg_handle *h, const struct timespec *deadline, struct px_error *err)
{
	_cleanup_free_ pid_t *ours = NULL;
	size_t n = 0;
	pid_t foreign;

	if (cg_split_procs(h, &ours, &n, &foreign, err) < 0)
		return -1;
	if (foreign) {
		px_debug("cgroup: %s holds pid %d, not the container's: killing only the container's", h->path,
		         (int)foreign);
		return cg_kill_ours(h, deadline, err);
	}
	if (!n)
		return 0;
	return h->mode == CG_UNIFIED ? cg_v2_kill_all(&h->dirs[h->ndirs - 1], deadline, err)
	                             : cg_v1_kill_all(h, deadline, err);
}

int cg_kill_all(struct cg_handle *h, struct px_error *err)
{
	struct timespec deadline;

	cg_deadline_in(&deadline, CG_DESTROY_TIMEOUT_MS);
	if (kill_container(h, &deadline, err) < 0)
		return px_err_prefix(err, "cgroup: kill %s", h->path);
	return 0;
}

/* Remove what pidbox made in one hierarchy: the container's directory with the
 * empty cgroups below it. A nested cgroup that still has processes (someone
 * else's, spared by kill_container) keeps itself and its parents: *kept names it. */
static int remove_dir(struct cg_dir *d, const char *path, const struct timespec *deadline, char **kept,
                      struct px_error *err)
{
	_cleanup_free_ char *here = NULL;

	if (!d->owned)
		return 0; /* it existed before the container: not pidbox's to remove */
	if (cg_rmdir_tree(d->abs, deadline, &here, err) < 0)
		return -1;
	if (here) {
		if (!*kept)
			*kept = px_steal_ptr(&here);
		return 0;
	}
	remove_parents(d, path);
	d->created = 0;
	return 0;
}

int cg_destroy(struct cg_handle *h, struct px_error *err)
{
	_cleanup_free_ char *kept = NULL;
	struct timespec deadline;
	int ret = 0;

	cg_deadline_in(&deadline, CG_DESTROY_TIMEOUT_MS);
	if (kill_container(h, &deadline, err) < 0)
		return px_err_prefix(err, "cgroup: kill %s", h->path);
	if (h->v2fd >= 0) {
		close(h->v2fd);
		h->v2fd = -1;
	}
	/* every hierarchy even after a failure, reporting the first one */
	for (size_t i = 0; i < h->ndirs; i++) {
		struct px_error e = { 0 };
		if (remove_dir(&h->dirs[i], h->path, &deadline, &kept, ret < 0 ? &e : err) < 0)
			ret = -1;
	}
	if (kept)
		px_warn("cgroup %s is left in place: %s holds processes that are not the container's", h->path,
		        kept);
	return ret < 0 ? px_err_prefix(err, "cgroup") : 0;
}

/* The common case first: the container's pid namespace is gone, so its cgroups
 * are empty and a plain rmdir removes each, without listing cgroup.procs or
 * walking the tree (10 hierarchies here: ~40 syscalls saved per teardown). The
 * kernel refuses to remove a cgroup that holds a process or a child cgroup
 * (EBUSY), so nothing is skipped by trying: whatever is left (a process that
 * outlived the init, a nested cgroup, a v1 cgroup still busy for a moment after
 * its last task) sends the rest to cg_destroy, which kills only what is the
 * container's and removes what pidbox made. */
int cg_destroy_emptied(struct cg_handle *h, struct px_error *err)
{
	bool left = false;

	for (size_t i = 0; i < h->ndirs; i++) {
		struct cg_dir *d = &h->dirs[i];
		if (!d->owned)
			continue;
		if (rt_budget_here(d))
			cg_rt_release(d->abs);
		if (rmdir(d->abs) < 0 && errno != ENOENT) {
			left = true;
			continue;
		}
		remove_parents(d, h->path);
		d->created = 0;
		d->owned = false; /* gone: cg_destroy below has nothing to do here */
	}
	return left ? cg_destroy(h, err) : 0;
}
