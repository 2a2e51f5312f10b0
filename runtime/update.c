/* runtime/update.c — `pidbox update`: change the resources of a live container's
 * cgroup. Only the fields given change (a quota alone keeps the period). */
#include <string.h>

#include "runtime/container_cgroup.h"
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
	if (rt_container_cgroup(&ct, &cg, err) < 0)
		goto out;
	if (cg_is_empty(cg)) { /* rootless without a cgroup: nothing to change, or refused */
		if (!spec_resources_first_limit(r))
			rc = 0;
		else
			px_err(err, 0, "linux.resources.%s: rootless: the container has no cgroup (%s)",
			       spec_resources_first_limit(r), cg_denied(cg));
		goto out;
	}
	if (cg_update(cg, r, err) < 0)
		goto out;
	rc = 0;
out:
	cg_close(cg);
	rt_container_release(&ct);
	return rc;
}
