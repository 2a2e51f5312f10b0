/* spec/stats.c — the JSON of `events`, see stats.h. */
#include "spec/stats.h"

#include <stdlib.h>
#include <string.h>

#include "spec/json_gen.h"
#include "util/fs.h"

static void gen_u64s(yajl_gen g, const char *key, const uint64_t *v, size_t n)
{
	spec_gen_karray(g, key);
	for (size_t i = 0; i < n; i++)
		yajl_gen_integer(g, (long long)v[i]);
	yajl_gen_array_close(g);
}

static void gen_u16s(yajl_gen g, const char *key, const uint16_t *v, size_t n)
{
	if (!n) /* omitempty, as runc */
		return;
	spec_gen_karray(g, key);
	for (size_t i = 0; i < n; i++)
		yajl_gen_integer(g, v[i]);
	yajl_gen_array_close(g);
}

/* runc's "cpuset" object: the container's cpuset files (v1) */
static void gen_cpuset(yajl_gen g, const struct spec_stat_cpuset *c)
{
	spec_gen_kmap(g, "cpuset");
	gen_u16s(g, "cpus", c->cpus, c->n_cpus);
	spec_gen_kuint(g, "cpu_exclusive", c->cpu_exclusive);
	gen_u16s(g, "mems", c->mems, c->n_mems);
	spec_gen_kuint(g, "mem_hardwall", c->mem_hardwall);
	spec_gen_kuint(g, "mem_exclusive", c->mem_exclusive);
	spec_gen_kuint(g, "memory_migrate", c->memory_migrate);
	spec_gen_kuint(g, "memory_spread_page", c->memory_spread_page);
	spec_gen_kuint(g, "memory_spread_slab", c->memory_spread_slab);
	spec_gen_kuint(g, "memory_pressure", c->memory_pressure);
	spec_gen_kuint(g, "sched_load_balance", c->sched_load_balance);
	spec_gen_kint(g, "sched_relax_domain_level", c->sched_relax_domain_level);
	yajl_gen_map_close(g);
}

static void gen_cpu(yajl_gen g, const struct spec_stats *s)
{
	spec_gen_kmap(g, "cpu");
	spec_gen_kmap(g, "usage");
	spec_gen_kuint(g, "total", s->cpu_total);
	gen_u64s(g, "percpu", s->cpu_percpu, s->n_cpu_percpu);
	/* runc leaves them out when the hierarchy has none (omitempty) */
	if (s->n_cpu_percpu_kernel)
		gen_u64s(g, "percpu_kernel", s->cpu_percpu_kernel, s->n_cpu_percpu_kernel);
	if (s->n_cpu_percpu_user)
		gen_u64s(g, "percpu_user", s->cpu_percpu_user, s->n_cpu_percpu_user);
	spec_gen_kuint(g, "kernel", s->cpu_kernel);
	spec_gen_kuint(g, "user", s->cpu_user);
	yajl_gen_map_close(g);
	spec_gen_kmap(g, "throttling");
	spec_gen_kuint(g, "periods", s->nr_periods);
	spec_gen_kuint(g, "throttledPeriods", s->nr_throttled);
	spec_gen_kuint(g, "throttledTime", s->throttled_time);
	yajl_gen_map_close(g);
	yajl_gen_map_close(g);
}

static void gen_usage(yajl_gen g, const char *key, uint64_t usage, uint64_t max, uint64_t limit, uint64_t failcnt)
{
	spec_gen_kmap(g, key);
	spec_gen_kuint(g, "limit", limit);
	spec_gen_kuint(g, "usage", usage);
	spec_gen_kuint(g, "max", max);
	spec_gen_kuint(g, "failcnt", failcnt);
	yajl_gen_map_close(g);
}

static void gen_memory(yajl_gen g, const struct spec_stats *s)
{
	spec_gen_kmap(g, "memory");
	spec_gen_kuint(g, "cache", s->mem_cache);
	gen_usage(g, "usage", s->mem_usage, s->mem_max_usage, s->mem_limit, s->mem_failcnt);
	if (s->has_swap)
		gen_usage(g, "swap", s->swap_usage, 0, s->swap_limit, 0);
	if (s->has_kernel)
		gen_usage(g, "kernel", s->kernel.usage, s->kernel.max, s->kernel.limit, s->kernel.failcnt);
	if (s->has_kernel_tcp)
		gen_usage(g, "kernelTCP", s->kernel_tcp.usage, s->kernel_tcp.max, s->kernel_tcp.limit,
		          s->kernel_tcp.failcnt);
	spec_gen_kmap(g, "raw");
	for (size_t i = 0; i < s->n_mem_raw; i++)
		spec_gen_kuint(g, s->mem_raw[i].key, s->mem_raw[i].value);
	yajl_gen_map_close(g);
	yajl_gen_map_close(g);
}

char *spec_stats_event_json(const char *id, const struct spec_stats *s)
{
	yajl_gen g = spec_gen_new(NULL);
	char *out;
	size_t n;

	yajl_gen_map_open(g);
	spec_gen_kstr(g, "type", "stats");
	spec_gen_kstr(g, "id", id);
	spec_gen_kmap(g, "data");
	gen_cpu(g, s);
	if (s->has_cpuset)
		gen_cpuset(g, &s->cpuset);
	gen_memory(g, s);
	spec_gen_kmap(g, "pids");
	spec_gen_kuint(g, "current", s->pids_current);
	spec_gen_kuint(g, "limit", s->pids_limit);
	yajl_gen_map_close(g);
	spec_gen_kmap(g, "blkio");
	yajl_gen_map_close(g);
	spec_gen_kmap(g, "hugetlb");
	yajl_gen_map_close(g);
	yajl_gen_map_close(g);
	yajl_gen_map_close(g);
	out = spec_gen_finish(g);
	n = strlen(out);
	out = px_xrealloc(out, n + 2);
	memcpy(out + n, "\n", 2);
	return out;
}

char *spec_event_json(const char *type, const char *id)
{
	yajl_gen g = spec_gen_new(NULL);
	char *out;
	size_t n;

	yajl_gen_map_open(g);
	spec_gen_kstr(g, "type", type);
	spec_gen_kstr(g, "id", id);
	yajl_gen_map_close(g);
	out = spec_gen_finish(g);
	n = strlen(out);
	out = px_xrealloc(out, n + 2);
	memcpy(out + n, "\n", 2);
	return out;
}

void spec_stats_free(struct spec_stats *s)
{
	free(s->cpu_percpu);
	free(s->cpu_percpu_kernel);
	free(s->cpu_percpu_user);
	free(s->cpuset.cpus);
	free(s->cpuset.mems);
	for (size_t i = 0; i < s->n_mem_raw; i++)
		free(s->mem_raw[i].key);
	free(s->mem_raw);
	memset(s, 0, sizeof *s);
}
