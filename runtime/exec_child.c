/* runtime/exec_child.c — see exec_child.h. */
#include "runtime/exec_child.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "ns/clone.h"
#include "ns/join_pidfd.h"
#include "runtime/process_setup.h"
#include "runtime/protocol.h"
#include "runtime/terminal.h"
#include "runtime/user_db.h"
#include "runtime/exec.h"
#include "util/cleanup.h"
#include "util/fd.h"
#include "util/fs.h"
#include "util/sig.h"
#include "util/log.h"

#ifndef KEYCTL_JOIN_SESSION_KEYRING
#define KEYCTL_JOIN_SESSION_KEYRING 1
#endif

/* The container's session keyring (named as the init's, as runc does), never the
 * caller's: keyrings are not namespaced, and the caller's may hold host secrets. */
static int join_session_keyring(const char *id, struct px_error *err)
{
	_cleanup_free_ char *name = px_asprintf("_ses.%s", id);
	if (syscall(SYS_keyctl, KEYCTL_JOIN_SESSION_KEYRING, name) < 0 && errno != ENOSYS)
		return px_err(err, errno, "join the container's session keyring");
	return 0;
}

/* exec -u NAME[:GROUP] / -g GROUP: from the container's own files, read inside
 * its root (runtime/user_db.h), while we are still root. */
static int resolve_names(const struct rt_exec_child_args *a, struct spec_process *p, struct px_error *err)
{
	_cleanup_free_ char *passwd = NULL, *group = NULL;

	if (!rt_exec_has_names(a->user, a->gids, a->n_gids))
		return 0;
	passwd = rt_user_db_read("etc/passwd");
	group = rt_user_db_read("etc/group");
	return rt_exec_resolve_names(p, a->user, a->gids, a->n_gids, passwd, group, err);
}

/* proc: a shallow copy of the config's process, ours to change (names resolved) */
static int setup(const struct rt_exec_child_args *a, struct spec_process *proc, char **exe, char ***env,
                 struct px_error *err)
{
	const struct spec_config *c = a->config;
	const int keep[] = { a->sync_fd };
	int root = a->init_root ? ns_open_root_of(a->init_pidfd, a->init_pid, err) : -1;

	if (a->init_root && root < 0)
		return -1;
	if (ns_join_pidfd(a->init_pidfd, a->init_pid, a->join_flags, err) < 0 ||
	    (root >= 0 && ns_enter_root(root, err) < 0))
		return -1;
	close(a->init_pidfd);
	/* from here on our root and cwd are the container's */
	if (join_session_keyring(a->id, err) < 0)
		return -1;
	if (resolve_names(a, proc, err) < 0)
		return -1;
	/* execCPUAffinity.final: once in the cgroup (joining a cpuset cgroup resets
	 * the affinity to the cgroup's CPUs) */
	if (c->process.has_exec_cpus_final &&
	    sched_setaffinity(0, sizeof(cpu_set_t), &c->process.exec_cpus_final) < 0)
		return px_err(err, errno, "process.execCPUAffinity.final: sched_setaffinity");
	/* in the container's mount namespace: the pty comes from its devpts */
	if (a->console_fd >= 0 && rt_terminal_setup(a->console_fd, proc, false, err) < 0)
		return -1;
	/* Without a terminal, a session of its own, as runc's exec has (with one,
	 * rt_terminal_setup makes it, as the owner of the pty): a signal to the
	 * caller's process group must not reach it, nor one to its own group the caller. */
	if (a->console_fd < 0 && setsid() < 0)
		return px_err(err, errno, "setsid");
	/* the container's own seccomp filter, personality and memory policy apply to exec too */
	return rt_apply_process(&(struct rt_process_target){ .process = proc,
	                                                     .seccomp = c->linux_.seccomp,
	                                                     .personality = &c->linux_.personality,
	                                                     .memory_policy = &c->linux_.memory_policy,
	                                                     .proc_fd = -1, /* set by the parent */
	                                                     .preserve_fds = a->preserve_fds,
	                                                     .exec = true,
	                                                     .keep_fds = keep,
	                                                     .n_keep = sizeof keep / sizeof keep[0],
	                                                     /* SCMP_ACT_NOTIFY: to the parent, as the init does */
	                                                     .notify_sock = &a->sync_fd,
	                                                     .env = env },
	                        exe, err);
}

__attribute__((noreturn)) void rt_exec_hop_main(const struct rt_exec_child_args *a)
{
	struct px_error err = { 0 };
	const int keep[] = { a->sync_fd, a->init_pidfd, a->console_fd };
	int pidfd = -1;
	bool unused;
	pid_t pid;

	px_close_fds_except(3 + a->preserve_fds, keep, sizeof keep / sizeof keep[0]);
	px_log_drop_file();
	rt_orphan_guard(&a->orphan);
	/* in the cgroup first: the exec process is born there and never outside */
	if (rt_msg_expect(a->sync_fd, RT_MSG_PLACED, &err) < 0)
		_exit(255);
	if (a->join_pidns && ns_join_pidfd(a->init_pidfd, a->init_pid, CLONE_NEWPID | a->pidns_extra, &err) < 0)
		goto fail;
	pid = ns_clone(CLONE_PARENT, -1, &pidfd, &unused, &err);
	if (pid < 0) {
		px_err_prefix(&err, "create the exec process");
		goto fail;
	}
	if (pid == 0)
		rt_exec_child_main(a);
	if (rt_msg_send_fd(a->sync_fd, RT_MSG_EXEC_PIDFD, pidfd, &err) < 0) {
		ns_pidfd_send_signal(pidfd, SIGKILL, NULL); /* the parent is gone: no orphan */
		_exit(255);
	}
	_exit(0);
fail:
	rt_msg_send_error(a->sync_fd, &err);
	_exit(255);
}

__attribute__((noreturn)) void rt_exec_child_main(const struct rt_exec_child_args *a)
{
	struct px_error err = { 0 };
	struct spec_process proc = a->config->process;
	char *exe = NULL, **env = NULL;
	const int keep[] = { a->sync_fd, a->init_pidfd, a->console_fd };

	/* We are in the container's pid namespace from birth: drop every fd of the
	 * parent's (state dir, cgroup, --log file, signalfd) and the caller's strays
	 * first thing. The rest goes before the cwd is entered (rt_apply_process). */
	px_close_fds_except(3 + a->preserve_fds, keep, sizeof keep / sizeof keep[0]);
	px_log_drop_file();
	/* The hop and we share the socket: speak only once the parent has our
	 * pidfd from it, or our "ready" could overtake it. */
	/* Born to our parent by the hop (CLONE_PARENT), in another pid namespace:
	 * its death signals us; there is no getppid() to check, and the socket
	 * tells us if it died before. */
	rt_orphan_guard(&(const struct rt_orphan_guard){ .parent = 0, .host_proc_fd = -1 });
	if (rt_msg_expect(a->sync_fd, RT_MSG_GO, &err) < 0)
		_exit(255);
	if (setup(a, &proc, &exe, &env, &err) < 0 || rt_msg_send(a->sync_fd, RT_MSG_READY, &err) < 0) {
		rt_msg_send_error(a->sync_fd, &err);
		_exit(255);
	}
	/* --preserve-fds belong to the process even if marked close-on-exec; above
	 * them only the sync socket is left, which closes on execve: that is how the
	 * parent learns the exec happened. */
	for (int fd = 3; fd < 3 + a->preserve_fds; fd++)
		fcntl(fd, F_SETFD, 0);
	/* the parent blocked every signal to forward them; the mask survives execve */
	px_reset_signals(true);
	/* the hand-over: a detached exec's parent exits once we have exec'd */
	rt_orphan_release();
	execve(exe, proc.args, env);
	px_err(&err, errno, "exec %s", exe);
	rt_msg_send_error(a->sync_fd, &err);
	_exit(255);
}
