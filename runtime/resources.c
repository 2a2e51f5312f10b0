/* runtime/resources.c — hand config.json's linux.resources (and linux.devices, which
 * the device cgroup must allow) to cgroup/ at create, before the container's process
 * exists: on v2 it is then born into a cgroup whose limits are already in place. */
#include "runtime/resources.h"

#include "spec/resources.h"
#include "util/cleanup.h"
#include "util/fs.h"

int rt_apply_resources(struct cg_handle *cg, const struct spec_config *c, struct px_error *err)
{
	const struct spec_linux *l = &c->linux_;
	_cleanup_free_ struct cg_device *devs = NULL;

	if (!l->resources)
		return 0;
	devs = px_xcalloc(l->n_devices + 1, sizeof *devs);
	for (size_t i = 0; i < l->n_devices; i++)
		devs[i] = (struct cg_device){ l->devices[i].type, l->devices[i].major, l->devices[i].minor };
	if (cg_apply(cg, l->resources, devs, l->n_devices, err) < 0)
		return px_err_prefix(err, "config.json");
	return 0;
}
