/* cgroup/apply_v1.c — linux.resources on cgroup v1 (legacy and hybrid hosts): each
 * field goes to the v1 file of its controller's hierarchy. A controller that is not
 * mounted is an error naming the field: the container must not run without a limit
 * it asked for. */
#include "cgroup/apply.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cgroup/convert.h"
#include "util/cleanup.h"
#include "util/fs.h"

/* The hierarchy of ctrl, or an error naming field. */
static const char *dir_of(const struct cg_handle *h, const char *ctrl, const char *field, struct px_error *err)
{
	const struct cg_dir *d = cg_v1_dir(h, ctrl);

	if (d)
		return d->abs;
	if (h->denied)
		px_err(err, 0, "%s: rootless: no %s cgroup for this user (%s); delegate one or drop the field",
		       field, ctrl, h->denied);
	else if (!strcmp(ctrl, "hugetlb") && h->mode == CG_HYBRID)
		px_err(err, 0, "%s: the hugetlb controller of this host is in its cgroup2 hierarchy, whose "
		               "controllers pidbox does not manage on a hybrid host", field);
	else
		px_err(err, 0, "%s: the %s controller is not mounted on this host (cgroup v1)", field, ctrl);
	return NULL;
}

static int w_i64(const struct cg_handle *h, const char *ctrl, const char *file, int64_t v, const char *field,
                 struct px_error *err)
{
	const char *dir = dir_of(h, ctrl, field, err);
	char val[CG_VALUE_MAX];

	if (!dir)
		return -1;
	snprintf(val, sizeof val, "%" PRId64, v);
	return cg_knob_write(dir, file, val, field, err);
}

static int w_str(const struct cg_handle *h, const char *ctrl, const char *file, const char *v,
                 const char *field, struct px_error *err)
{
	const char *dir = dir_of(h, ctrl, field, err);
	return dir ? cg_knob_write(dir, file, v, field, err) : -1;
}

static int apply_cfs(const struct cg_handle *h, const struct spec_res_cpu *c, struct px_error *err)
{
	bool period = c->has_period && c->period, quota = c->has_quota && c->quota;

	/* Period first: a quota is checked against the period in place. But under a
	 * parent with a quota of its own, a shorter period with the old quota may
	 * exceed the parent's bandwidth (EINVAL) while the new pair fits: then the
	 * quota goes first and the period after it (runc's order of retries). */
	if (period) {
		struct px_error first = { 0 };
		if (w_i64(h, "cpu", "cpu.cfs_period_us", (int64_t)c->period, CG_FIELD("cpu.period"), &first) == 0)
			period = false;
		else if (first.code != EINVAL || !quota) {
			*err = first;
			return -1;
		}
	}
	if (quota &&
	    w_i64(h, "cpu", "cpu.cfs_quota_us", c->quota < 0 ? -1 : c->quota, CG_FIELD("cpu.quota"), err) < 0)
		return -1;
	if (period && w_i64(h, "cpu", "cpu.cfs_period_us", (int64_t)c->period, CG_FIELD("cpu.period"), err) < 0)
		return -1;
	if (c->has_burst && w_i64(h, "cpu", "cpu.cfs_burst_us", (int64_t)c->burst, CG_FIELD("cpu.burst"), err) < 0)
		return -1;
	return 0;
}

static int apply_cpu(const struct cg_handle *h, const struct spec_res_cpu *c, struct px_error *err)
{
	if (c->has_shares && c->shares &&
	    w_i64(h, "cpu", "cpu.shares", (int64_t)c->shares, CG_FIELD("cpu.shares"), err) < 0)
		return -1;
	if (apply_cfs(h, c, err) < 0)
		return -1;
	if (c->has_rt_runtime || c->has_rt_period) {
		const struct cg_dir *d = cg_v1_dir(h, "cpu");
		if (!d) {
			dir_of(h, "cpu", CG_FIELD("cpu.realtimeRuntime"), err); /* says why */
			return -1;
		}
		if (cg_rt_budget(d, c->has_rt_runtime ? c->rt_runtime : 0, c->has_rt_period ? c->rt_period : 0,
		                 err) < 0)
			return -1;
	}
	if (c->has_idle && w_i64(h, "cpu", "cpu.idle", c->idle, CG_FIELD("cpu.idle"), err) < 0)
		return -1;
	if (c->cpus && *c->cpus && w_str(h, "cpuset", "cpuset.cpus", c->cpus, CG_FIELD("cpu.cpus"), err) < 0)
		return -1;
	if (c->mems && *c->mems && w_str(h, "cpuset", "cpuset.mems", c->mems, CG_FIELD("cpu.mems"), err) < 0)
		return -1;
	return 0;
}

/* memory.limit_in_bytes <= memory.memsw.limit_in_bytes must hold after every single
 * write, so raising both writes memsw first and lowering both writes the limit first. */
static int apply_mem_limits(const struct cg_handle *h, const struct spec_res_memory *m, struct px_error *err)
{
	bool lim = m->has_limit && m->limit, swp = m->has_swap && m->swap;
	const char *dir = dir_of(h, "memory", CG_FIELD("memory"), err);
	int64_t swap = m->swap < 0 ? -1 : m->swap;
	uint64_t cur_limit = 0;

	if (!dir)
		return -1;
	if (swp && !cg_knob_exists(dir, "memory.memsw.limit_in_bytes"))
		return px_err(err, 0, CG_FIELD("memory.swap") ": no swap accounting on this host "
		                                              "(memory.memsw.limit_in_bytes missing: swapaccount=0?)");
	/* An unlimited memory without a word on swap lifts the swap limit too
	 * (runc's rule): the old memsw limit would refuse it otherwise. */
	if (lim && m->limit < 0 && !swp && cg_knob_exists(dir, "memory.memsw.limit_in_bytes"))
		swp = true, swap = -1;
	if (lim && swp && cg_knob_read_u64(dir, "memory.limit_in_bytes", &cur_limit, err) < 0)
		return -1;
	/* memsw first when the new swap total is above the limit in place (or
	 * unlimited): the new limit then fits under it; else the limit first. */
	if (lim && swp && (swap < 0 || cur_limit < (uint64_t)swap)) {
		if (w_i64(h, "memory", "memory.memsw.limit_in_bytes", swap, CG_FIELD("memory.swap"), err) < 0)
			return -1;
		swp = false;
	}
	if (lim && w_i64(h, "memory", "memory.limit_in_bytes", m->limit < 0 ? -1 : m->limit,
	                 CG_FIELD("memory.limit"), err) < 0)
		return -1;
	if (swp && w_i64(h, "memory", "memory.memsw.limit_in_bytes", swap, CG_FIELD("memory.swap"), err) < 0)
		return -1;
	return 0;
}

static int apply_memory(const struct cg_handle *h, const struct spec_res_memory *m, struct px_error *err)
{
	if (apply_mem_limits(h, m, err) < 0)
		return -1;
	if (m->has_reservation && m->reservation &&
	    w_i64(h, "memory", "memory.soft_limit_in_bytes", m->reservation < 0 ? -1 : m->reservation,
	          CG_FIELD("memory.reservation"), err) < 0)
		return -1;
	/* kernel memory limits are gone since Linux 5.16 (the write fails: said so) */
	if (m->has_kernel && m->kernel &&
	    w_i64(h, "memory", "memory.kmem.limit_in_bytes", m->kernel, CG_FIELD("memory.kernel"), err) < 0)
		return -1;
	if (m->has_kernel_tcp && m->kernel_tcp &&
	    w_i64(h, "memory", "memory.kmem.tcp.limit_in_bytes", m->kernel_tcp, CG_FIELD("memory.kernelTCP"), err) < 0)
		return -1;
	if (m->has_swappiness &&
	    w_i64(h, "memory", "memory.swappiness", (int64_t)m->swappiness, CG_FIELD("memory.swappiness"), err) < 0)
		return -1;
	if (m->has_disable_oom_killer && m->disable_oom_killer &&
	    w_str(h, "memory", "memory.oom_control", "1", CG_FIELD("memory.disableOOMKiller"), err) < 0)
		return -1;
	if (m->has_use_hierarchy && w_str(h, "memory", "memory.use_hierarchy", m->use_hierarchy ? "1" : "0",
	                                  CG_FIELD("memory.useHierarchy"), err) < 0)
		return -1;
	return 0;
}

/* "maj:min value" lines, one write each (v1 takes one device per write). */
static int w_devlines(const struct cg_handle *h, const char *file, const struct spec_res_throttle_dev *d, size_t n,
                      const char *field, struct px_error *err)
{
	for (size_t i = 0; i < n; i++) {
		char line[96];
		snprintf(line, sizeof line, "%" PRId64 ":%" PRId64 " %" PRIu64, d[i].major, d[i].minor, d[i].rate);
		if (w_str(h, "blkio", file, line, field, err) < 0)
			return -1;
	}
	return 0;
}

/* blkio.weight is CFQ's, gone with CFQ in 5.0; BFQ's is blkio.bfq.weight, same range.
 * A kernel with neither has no proportional-weight I/O scheduler at all (the blkio
 * controller is still there for the throttle files): say that, not "no controller". */
static const char *weight_file(const struct cg_handle *h, const char *cfq, const char *bfq, const char *field,
                               struct px_error *err)
{
	const char *dir = dir_of(h, "blkio", field, err);

	if (!dir)
		return NULL;
	if (cg_knob_exists(dir, cfq))
		return cfq;
	if (cg_knob_exists(dir, bfq))
		return bfq;
	px_err_plain(err, ENOENT, "%s: this kernel has no proportional-weight I/O scheduler: neither %s (CFQ) nor "
	                          "%s (BFQ) exists in %s", field, cfq, bfq, dir);
	return NULL;
}

static int apply_blkio(const struct cg_handle *h, const struct spec_res_blkio *b, struct px_error *err)
{
	static const char *const thr_files[SPEC_THR_N] = {
		"blkio.throttle.read_bps_device", "blkio.throttle.write_bps_device",
		"blkio.throttle.read_iops_device", "blkio.throttle.write_iops_device",
	};
	char field[128];

	if (b->has_weight && b->weight) {
		const char *file = weight_file(h, "blkio.weight", "blkio.bfq.weight", CG_FIELD("blockIO.weight"), err);
		if (!file || w_i64(h, "blkio", file, b->weight, CG_FIELD("blockIO.weight"), err) < 0)
			return -1;
	}
	if (b->has_leaf_weight && b->leaf_weight &&
	    w_i64(h, "blkio", "blkio.leaf_weight", b->leaf_weight, CG_FIELD("blockIO.leafWeight"), err) < 0)
		return -1;
	for (size_t i = 0; i < b->n_weight_devices; i++) {
		const struct spec_res_weight_dev *d = &b->weight_devices[i];
		char line[96];
		snprintf(field, sizeof field, CG_FIELD("blockIO.weightDevice[%zu]"), i);
		snprintf(line, sizeof line, "%" PRId64 ":%" PRId64 " %u", d->major, d->minor, d->weight);
		if (d->has_weight && d->weight) {
			const char *file = weight_file(h, "blkio.weight_device", "blkio.bfq.weight_device", field, err);
			if (!file || w_str(h, "blkio", file, line, field, err) < 0)
				return -1;
		}
		snprintf(line, sizeof line, "%" PRId64 ":%" PRId64 " %u", d->major, d->minor, d->leaf_weight);
		if (d->has_leaf_weight && d->leaf_weight &&
		    w_str(h, "blkio", "blkio.leaf_weight_device", line, field, err) < 0)
			return -1;
	}
	for (int t = 0; t < SPEC_THR_N; t++) {
		snprintf(field, sizeof field, CG_FIELD("blockIO.%s"), spec_throttle_names[t]);
		if (w_devlines(h, thr_files[t], b->throttle[t], b->n_throttle[t], field, err) < 0)
			return -1;
	}
	return 0;
}

static int apply_other(const struct cg_handle *h, const struct spec_resources *r, struct px_error *err)
{
	char field[128], file[96], line[160];

	for (size_t i = 0; i < r->n_hugepages; i++) {
		snprintf(field, sizeof field, CG_FIELD("hugepageLimits[%zu]"), i);
		snprintf(file, sizeof file, "hugetlb.%s.limit_in_bytes", r->hugepages[i].page_size);
		if (w_i64(h, "hugetlb", file, (int64_t)r->hugepages[i].limit, field, err) < 0)
			return -1;
	}
	if (r->has_class_id &&
	    w_i64(h, "net_cls", "net_cls.classid", r->class_id, CG_FIELD("network.classID"), err) < 0)
		return -1;
	for (size_t i = 0; i < r->n_net_prios; i++) {
		snprintf(field, sizeof field, CG_FIELD("network.priorities[%zu]"), i);
		snprintf(line, sizeof line, "%s %u", r->net_prios[i].name, r->net_prios[i].priority);
		if (w_str(h, "net_prio", "net_prio.ifpriomap", line, field, err) < 0)
			return -1;
	}
	for (size_t i = 0; i < r->n_rdma; i++) {
		cg_rdma_max_line(&r->rdma[i], line, sizeof line);
		snprintf(field, sizeof field, CG_FIELD("rdma.%s"), r->rdma[i].device);
		if (w_str(h, "rdma", "rdma.max", line, field, err) < 0)
			return -1;
	}
	return 0;
}

int cg_apply_v1(struct cg_handle *h, const struct spec_resources *r, const struct cg_dev_rules *dev,
                bool update, struct px_error *err)
{
	/* runc refuses unified on v1 too: the files it names do not exist here.
	 * Checked before any write, so that a config with both v1 fields and
	 * unified changes nothing (update) rather than half of what it asks. */
	if (r->n_unified)
		return px_err(err, 0, CG_FIELD("unified") ": needs a cgroup v2 host (this one has v1 controllers; "
		                                          "set the v1 fields of linux.resources instead)");
	if (r->has_cpu && apply_cpu(h, &r->cpu, err) < 0)
		return -1;
	if (r->has_memory && apply_memory(h, &r->memory, err) < 0)
		return -1;
	/* 0 is a limit (no new process), -1 "max": runc 1.4's reading of the spec */
	if (r->has_pids_limit) {
		char v[CG_VALUE_MAX];
		cg_limit_v2(r->pids_limit, v); /* pids.max takes "max" on v1 as well */
		if (w_str(h, "pids", "pids.max", v, CG_FIELD("pids.limit"), err) < 0)
			return -1;
	}
	if (r->has_blkio && apply_blkio(h, &r->blkio, err) < 0)
		return -1;
	if (apply_other(h, r, err) < 0)
		return -1;
	if (dev->n) {
		const struct cg_dir *d = cg_v1_dir(h, "devices");
		if (!d) {
			dir_of(h, "devices", CG_FIELD("devices"), err); /* says why */
			return -1;
		}
		if (cg_devices_v1(d, dev, err) < 0)
			return -1;
	}
	return 0;
}
