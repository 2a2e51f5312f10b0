/* cgroup/apply.c — cg_apply() and cg_update(): pick the hierarchy's writer, and build
 * the device rule list the container gets. */
#include "cgroup/apply.h"

#include <inttypes.h>
#include <string.h>

#include "util/cleanup.h"
#include "util/fs.h"

const struct cg_dir *cg_v1_dir(const struct cg_handle *h, const char *ctrl)
{
	for (size_t i = 0; i < h->ndirs; i++)
		if (!h->dirs[i].hier->v2 && cg_hier_has(h->dirs[i].hier, ctrl))
			return &h->dirs[i];
	return NULL;
}

const struct cg_dir *cg_v2_dir(const struct cg_handle *h)
{
	return h->ndirs && h->dirs[h->ndirs - 1].hier->v2 ? &h->dirs[h->ndirs - 1] : NULL;
}

/* Every container's device list is deny-all, then the config's rules, then what
 * every container may use whatever its rules say (runc's AllowedDevices, appended
 * after the config's rules as runc does, so that a config opening with its own
 * deny-all still has /dev/null): the standard character devices, /dev/pts/N, and
 * mknod of any device (creating a node gives no access to it). The deny-all comes
 * first whatever the config says: without it a config with no rules, or no
 * linux.resources at all, would leave every host device open to a container with
 * CAP_MKNOD. A linux.devices entry adds no rule of its own (runc's rule too):
 * its access is what linux.resources.devices grants. */
static const struct spec_dev_rule deny_all = { false, 'a', SPEC_DEV_WILDCARD, SPEC_DEV_WILDCARD, "rwm" };
static const struct spec_dev_rule default_rules[] = {
	{ true, 'c', SPEC_DEV_WILDCARD, SPEC_DEV_WILDCARD, "m" },
	{ true, 'b', SPEC_DEV_WILDCARD, SPEC_DEV_WILDCARD, "m" },
	{ true, 'c', 1, 3, "rwm" },   /* /dev/null */
	{ true, 'c', 1, 5, "rwm" },   /* /dev/zero */
	{ true, 'c', 1, 7, "rwm" },   /* /dev/full */
	{ true, 'c', 1, 8, "rwm" },   /* /dev/random */
	{ true, 'c', 1, 9, "rwm" },   /* /dev/urandom */
	{ true, 'c', 5, 0, "rwm" },   /* /dev/tty */
	{ true, 'c', 5, 1, "rwm" },   /* /dev/console */
	{ true, 'c', 5, 2, "rwm" },   /* /dev/ptmx */
	{ true, 'c', 136, SPEC_DEV_WILDCARD, "rwm" }, /* /dev/pts/N */
};
#define N_DEFAULT_RULES (sizeof default_rules / sizeof default_rules[0])

void cg_dev_rules_build(const struct spec_resources *r, struct cg_dev_rules *out)
{
	size_t n = 0, n_spec = r ? r->n_devices : 0;

	out->rules = px_xcalloc(1 + n_spec + N_DEFAULT_RULES, sizeof *out->rules);
	out->rules[n++] = deny_all;
	out->spec_start = n;
	for (size_t i = 0; i < n_spec; i++)
		out->rules[n++] = r->devices[i];
	out->n_spec = n_spec;
	for (size_t i = 0; i < N_DEFAULT_RULES; i++)
		out->rules[n++] = default_rules[i];
	out->n = n;
}

static int apply(struct cg_handle *h, const struct spec_resources *r, const struct cg_dev_rules *dev,
                 bool update, struct px_error *err)
{
	if (h->mode == CG_UNIFIED)
		return cg_apply_v2(h, r, dev, update, err);
	return cg_apply_v1(h, r, dev, update, err);
}

int cg_apply(struct cg_handle *h, const struct spec_resources *r, struct px_error *err)
{
	static const struct spec_resources none;
	struct cg_dev_rules dev;
	int rc;

	cg_dev_rules_build(r, &dev);
	if (h->rootless)
		dev.n = 0; /* no device cgroup: cgroup.h cg_create_rootless */
	rc = apply(h, r ? r : &none, &dev, false, err);
	free(dev.rules);
	return rc;
}

/* memory.checkBeforeUpdate: refuse a new limit below what the container uses now,
 * instead of letting the kernel reclaim or OOM-kill to make it fit. */
static int check_memory_usage(struct cg_handle *h, const struct spec_res_memory *m, struct px_error *err)
{
	const struct cg_dir *d = h->mode == CG_UNIFIED ? cg_v2_dir(h) : cg_v1_dir(h, "memory");
	uint64_t usage;

	if (!m->check_before_update || !m->has_limit || m->limit <= 0 || !d)
		return 0;
	if (cg_knob_read_u64(d->abs, h->mode == CG_UNIFIED ? "memory.current" : "memory.usage_in_bytes", &usage,
	                     err) < 0)
		return px_err_prefix(err, CG_FIELD("memory.checkBeforeUpdate"));
	if (usage > (uint64_t)m->limit)
		return px_err(err, 0, CG_FIELD("memory.limit") ": %" PRId64 " is below the current usage %" PRIu64
		                                               " (checkBeforeUpdate)", m->limit, usage);
	return 0;
}

int cg_update(struct cg_handle *h, const struct spec_resources *r, struct px_error *err)
{
	struct cg_dev_rules none = { 0 };

	if (r->has_memory && check_memory_usage(h, &r->memory, err) < 0)
		return -1;

	/* runc does not change device rules on update either; saying so beats ignoring it */
	if (r->has_devices && r->n_devices)
		return px_err(err, 0, "devices: device rules cannot be changed by update");
	return apply(h, r, &none, true, err);
}
