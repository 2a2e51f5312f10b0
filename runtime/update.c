/* runtime/update.c — `pidbox update`: change the resources of a live container's
 * cgroup. Only the fields given change (a quota alone keeps the period). */
#include <string.h>

#include "runtime/launch.h"
#include "spec/resources.h"
#include "util/cleanup.h"

int rt_update(const struct rt_global *g, const char *id, const struct spec_resources *r, struct px_error *err)
{
	struct rt_container ct;
	struct cg_handle *cg = NULL;
	int rc = -1;

	if (rt_container_load(g, id, true, &ct, err) < 0)
		return -1;
	if (!strcmp(ct.st.status, "stopped") || !strcmp(ct.st.status, "creating")) {
		px_err(err, 0, "container is %s", ct.st.status);
		goto out;
	}
	if (!ct.st.cgroup_path) {
		px_err(err, 0, "container has no cgroup");
		goto out;
	}
	if (cg_open(ct.st.cgroup_path, &cg, err) < 0 || cg_update(cg, r, err) < 0)
		goto out;
	rc = 0;
out:
	cg_close(cg);
	rt_container_release(&ct);
	return rc;
}
