/* cgroup/internal.h — what the files of cgroup/ share with each other. Not for other
 * rooms: they use cgroup.h only.
 *
 * detect.c  finds the mode and the hierarchies (struct cg_layout, cached per process)
 * path.c    pure path arithmetic (runc semantics, systemd "slice:prefix:name")
 * cgfs.c    cgroupfs file helpers: mkdir levels, rmdir trees, read cgroup.procs
 * v1.c      the v1 hierarchies (cpuset copy-down, freezer-based kill)
 * v2.c      the cgroup2 directory (subtree_control, cgroup.kill, cgroup.events)
 * owner.c   what below the container's cgroup is the container's (kill/remove only that)
 * cgroup.c  the interface of cgroup.h, dispatching to v1/v2
 * apply.h   linux.resources: apply*.c, rt_budget.c, devices_*.c, knob.c (see there)
 * convert.c pure spec-value conversions (shares -> weight, cpu.max, swap)
 * freeze.c  pause/resume;  stats.c  figures for `events`
 */
#ifndef PX_CGROUP_INTERNAL_H
#define PX_CGROUP_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "cgroup/cgroup.h"
#include "util/error.h"

/* One mounted hierarchy. */
struct cg_hier {
	char *mnt;   /* mount point, e.g. "/sys/fs/cgroup/cpu" */
	char *ctrls; /* v1: the controllers it carries, comma-separated ("cpu,cpuacct"), or
	              * "name=systemd" for that named hierarchy (other named ones are not
	              * kept); "" for cgroup2 */
	bool v2;
};

struct cg_layout {
	enum cg_mode mode;
	struct cg_hier *hier; /* v1 controller hierarchies in mount order, then the cgroup2 one */
	size_t n;
};

/* detect.c */
int cg_layout_get(const struct cg_layout **out, struct px_error *err);
bool cg_hier_has(const struct cg_hier *h, const char *ctrl);
/* The cgroup pidbox itself is in, as relative paths are resolved against (see detect.c). */
int cg_own_cgroup(char **out, struct px_error *err);
/* Pure part of cg_own_cgroup: pick the line of a /proc/<pid>/cgroup text. */
int cg_own_cgroup_parse(const char *proc_cgroup, enum cg_mode mode, char **out,
                        struct px_error *err);

/* path.c (pure) */
int cg_resolve_path_own(const char *cgroups_path, const char *id, bool systemd_cgroup,
                        const char *own_cgroup, char **out, struct px_error *err);
int cg_systemd_path(const char *spec, char **out, struct px_error *err);
int cg_clean_path(const char *in, char **out, struct px_error *err);

/* The container's directory in one hierarchy. */
struct cg_dir {
	const struct cg_hier *hier;
	char *abs;      /* hier->mnt + path */
	size_t created; /* how many trailing levels of abs this process created (0: none or unknown) */
	bool owned;     /* pidbox made abs itself (cg_create, or the state record says so):
	                   only then may destroy remove it */
};

struct cg_handle {
	enum cg_mode mode;
	char *path;          /* "/pidbox/c1" */
	struct cg_dir *dirs; /* one per hierarchy, same order as the layout */
	size_t ndirs;
	int v2fd;            /* O_DIRECTORY fd of the cgroup2 dir when unified, else -1 */
	uint64_t mnt_ns;     /* the container's mount namespace (inode), 0: unknown (owner.c) */
	bool rootless;       /* cg_create_rootless: no device rules, hierarchies may be left out */
	char *denied;        /* rootless: why the first hierarchy left out was ("mkdir ...: ..."), or NULL */
};

/* cgfs.c */
/* mkdir every missing level of d->abs below the mount point, counting them in d->created. */
int cg_mkdir_levels(struct cg_dir *d, struct px_error *err);
/* rmdir the levels counted in d->created, deepest first; best effort, for error paths. */
void cg_undo_created(struct cg_dir *d);
/* rmdir a cgroup dir and its child cgroups, children first. Missing is fine. EBUSY is
 * retried until deadline (v1 releases a cgroup a moment after its last task exits).
 * A cgroup that still has processes anywhere below it is not touched, nor are its
 * parents: *kept (NULL on entry) gets the first such directory, malloc'd. */
int cg_rmdir_tree(const char *dir, const struct timespec *deadline, char **kept, struct px_error *err);
/* Append the pids of dir/cgroup.procs and of every child cgroup to *pids. Missing is fine. */
int cg_read_procs_tree(const char *dir, pid_t **pids, size_t *n, struct px_error *err);
/* Append the pids of dir/cgroup.procs alone (not of child cgroups). Missing is fine. */
int cg_read_procs(const char *dir, pid_t **pids, size_t *n, struct px_error *err);
/* Wait until each process of fds (pidfds, -1 entries skipped) has exited; each is
 * closed and set to -1 as it does. ETIMEDOUT at deadline. */
int cg_wait_pidfds(int *fds, size_t n, const struct timespec *deadline, struct px_error *err);
int cg_write_pid(const char *dir, pid_t pid, struct px_error *err);
/* Give a v1 cpu cgroup's realtime budget back before it is removed (best effort). */
void cg_rt_release(const char *dir);

/* Deadlines on CLOCK_MONOTONIC. */
void cg_deadline_in(struct timespec *t, long ms);
long cg_ms_left(const struct timespec *deadline); /* <= 0 when passed */
/* For the few waits the kernel gives no event for (v1 freezer, v1 rmdir EBUSY). */
void cg_short_nap(unsigned attempt);

/* owner.c: see there for who owns what under the container's cgroup */
/* EBUSY naming the first process found anywhere below any hierarchy's directory. */
int cg_refuse_populated(const struct cg_handle *h, struct px_error *err);
/* freeze.c: EBUSY when a process put in h would be frozen (h itself, or for a
 * level not made yet the deepest one that exists, frozen in any hierarchy). */
int cg_refuse_frozen(const struct cg_handle *h, struct px_error *err);
/* The processes below the container's cgroup that are the container's (*ours,
 * malloc'd) and the first one that is not (*foreign, 0: none). */
int cg_split_procs(const struct cg_handle *h, pid_t **ours, size_t *n_ours, pid_t *foreign,
                   struct px_error *err);
/* SIGKILL the container's processes only, each through a pidfd, until none is left. */
int cg_kill_ours(const struct cg_handle *h, const struct timespec *deadline, struct px_error *err);

/* v1.c */
int cg_v1_prepare_cpuset(const struct cg_dir *d, const char *path, struct px_error *err);
const struct cg_dir *cg_v1_procs_dir(const struct cg_handle *h);
int cg_v1_kill_all(struct cg_handle *h, const struct timespec *deadline, struct px_error *err);

/* v2.c */
int cg_v2_create(struct cg_dir *d, const char *path, bool enable_controllers, int *dirfd,
                 struct px_error *err);
int cg_v2_kill_all(const struct cg_dir *d, const struct timespec *deadline, struct px_error *err);

#endif
