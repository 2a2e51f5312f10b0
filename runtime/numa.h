/* runtime/numa.h — linux.memoryPolicy (runtime-spec 1.3).
 *
 * set_mempolicy(2) is a thread's own setting, kept across fork and execve: it
 * is set by the process that will exec the workload (the init, or exec's
 * process, through rt_apply_process), before the user change, so every process
 * of the container allocates under it (/proc/<pid>/numa_maps shows it). What
 * the parser cannot know (a node that is not online, a flag this kernel refuses
 * with the mode) is the kernel's answer, reported with the policy asked for and
 * the nodes the process may use. */
#ifndef PX_RUNTIME_NUMA_H
#define PX_RUNTIME_NUMA_H

#include "spec/config.h"
#include "util/error.h"

/* Nothing to do when mp is NULL or not present. */
int rt_apply_memory_policy(const struct spec_memory_policy *mp, struct px_error *err);

#endif
