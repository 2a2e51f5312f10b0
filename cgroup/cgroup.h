/* cgroup/cgroup.h — one interface over cgroup v2 (unified), hybrid and v1 (legacy).
 *
 * Lifecycle: cg_detect() once; cg_create() before the container's process exists
 * (makes the directory in every hierarchy that matters, refuses an existing
 * one with a process anywhere below it); cg_enter_fd() gives the v2 directory fd
 * for clone3 CLONE_INTO_CGROUP (-1 when not unified); cg_add_pid() moves a process
 * in (v1, and the fallback path); cg_destroy() kills the container's processes
 * that are left, waits for them (on events, not sleeps) and removes the
 * directories pidbox made (see "ownership" below).
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
#include <stddef.h>
#include <stdint.h>
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
/* Rootless (runtime/rootless.h), as runc's and crun's: a hierarchy where the
 * directory may not be made (EACCES, EPERM, EROFS: not delegated to this user) is
 * left out of the handle instead of failing create; cg_denied() then says why
 * (NULL: nothing was left out), cg_is_empty() that no hierarchy is left. A
 * resource whose controller was left out is refused naming its field. The device
 * cgroup is not set up: the container's devices are the host's nodes bound in,
 * which the user could open anyway, and an ordinary user may not load the eBPF
 * program (v2) nor write devices.deny (v1). */
int cg_create_rootless(const char *path, struct cg_handle **out, struct px_error *err);
const char *cg_denied(const struct cg_handle *h);
bool cg_is_empty(const struct cg_handle *h);
/* For a handle from cg_open of a container created rootless: leave out the
 * hierarchies where its directory does not exist (create left them out), so that
 * exec, kill and ps use only those the container is in. */
void cg_drop_missing(struct cg_handle *h);

const char *cg_path(const struct cg_handle *h);
int cg_enter_fd(const struct cg_handle *h); /* v2 dir fd, or -1 */
int cg_add_pid(struct cg_handle *h, pid_t pid, struct px_error *err);

/* Every pid of the container below its cgroup (recursively; see "ownership");
 * *pids malloc'd. */
int cg_pids(struct cg_handle *h, pid_t **pids, size_t *n, struct px_error *err);

/* Kill the container's processes left with SIGKILL, wait until they are gone, remove
 * the dirs pidbox made (a nested cgroup holding someone else's processes stays, with
 * one warning). Missing dirs are fine (idempotent). Besides the container's own dir it removes, when empty, the
 * parents cg_create made through this handle; a handle from cg_open only knows pidbox's
 * default parent "/pidbox". Gives up after 10 s (ETIMEDOUT). */
int cg_destroy(struct cg_handle *h, struct px_error *err);
/* cg_destroy for when the container's processes should all be gone (its own pid
 * namespace's init has exited): rmdir first, and cg_destroy only for what the
 * kernel refuses to remove (EBUSY: a process or a cgroup below is left). */
int cg_destroy_emptied(struct cg_handle *h, struct px_error *err);

void cg_close(struct cg_handle *h);

/* ---- ownership (owner.c): pidbox kills and removes only what is the container's.
 * cg_create refuses an existing cgroup with a process anywhere below it. After
 * create, cg_created() lists "<levels> <mount point>" for each hierarchy where
 * pidbox made the container's directory (NULL-terminated, malloc'd, for the state
 * record), and cg_mnt_ns_of(init) names the container's mount namespace. A handle
 * from cg_open gets both back with cg_set_ownership() (known false: a record
 * without the list, every directory counts as pidbox's). Then cg_destroy,
 * cg_kill_all and cg_pids take as the container's the processes in its own
 * directory and those below it in its mount namespace; a nested cgroup holding
 * anyone else's is left alone, and so is every directory pidbox did not make. */
char **cg_created(const struct cg_handle *h, size_t *n);
/* Before cg_create: what it would make, in cg_created's form (the levels of each
 * hierarchy's path that do not exist yet), for a record written before creating. */
char **cg_would_create(const char *path, size_t *n, struct px_error *err);
void cg_set_ownership(struct cg_handle *h, char *const *created, size_t n, bool known, uint64_t mnt_ns);
uint64_t cg_mnt_ns_of(pid_t pid); /* inode of /proc/<pid>/ns/mnt, 0 if unknown */

/* SIGKILL the container's processes and wait until they are gone, without removing
 * anything: when all below the cgroup is the container's, the whole cgroup at once
 * (v2: cgroup.kill and "populated 0" in cgroup.events; v1: freeze, kill, thaw). */
int cg_kill_all(struct cg_handle *h, struct px_error *err);

/* ---- resources (apply.c, apply_v1.c, apply_v2.c) ------------------------------
 * The struct comes from spec/resources.h (a plain data type; cgroup/ calls nothing
 * in spec/). Every field is written to the file of the running hierarchy or refused
 * with an error naming it ("linux.resources.cpu.realtimeRuntime: ...") — never
 * silently dropped. */
struct spec_resources;

/* Create: before the container's process exists. The device cgroup always starts
 * from deny-all, then r's device rules, then allow rules for the devices every
 * container needs (runc's list and order). r may be NULL (no limits, the device
 * rules still apply). */
int cg_apply(struct cg_handle *h, const struct spec_resources *r, struct px_error *err);
/* `update`: only the fields set in r; quota alone keeps the period. Device rules
 * cannot be changed (refused). */
int cg_update(struct cg_handle *h, const struct spec_resources *r, struct px_error *err);

/* ---- freeze (freeze.c): v2 cgroup.freeze waiting for "frozen 1" in cgroup.events;
 * v1 freezer.state waiting for FROZEN. */
int cg_freeze(struct cg_handle *h, bool frozen, struct px_error *err);
/* Is the container's cgroup frozen? (no freezer: false) */
int cg_is_frozen(struct cg_handle *h, bool *frozen, struct px_error *err);
/* The same from the saved cgroup path, without a handle (for `list`: one file read). */
int cg_path_is_frozen(const char *path, bool *frozen, struct px_error *err);

/* ---- stats (stats.c): the figures of runc's `events --stats` (spec/stats.h), read
 * from whichever hierarchy holds them; a controller that is missing leaves zeros. */
struct spec_stats;
int cg_stats(struct cg_handle *h, struct spec_stats *s, struct px_error *err);

#endif
