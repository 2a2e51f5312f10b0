/* runtime/resources.c — hand config.json's linux.resources (and the device
 * cgroup's deny-all base, which every container gets) to cgroup/ at create,
 * before the container's process exists: on v2 it is then born into a cgroup
 * whose limits are already in place. */
#include "runtime/resources.h"

#include "spec/resources.h"
#include "util/cleanup.h"
#include "util/fs.h"

int rt_apply_resources(struct cg_handle *cg, const struct spec_config *c, struct px_error *err)
{
	/* even without linux.resources: the device cgroup's deny-all always applies */
	if (cg_apply(cg, c->linux_.resources, err) < 0)
		return px_err_prefix(err, "config.json");
	return 0;
}
