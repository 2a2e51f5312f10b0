#include "runtime/child.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <linux/openat2.h>
#include <sched.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "ns/init.h"
#include "ns/loopback.h"
#include "ns/nsjoin.h"
#include "ns/rootfs.h"
#include "runtime/hooks.h"
#include "runtime/engine_env.h"
#include "runtime/init_reexec.h"
#include "runtime/mount_sources.h"
#include "runtime/pidns_hop.h"
#include "runtime/process_setup.h"
#include "runtime/start_hooks.h"
#include "runtime/protocol.h"
#include "runtime/shared_mntns.h"
#include "runtime/sysctl.h"
#include "runtime/terminal.h"
#include "util/cleanup.h"
#include "util/fd.h"
#include "util/fs.h"
#include "util/sig.h"
#include "util/log.h"

#ifndef KEYCTL_JOIN_SESSION_KEYRING
#define KEYCTL_JOIN_SESSION_KEYRING 1
#endif

static int set_names(const struct spec_config *c, struct px_error *err)
{
	if (c->hostname && sethostname(c->hostname, strlen(c->hostname)) < 0)
		return px_err(err, errno, "hostname: sethostname \"%s\"", c->hostname);
	if (c->domainname && setdomainname(c->domainname, strlen(c->domainname)) < 0)
		return px_err(err, errno, "domainname: setdomainname \"%s\"", c->domainname);
	return 0;
}

/* A fresh session keyring, named after the container as runc does, so the
 * container cannot see the keys of whoever started it (keyrings are not
 * namespaced). Kernels without keyrings are fine. */
static int new_session_keyring(const char *id, struct px_error *err)
{
	_cleanup_free_ char *name = px_asprintf("_ses.%s", id);
	if (syscall(SYS_keyctl, KEYCTL_JOIN_SESSION_KEYRING, name) < 0 && errno != ENOSYS)
		return px_err(err, errno, "create a session keyring (use --no-new-keyring to skip)");
	return 0;
}

static int enter_namespaces(const struct rt_child_args *a, struct px_error *err)
{
	const struct spec_namespace *user = spec_find_namespace(a->config, CLONE_NEWUSER);

	if (ns_join_paths(a->config, spec_sysctl_namespaces(a->config), err) < 0)
		return -1;
	/* In a joined user namespace our host ids are unmapped: files we create would
	 * have no owner there (EOVERFLOW). Become its root, as in a new one. */
	if (user && user->path && (setresgid(0, 0, 0) < 0 || setresuid(0, 0, 0) < 0))
		return px_err(err, errno, "linux.namespaces: become root in the joined user namespace %s "
		                          "(is id 0 mapped there?)", user->path);
	if (a->unshare_flags && unshare((int)a->unshare_flags) < 0)
		return px_err(err, errno, "linux.namespaces: unshare");
	if (a->new_timens && ns_enter_new_time_ns(a->config, err) < 0)
		return -1;
	/* a network namespace of our making gets its loopback up, as runc's */
	const struct spec_namespace *net = spec_find_namespace(a->config, CLONE_NEWNET);
	if (net && !net->path && ns_loopback_up(err) < 0)
		return -1;
	return 0;
}

/* From here on the child needs its cgroup: the cgroup namespace must be rooted at
 * it, and the rootfs's cgroup mount shows the process's own cgroup. */
static int enter_cgroup(const struct rt_child_args *a, struct px_error *err)
{
	if (rt_msg_expect(a->sync_fd, RT_MSG_PLACED, err) < 0)
		return -1;
	if (a->new_cgroupns && unshare(CLONE_NEWCGROUP) < 0)
		return px_err(err, errno, "linux.namespaces: unshare cgroup namespace");
	return 0;
}

/* The prestart, createRuntime and createContainer hooks run in the parent while
 * we wait here: our mounts are done, pivot_root is not (runtime/hooks.h). */
static int wait_for_create_hooks(void *arg, struct px_error *err)
{
	const struct rt_child_args *a = arg;

	if (rt_msg_send(a->sync_fd, RT_MSG_HOOKS, err) < 0)
		return -1;
	return rt_msg_expect(a->sync_fd, RT_MSG_HOOKS_DONE, err);
}

/* The init of a joined pid namespace sees no parent outside it (getppid() and
 * its stat say 0): the monitor holds the other end of the sync socket, which
 * hangs up when it dies. */
static int monitor_alive(const struct rt_child_args *a, struct px_error *err)
{
	struct pollfd p = { .fd = a->sync_fd, .events = POLLRDHUP };

	if (poll(&p, 1, 0) > 0 && (p.revents & (POLLHUP | POLLRDHUP)))
		return px_err_plain(err, ESRCH, "pidbox run exited during setup");
	return 0;
}

/* A foreground `run` is the container's monitor. If it dies, even by SIGKILL,
 * the container goes with it (PR_SET_PDEATHSIG) rather than run on unwatched
 * and unreported; `pidbox delete` then removes what is left. Set right after
 * the user change, which clears it (rt_apply_process calls us there, before the
 * seccomp filter, which need not allow it), and checked against a monitor that
 * died before: our parent, read through the host's /proc (inside a new pid
 * namespace getppid() is 0), through the stat file opened before the host's
 * /proc was closed (open_self_stat). */
static int die_with_monitor(void *arg, struct px_error *err)
{
	const struct rt_child_args *a = arg;

	if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0)
		return px_err(err, errno, "prctl PR_SET_PDEATHSIG");
	if (a->pidns_hop)
		return monitor_alive(a, err);
	if (!rt_stat_ppid_is(a->self_stat_fd, a->monitor_pid))
		return px_err_plain(err, ESRCH, "pidbox run exited during setup");
	return 0;
}

/* The fifo lives in the state dir, outside the container's root since
 * pivot_root, and we hold it as an O_PATH fd: opening that for writing (which
 * blocks until `start` reads) goes through a procfs's self/fd/N. It must not be
 * the host's /proc: we block there for as long as the container is "created",
 * and a process exec'd with CAP_SYS_PTRACE would find it in /proc/1/fd. So it is
 * the container's own /proc, as runc does (checked to be a procfs reached
 * without a symlink; what it opens is checked to be our fifo). Only a config
 * without a procfs at /proc falls back to the host's (an O_PATH dup of it). */
static int open_fifo_proc(const struct rt_child_args *a)
{
	struct open_how how = { .flags = O_PATH | O_DIRECTORY | O_CLOEXEC,
		                .resolve = RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS };
	struct statfs sfs;
	int fd = (int)syscall(SYS_openat2, AT_FDCWD, "/proc", &how, sizeof how);

	if (fd >= 0 && fstatfs(fd, &sfs) == 0 && sfs.f_type == PROC_SUPER_MAGIC)
		return fd;
	if (fd >= 0)
		close(fd);
	/* in a joined pid namespace: its procfs, never the host's (pidns_hop.h) */
	return fcntl(a->pidns_hop ? a->hop_procfs_fd : a->host_proc_fd, F_DUPFD_CLOEXEC, 3 + a->preserve_fds);
}

/* /dev/console becomes the pty only in a mount namespace of the container's
 * own: in the runtime's (no mount namespace in the config) or a joined one the
 * bind would outlive the container where others see it. */
static bool own_mount_ns(const struct spec_config *c)
{
	const struct spec_namespace *mnt = spec_find_namespace(c, CLONE_NEWNS);

	return mnt && !mnt->path;
}

static int setup(struct rt_child_args *a, char **exe, char ***env, struct px_error *err)
{
	const struct spec_config *c = a->config;
	const struct spec_process *p = &c->process;

	/* A session and process group of its own, as runc's and crun's init have:
	 * engines signal the container's process group (conmon's --timeout kills
	 * it), which must never hold the engine or our monitor. With a terminal,
	 * rt_terminal_setup makes the session, as the owner of the pty. */
	if (a->console_fd < 0 && !a->pidns_hop && setsid() < 0)
		return px_err(err, errno, "setsid");
	if (a->runtime_mntns_fd >= 0 && rt_return_to_runtime_mntns(&a->runtime_mntns_fd, err) < 0)
		return -1;
	if (enter_namespaces(a, err) < 0)
		return -1;
	if (set_names(c, err) < 0 || rt_apply_sysctl(&c->linux_, a->host_proc_fd, err) < 0)
		return -1;
	if (enter_cgroup(a, err) < 0)
		return -1;
	if (rt_pidns_new_in_joined_userns(c) && rt_pidns_new_clone_init(a, err) < 0)
		return -1;
	/* bind sources in a user namespace, idmapped mounts: opened by the runtime */
	ns_use_mount_sources(c, a->runtime_root, rt_mount_source_request, &a->sync_fd);
	/* new or joined, or the runtime's own (rootless podman runs us as root of
	 * its user namespace): either way mknod is not allowed and devices are bound */
	bool in_userns = spec_has_namespace(c, CLONE_NEWUSER) || ns_in_user_namespace();
	if (ns_setup_rootfs_with(c, a->rootfs, a->bundle, a->no_pivot, in_userns,
	                         rt_has_create_hooks(c) ? wait_for_create_hooks : NULL, (void *)a, err) < 0)
		return -1;
	a->fifo_proc_fd = open_fifo_proc(a);
	if (a->fifo_proc_fd < 0)
		return px_err(err, errno, "open /proc to reach the exec fifo");
	if (!a->no_new_keyring && new_session_keyring(a->id, err) < 0)
		return -1;
	/* After the rootfs: the pty comes from the container's own devpts. In a
	 * joined pid namespace the init makes it its terminal (pidns_hop.h). */
	if (a->console_fd >= 0 && !a->pidns_hop && rt_terminal_setup(a->console_fd, p, own_mount_ns(c), err) < 0)
		return -1;
	if (a->console_fd >= 0 && a->pidns_hop) {
		a->hop_tty_fd = rt_terminal_open(a->console_fd, p, own_mount_ns(c), err);
		a->console_fd = -1;
		if (a->hop_tty_fd < 0)
			return -1;
	}
	/* runc's order: read-only tmpfs and /dev only now, complete (ns/mount_late.c) */
	if (ns_mount_late_readonly(c, err) < 0)
		return -1;
	/* What the init still needs once every other fd is closed, before the cwd
	 * is entered (runtime/confine.h): none of it is a host directory. */
	const int keep[] = { a->sync_fd, a->fifo_fd, a->fifo_proc_fd, a->self_stat_fd, a->hop_tty_fd };
	return rt_apply_process(&(struct rt_process_target){ .process = p,
	                                                     .seccomp = c->linux_.seccomp,
	                                                     .personality = &c->linux_.personality,
	                                                     .memory_policy = &c->linux_.memory_policy,
	                                                     .proc_fd = a->host_proc_fd,
	                                                     .preserve_fds = a->preserve_fds,
	                                                     .keep_fds = keep,
	                                                     .n_keep = sizeof keep / sizeof keep[0],
	                                                     .notify_sock = &a->sync_fd,
	                                                     .after_user = a->monitor_pid ? die_with_monitor : NULL,
	                                                     .after_user_arg = (void *)a,
	                                                     .after_caps = a->pidns_hop ? rt_pidns_hop_clone_init
	                                                                                : NULL,
	                                                     .env = env },
	                        exe, err);
}

/* Block until `start` opens the fifo for reading, then tell it we are going.
 * Returns the fifo, still open for the startContainer hooks' outcome
 * (runtime/start_hooks.h). */
static int wait_for_start(const struct rt_child_args *a, struct px_error *err)
{
	char path[64];
	_cleanup_close_ int fd = -1;
	struct stat want, got;

	snprintf(path, sizeof path, "self/fd/%d", a->fifo_fd);
	fd = openat(a->fifo_proc_fd, path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return px_err(err, errno, "open exec fifo");
	if (fstat(a->fifo_fd, &want) < 0 || fstat(fd, &got) < 0 || want.st_dev != got.st_dev ||
	    want.st_ino != got.st_ino)
		return px_err_plain(err, ESTALE, "open exec fifo: the container's /proc gave another file");
	if (px_write_all(fd, "0", 1) < 0)
		return px_err(err, errno, "write exec fifo");
	return px_steal_fd(&fd);
}

__attribute__((noreturn)) void rt_child_main(const struct rt_child_args *a)
{
	struct px_error err = { 0 };

	/* Until it execs, this process holds the runtime's memory and fds: never let
	 * it be dumped or ptraced from inside the container (CVE-2019-5736 class).
	 * Rootless, not before GO: the /proc/<pid>/uid_map of a non-dumpable process
	 * is the host root's, and our unprivileged parent must write it (runc does
	 * the same). Nothing runs in the container before GO, and the only one who
	 * could reach us meanwhile is the user running pidbox himself. */
	if (!a->dumpable_until_go)
		prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	/* Of the fds cloned from `create`, keep what the init needs: the caller's
	 * stray fds and ours (state dir, cgroup) never reach the re-executed init. */
	{
		const int keep[] = { a->sync_fd, a->fifo_fd, a->host_proc_fd, a->console_fd,
			             px_log_to_file() ? px_log_get_state().fd : -1 };
		px_close_fds_except(3 + a->preserve_fds, keep, sizeof keep / sizeof keep[0]);
	}
	rt_orphan_guard(&a->orphan);
	if (rt_msg_expect(a->sync_fd, RT_MSG_GO, &err) == 0) {
		prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
		rt_init_reexec(a, &err);
	}
	rt_msg_send_error(a->sync_fd, &err);
	_exit(1);
}

/* Our own stat file, for what must read it once the host's /proc is closed
 * (die_with_monitor, the --init's terminal check): a file of ours alone, no
 * directory of the host's. -1 when neither needs it. */
static int open_self_stat(const struct rt_child_args *a)
{
	if ((!a->monitor_pid && !a->init_mode) || a->pidns_hop)
		return -1; /* the init of a joined pid namespace opens its own */
	return openat(a->host_proc_fd, "self/stat", O_RDONLY | O_CLOEXEC);
}

__attribute__((noreturn)) void rt_child_resume(struct rt_child_args *a)
{
	struct px_error err = { 0 };
	char *exe = NULL, **env = NULL;
	const struct spec_process *p = &a->config->process;
	int init_sfd = -1, fifo;

	/* execve made us dumpable again: undo it before anything else. */
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	/* Every handler back to its default (what the caller ignored would be
	 * ignored by the workload too); the mask stays: `run` forwards signals
	 * only once the workload runs */
	px_reset_signals(false);
	a->self_stat_fd = open_self_stat(a);
	if (setup(a, &exe, &env, &err) < 0) {
		rt_msg_send_error(a->sync_fd, &err);
		_exit(1);
	}
	a->host_proc_fd = -1; /* closed by rt_apply_process with every runtime fd */
	/* the hand-over: create may now exit and leave us to `start` (a foreground
	 * run's monitor keeps the guard, die_with_monitor) */
	if (!a->monitor_pid)
		rt_orphan_release();
	if (rt_msg_send(a->sync_fd, RT_MSG_READY, &err) < 0)
		_exit(1);
	close(a->sync_fd);
	/* pidbox's init: from before `start` returns, no signal may be lost */
	if (a->init_mode && (init_sfd = ns_init_prepare(&err)) < 0) {
		fprintf(stderr, "pidbox: container %s: %s\n", a->id, err.msg);
		_exit(1);
	}
	if ((fifo = wait_for_start(a, &err)) < 0) {
		fprintf(stderr, "pidbox: container %s: %s\n", a->id, err.msg);
		_exit(1);
	}
	close(a->fifo_fd);
	close(a->fifo_proc_fd);
	/* fifo stays open, close-on-exec: its closing on the workload's execve is
	 * what `start` waits for (runtime/launch.h). With --init the workload's copy
	 * does that; pid 1 closes its own with everything else (ns/init.h). */
	rt_init_start_hooks(a, fifo);
	/* --preserve-fds: fds 3..3+n-1 are the caller's and go to the workload even if
	 * they were marked close-on-exec. Above them only the stat file, the
	 * --init's signalfd and the fifo are left (the rest was closed before the
	 * cwd was entered). */
	for (int fd = 3; fd < 3 + a->preserve_fds; fd++)
		fcntl(fd, F_SETFD, 0);
	/* With --init this process stays as pid 1 (ns/init.h) and only the child
	 * goes on to exec the workload, as pid 2. */
	if (a->init_mode && ns_init_spawn(init_sfd, a->init_mode, a->self_stat_fd, &err) < 0) {
		fprintf(stderr, "pidbox: container %s: %s\n", a->id, err.msg);
		_exit(1);
	}
	if (a->self_stat_fd >= 0)
		close(a->self_stat_fd);
	/* `run` blocks every signal before cloning (to read them from a signalfd);
	 * the mask survives execve */
	px_reset_signals(true);
	if (a->init_mode)
		rt_listen_pid_fixup(env); /* socket activation: the workload is not pid 1 */
	execve(exe, p->args, env);
	fprintf(stderr, "pidbox: container %s: exec %s: %s\n", a->id, exe, strerror(errno));
	_exit(127);
}
