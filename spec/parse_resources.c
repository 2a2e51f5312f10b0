/* spec/parse_resources.c — linux.resources: cpu, memory, pids and devices, and the
 * entry points of spec/resources.h. The block-I/O, hugetlb, network, rdma and unified
 * members are in parse_resources_io.c.
 *
 * The limits checked here are the kernel's own (kernel/sched/core.c, mm/memcontrol.c),
 * so a config is refused at parse time with the field's name instead of failing in
 * the middle of a create with "write cpu.shares: Invalid argument". */
#include <inttypes.h>
#include <string.h>

#include "spec/json_walk.h"
#include "spec/parse_resources.h"
#include "util/cleanup.h"
#include "util/fs.h"

/* cpu.shares bounds (MIN_SHARES/MAX_SHARES of kernel/sched/sched.h). */
#define SHARES_MIN 2
#define SHARES_MAX 262144
/* CFS bandwidth: period 1 ms .. 1 s, quota at least 1 ms (kernel/sched/core.c). */
#define CFS_PERIOD_MIN 1000
#define CFS_PERIOD_MAX 1000000
#define CFS_QUOTA_MIN 1000

int spec_res_opt_u64(yajl_val obj, const char *parent, const char *key, bool *has, uint64_t *out,
                     struct px_error *err)
{
	char p[SPEC_PATH_MAX];
	yajl_val v = spec_json_field(obj, key);

	if (!v)
		return 0;
	if (spec_json_u64(v, spec_path_key(p, parent, key), out, err) < 0)
		return -1;
	*has = true;
	return 0;
}

int spec_res_opt_i64(yajl_val obj, const char *parent, const char *key, bool *has, int64_t *out,
                     struct px_error *err)
{
	char p[SPEC_PATH_MAX];
	yajl_val v = spec_json_field(obj, key);

	if (!v)
		return 0;
	if (spec_json_i64(v, spec_path_key(p, parent, key), out, err) < 0)
		return -1;
	*has = true;
	return 0;
}

int spec_res_opt_bool(yajl_val obj, const char *parent, const char *key, bool *has, bool *out,
                      struct px_error *err)
{
	char p[SPEC_PATH_MAX];
	yajl_val v = spec_json_field(obj, key);

	if (!v)
		return 0;
	if (spec_json_bool(v, spec_path_key(p, parent, key), out, err) < 0)
		return -1;
	*has = true;
	return 0;
}

int spec_res_range(const char *parent, const char *key, int64_t v, int64_t min, int64_t max,
                   struct px_error *err)
{
	char p[SPEC_PATH_MAX];

	if (v < min)
		return px_err(err, 0, "%s: %" PRId64 " is below the minimum %" PRId64,
		              spec_path_key(p, parent, key), v, min);
	if (v > max)
		return px_err(err, 0, "%s: %" PRId64 " is above the maximum %" PRId64,
		              spec_path_key(p, parent, key), v, max);
	return 0;
}

/* "0-3,5,7-8": what cpuset.cpus and cpuset.mems accept (an empty string means unset). */
static int check_cpu_list(const char *s, const char *path, struct px_error *err)
{
	const char *p = s;

	while (*p) {
		char *end;
		unsigned long a = strtoul(p, &end, 10), b;
		if (end == p || *p == '-' || *p == '+')
			goto bad;
		p = end;
		if (*p == '-') {
			const char *q = p + 1;
			if (*q < '0' || *q > '9')
				goto bad;
			b = strtoul(q, &end, 10);
			if (b < a)
				goto bad;
			p = end;
		}
		if (*p == ',' && p[1])
			p++;
		else if (*p)
			goto bad;
	}
	return 0;
bad:;
	char q[SPEC_QUOTE_MAX];
	return px_err(err, 0, "%s: %s is not a list of numbers and ranges (\"0-3,5\")", path,
	              spec_quote(q, s));
}

static int parse_cpu_sets(yajl_val v, const char *path, struct spec_res_cpu *c, struct px_error *err)
{
	char p[SPEC_PATH_MAX];
	yajl_val x;

	if ((x = spec_json_field(v, "cpus"))) {
		if (spec_json_string(x, spec_path_key(p, path, "cpus"), &c->cpus, err) < 0 ||
		    check_cpu_list(c->cpus, p, err) < 0)
			return -1;
	}
	if ((x = spec_json_field(v, "mems"))) {
		if (spec_json_string(x, spec_path_key(p, path, "mems"), &c->mems, err) < 0 ||
		    check_cpu_list(c->mems, p, err) < 0)
			return -1;
	}
	return 0;
}

static int parse_cpu(yajl_val v, const char *parent, struct spec_res_cpu *c, struct px_error *err)
{
	char path[SPEC_PATH_MAX];

	spec_path_key(path, parent, "cpu");
	if (spec_json_need_object(v, path, err) < 0 ||
	    spec_res_opt_u64(v, path, "shares", &c->has_shares, &c->shares, err) < 0 ||
	    spec_res_opt_i64(v, path, "quota", &c->has_quota, &c->quota, err) < 0 ||
	    spec_res_opt_u64(v, path, "burst", &c->has_burst, &c->burst, err) < 0 ||
	    spec_res_opt_u64(v, path, "period", &c->has_period, &c->period, err) < 0 ||
	    spec_res_opt_i64(v, path, "realtimeRuntime", &c->has_rt_runtime, &c->rt_runtime, err) < 0 ||
	    spec_res_opt_u64(v, path, "realtimePeriod", &c->has_rt_period, &c->rt_period, err) < 0 ||
	    spec_res_opt_i64(v, path, "idle", &c->has_idle, &c->idle, err) < 0 ||
	    parse_cpu_sets(v, path, c, err) < 0)
		return -1;
	/* 0 is "not set" for shares, quota and period (runc, and what engines send) */
	if (c->has_shares && c->shares && c->shares < SHARES_MIN)
		return spec_res_range(path, "shares", (int64_t)c->shares, SHARES_MIN, SHARES_MAX, err);
	if (c->has_shares && c->shares > SHARES_MAX)
		return px_err(err, 0, "%s.shares: %" PRIu64 " is above the maximum %d", path, c->shares,
		              SHARES_MAX);
	if (c->has_quota && c->quota < -1)
		return px_err(err, 0, "%s.quota: %" PRId64 " is invalid (-1 for unlimited, or at least %d)",
		              path, c->quota, CFS_QUOTA_MIN);
	if (c->has_quota && c->quota > 0 && c->quota < CFS_QUOTA_MIN)
		return spec_res_range(path, "quota", c->quota, CFS_QUOTA_MIN, INT64_MAX, err);
	if (c->has_period && c->period && (c->period < CFS_PERIOD_MIN || c->period > CFS_PERIOD_MAX))
		return px_err(err, 0, "%s.period: %" PRIu64 " is outside %d..%d (microseconds)", path,
		              c->period, CFS_PERIOD_MIN, CFS_PERIOD_MAX);
	if (c->has_idle && spec_res_range(path, "idle", c->idle, 0, 1, err) < 0)
		return -1;
	if (c->has_rt_runtime && c->rt_runtime < -1)
		return px_err(err, 0, "%s.realtimeRuntime: %" PRId64 " is invalid (-1 for unlimited)", path,
		              c->rt_runtime);
	if (c->has_rt_period && c->rt_period && c->rt_period < 1)
		return px_err(err, 0, "%s.realtimePeriod: must be at least 1", path);
	if (c->has_rt_runtime && c->rt_runtime > 0 && c->has_rt_period && c->rt_period &&
	    (uint64_t)c->rt_runtime > c->rt_period)
		return px_err(err, 0, "%s.realtimeRuntime: %" PRId64 " is above realtimePeriod %" PRIu64,
		              path, c->rt_runtime, c->rt_period);
	return 0;
}

static int parse_memory(yajl_val v, const char *parent, struct spec_res_memory *m, struct px_error *err)
{
	char path[SPEC_PATH_MAX];
	static const char *const i64_keys[] = { "limit", "reservation", "swap", "kernel", "kernelTCP" };
	int64_t *vals[] = { &m->limit, &m->reservation, &m->swap, &m->kernel, &m->kernel_tcp };
	bool *has[] = { &m->has_limit, &m->has_reservation, &m->has_swap, &m->has_kernel, &m->has_kernel_tcp };

	spec_path_key(path, parent, "memory");
	if (spec_json_need_object(v, path, err) < 0)
		return -1;
	for (size_t i = 0; i < 5; i++) {
		if (spec_res_opt_i64(v, path, i64_keys[i], has[i], vals[i], err) < 0)
			return -1;
		if (*has[i] && *vals[i] < -1)
			return px_err(err, 0, "%s.%s: %" PRId64 " is invalid (-1 for unlimited)", path,
			              i64_keys[i], *vals[i]);
	}
	if (spec_res_opt_u64(v, path, "swappiness", &m->has_swappiness, &m->swappiness, err) < 0 ||
	    spec_res_opt_bool(v, path, "disableOOMKiller", &m->has_disable_oom_killer, &m->disable_oom_killer,
	                      err) < 0 ||
	    spec_res_opt_bool(v, path, "useHierarchy", &m->has_use_hierarchy, &m->use_hierarchy, err) < 0 ||
	    spec_res_opt_bool(v, path, "checkBeforeUpdate", &m->has_check_before_update,
	                      &m->check_before_update, err) < 0)
		return -1;
	if (m->has_swappiness && m->swappiness > 100)
		return px_err(err, 0, "%s.swappiness: %" PRIu64 " is above the maximum 100", path, m->swappiness);
	/* swap is memory+swap (v1's memsw), so it cannot be below the memory limit */
	if (m->has_swap && m->swap > 0 && m->has_limit && m->limit > 0 && m->swap < m->limit)
		return px_err(err, 0, "%s.swap: %" PRId64 " is below memory.limit %" PRId64
		                      " (swap is the memory+swap limit)", path, m->swap, m->limit);
	return 0;
}

static int parse_dev_rule(yajl_val v, const char *path, struct spec_dev_rule *d, struct px_error *err)
{
	char p[SPEC_PATH_MAX];
	yajl_val x;
	bool has = false;

	if (spec_json_need_object(v, path, err) < 0)
		return -1;
	if (!(x = spec_json_field(v, "allow")))
		return px_err(err, 0, "%s.allow: required", path);
	if (spec_json_bool(x, spec_path_key(p, path, "allow"), &d->allow, err) < 0)
		return -1;
	d->type = 'a';
	if ((x = spec_json_field(v, "type"))) {
		if (!YAJL_IS_STRING(x) || strlen(x->u.string) != 1 || !strchr("acb", x->u.string[0]))
			return px_err(err, 0, "%s.type: must be \"a\", \"c\" or \"b\"", path);
		d->type = x->u.string[0];
	}
	d->major = d->minor = SPEC_DEV_WILDCARD;
	if (spec_res_opt_i64(v, path, "major", &has, &d->major, err) < 0 ||
	    spec_res_opt_i64(v, path, "minor", &has, &d->minor, err) < 0)
		return -1;
	if (spec_check_dev_numbers(path, d->major, d->minor, true, err) < 0)
		return -1;
	strcpy(d->access, "rwm");
	if ((x = spec_json_field(v, "access"))) {
		const char *a;
		if (!YAJL_IS_STRING(x))
			return px_err(err, 0, "%s.access: must be a string", path);
		a = x->u.string;
		if (!*a || strspn(a, "rwm") != strlen(a))
			return px_err(err, 0, "%s.access: must be a non-empty combination of \"r\", \"w\", \"m\"",
			              path);
		size_t w = 0;
		for (const char *c = "rwm"; *c; c++)
			if (strchr(a, *c))
				d->access[w++] = *c;
		d->access[w] = '\0';
	}
	return 0;
}

static int parse_dev_rules(yajl_val v, const char *parent, struct spec_resources *r, struct px_error *err)
{
	char path[SPEC_PATH_MAX], ip[SPEC_PATH_MAX];

	spec_path_key(path, parent, "devices");
	if (spec_json_need_array(v, path, err) < 0)
		return -1;
	r->has_devices = true;
	r->devices = px_xcalloc(v->u.array.len + 1, sizeof *r->devices);
	for (size_t i = 0; i < v->u.array.len; i++) {
		r->n_devices++;
		if (parse_dev_rule(v->u.array.values[i], spec_path_idx(ip, path, i), &r->devices[i], err) < 0)
			return -1;
	}
	return 0;
}

static int parse_pids(yajl_val v, const char *parent, struct spec_resources *r, struct px_error *err)
{
	char path[SPEC_PATH_MAX];

	spec_path_key(path, parent, "pids");
	if (spec_json_need_object(v, path, err) < 0)
		return -1;
	r->has_pids = true;
	return spec_res_opt_i64(v, path, "limit", &r->has_pids_limit, &r->pids_limit, err);
}

int spec_parse_resources(yajl_val v, const char *path, struct spec_resources *r, struct px_error *err)
{
	yajl_val x;

	memset(r, 0, sizeof *r);
	if (!v)
		return 0;
	if (spec_json_need_object(v, *path ? path : "resources", err) < 0)
		return -1;
	if ((x = spec_json_field(v, "devices")) && parse_dev_rules(x, path, r, err) < 0)
		return -1;
	if ((x = spec_json_field(v, "cpu")) && (r->has_cpu = true) && parse_cpu(x, path, &r->cpu, err) < 0)
		return -1;
	if ((x = spec_json_field(v, "memory")) && (r->has_memory = true) &&
	    parse_memory(x, path, &r->memory, err) < 0)
		return -1;
	if ((x = spec_json_field(v, "pids")) && parse_pids(x, path, r, err) < 0)
		return -1;
	return spec_parse_resources_io(v, path, r, err);
}

int spec_parse_resources_json(const char *json, size_t len, struct spec_resources *r, struct px_error *err)
{
	_cleanup_json_ yajl_val v = spec_json_parse(json, len, err);

	memset(r, 0, sizeof *r);
	if (!v)
		return -1;
	if (spec_parse_resources(v, "", r, err) < 0) {
		spec_resources_free(r);
		return -1;
	}
	return 0;
}

bool spec_resources_empty(const struct spec_resources *r)
{
	return !r->has_devices && !r->has_cpu && !r->has_memory && !r->has_pids_limit && !r->has_blkio &&
	       !r->n_hugepages && !r->has_class_id && !r->n_net_prios && !r->n_rdma && !r->n_unified;
}

static const char *first_cpu_limit(const struct spec_res_cpu *c)
{
	if (c->has_shares && c->shares)
		return "cpu.shares";
	if (c->has_quota && c->quota)
		return "cpu.quota";
	if (c->has_period && c->period)
		return "cpu.period";
	if (c->has_burst)
		return "cpu.burst";
	if (c->has_rt_runtime || c->has_rt_period)
		return "cpu.realtimeRuntime";
	if (c->has_idle)
		return "cpu.idle";
	if (c->cpus && *c->cpus)
		return "cpu.cpus";
	if (c->mems && *c->mems)
		return "cpu.mems";
	return NULL;
}

static const char *first_memory_limit(const struct spec_res_memory *m)
{
	if (m->has_limit && m->limit)
		return "memory.limit";
	if (m->has_reservation && m->reservation)
		return "memory.reservation";
	if (m->has_swap && m->swap)
		return "memory.swap";
	if (m->has_kernel && m->kernel)
		return "memory.kernel";
	if (m->has_kernel_tcp && m->kernel_tcp)
		return "memory.kernelTCP";
	if (m->has_swappiness)
		return "memory.swappiness";
	if (m->has_disable_oom_killer && m->disable_oom_killer)
		return "memory.disableOOMKiller";
	return NULL;
}

const char *spec_resources_first_limit(const struct spec_resources *r)
{
	const char *f;

	if (!r)
		return NULL;
	if (r->has_cpu && (f = first_cpu_limit(&r->cpu)))
		return f;
	if (r->has_memory && (f = first_memory_limit(&r->memory)))
		return f;
	if (r->has_pids_limit)
		return "pids.limit";
	if (r->has_blkio) {
		const struct spec_res_blkio *b = &r->blkio;
		bool thr = false;
		for (int i = 0; i < SPEC_THR_N; i++)
			thr = thr || b->n_throttle[i];
		if ((b->has_weight && b->weight) || (b->has_leaf_weight && b->leaf_weight) ||
		    b->n_weight_devices || thr)
			return "blockIO";
	}
	if (r->n_hugepages)
		return "hugepageLimits";
	if (r->has_class_id)
		return "network.classID";
	if (r->n_net_prios)
		return "network.priorities";
	if (r->n_rdma)
		return "rdma";
	if (r->n_unified)
		return "unified";
	return NULL;
}

void spec_resources_free(struct spec_resources *r)
{
	free(r->devices);
	free(r->cpu.cpus);
	free(r->cpu.mems);
	free(r->blkio.weight_devices);
	for (int i = 0; i < SPEC_THR_N; i++)
		free(r->blkio.throttle[i]);
	for (size_t i = 0; i < r->n_hugepages; i++)
		free(r->hugepages[i].page_size);
	free(r->hugepages);
	for (size_t i = 0; i < r->n_net_prios; i++)
		free(r->net_prios[i].name);
	free(r->net_prios);
	for (size_t i = 0; i < r->n_rdma; i++)
		free(r->rdma[i].device);
	free(r->rdma);
	for (size_t i = 0; i < r->n_unified; i++) {
		free(r->unified[i].key);
		free(r->unified[i].value);
	}
	free(r->unified);
	memset(r, 0, sizeof *r);
}
