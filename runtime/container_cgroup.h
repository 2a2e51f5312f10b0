/* runtime/container_cgroup.h — the container's cgroup with what pidbox owns of it
 * (cgroup/cgroup.h "ownership"), carried through the state record, so that delete,
 * run's teardown and kill --all kill and remove only what is the container's. */
#ifndef PX_RUNTIME_CONTAINER_CGROUP_H
#define PX_RUNTIME_CONTAINER_CGROUP_H

#include "cgroup/cgroup.h"
#include "runtime/state_dir.h"

/* At create, once the init exists: note in st which directories cg made and the
 * init's mount namespace. */
void rt_record_cgroup_ownership(struct spec_state *st, const struct cg_handle *cg, pid_t init);

/* cg_open of the recorded path, with the recorded ownership. */
int rt_container_cgroup(const struct rt_container *ct, struct cg_handle **out, struct px_error *err);

/* The container's processes: its cgroup's, or without one (rootless) those of
 * its pid namespace (ns/procinfo.h ns_proc_pidns_members). *pids malloc'd. */
int rt_container_pids(const struct rt_container *ct, struct cg_handle *cg, pid_t **pids, size_t *n,
                      struct px_error *err);

#endif
