/* runtime/numa.c — linux.memoryPolicy: set_mempolicy(2) on the process that
 * will exec the workload (see numa.h). */
#include "runtime/numa.h"

#include <errno.h>
#include <sys/syscall.h>
#include <unistd.h>

int rt_apply_memory_policy(const struct spec_memory_policy *mp, struct px_error *err)
{
	unsigned long allowed[SPEC_MPOL_MAX_NODES / (8 * sizeof(unsigned long))] = { 0 };
	char want[256], nodes[128];
	int e;

	if (!mp || !mp->present)
		return 0;
	/* maxnode counts one more than the bits the kernel reads (set_mempolicy(2)) */
	if (syscall(SYS_set_mempolicy, mp->mode | (int)mp->flags, mp->has_nodes ? mp->nodes : NULL,
	            mp->has_nodes ? SPEC_MPOL_MAX_NODES + 1 : 0) == 0)
		return 0;
	e = errno;
	spec_mpol_describe(mp, want, sizeof want);
	if (e == ENOSYS)
		return px_err(err, e, "linux.memoryPolicy: %s: this kernel has no NUMA memory policies", want);
	/* Say which nodes there are: the usual reason is a node this host lacks (or
	 * the cpuset denies), or a flag this kernel does not take with the mode. */
	if (syscall(SYS_get_mempolicy, NULL, allowed, SPEC_MPOL_MAX_NODES + 1, NULL, 4 /* MPOL_F_MEMS_ALLOWED */) < 0)
		allowed[0] = 0;
	spec_bits_to_list(allowed, SPEC_MPOL_MAX_NODES, nodes, sizeof nodes);
	return px_err(err, e, "linux.memoryPolicy: %s: refused by the kernel (nodes this process may use: %s)", want,
	              nodes[0] ? nodes : "unknown");
}
