/* runtime/exec_child.h — the process `exec` starts, from clone to execve.
 *
 * Born (by the hop below) in the container's pid namespace and cgroup, holding
 * no fd of the runtime's but the sync socket, the init's pidfd and the console
 * socket; non-dumpable from birth (inherited). It never holds the host's /proc:
 * oomScoreAdj and the LSM labels were set by the parent on itself before the
 * clone and are inherited. It joins the container's other
 * namespaces through the init's pidfd, takes execCPUAffinity.final, sets up
 * its terminal (-t: a pty from
 * the container's devpts, owned by the process's uid, the master sent over
 * --console-socket or back to exec, which proxies it), resolves -u/-g names
 * from the container's /etc/passwd and /etc/group, applies the
 * process exactly as the init's (rt_apply_process: rlimits, scheduler, umask,
 * user, groups, capabilities, cwd, no_new_privs and the container's seccomp
 * filter, loaded last), reports "ready" and execs. An error
 * travels to the parent as RT_MSG_ERROR (also when execve itself fails, after
 * "ready"); the socket closing on execve tells the parent the workload runs.
 */
#ifndef PX_RUNTIME_EXEC_CHILD_H
#define PX_RUNTIME_EXEC_CHILD_H

#include <stdbool.h>
#include <sys/types.h>

#include "runtime/orphan.h"
#include "spec/config.h"

struct rt_exec_child_args {
	const char *id;
	const struct spec_config *config; /* config->process is the process to run */
	int sync_fd;                      /* the child's end of the protocol socketpair */
	int init_pidfd;                   /* the container's init */
	pid_t init_pid;
	bool join_pidns;                  /* the hop joins the pid namespace for its child */
	unsigned long pidns_extra;        /* joined with it (rootless: CLONE_NEWUSER), not in join_flags */
	unsigned long join_flags;         /* namespaces the child joins (all but pid) */
	bool init_root;                   /* no mount namespace of the container's own: enter
	                                     the init's root (a chroot) after the join */
	int preserve_fds;                 /* fds 3 .. 3+n-1 stay open across exec */
	int console_fd;                   /* connected --console-socket for -t, -1: none */
	const char *user;                 /* exec -u and -g, for their names (rt_exec_resolve_names) */
	const char *const *gids;
	size_t n_gids;
	struct rt_orphan_guard orphan;    /* die with the parent until execve */
};

/* The hop (runtime/exec.c): born in the runtime's pid namespace and moved into
 * the container's cgroup by the parent (it waits for "placed"), it closes every
 * fd but the sync socket, the init's pidfd and the console socket, joins the
 * container's pid namespace for its children, clones the exec process there
 * (CLONE_PARENT: the runtime's child), sends its pidfd (RT_MSG_EXEC_PIDFD) and
 * exits; the process waits for the parent's RT_MSG_GO before it says anything. So the process the container can see is born holding nothing else. */
__attribute__((noreturn)) void rt_exec_hop_main(const struct rt_exec_child_args *a);
__attribute__((noreturn)) void rt_exec_child_main(const struct rt_exec_child_args *a);

#endif
