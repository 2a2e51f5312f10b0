/* runtime/container_cgroup.c — see container_cgroup.h. */
#include "runtime/container_cgroup.h"

#include <string.h>
#include <unistd.h>

#include "ns/procinfo.h"

void rt_record_cgroup_ownership(struct spec_state *st, const struct cg_handle *cg, pid_t init)
{
	st->cgroup_created = cg_created(cg, &st->n_cgroup_created);
	st->has_cgroup_created = true;
	st->mnt_ns = cg_mnt_ns_of(init);
	/* A container without a mount namespace of its own is in ours (the host's):
	 * sharing it then says nothing of a process being the container's. 0 makes
	 * only the container's own cgroup directory count (cgroup/owner.c). */
	if (st->mnt_ns && st->mnt_ns == cg_mnt_ns_of(getpid()))
		st->mnt_ns = 0;
}

int rt_container_cgroup(const struct rt_container *ct, struct cg_handle **out, struct px_error *err)
{
	if (cg_open(ct->st.cgroup_path, out, err) < 0)
		return -1;
	if (ct->st.rootless)
		cg_drop_missing(*out);
	cg_set_ownership(*out, ct->st.cgroup_created, ct->st.n_cgroup_created, ct->st.has_cgroup_created,
	                 ct->st.mnt_ns);
	return 0;
}

int rt_container_pids(const struct rt_container *ct, struct cg_handle *cg, pid_t **pids, size_t *n,
                      struct px_error *err)
{
	if (!cg_is_empty(cg))
		return cg_pids(cg, pids, n, err);
	if (ct->st.pid <= 0 || !strcmp(ct->st.status, "stopped"))
		return 0;
	return ns_proc_pidns_members(ct->st.pid, pids, n, err);
}
