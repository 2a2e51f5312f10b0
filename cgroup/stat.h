/* cgroup/stat.h — read-only figures from a container's cgroup, for diagnostics.
 *
 * cg_cpu_stat() reads the CFS throttling counters: cpu.stat of the cgroup2 dir
 * when the cpu controller is there (nr_periods, nr_throttled, throttled_usec),
 * else of the v1 cpu hierarchy (throttled_time in ns, converted). ENOENT when
 * no hierarchy carries the cpu controller for this cgroup.
 */
#ifndef PX_CGROUP_STAT_H
#define PX_CGROUP_STAT_H

#include "cgroup/cgroup.h"

struct cg_cpu_stat {
	unsigned long long nr_periods, nr_throttled, throttled_usec;
};

int cg_cpu_stat(const struct cg_handle *h, struct cg_cpu_stat *out, struct px_error *err);

/* Pure part: parse a cpu.stat text (v1 or v2 keys). */
int cg_cpu_stat_parse(const char *text, struct cg_cpu_stat *out, struct px_error *err);

#endif
