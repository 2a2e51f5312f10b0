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
	}
	*out = h;
	return 0;
}

/* An existing cgroup may be reused only when empty: processes in it mean another
 * container (or something else) owns it, and destroy would kill them. */
static int refuse_in_use(const struct cg_handle *h, struct px_error *err)
{
	for (size_t i = 0; i < h->ndirs; i++) {
		bool busy;
		if (cg_has_procs(h->dirs[i].abs, &busy, err) < 0)
			return -1;
		if (busy)
			return px_err(err, EBUSY, "%s already exists and is in use (%s)", h->path,
			              h->dirs[i].abs);
	}
	return 0;
}

static void undo_all(struct cg_handle *h)
{
	for (size_t i = h->ndirs; i-- > 0;)
		cg_undo_created(&h->dirs[i]);
}

static int create_dirs(struct cg_handle *h, struct px_error *err)
{
	for (size_t i = 0; i < h->ndirs; i++) {
		struct cg_dir *d = &h->dirs[i];
		if (d->hier->v2) {
			bool unified = h->mode == CG_UNIFIED;
			if (cg_v2_create(d, h->path, unified, unified ? &h->v2fd : NULL, err) < 0)
				return -1;
			continue;
		}
		if (cg_mkdir_levels(d, err) < 0)
			return -1;
		if (cg_hier_has(d->hier, "cpuset") && cg_v1_prepare_cpuset(d, h->path, err) < 0)
			return -1;
	}
	return 0;
}

/* Which hierarchies: every mounted v1 controller hierarchy, name=systemd (as runc),
 * and the cgroup2 one (the whole tree when unified; /sys/fs/cgroup/unified on
 * hybrid, as runc does). Other named v1 hierarchies belong to their manager. */
int cg_create(const char *path, struct cg_handle **out, struct px_error *err)
{
	_cleanup_cg_ struct cg_handle *h = NULL;

	if (handle_new(path, &h, err) < 0 || refuse_in_use(h, err) < 0)
		return px_err_prefix(err, "cgroup");
	if (create_dirs(h, err) < 0) {
		/* nothing this call made is left behind */
		undo_all(h);
		return px_err_prefix(err, "cgroup");
	}
	*out = px_steal_ptr(&h);
	return 0;
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

/* v1: the pids (else freezer) hierarchy; unified: the cgroup2 dir. */
static const struct cg_dir *procs_dir(const struct cg_handle *h)
{
	const struct cg_dir *d = h->mode == CG_UNIFIED ? NULL : cg_v1_procs_dir(h);
	return d ? d : h->ndirs ? &h->dirs[h->ndirs - 1] : NULL;
}

int cg_pids(struct cg_handle *h, pid_t **pids, size_t *n, struct px_error *err)
{
	const struct cg_dir *d = procs_dir(h);

	*pids = NULL;
	*n = 0;
	if (d && cg_read_procs_tree(d->abs, pids, n, err) < 0) {
		free(*pids);
		*pids = NULL;
		return px_err_prefix(err, "cgroup");
	}
	return 0;
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
		cg_rt_release(dir);
		if (rmdir(dir) < 0)
			break; /* ENOTEMPTY/EBUSY: still in use by someone else, fine */
	}
}

int cg_kill_all(struct cg_handle *h, struct px_error *err)
{
	struct timespec deadline;

	cg_deadline_in(&deadline, CG_DESTROY_TIMEOUT_MS);
	if (h->mode == CG_UNIFIED ? cg_v2_kill_all(&h->dirs[h->ndirs - 1], &deadline, err) < 0
	                          : cg_v1_kill_all(h, &deadline, err) < 0)
		return px_err_prefix(err, "cgroup: kill %s", h->path);
	return 0;
}

int cg_destroy(struct cg_handle *h, struct px_error *err)
{
	struct timespec deadline;
	int ret = 0;

	cg_deadline_in(&deadline, CG_DESTROY_TIMEOUT_MS);
	if (h->mode == CG_UNIFIED) {
		if (cg_v2_kill_all(&h->dirs[h->ndirs - 1], &deadline, err) < 0)
			return px_err_prefix(err, "cgroup: kill %s", h->path);
	} else if (cg_v1_kill_all(h, &deadline, err) < 0) {
		return px_err_prefix(err, "cgroup: kill %s", h->path);
	}
	if (h->v2fd >= 0) {
		close(h->v2fd);
		h->v2fd = -1;
	}
	/* every hierarchy even after a failure, reporting the first one */
	for (size_t i = 0; i < h->ndirs; i++) {
		struct px_error e = { 0 };
		if (cg_rmdir_tree(h->dirs[i].abs, &deadline, ret < 0 ? &e : err) < 0) {
			ret = -1;
			continue;
		}
		remove_parents(&h->dirs[i], h->path);
		h->dirs[i].created = 0;
	}
	return ret < 0 ? px_err_prefix(err, "cgroup") : 0;
}
