/* runtime/sched.h — scheduling and kernel-side attributes of the calling process:
 * process.scheduler (sched_setattr), process.ioPriority (ioprio_set),
 * process.oomScoreAdj and linux.personality. Each is a no-op when the field is
 * absent, and fails with one line naming the field and, where the kernel's
 * answer is terse (EPERM, EACCES), what it needs. */
#ifndef PX_RUNTIME_SCHED_H
#define PX_RUNTIME_SCHED_H

#include "spec/config.h"
#include "util/error.h"

int rt_apply_scheduler(const struct spec_scheduler *s, struct px_error *err);
int rt_apply_io_priority(const struct spec_io_priority *io, struct px_error *err);
/* proc_fd: a directory fd of a procfs mount where "self" is this process (the
 * host's /proc kept by the container's init, or AT_FDCWD-relative "/proc" via
 * an fd of it). */
int rt_apply_oom_score_adj(const struct spec_process *p, int proc_fd, struct px_error *err);
int rt_apply_personality(const struct spec_personality *pers, struct px_error *err);

#endif
