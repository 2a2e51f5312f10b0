/* runtime/exec_child.h — the process `exec` starts, from clone to execve.
 *
 * Born (by runtime/exec.c) in the container's pid namespace and, on cgroup v2, in
 * its cgroup; non-dumpable from birth (inherited). Its first act is to close
 * every fd it does not need (the parent's state dir, cgroup, --log file), and it
 * never holds the host's /proc: oomScoreAdj and the LSM labels were set by the
 * parent on itself before the clone and are inherited. It joins the container's other
 * namespaces through the init's pidfd, waits for "placed" (the parent moved it
 * into the cgroup where clone3 could not), takes execCPUAffinity.final, sets up
 * its terminal (-t: a pty from
 * the container's devpts, the master sent over --console-socket), applies the
 * process exactly as the init's (rt_apply_process: rlimits, scheduler, umask,
 * user, groups, capabilities, cwd, no_new_privs and the container's seccomp
 * filter, loaded last), reports "ready" and execs. An error
 * travels to the parent as RT_MSG_ERROR (also when execve itself fails, after
 * "ready"); the socket closing on execve tells the parent the workload runs.
 */
#ifndef PX_RUNTIME_EXEC_CHILD_H
#define PX_RUNTIME_EXEC_CHILD_H

#include <sys/types.h>

#include "spec/config.h"

struct rt_exec_child_args {
	const char *id;
	const struct spec_config *config; /* config->process is the process to run */
	int sync_fd;                      /* the child's end of the protocol socketpair */
	int init_pidfd;                   /* the container's init */
	pid_t init_pid;
	unsigned long join_flags;         /* namespaces to join (the pid one is joined already) */
	int preserve_fds;                 /* fds 3 .. 3+n-1 stay open across exec */
	int console_fd;                   /* connected --console-socket for -t, -1: none */
};

__attribute__((noreturn)) void rt_exec_child_main(const struct rt_exec_child_args *a);

#endif
