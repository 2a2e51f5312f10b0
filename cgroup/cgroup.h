/* cgroup/cgroup.h — one interface over cgroup v2 (unified), hybrid and v1 (legacy).
 *
 * Lifecycle: cg_detect() once; cg_create() before the container's process exists
 * (makes the directory in every hierarchy that matters, refuses an existing
 * non-empty one); cg_enter_fd() gives the v2 directory fd for clone3
 * CLONE_INTO_CGROUP (-1 when not unified); cg_add_pid() moves a process in (v1,
 * and the fallback path); cg_destroy() kills what is left, waits for the cgroup
 * to be empty (on events, not sleeps) and removes the directories.
 * A handle can be rebuilt from the saved path with cg_open() (for delete/kill).
 *
 * Paths follow runc: an absolute cgroupsPath is relative to each hierarchy's
 * root; a relative one is relative to pidbox's own cgroup; absent means
 * "/pidbox/<id>". With systemd_cgroup the "slice:prefix:name" form is accepted
 * and mapped to "<slice path>/<prefix>-<name>.scope" (no systemd is contacted).
 */
#ifndef PX_CGROUP_CGROUP_H
#define PX_CGROUP_CGROUP_H

#include <stdbool.h>
#include <sys/types.h>

#include "util/error.h"

enum cg_mode { CG_UNIFIED, CG_HYBRID, CG_LEGACY };

struct cg_handle; /* opaque */

int cg_detect(enum cg_mode *mode, struct px_error *err);

/* Compute the container's cgroup path (always absolute, "/..."), see above. */
int cg_resolve_path(const char *cgroups_path, const char *id, bool systemd_cgroup, char **out,
                    struct px_error *err);

int cg_create(const char *path, struct cg_handle **out, struct px_error *err);
int cg_open(const char *path, struct cg_handle **out, struct px_error *err);

const char *cg_path(const struct cg_handle *h);
int cg_enter_fd(const struct cg_handle *h); /* v2 dir fd, or -1 */
int cg_add_pid(struct cg_handle *h, pid_t pid, struct px_error *err);

/* Every pid in the container's cgroup (recursively); *pids malloc'd. */
int cg_pids(struct cg_handle *h, pid_t **pids, size_t *n, struct px_error *err);

/* Kill everything left with SIGKILL, wait until empty, remove the dirs. Missing dirs
 * are fine (idempotent). Besides the container's own dir it removes, when empty, the
 * parents cg_create made through this handle; a handle from cg_open only knows pidbox's
 * default parent "/pidbox". Gives up after 10 s (ETIMEDOUT). */
int cg_destroy(struct cg_handle *h, struct px_error *err);

void cg_close(struct cg_handle *h);

#endif
