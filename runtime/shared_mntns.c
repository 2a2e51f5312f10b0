/* runtime/shared_mntns.c — see shared_mntns.h. */
#include "runtime/shared_mntns.h"

#include <errno.h>
#include <sched.h>
#include <unistd.h>

#define NEEDS_MNTNS "needs a mount namespace (linux.namespaces has no \"mount\")"

int rt_check_shared_mntns(const struct spec_config *c, struct px_error *err)
{
	const struct spec_namespace *pid = spec_find_namespace(c, CLONE_NEWPID);

	if (spec_has_namespace(c, CLONE_NEWNS))
		return 0;
	if (c->n_mounts)
		return px_err(err, 0, "mounts: %s: they would be made in the host's mount table", NEEDS_MNTNS);
	if (c->linux_.n_masked_paths || c->linux_.n_readonly_paths)
		return px_err(err, 0, "linux.%s: %s: the paths are restricted by mounts",
		              c->linux_.n_masked_paths ? "maskedPaths" : "readonlyPaths", NEEDS_MNTNS);
	if (c->root_readonly)
		return px_err(err, 0, "root.readonly: %s: it is a read-only remount of the rootfs", NEEDS_MNTNS);
	if (c->linux_.rootfs_propagation)
		return px_err(err, 0, "linux.rootfsPropagation: %s", NEEDS_MNTNS);
	/* the pty comes from the container's own devpts, a mount */
	if (c->process.terminal)
		return px_err(err, 0, "process.terminal: %s: the pty comes from the container's devpts",
		              NEEDS_MNTNS);
	/* the init could not go back to the runtime's mount namespace from a user
	 * namespace that does not own it, nor bind devices without a mount */
	if (spec_has_namespace(c, CLONE_NEWUSER))
		return px_err(err, 0, "linux.namespaces: a user namespace %s", NEEDS_MNTNS);
	if (pid && pid->path)
		return px_err(err, 0, "linux.namespaces: a pid namespace joined by path %s", NEEDS_MNTNS);
	return 0;
}

int rt_return_to_runtime_mntns(int *fd, struct px_error *err)
{
	int r = setns(*fd, CLONE_NEWNS);

	close(*fd);
	*fd = -1;
	if (r < 0)
		return px_err(err, errno, "return to the runtime's mount namespace");
	return 0;
}
