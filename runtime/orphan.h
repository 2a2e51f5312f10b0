/* runtime/orphan.h — a cloned child must not outlive an unfinished parent.
 *
 * Between clone and the hand-over (the init's "ready", the exec child's execve)
 * the child only acts on the parent's word. If the parent is killed meanwhile
 * the child must go too, or it would wait for ever and keep the container's
 * cgroup busy. It holds none of the parent's fds (the parent's end of the socket,
 * the locked state dir: closed first thing, runtime/child.c and exec_child.c), so
 * the socket's EOF tells it when it next speaks; rt_orphan_guard() adds
 * SIGKILL at the parent's death (PR_SET_PDEATHSIG) for wherever it blocks
 * meanwhile, and checks the parent did not die before that was armed.
 * rt_orphan_release() ends the guard at the hand-over.
 */
#ifndef PX_RUNTIME_ORPHAN_H
#define PX_RUNTIME_ORPHAN_H

#include <stdbool.h>
#include <sys/types.h>

#include "util/error.h"

struct rt_orphan_guard {
	pid_t parent;      /* host pid of the parent (getpid() before clone); 0: no check (a
	                      child born in another pid namespace by CLONE_PARENT: its
	                      parent's death still signals it, and the socket says EOF) */
	int host_proc_fd;  /* the host's /proc to read our parent from (getppid() is 0 in a
	                      new pid namespace); -1: getppid() */
};

/* In the child: PR_SET_PDEATHSIG SIGKILL, then exit if the parent is already
 * gone (we were re-parented). */
void rt_orphan_guard(const struct rt_orphan_guard *g);
void rt_orphan_release(void);
/* Does stat_fd (a /proc/<pid>/stat) name parent as the parent? */
bool rt_stat_ppid_is(int stat_fd, pid_t parent);

/* The child closed its socket without a word (ECONNRESET): it crashed or was
 * killed. Reap it through its pidfd and say how it ended, naming `who` ("container
 * process", "exec process"); *pid becomes 0 once reaped. Always returns -1. */
int rt_died_during_setup(int pidfd, const char *who, pid_t *pid, struct px_error *err);

#endif
