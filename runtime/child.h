/* runtime/child.h — the container's future pid 1, from clone to execve.
 *
 * rt_child_main() runs in the cloned child and never returns. It waits for the
 * parent's "go" (id maps written, cgroup joined), re-executes itself from a
 * read-only mount of the binary (runtime/init_reexec.h), then, in
 * rt_child_resume(), sets everything up in the order
 * of shared/DESIGN.md, reports "ready" (or its error, which the parent prints),
 * then blocks opening the exec fifo until `start` reads it, and execs the
 * workload. With --init it stays as pid 1 instead: it forks the workload as
 * pid 2 and becomes the reaper loop of ns/init.h.
 */
#ifndef PX_RUNTIME_CHILD_H
#define PX_RUNTIME_CHILD_H

#include <stdbool.h>

#include "runtime/orphan.h"
#include "spec/config.h"

struct rt_child_args {
	const struct spec_config *config;
	const char *id;
	const char *rootfs;        /* absolute host path */
	const char *bundle;        /* absolute host path */
	int sync_fd;               /* the child's end of the protocol socketpair */
	int fifo_fd;               /* O_PATH fd of <state dir>/exec.fifo */
	int host_proc_fd;          /* O_PATH fd of the host's /proc, for sysctls, oomScoreAdj and
	                              LSM labels; closed with the others before the cwd is entered */
	int self_stat_fd;          /* our /proc/<pid>/stat, opened from host_proc_fd, -1: not needed */
	int fifo_proc_fd;          /* the container's /proc, to open fifo_fd for writing (child.c) */
	int preserve_fds;          /* fds 3 .. 3+n-1 stay open across exec */
	int console_fd;            /* connected --console-socket for process.terminal, -1: none */
	bool no_pivot;
	bool no_new_keyring;
	unsigned long unshare_flags; /* namespaces the child creates itself with unshare():
	                                all but pid when a user namespace is joined by path */
	bool new_cgroupns;           /* create a cgroup namespace, once placed in the cgroup */
	bool cloned_mntns;           /* clone3 gave the child a new mount namespace */
	bool new_userns;             /* clone3 made a new user namespace */
	bool dumpable_until_go;      /* an ordinary user writes our id maps: stay dumpable until GO */
	bool new_timens;             /* create a time namespace with timeOffsets */
	int init_mode;               /* enum ns_init_mode: pidbox's init forks the workload */
	pid_t monitor_pid;           /* host pid of a foreground `run`: die with it (0: none) */
	struct rt_orphan_guard orphan; /* die with the parent until "ready" */
	bool runtime_root;           /* the runtime runs as the host's root: it opens bind sources
	                                and makes device nodes (runtime/mount_sources.h) */
	bool pidns_hop;              /* pid namespace joined by path: this child clones the init
	                                into it after the re-exec (runtime/pidns_hop.h) */
	unsigned long hop_clone_flags; /* with pidns_hop: the namespaces this child unshares */
	int hop_procfs_fd;           /* with pidns_hop: a detached procfs of the joined pid
	                                namespace (runtime/pidns_procfs.h), -1: none */
	int hop_tty_fd;              /* with pidns_hop and a terminal: the pty slave the init
	                                makes its own, -1: none */
	int runtime_mntns_fd;        /* after the re-exec, without a mount namespace in the
	                                config: the runtime's, to return to (shared_mntns.h);
	                                -1: none */
	/* for the re-exec from a read-only copy of the binary (runtime/init_reexec.h) */
	const char *exe_target;      /* empty file in the state dir to bind the binary onto */
	const char *config_json;     /* the config text the parent parsed */
	size_t config_len;
};

__attribute__((noreturn)) void rt_child_main(const struct rt_child_args *a);
/* The rest of the init's life after the re-exec: setup, ready, wait, execve. */
__attribute__((noreturn)) void rt_child_resume(struct rt_child_args *a);

#endif
