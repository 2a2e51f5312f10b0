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
	/* Rootless with no cgroup at all (cgroup.h cg_create_rootless): fine unless a
	 * limit is asked, which would otherwise be silently missing. */
	if (cg_is_empty(cg)) {
		const char *field = spec_resources_first_limit(c->linux_.resources);
		if (field)
			return px_err(err, 0, "config.json: linux.resources.%s: rootless: pidbox may not create a "
			                      "cgroup for it (%s); delegate a cgroup to this user or drop the field",
			              field, cg_denied(cg) ? cg_denied(cg) : "no hierarchy");
		return 0;
	}
	/* even without linux.resources: the device cgroup's deny-all always applies */
	if (cg_apply(cg, c->linux_.resources, err) < 0)
		return px_err_prefix(err, "config.json");
	return 0;
}
