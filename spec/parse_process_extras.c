/* spec/parse_process_extras.c — the process fields beyond args/env/user/caps:
 * umask, oomScoreAdj, scheduler, ioPriority, consoleSize, and the LSM labels.
 * Values the kernel would refuse with a bare EINVAL are refused here, naming the
 * field and the allowed range. */
#include <sched.h>
#include <string.h>

#include "spec/json_walk.h"
#include "spec/parse.h"
#include "util/fs.h"

#ifndef SCHED_DEADLINE
#define SCHED_DEADLINE 6
#endif

static const struct {
	const char *name;
	int policy;
} sched_policies[] = {
	{ "SCHED_OTHER", SCHED_OTHER }, { "SCHED_FIFO", SCHED_FIFO },   { "SCHED_RR", SCHED_RR },
	{ "SCHED_BATCH", SCHED_BATCH }, { "SCHED_ISO", 4 },             { "SCHED_IDLE", SCHED_IDLE },
	{ "SCHED_DEADLINE", SCHED_DEADLINE },
};

/* The SCHED_FLAG_* bits of sched_setattr(2) (linux/sched.h). */
static const struct {
	const char *name;
	uint64_t bit;
} sched_flags[] = {
	{ "SCHED_FLAG_RESET_ON_FORK", 0x01 }, { "SCHED_FLAG_RECLAIM", 0x02 },
	{ "SCHED_FLAG_DL_OVERRUN", 0x04 },    { "SCHED_FLAG_KEEP_POLICY", 0x08 },
	{ "SCHED_FLAG_KEEP_PARAMS", 0x10 },   { "SCHED_FLAG_UTIL_CLAMP_MIN", 0x20 },
	{ "SCHED_FLAG_UTIL_CLAMP_MAX", 0x40 },
};
#define SCHED_FLAGS_UTIL_CLAMP 0x60

const char *spec_sched_policy_name(int policy)
{
	for (size_t i = 0; i < sizeof sched_policies / sizeof sched_policies[0]; i++)
		if (sched_policies[i].policy == policy)
			return sched_policies[i].name;
	return "SCHED_?";
}

static int parse_sched_flags(yajl_val v, struct spec_scheduler *s, struct px_error *err)
{
	char path[SPEC_PATH_MAX], q[SPEC_QUOTE_MAX];

	if (!v)
		return 0;
	if (!YAJL_IS_ARRAY(v))
		return px_err(err, 0, "process.scheduler.flags: must be an array of strings");
	for (size_t i = 0; i < v->u.array.len; i++) {
		yajl_val f = v->u.array.values[i];
		size_t j;
		spec_path_idx(path, "process.scheduler.flags", i);
		if (!YAJL_IS_STRING(f))
			return px_err(err, 0, "%s: must be a string", path);
		for (j = 0; j < sizeof sched_flags / sizeof sched_flags[0]; j++)
			if (!strcmp(sched_flags[j].name, f->u.string))
				break;
		if (j == sizeof sched_flags / sizeof sched_flags[0])
			return px_err(err, 0, "%s: unknown flag %s", path, spec_quote(q, f->u.string));
		s->flags |= sched_flags[j].bit;
	}
	/* Clamping needs sched_util_min/max values, for which the spec has no field:
	 * the flag alone would clamp to 0. */
	if (s->flags & SCHED_FLAGS_UTIL_CLAMP)
		return px_err(err, 0, "process.scheduler.flags: SCHED_FLAG_UTIL_CLAMP_MIN/MAX are not supported "
		                      "(the spec has no field for the clamp values)");
	return 0;
}

static int parse_sched_numbers(yajl_val v, struct spec_scheduler *s, struct px_error *err)
{
	yajl_val x;
	int64_t n;

	if ((x = spec_json_field(v, "nice"))) {
		if (spec_json_i64(x, "process.scheduler.nice", &n, err) < 0)
			return -1;
		if (n < -20 || n > 19)
			return px_err(err, 0, "process.scheduler.nice: %lld is out of range (-20 to 19)", (long long)n);
		s->nice = (int32_t)n;
	}
	if ((x = spec_json_field(v, "priority"))) {
		if (spec_json_i64(x, "process.scheduler.priority", &n, err) < 0)
			return -1;
		if (n < 0 || n > 99)
			return px_err(err, 0, "process.scheduler.priority: %lld is out of range (0 to 99)", (long long)n);
		s->priority = (int32_t)n;
	}
	if (((x = spec_json_field(v, "runtime")) && spec_json_u64(x, "process.scheduler.runtime", &s->runtime, err) < 0) ||
	    ((x = spec_json_field(v, "deadline")) &&
	     spec_json_u64(x, "process.scheduler.deadline", &s->deadline, err) < 0) ||
	    ((x = spec_json_field(v, "period")) && spec_json_u64(x, "process.scheduler.period", &s->period, err) < 0))
		return -1;
	return 0;
}

/* The rules of sched(7) that sched_setattr() would answer with a bare EINVAL. */
static int check_scheduler(const struct spec_scheduler *s, struct px_error *err)
{
	const char *name = spec_sched_policy_name(s->policy);
	bool realtime = s->policy == SCHED_FIFO || s->policy == SCHED_RR;

	if (s->policy == 4)
		return px_err(err, 0, "process.scheduler.policy: SCHED_ISO is not implemented by Linux");
	if (realtime && s->priority < 1)
		return px_err(err, 0, "process.scheduler.priority: %s needs a priority from 1 to 99", name);
	if (!realtime && s->priority != 0)
		return px_err(err, 0, "process.scheduler.priority: must be 0 for %s (only SCHED_FIFO and SCHED_RR "
		                      "have priorities)", name);
	if (s->policy != SCHED_DEADLINE) {
		if (s->runtime || s->deadline || s->period)
			return px_err(err, 0, "process.scheduler: runtime, deadline and period are only for SCHED_DEADLINE");
		return 0;
	}
	/* The kernel's minimum is 1 us of runtime (2^10 ns in its own units). */
	if (s->runtime < 1024)
		return px_err(err, 0, "process.scheduler.runtime: SCHED_DEADLINE needs a runtime of at least 1024 ns");
	if (s->deadline < s->runtime)
		return px_err(err, 0, "process.scheduler.deadline: must be at least the runtime (%llu ns)",
		              (unsigned long long)s->runtime);
	if (s->period && s->period < s->deadline)
		return px_err(err, 0, "process.scheduler.period: must be at least the deadline (%llu ns)",
		              (unsigned long long)s->deadline);
	return 0;
}

static int parse_scheduler(yajl_val v, struct spec_scheduler *s, struct px_error *err)
{
	yajl_val policy;
	char q[SPEC_QUOTE_MAX];
	size_t i;

	if (!v)
		return 0;
	if (spec_json_need_object(v, "process.scheduler", err) < 0)
		return -1;
	policy = spec_json_field(v, "policy");
	if (!policy || !YAJL_IS_STRING(policy))
		return px_err(err, 0, "process.scheduler.policy: required, must be a string");
	for (i = 0; i < sizeof sched_policies / sizeof sched_policies[0]; i++)
		if (!strcmp(sched_policies[i].name, policy->u.string))
			break;
	if (i == sizeof sched_policies / sizeof sched_policies[0])
		return px_err(err, 0, "process.scheduler.policy: unknown policy %s", spec_quote(q, policy->u.string));
	s->present = true;
	s->policy = sched_policies[i].policy;
	if (parse_sched_numbers(v, s, err) < 0 || parse_sched_flags(spec_json_field(v, "flags"), s, err) < 0)
		return -1;
	return check_scheduler(s, err);
}

static int parse_io_priority(yajl_val v, struct spec_io_priority *io, struct px_error *err)
{
	static const char *const classes[] = { "IOPRIO_CLASS_RT", "IOPRIO_CLASS_BE", "IOPRIO_CLASS_IDLE" };
	yajl_val klass, prio;
	char q[SPEC_QUOTE_MAX];
	int64_t n = 0;

	if (!v)
		return 0;
	if (spec_json_need_object(v, "process.ioPriority", err) < 0)
		return -1;
	klass = spec_json_field(v, "class");
	if (!klass || !YAJL_IS_STRING(klass))
		return px_err(err, 0, "process.ioPriority.class: required, must be a string");
	for (int i = 0; i < 3; i++)
		if (!strcmp(classes[i], klass->u.string))
			io->klass = i + 1; /* IOPRIO_CLASS_RT is 1 */
	if (!io->klass)
		return px_err(err, 0, "process.ioPriority.class: unknown class %s (IOPRIO_CLASS_RT, IOPRIO_CLASS_BE "
		                      "or IOPRIO_CLASS_IDLE)", spec_quote(q, klass->u.string));
	if ((prio = spec_json_field(v, "priority")) && spec_json_i64(prio, "process.ioPriority.priority", &n, err) < 0)
		return -1;
	if (n < 0 || n > 7)
		return px_err(err, 0, "process.ioPriority.priority: %lld is out of range (0 to 7)", (long long)n);
	io->priority = (int32_t)n;
	io->present = true;
	return 0;
}

static int parse_oom_score_adj(yajl_val v, struct spec_process *p, struct px_error *err)
{
	int64_t n;

	if (!v)
		return 0;
	if (spec_json_i64(v, "process.oomScoreAdj", &n, err) < 0)
		return -1;
	if (n < -1000 || n > 1000)
		return px_err(err, 0, "process.oomScoreAdj: %lld is out of range (-1000 to 1000)", (long long)n);
	p->oom_score_adj = (int)n;
	p->has_oom_score_adj = true;
	return 0;
}

static int parse_umask(yajl_val user, struct spec_process *p, struct px_error *err)
{
	yajl_val v = spec_json_field(user, "umask");

	if (!v)
		return 0;
	if (spec_json_u32(v, "process.user.umask", &p->umask, err) < 0)
		return -1;
	if (p->umask > 0777)
		return px_err(err, 0, "process.user.umask: %#o is not a permission mask (0 to 0777)", p->umask);
	p->has_umask = true;
	return 0;
}

static int parse_console_size(yajl_val v, struct spec_process *p, struct px_error *err)
{
	if (!v)
		return 0;
	if (spec_json_need_object(v, "process.consoleSize", err) < 0)
		return -1;
	if (spec_json_u32(spec_json_field(v, "height"), "process.consoleSize.height", &p->console_height, err) < 0 ||
	    spec_json_u32(spec_json_field(v, "width"), "process.consoleSize.width", &p->console_width, err) < 0)
		return -1;
	if (p->console_height > UINT16_MAX || p->console_width > UINT16_MAX)
		return px_err(err, 0, "process.consoleSize: height and width must be at most 65535");
	return 0;
}

static int parse_label(yajl_val v, const char *path, char **out, struct px_error *err)
{
	if (!v)
		return 0;
	if (!YAJL_IS_STRING(v))
		return px_err(err, 0, "%s: must be a string", path);
	if (v->u.string[0])
		*out = px_xstrdup(v->u.string);
	return 0;
}

int spec_parse_process_extras(yajl_val v, struct spec_process *p, struct px_error *err)
{
	if (parse_umask(spec_json_field(v, "user"), p, err) < 0 ||
	    parse_oom_score_adj(spec_json_field(v, "oomScoreAdj"), p, err) < 0 ||
	    parse_scheduler(spec_json_field(v, "scheduler"), &p->scheduler, err) < 0 ||
	    parse_io_priority(spec_json_field(v, "ioPriority"), &p->io_priority, err) < 0 ||
	    parse_console_size(spec_json_field(v, "consoleSize"), p, err) < 0 ||
	    parse_label(spec_json_field(v, "apparmorProfile"), "process.apparmorProfile", &p->apparmor_profile,
	                err) < 0 ||
	    parse_label(spec_json_field(v, "selinuxLabel"), "process.selinuxLabel", &p->selinux_label, err) < 0)
		return -1;
	return 0;
}
