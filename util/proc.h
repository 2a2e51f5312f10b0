/* util/proc.h — facts about a process read from /proc/<pid>/stat. */
#ifndef PX_UTIL_PROC_H
#define PX_UTIL_PROC_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "util/error.h"

struct px_proc_stat {
	char state;          /* R S D T Z X ... */
	pid_t ppid;
	uint64_t start_time; /* field 22, clock ticks since boot: with the pid, names one process */
};

/* pidfd_open(2): a pidfd, or -1 with errno (ENOSYS before Linux 5.3). Shared by
 * ns/ and cgroup/, which may not call each other. */
int px_pidfd_open(pid_t pid);

/* Is capability cap (CAP_*) in our effective set, in our own user namespace?
 * true when capget fails (the caller's syscall then says why). */
bool px_cap_effective(int cap);

/* -1 with err->code ESRCH/ENOENT when the process does not exist. */
int px_proc_read_stat(pid_t pid, struct px_proc_stat *out, struct px_error *err);

#endif
