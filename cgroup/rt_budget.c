/* cgroup/rt_budget.c — cpu.rt_runtime_us / cpu.rt_period_us on v1 (RT group
 * scheduling, CONFIG_RT_GROUP_SCHED; cgroup v2 has no equivalent).
 *
 * The kernel admits a group's realtime runtime only when its parent can pay for it:
 * for every group, the sum of its children's runtime/period ratios must not exceed its
 * own (kernel/sched/rt.c, tg_rt_schedulable). New groups get runtime 0, so writing the
 * container's runtime into a fresh /a/b/c fails with EINVAL unless /a and /a/b were
 * given a budget first. We compute, bottom-up, what each ancestor below the hierarchy
 * root needs (its other children's ratios + the path child's), raise only the ones
 * that are short, top-down, then write the container's own values. The root is never
 * written: its budget (950000 of 1000000 µs by default) belongs to the host. */
#include "cgroup/apply.h"

#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "util/cleanup.h"
#include "util/fs.h"

#define RT_FIELD CG_FIELD("cpu.realtimeRuntime")
#define BW_SHIFT 20 /* the kernel's fixed-point ratio: runtime << 20 / period */

static uint64_t ratio(int64_t runtime, uint64_t period)
{
	if (runtime <= 0 || !period)
		return 0;
	return (((uint64_t)runtime << BW_SHIFT) + period - 1) / period;
}

static int read_rt(const char *dir, int64_t *runtime, uint64_t *period, struct px_error *err)
{
	_cleanup_free_ char *r = NULL;
	if (cg_knob_read(dir, "cpu.rt_runtime_us", &r, err) < 0 ||
	    cg_knob_read_u64(dir, "cpu.rt_period_us", period, err) < 0)
		return -1;
	*runtime = strtoll(r, NULL, 10);
	return 0;
}

/* Sum of the ratios of dir's child groups other than skip (a name). */
static int siblings_ratio(const char *dir, const char *skip, uint64_t *sum, struct px_error *err)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	*sum = 0;
	if (!d)
		return px_err(err, errno, "opendir %s", dir);
	while ((de = readdir(d))) {
		_cleanup_free_ char *child = NULL;
		int64_t rt;
		uint64_t p;
		if (de->d_type != DT_DIR || de->d_name[0] == '.' || !strcmp(de->d_name, skip))
			continue;
		child = px_asprintf("%s/%s", dir, de->d_name);
		if (read_rt(child, &rt, &p, err) < 0) {
			closedir(d);
			return -1;
		}
		*sum += ratio(rt, p);
	}
	closedir(d);
	return 0;
}

/* Ancestors of d->abs strictly between the mount point and d->abs, deepest last. */
static size_t ancestors(const struct cg_dir *d, char ***out)
{
	size_t mlen = strlen(d->hier->mnt), n = 0;
	char **v = px_xcalloc(strlen(d->abs) + 1, sizeof *v);

	for (const char *s = strchr(d->abs + mlen + 1, '/'); s; s = strchr(s + 1, '/'))
		v[n++] = px_asprintf("%.*s", (int)(s - d->abs), d->abs);
	*out = v;
	return n;
}

static int give_budget(const struct cg_dir *d, uint64_t need, struct px_error *err)
{
	_cleanup_strv_ char **anc = NULL;
	size_t n = ancestors(d, &anc);
	_cleanup_free_ int64_t *want = px_xcalloc(n + 1, sizeof *want);
	const char *child = strrchr(d->abs, '/') + 1;

	/* bottom-up: what each ancestor must hold; stop at the first that already can */
	for (size_t i = n; i-- > 0;) {
		int64_t rt;
		uint64_t p, others;
		if (read_rt(anc[i], &rt, &p, err) < 0 || siblings_ratio(anc[i], child, &others, err) < 0)
			return px_err_prefix(err, RT_FIELD);
		need += others;
		if (rt < 0 || ratio(rt, p) >= need)
			break;
		want[i] = (int64_t)((need * p + (1u << BW_SHIFT) - 1) >> BW_SHIFT);
		if ((uint64_t)want[i] > p)
			return px_err(err, 0, RT_FIELD ": %s would need more than its whole period (%" PRIu64
			                               " µs) of realtime budget", anc[i], p);
		need = ratio(want[i], p);
		child = strrchr(anc[i], '/') + 1;
	}
	/* top-down: a parent must have the budget before its child may take it */
	for (size_t i = 0; i < n; i++) {
		char v[32];
		if (!want[i])
			continue;
		snprintf(v, sizeof v, "%" PRId64, want[i]);
		if (cg_knob_write(anc[i], "cpu.rt_runtime_us", v, RT_FIELD, err) < 0)
			return px_err_prefix(err, "budget for the parent cgroup");
	}
	return 0;
}

int cg_rt_budget(const struct cg_dir *d, int64_t runtime, uint64_t period, struct px_error *err)
{
	char v[32];
	uint64_t cur_period;

	if (!cg_knob_exists(d->abs, "cpu.rt_runtime_us"))
		return px_err(err, 0, RT_FIELD ": this kernel has no realtime group scheduling "
		                               "(CONFIG_RT_GROUP_SCHED: no cpu.rt_runtime_us)");
	if (period) {
		snprintf(v, sizeof v, "%" PRIu64, period);
		if (cg_knob_write(d->abs, "cpu.rt_period_us", v, CG_FIELD("cpu.realtimePeriod"), err) < 0)
			return -1;
	}
	if (!runtime)
		return 0;
	if (cg_knob_read_u64(d->abs, "cpu.rt_period_us", &cur_period, err) < 0)
		return px_err_prefix(err, RT_FIELD);
	if (runtime > 0 && give_budget(d, ratio(runtime, cur_period), err) < 0)
		return -1;
	snprintf(v, sizeof v, "%" PRId64, runtime);
	return cg_knob_write(d->abs, "cpu.rt_runtime_us", v, RT_FIELD, err);
}
