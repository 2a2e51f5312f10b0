/* cgroup/apply_v2.c — linux.resources on cgroup v2 (unified hosts).
 *
 * The spec's fields are v1-shaped; each maps to a v2 file through convert.c:
 * shares → cpu.weight, quota/period → cpu.max, limit → memory.max, reservation →
 * memory.low, memory+swap → memory.swap.max, blkio weights → io.bfq.weight/io.weight,
 * throttles → io.max, hugetlb → hugetlb.<size>.max, device rules → an eBPF program.
 * What v2 has no file for (realtime bandwidth, swappiness, kernel memory, net_cls,
 * net_prio, disabling the OOM killer, leaf weights) is refused with the field's name:
 * runc drops some of these silently, which leaves a container believing in a limit
 * that does not exist. */
#include "cgroup/apply.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cgroup/convert.h"
#include "util/cleanup.h"
#include "util/fs.h"

static int w_u64(const char *dir, const char *file, uint64_t v, const char *field, struct px_error *err)
{
	char val[CG_VALUE_MAX];
	snprintf(val, sizeof val, "%" PRIu64, v);
	return cg_knob_write(dir, file, val, field, err);
}

static int refuse(const char *field, const char *why, struct px_error *err)
{
	return px_err(err, 0, "%s: not available on cgroup v2 (%s)", field, why);
}

static int apply_cpu_max(const char *dir, const struct spec_res_cpu *c, bool update, struct px_error *err)
{
	_cleanup_free_ char *cur = NULL;
	char val[CG_VALUE_MAX];

	/* a quota alone keeps the period in place, and the other way round */
	if (update && ((c->has_quota && c->quota) || (c->has_period && c->period)) &&
	    cg_knob_read(dir, "cpu.max", &cur, err) < 0)
		return px_err_prefix(err, CG_FIELD("cpu.quota"));
	if (cg_cpu_max(c->has_quota, c->quota, c->has_period, c->period, cur, val) &&
	    cg_knob_write(dir, "cpu.max", val, CG_FIELD("cpu.quota"), err) < 0)
		return -1;
	return 0;
}

static int apply_cpu(const char *dir, const struct spec_res_cpu *c, bool update, struct px_error *err)
{
	if (c->has_rt_runtime && c->rt_runtime)
		return refuse(CG_FIELD("cpu.realtimeRuntime"),
		              "no realtime group bandwidth in v2; use process.scheduler with RLIMIT_RTPRIO/RTTIME", err);
	if (c->has_rt_period && c->rt_period)
		return refuse(CG_FIELD("cpu.realtimePeriod"),
		              "no realtime group bandwidth in v2; use process.scheduler with RLIMIT_RTPRIO/RTTIME", err);
	if (c->has_shares && c->shares &&
	    w_u64(dir, "cpu.weight", cg_shares_to_weight(c->shares), CG_FIELD("cpu.shares"), err) < 0)
		return -1;
	if (apply_cpu_max(dir, c, update, err) < 0)
		return -1;
	if (c->has_burst && w_u64(dir, "cpu.max.burst", c->burst, CG_FIELD("cpu.burst"), err) < 0)
		return -1;
	if (c->has_idle && w_u64(dir, "cpu.idle", (uint64_t)c->idle, CG_FIELD("cpu.idle"), err) < 0)
		return -1;
	if (c->cpus && *c->cpus && cg_knob_write(dir, "cpuset.cpus", c->cpus, CG_FIELD("cpu.cpus"), err) < 0)
		return -1;
	if (c->mems && *c->mems && cg_knob_write(dir, "cpuset.mems", c->mems, CG_FIELD("cpu.mems"), err) < 0)
		return -1;
	return 0;
}

/* memory.swap.max is swap alone, the spec's value memory+swap: it needs the memory
 * limit, from this request or (update) from memory.max as it is. */
static int apply_swap(const char *dir, const struct spec_res_memory *m, struct px_error *err)
{
	int64_t limit = m->has_limit ? m->limit : 0, swap;
	char val[CG_VALUE_MAX];
	bool set;

	if (!m->has_swap || !m->swap)
		return 0;
	if (!limit) {
		uint64_t cur;
		if (cg_knob_read_u64(dir, "memory.max", &cur, err) < 0)
			return px_err_prefix(err, CG_FIELD("memory.swap"));
		limit = cur == UINT64_MAX ? -1 : (int64_t)cur;
	}
	if (cg_swap_to_v2(m->swap, limit, &set, &swap, err) < 0)
		return px_err_prefix(err, "linux.resources");
	cg_limit_v2(swap, val);
	return set ? cg_knob_write(dir, "memory.swap.max", val, CG_FIELD("memory.swap"), err) : 0;
}

static int apply_memory(const char *dir, const struct spec_res_memory *m, struct px_error *err)
{
	char val[CG_VALUE_MAX];

	if (m->has_kernel && m->kernel)
		return refuse(CG_FIELD("memory.kernel"), "kernel memory is part of memory.max", err);
	if (m->has_kernel_tcp && m->kernel_tcp)
		return refuse(CG_FIELD("memory.kernelTCP"), "socket memory is part of memory.max", err);
	if (m->has_swappiness)
		return refuse(CG_FIELD("memory.swappiness"), "no per-cgroup swappiness", err);
	if (m->has_disable_oom_killer && m->disable_oom_killer)
		return refuse(CG_FIELD("memory.disableOOMKiller"), "the OOM killer cannot be disabled per cgroup", err);
	if (m->has_use_hierarchy && !m->use_hierarchy)
		return refuse(CG_FIELD("memory.useHierarchy"), "v2 accounting is always hierarchical", err);
	/* a lower limit must land before swap is computed from it; swap.max is independent */
	if (m->has_limit && m->limit) {
		cg_limit_v2(m->limit, val);
		if (cg_knob_write(dir, "memory.max", val, CG_FIELD("memory.limit"), err) < 0)
			return -1;
	}
	if (apply_swap(dir, m, err) < 0)
		return -1;
	if (m->has_reservation && m->reservation) {
		cg_limit_v2(m->reservation, val);
		if (cg_knob_write(dir, "memory.low", val, CG_FIELD("memory.reservation"), err) < 0)
			return -1;
	}
	return 0;
}

/* BFQ's io.bfq.weight takes the blkio range as is; io.weight (the io controller's
 * own, used when BFQ is not the scheduler) is 1..10000. */
static int w_weight(const char *dir, const char *dev, uint16_t w, const char *field, struct px_error *err)
{
	bool bfq = cg_knob_exists(dir, "io.bfq.weight");
	char line[96];

	if (bfq)
		snprintf(line, sizeof line, "%s%s%u", dev ? dev : "", dev ? " " : "", w);
	else
		snprintf(line, sizeof line, "%s %" PRIu64, dev ? dev : "default", cg_blkio_to_io_weight(w));
	return cg_knob_write(dir, bfq ? "io.bfq.weight" : "io.weight", line, field, err);
}

static int apply_io(const char *dir, const struct spec_res_blkio *b, struct px_error *err)
{
	static const char *const keys[SPEC_THR_N] = { "rbps", "wbps", "riops", "wiops" };
	char field[128], dev[48], line[128];

	if ((b->has_leaf_weight && b->leaf_weight))
		return refuse(CG_FIELD("blockIO.leafWeight"), "no leaf weights", err);
	if (b->has_weight && b->weight && w_weight(dir, NULL, b->weight, CG_FIELD("blockIO.weight"), err) < 0)
		return -1;
	for (size_t i = 0; i < b->n_weight_devices; i++) {
		const struct spec_res_weight_dev *d = &b->weight_devices[i];
		snprintf(field, sizeof field, CG_FIELD("blockIO.weightDevice[%zu]"), i);
		snprintf(dev, sizeof dev, "%" PRId64 ":%" PRId64, d->major, d->minor);
		if (d->has_leaf_weight && d->leaf_weight)
			return refuse(field, "no leaf weights", err);
		if (d->has_weight && d->weight && w_weight(dir, dev, d->weight, field, err) < 0)
			return -1;
	}
	for (int t = 0; t < SPEC_THR_N; t++) {
		for (size_t i = 0; i < b->n_throttle[t]; i++) {
			const struct spec_res_throttle_dev *d = &b->throttle[t][i];
			snprintf(field, sizeof field, CG_FIELD("blockIO.%s[%zu]"), spec_throttle_names[t], i);
			snprintf(line, sizeof line, "%" PRId64 ":%" PRId64 " %s=%" PRIu64, d->major, d->minor, keys[t],
			         d->rate);
			if (cg_knob_write(dir, "io.max", line, field, err) < 0)
				return -1;
		}
	}
	return 0;
}

static int apply_other(const char *dir, const struct spec_resources *r, struct px_error *err)
{
	char field[160], file[96], line[160];

	for (size_t i = 0; i < r->n_hugepages; i++) {
		snprintf(field, sizeof field, CG_FIELD("hugepageLimits[%zu]"), i);
		snprintf(file, sizeof file, "hugetlb.%s.max", r->hugepages[i].page_size);
		if (w_u64(dir, file, r->hugepages[i].limit, field, err) < 0)
			return -1;
	}
	if (r->has_class_id)
		return refuse(CG_FIELD("network.classID"), "no net_cls controller; classify with tc or eBPF", err);
	if (r->n_net_prios)
		return refuse(CG_FIELD("network.priorities"), "no net_prio controller", err);
	for (size_t i = 0; i < r->n_rdma; i++) {
		cg_rdma_max_line(&r->rdma[i], line, sizeof line);
		snprintf(field, sizeof field, CG_FIELD("rdma.%s"), r->rdma[i].device);
		if (cg_knob_write(dir, "rdma.max", line, field, err) < 0)
			return -1;
	}
	/* verbatim, after the converted fields so that an explicit file wins */
	for (size_t i = 0; i < r->n_unified; i++) {
		snprintf(field, sizeof field, CG_FIELD("unified.%s"), r->unified[i].key);
		if (cg_knob_write(dir, r->unified[i].key, r->unified[i].value, field, err) < 0)
			return -1;
	}
	return 0;
}

int cg_apply_v2(struct cg_handle *h, const struct spec_resources *r, const struct cg_dev_rules *dev,
                bool update, struct px_error *err)
{
	const struct cg_dir *d = cg_v2_dir(h);

	if (!d)
		return px_err(err, 0, "linux.resources: no cgroup2 directory");
	if (r->has_cpu && apply_cpu(d->abs, &r->cpu, update, err) < 0)
		return -1;
	if (r->has_memory && apply_memory(d->abs, &r->memory, err) < 0)
		return -1;
	/* 0 is a limit (no new process), -1 "max": runc 1.4's reading of the spec */
	if (r->has_pids_limit) {
		char v[CG_VALUE_MAX];
		cg_limit_v2(r->pids_limit, v);
		if (cg_knob_write(d->abs, "pids.max", v, CG_FIELD("pids.limit"), err) < 0)
			return -1;
	}
	if (r->has_blkio && apply_io(d->abs, &r->blkio, err) < 0)
		return -1;
	if (apply_other(d->abs, r, err) < 0)
		return -1;
	if (dev->n && cg_devices_bpf(h->v2fd, dev, err) < 0)
		return px_err_prefix(err, CG_FIELD("devices"));
	return 0;
}
