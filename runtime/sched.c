/* runtime/sched.c — process.scheduler, process.ioPriority, process.oomScoreAdj
 * and linux.personality applied to the calling process (see sched.h). */
#include "runtime/sched.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "util/cleanup.h"
#include "util/fs.h"

/* sched_setattr(2)'s argument; glibc 2.36 has no wrapper or type for it. */
struct px_sched_attr {
	uint32_t size;
	uint32_t sched_policy;
	uint64_t sched_flags;
	int32_t sched_nice;
	uint32_t sched_priority;
	uint64_t sched_runtime, sched_deadline, sched_period;
};

#define PX_IOPRIO_WHO_PROCESS 1
#define PX_IOPRIO_CLASS_SHIFT 13

int rt_apply_scheduler(const struct spec_scheduler *s, struct px_error *err)
{
	struct px_sched_attr attr = {
		.size = sizeof attr,
		.sched_policy = (uint32_t)s->policy,
		.sched_flags = s->flags,
		.sched_nice = s->nice,
		.sched_priority = (uint32_t)s->priority,
		.sched_runtime = s->runtime,
		.sched_deadline = s->deadline,
		.sched_period = s->period,
	};
	const char *name = spec_sched_policy_name(s->policy);

	if (!s->present)
		return 0;
	if (syscall(SYS_sched_setattr, 0, &attr, 0) == 0)
		return 0;
	/* Realtime and deadline tasks need CPU time reserved for their cgroup when the
	 * kernel has RT group scheduling (cgroup v1 cpu.rt_runtime_us, 0 for a new
	 * cgroup), and an RLIMIT_RTPRIO or CAP_SYS_NICE that allows the priority. */
	if (errno == EPERM && (s->policy == SCHED_FIFO || s->policy == SCHED_RR || s->policy == 6))
		return px_err(err, EPERM, "process.scheduler: %s priority %d: sched_setattr (needs CAP_SYS_NICE or a "
		                          "high enough RLIMIT_RTPRIO, and a realtime budget for the container's cgroup: "
		                          "linux.resources.cpu.realtimeRuntime on cgroup v1)", name, s->priority);
	if (errno == EBUSY && s->policy == 6)
		return px_err(err, EBUSY, "process.scheduler: SCHED_DEADLINE: sched_setattr: the CPUs' deadline "
		                          "bandwidth is exhausted");
	return px_err(err, errno, "process.scheduler: %s: sched_setattr", name);
}

int rt_apply_io_priority(const struct spec_io_priority *io, struct px_error *err)
{
	static const char *const classes[] = { "", "IOPRIO_CLASS_RT", "IOPRIO_CLASS_BE", "IOPRIO_CLASS_IDLE" };
	int value = (io->klass << PX_IOPRIO_CLASS_SHIFT) | io->priority;

	if (!io->present)
		return 0;
	if (syscall(SYS_ioprio_set, PX_IOPRIO_WHO_PROCESS, 0, value) < 0)
		return px_err(err, errno, "process.ioPriority: %s priority %d: ioprio_set%s", classes[io->klass],
		              io->priority, errno == EPERM ? " (the realtime class needs CAP_SYS_ADMIN)" : "");
	return 0;
}

int rt_apply_oom_score_adj(const struct spec_process *p, int proc_fd, struct px_error *err)
{
	_cleanup_close_ int fd = -1;
	char buf[16];
	int n;

	if (!p->has_oom_score_adj)
		return 0;
	fd = openat(proc_fd, "self/oom_score_adj", O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return px_err(err, errno, "process.oomScoreAdj: open /proc/self/oom_score_adj");
	n = snprintf(buf, sizeof buf, "%d", p->oom_score_adj);
	if (px_write_all(fd, buf, (size_t)n) < 0) {
		if (errno == EACCES)
			return px_err(err, EACCES, "process.oomScoreAdj: %d: lowering the OOM score adjustment below the "
			                           "runtime's own needs CAP_SYS_RESOURCE, which this runtime lacks",
			              p->oom_score_adj);
		return px_err(err, errno, "process.oomScoreAdj: write %d", p->oom_score_adj);
	}
	return 0;
}

int rt_apply_personality(const struct spec_personality *pers, struct px_error *err)
{
	if (!pers || !pers->present)
		return 0;
	if (personality(pers->domain) < 0)
		return px_err(err, errno, "linux.personality: personality(%s)",
		              pers->domain == PER_LINUX32 ? "LINUX32" : "LINUX");
	return 0;
}
