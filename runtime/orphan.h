/* runtime/orphan.h — a cloned child must not outlive an unfinished parent.
 *
 * Between clone and the hand-over (the init's "ready", the exec child's execve)
 * the child only acts on the parent's word. If the parent is killed meanwhile
 * the child must go too: it would otherwise wait for ever on a socket whose other
 * end it holds itself, keeping the container's lock and blocking every later
 * command. rt_orphan_guard() runs first thing in the child: it closes what is the
 * parent's (its end of the socket, the state dir fd that carries the lock), asks
 * for SIGKILL when the parent dies, and checks the parent did not die before
 * that. rt_orphan_release() ends the guard at the hand-over.
 */
#ifndef PX_RUNTIME_ORPHAN_H
#define PX_RUNTIME_ORPHAN_H

#include <stdbool.h>
#include <sys/types.h>

#include "util/error.h"

struct rt_orphan_guard {
	pid_t parent;        /* host pid of the parent (getpid() before clone) */
	int host_proc_fd;    /* the host's /proc: getppid() is 0 in a new pid namespace */
	int parent_fds[2];   /* the parent's own fds the child must not hold; -1: none */
};

/* In the child: close parent_fds, PR_SET_PDEATHSIG SIGKILL, exit if the parent
 * is already gone. Never returns on failure. */
void rt_orphan_guard(const struct rt_orphan_guard *g);
void rt_orphan_release(void);
/* The child closed its socket without a word (ECONNRESET): it crashed or was
 * killed. Reap it through its pidfd and say how it ended, naming `who` ("container
 * process", "exec process"); *pid becomes 0 once reaped. Always returns -1. */
int rt_died_during_setup(int pidfd, const char *who, pid_t *pid, struct px_error *err);
/* Is host_proc_fd's "self" a child of parent? */
bool rt_parent_is(int host_proc_fd, pid_t parent);

#endif
