/* spec/stats.h — container resource statistics and the JSON of `events`, shaped as
 * runc's (types.Event / types.Stats of runc's events command), so tools written for
 * `runc events` read ours. cgroup/stats.c fills the struct from the cgroup files;
 * this room only turns it into text. Times are in nanoseconds, sizes in bytes. */
#ifndef PX_SPEC_STATS_H
#define PX_SPEC_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct spec_stat_kv {
	char *key;
	uint64_t value;
};

/* A memory counter set of v1: limit, usage, max usage, failcnt. */
struct spec_stat_mem {
	uint64_t limit, usage, max, failcnt;
};

/* cpuset's files (v1), named as runc's CPUSet */
struct spec_stat_cpuset {
	uint16_t *cpus, *mems;
	size_t n_cpus, n_mems;
	uint64_t cpu_exclusive, mem_hardwall, mem_exclusive, memory_migrate, memory_spread_page,
		memory_spread_slab, memory_pressure, sched_load_balance;
	int64_t sched_relax_domain_level;
};

struct spec_stats {
	uint64_t cpu_total, cpu_kernel, cpu_user;
	uint64_t *cpu_percpu, *cpu_percpu_kernel, *cpu_percpu_user;
	size_t n_cpu_percpu, n_cpu_percpu_kernel, n_cpu_percpu_user;
	bool has_cpuset; /* the cpuset hierarchy is there (v1) */
	struct spec_stat_cpuset cpuset;
	bool has_kernel, has_kernel_tcp; /* v1 kmem / kmem.tcp counters */
	struct spec_stat_mem kernel, kernel_tcp;
	bool has_throttling; /* cpu.stat had the CFS counters (a cpu controller is there) */
	uint64_t nr_periods, nr_throttled, throttled_time;
	uint64_t mem_usage, mem_max_usage, mem_limit, mem_failcnt;
	bool has_swap;
	uint64_t swap_usage, swap_limit;
	uint64_t mem_cache;
	struct spec_stat_kv *mem_raw; /* memory.stat as is */
	size_t n_mem_raw;
	uint64_t pids_current, pids_limit; /* limit 0: unlimited, as runc */
	uint64_t oom_kills;                /* for the event stream, not printed */
};

/* {"type":"stats","id":ID,"data":{...}} on one line (runc prints the same).
 * Malloc'd, ends in "\n". */
char *spec_stats_event_json(const char *id, const struct spec_stats *s);
/* {"type":TYPE,"id":ID} for other events ("oom"), one line ending in "\n". */
char *spec_event_json(const char *type, const char *id);
void spec_stats_free(struct spec_stats *s);

#endif
