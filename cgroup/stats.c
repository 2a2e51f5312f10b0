/* cgroup/stats.c — usage figures for `events`, from v1 (cpuacct, cpu, memory, pids)
 * or v2 (cpu.stat, memory.*, pids.*) files. A file that is missing (controller not
 * mounted or not enabled) leaves its figures at zero, as runc does. */
#include "cgroup/apply.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "spec/stats.h"
#include "util/cleanup.h"
#include "util/fs.h"

/* "key value" lines: the value of key, or 0. */
static uint64_t keyed(const char *text, const char *key)
{
	size_t n = strlen(key);
	for (const char *p = text; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
		if (!strncmp(p, key, n) && p[n] == ' ')
			return strtoull(p + n + 1, NULL, 10);
	return 0;
}

static uint64_t num(const char *dir, const char *file)
{
	uint64_t v = 0;
	struct px_error e;
	if (!dir || cg_knob_read_u64(dir, file, &v, &e) < 0)
		return 0;
	return v;
}

/* "max" (UINT64_MAX) as 0, runc's "no limit" for pids */
static uint64_t limit_or_zero(uint64_t v) { return v == UINT64_MAX ? 0 : v; }

static char *text(const char *dir, const char *file)
{
	char *s = NULL;
	struct px_error e;
	if (!dir || cg_knob_read(dir, file, &s, &e) < 0)
		return px_xstrdup("");
	return s;
}

static void raw_stat(const char *t, struct spec_stats *s)
{
	for (const char *p = t; *p;) {
		const char *sp = strchr(p, ' '), *nl = strchr(p, '\n');
		if (!sp || (nl && sp > nl))
			break;
		s->mem_raw = px_xrealloc(s->mem_raw, (s->n_mem_raw + 1) * sizeof *s->mem_raw);
		s->mem_raw[s->n_mem_raw].key = px_asprintf("%.*s", (int)(sp - p), p);
		s->mem_raw[s->n_mem_raw++].value = strtoull(sp + 1, NULL, 10);
		if (!nl)
			break;
		p = nl + 1;
	}
}

/* A line of numbers ("cpuacct.usage_percpu*") into *v, *n. */
static void numbers(const char *t, uint64_t **v, size_t *n)
{
	for (char *p = (char *)t, *end;; p = end) {
		uint64_t x = strtoull(p, &end, 10);
		if (end == p)
			break;
		*v = px_xrealloc(*v, (*n + 1) * sizeof **v);
		(*v)[(*n)++] = x;
	}
}

/* A cpuset list ("0-3,8,10-11") into *v, *n; what does not parse ends it. */
static void cpu_list(const char *t, uint16_t **v, size_t *n)
{
	for (char *p = (char *)t, *end; *p && *p != '\n'; p = end + (*end == ',')) {
		unsigned long lo = strtoul(p, &end, 10), hi = lo;
		if (end == p || lo > UINT16_MAX)
			return;
		if (*end == '-') {
			p = end + 1;
			hi = strtoul(p, &end, 10);
			if (end == p || hi < lo || hi > UINT16_MAX)
				return;
		}
		*v = px_xrealloc(*v, (*n + hi - lo + 1) * sizeof **v);
		for (unsigned long c = lo; c <= hi; c++)
			(*v)[(*n)++] = (uint16_t)c;
	}
}

static void cpuset_v1(const char *d, struct spec_stat_cpuset *c)
{
	_cleanup_free_ char *cpus = text(d, "cpuset.cpus"), *mems = text(d, "cpuset.mems");
	_cleanup_free_ char *relax = text(d, "cpuset.sched_relax_domain_level");

	cpu_list(cpus, &c->cpus, &c->n_cpus);
	cpu_list(mems, &c->mems, &c->n_mems);
	c->cpu_exclusive = num(d, "cpuset.cpu_exclusive");
	c->mem_hardwall = num(d, "cpuset.mem_hardwall");
	c->mem_exclusive = num(d, "cpuset.mem_exclusive");
	c->memory_migrate = num(d, "cpuset.memory_migrate");
	c->memory_spread_page = num(d, "cpuset.memory_spread_page");
	c->memory_spread_slab = num(d, "cpuset.memory_spread_slab");
	c->memory_pressure = num(d, "cpuset.memory_pressure");
	c->sched_load_balance = num(d, "cpuset.sched_load_balance");
	c->sched_relax_domain_level = strtoll(relax, NULL, 10); /* -1: the system's default */
}

/* memory.<prefix>.{limit_in_bytes,usage_in_bytes,max_usage_in_bytes,failcnt};
 * false when the hierarchy has no such counters */
static bool mem_counters(const char *m, const char *prefix, struct spec_stat_mem *out)
{
	char f[64];

	snprintf(f, sizeof f, "memory.%s.usage_in_bytes", prefix);
	if (!m || !cg_knob_exists(m, f))
		return false;
	out->usage = num(m, f);
	snprintf(f, sizeof f, "memory.%s.max_usage_in_bytes", prefix);
	out->max = num(m, f);
	snprintf(f, sizeof f, "memory.%s.limit_in_bytes", prefix);
	out->limit = num(m, f);
	snprintf(f, sizeof f, "memory.%s.failcnt", prefix);
	out->failcnt = num(m, f);
	return true;
}

static void stats_v1(struct cg_handle *h, struct spec_stats *s)
{
	const struct cg_dir *acct = cg_v1_dir(h, "cpuacct"), *cpu = cg_v1_dir(h, "cpu");
	const struct cg_dir *mem = cg_v1_dir(h, "memory"), *pids = cg_v1_dir(h, "pids");
	const struct cg_dir *cpuset = cg_v1_dir(h, "cpuset");
	const char *a = acct ? acct->abs : NULL, *m = mem ? mem->abs : NULL;
	_cleanup_free_ char *st = text(a, "cpuacct.stat"), *pc = text(a, "cpuacct.usage_percpu");
	_cleanup_free_ char *pck = text(a, "cpuacct.usage_percpu_sys"), *pcu = text(a, "cpuacct.usage_percpu_user");
	_cleanup_free_ char *cs = text(cpu ? cpu->abs : NULL, "cpu.stat"), *ms = text(m, "memory.stat");
	_cleanup_free_ char *oom = text(m, "memory.oom_control");
	uint64_t ns_per_tick = 1000000000ull / (uint64_t)sysconf(_SC_CLK_TCK);

	s->cpu_total = num(a, "cpuacct.usage");
	s->cpu_user = keyed(st, "user") * ns_per_tick;
	s->cpu_kernel = keyed(st, "system") * ns_per_tick;
	numbers(pc, &s->cpu_percpu, &s->n_cpu_percpu);
	numbers(pck, &s->cpu_percpu_kernel, &s->n_cpu_percpu_kernel);
	numbers(pcu, &s->cpu_percpu_user, &s->n_cpu_percpu_user);
	if (cpuset) {
		s->has_cpuset = true;
		cpuset_v1(cpuset->abs, &s->cpuset);
	}
	s->has_throttling = strstr(cs, "nr_periods ") != NULL;
	s->nr_periods = keyed(cs, "nr_periods");
	s->nr_throttled = keyed(cs, "nr_throttled");
	s->throttled_time = keyed(cs, "throttled_time");
	s->mem_usage = num(m, "memory.usage_in_bytes");
	s->mem_max_usage = num(m, "memory.max_usage_in_bytes");
	s->mem_limit = num(m, "memory.limit_in_bytes");
	s->mem_failcnt = num(m, "memory.failcnt");
	if (m && cg_knob_exists(m, "memory.memsw.usage_in_bytes")) {
		s->has_swap = true;
		s->swap_usage = num(m, "memory.memsw.usage_in_bytes");
		s->swap_limit = num(m, "memory.memsw.limit_in_bytes");
	}
	s->has_kernel = mem_counters(m, "kmem", &s->kernel);
	s->has_kernel_tcp = mem_counters(m, "kmem.tcp", &s->kernel_tcp);
	raw_stat(ms, s);
	s->mem_cache = keyed(ms, "cache");
	s->oom_kills = keyed(oom, "oom_kill");
	s->pids_current = num(pids ? pids->abs : NULL, "pids.current");
	s->pids_limit = limit_or_zero(num(pids ? pids->abs : NULL, "pids.max"));
}

static void stats_v2(struct cg_handle *h, struct spec_stats *s)
{
	const struct cg_dir *dir = cg_v2_dir(h);
	const char *d = dir ? dir->abs : NULL;
	_cleanup_free_ char *cs = text(d, "cpu.stat"), *ms = text(d, "memory.stat");
	_cleanup_free_ char *ev = text(d, "memory.events");

	s->cpu_total = keyed(cs, "usage_usec") * 1000;
	s->cpu_user = keyed(cs, "user_usec") * 1000;
	s->cpu_kernel = keyed(cs, "system_usec") * 1000;
	s->has_throttling = strstr(cs, "nr_periods ") != NULL;
	s->nr_periods = keyed(cs, "nr_periods");
	s->nr_throttled = keyed(cs, "nr_throttled");
	s->throttled_time = keyed(cs, "throttled_usec") * 1000;
	s->mem_usage = num(d, "memory.current");
	s->mem_max_usage = num(d, "memory.peak");
	s->mem_limit = num(d, "memory.max");
	s->mem_failcnt = keyed(ev, "max");
	s->oom_kills = keyed(ev, "oom_kill");
	if (d && cg_knob_exists(d, "memory.swap.current")) {
		s->has_swap = true;
		s->swap_usage = num(d, "memory.swap.current");
		s->swap_limit = num(d, "memory.swap.max");
	}
	raw_stat(ms, s);
	s->mem_cache = keyed(ms, "file");
	s->pids_current = num(d, "pids.current");
	s->pids_limit = limit_or_zero(num(d, "pids.max"));
}

int cg_stats(struct cg_handle *h, struct spec_stats *s, struct px_error *err)
{
	memset(s, 0, sizeof *s);
	if (h->mode == CG_UNIFIED)
		stats_v2(h, s);
	else
		stats_v1(h, s);
	return 0;
}
