/* runtime/exec.c — `pidbox exec`, the parent side; see runtime/exec.h.
 *
 * Why the steps are in this order:
 *  - the binary is protected first (runtime/exec_protect.h): after that, every
 *    process we clone has its executable on a read-only mount;
 *  - a pid namespace can only be entered at birth (setns(CLONE_NEWPID) changes the
 *    namespace of the caller's future children). What is born there can be seen
 *    by the container's processes, and one with CAP_SYS_PTRACE over the host's
 *    user namespace may open /proc/<pid>/fd even of a non-dumpable process: so
 *    it must be born holding none of our fds (state dir, cgroup, --log; it never
 *    needs the host /proc: set_inherited_attrs). A hop does it: we clone it in
 *    our own pid namespace, into the container's cgroup (CLONE_INTO_CGROUP on
 *    v2: never outside the container's limits; on v1 we move it, it waits for
 *    "placed"), it closes every fd but three, joins the pid namespace for its
 *    children and clones the process with CLONE_PARENT (our child, so we wait
 *    for it with its pidfd), sends us that pidfd and exits (exec_child.h);
 *  - the child joins the rest through the init's pidfd in one setns() call;
 *  - we are made non-dumpable before cloning, so the hop and the child are
 *    non-dumpable from their first instruction until the child's execve; the
 *    child closes what is left before entering the cwd (runtime/confine.h).
 * The init's pidfd was checked against the recorded start time: if the init died
 * and its pid was reused, setns on the pidfd fails (ESRCH) instead of joining a
 * stranger's namespaces. The container's lock (shared) is held until the hop
 * is in the cgroup, so no delete can slip in before a cgroup kill would reach it.
 */
#include "runtime/exec.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cgroup/cgroup.h"
#include "ns/clone.h"
#include "ns/join_pidfd.h"
#include "runtime/console_proxy.h"
#include "runtime/exec_child.h"
#include "runtime/exec_protect.h"
#include "runtime/lsm.h"
#include "runtime/orphan.h"
#include "runtime/sched.h"
#include "runtime/seccomp.h"
#include "runtime/protocol.h"
#include "runtime/pidfd_socket.h"
#include "runtime/terminal.h"
#include "runtime/state_dir.h"
#include "util/cleanup.h"
#include "util/fd.h"
#include "util/fs.h"
#include "util/log.h"
#include "util/sig.h"

struct exec_work {
	struct rt_container ct;
	struct spec_config *config;
	struct cg_handle *cg;
	int init_pidfd;
	int console_fd;   /* connected --console-socket (or our own socketpair's end), -1: none */
	int console_peer; /* foreground -t without --console-socket: where the master comes back */
	int sync[2];
	pid_t pid; /* the process we started, and a pidfd for it */
	int pidfd;
	pid_t hop_pid; /* the hop that clones it into the pid namespace (exec_child.h) */
	int hop_pidfd;
};

static void work_free(struct exec_work *w)
{
	rt_container_release(&w->ct);
	spec_config_free(w->config);
	cg_close(w->cg);
	for (int i = 0; i < 2; i++)
		if (w->sync[i] >= 0)
			close(w->sync[i]);
	if (w->init_pidfd >= 0)
		close(w->init_pidfd);
	if (w->console_fd >= 0)
		close(w->console_fd);
	if (w->console_peer >= 0)
		close(w->console_peer);
	if (w->pid > 0) { /* still ours on an error path: it must not run on */
		if (w->pidfd >= 0)
			ns_pidfd_send_signal(w->pidfd, SIGKILL, NULL);
		while (waitpid(w->pid, NULL, 0) < 0 && errno == EINTR)
			;
	}
	if (w->pidfd >= 0)
		close(w->pidfd);
	if (w->hop_pid > 0) {
		kill(w->hop_pid, SIGKILL); /* our unreaped child: its pid cannot be reused */
		while (waitpid(w->hop_pid, NULL, 0) < 0 && errno == EINTR)
			;
	}
	if (w->hop_pidfd >= 0)
		close(w->hop_pidfd);
}

/* What cannot be honoured is refused before anything happens. */
static int refuse_unsupported(const struct rt_exec_opts *o, struct px_error *err)
{
	/* A --preserve-fds fd the caller did not pass would be filled by one of our
	 * own (the --log file, the state dir), which the process would then inherit:
	 * compare with what was open before pidbox opened anything (util/fd.h). */
	if (o->preserve_fds > px_fds_inherited())
		return px_err_plain(err, EBADF, "--preserve-fds %d: fd %d was not passed by the caller",
		                    o->preserve_fds, 3 + px_fds_inherited());
	return 0;
}

static int check_status(const struct rt_container *ct, const struct rt_exec_opts *o, struct px_error *err)
{
	const char *s = ct->st.status;

	if (!strcmp(s, "paused") && !o->ignore_paused)
		return px_err(err, 0, "cannot exec in a paused container (use --ignore-paused to override)");
	if (strcmp(s, "created") && strcmp(s, "running") && strcmp(s, "paused"))
		return px_err(err, 0, "cannot exec in a %s container", s);
	return 0;
}

static int open_cgroup(struct exec_work *w, const char *sub, struct px_error *err)
{
	_cleanup_free_ char *path = NULL;

	if (!w->ct.st.cgroup_path)
		return px_err(err, 0, "the container has no cgroup recorded");
	if (sub) {
		/* runc's "<controller>:<path>" form names a v1 hierarchy alone */
		if (strchr(sub, ':') || strstr(sub, ".."))
			return px_err(err, 0, "--cgroup \"%s\": only a sub-cgroup path of the container's "
			                      "cgroup is supported (no controller prefix, no \"..\")", sub);
		path = px_asprintf("%s/%s", w->ct.st.cgroup_path, sub);
	} else {
		path = px_xstrdup(w->ct.st.cgroup_path);
	}
	if (cg_open(path, &w->cg, err) < 0)
		return sub ? px_err_prefix(err, "--cgroup %s", sub) : -1;
	if (w->ct.st.rootless)
		cg_drop_missing(w->cg);
	return 0;
}

static int died_during_setup(struct exec_work *w, struct px_error *err)
{
	return rt_died_during_setup(w->pidfd, "exec process", &w->pid, err);
}

/* "ready", then the socket closes on execve (success) or an error comes. */
static int await_exec(struct exec_work *w, struct px_error *err)
{
	struct px_error after;

	if (rt_msg_expect(w->sync[0], RT_MSG_READY, err) < 0)
		return err->code == ECONNRESET ? died_during_setup(w, err) : -1;
	if (rt_msg_expect(w->sync[0], RT_MSG_READY, &after) == 0)
		return px_err(err, EPROTO, "exec process: unexpected message after 'ready'");
	if (after.code == ECONNRESET)
		return 0;
	*err = after;
	return -1;
}

/* oomScoreAdj and the LSM labels are set through the host's /proc, which the
 * child must never hold: it lives in the container's pid namespace from birth,
 * where a process allowed to ptrace could take it (CVE-2024-21626 class). Both
 * are inherited by a clone, so we set them on ourselves just before it; *oom
 * keeps our own score (INT_MIN: untouched) to put back after. */
static int set_inherited_attrs(const struct spec_process *p, int *oom, struct px_error *err)
{
	_cleanup_close_ int proc = -1;
	_cleanup_free_ char *own = NULL;

	*oom = INT_MIN;
	if (!p->has_oom_score_adj && !p->apparmor_profile && !p->selinux_label)
		return 0;
	proc = open("/proc", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (proc < 0)
		return px_err(err, errno, "open /proc");
	if (p->has_oom_score_adj) {
		if (px_read_file_at(proc, "self/oom_score_adj", &own, NULL, err) < 0)
			return -1;
		*oom = atoi(own);
	}
	if (rt_apply_oom_score_adj(p, proc, err) < 0 || rt_apply_lsm_exec(p, proc, err) < 0)
		return -1;
	return 0;
}

static void restore_oom_score_adj(int oom)
{
	char buf[16];
	struct px_error ignored;

	if (oom == INT_MIN)
		return;
	snprintf(buf, sizeof buf, "%d", oom);
	px_write_knob_at(AT_FDCWD, "/proc/self/oom_score_adj", buf, &ignored);
}

/* The hop (rt_exec_hop_main) sends the exec process's pidfd and exits: take the
 * process as ours (CLONE_PARENT made it our child), reap the hop, and tell the
 * process to go on (it waits, so that nothing it says overtakes the pidfd). */
static int adopt_from_hop(struct exec_work *w, struct px_error *err)
{
	siginfo_t si;
	int rc = rt_msg_expect_fd(w->sync[0], RT_MSG_EXEC_PIDFD, &w->pidfd, err);

	if (rc == 0 && (w->pid = ns_pidfd_pid(w->pidfd, err)) < 0) {
		w->pid = 0;
		ns_pidfd_send_signal(w->pidfd, SIGKILL, NULL);
		rc = -1;
	}
	memset(&si, 0, sizeof si);
	while (waitid((idtype_t)P_PIDFD, (id_t)w->hop_pidfd, &si, WEXITED) < 0 && errno == EINTR)
		;
	w->hop_pid = 0;
	if (rc < 0 && err->code == ECONNRESET)
		return px_err_plain(err, ECHILD, "exec process exited during setup");
	return rc < 0 ? -1 : rt_msg_send(w->sync[0], RT_MSG_GO, err);
}

static int spawn(struct exec_work *w, const struct rt_exec_opts *o, struct px_error *err)
{
	int own_oom;
	struct rt_exec_child_args a;
	unsigned long flags, pidns_extra = 0;
	bool placed = false;

	w->init_pidfd = rt_container_pidfd(&w->ct, err);
	if (w->init_pidfd < 0)
		return -1;
	if (ns_differing_flags(w->ct.st.pid, &flags, err) < 0)
		return px_err_prefix(err, "container namespaces");
	if (open_cgroup(w, o->cgroup, err) < 0)
		return -1;
	if (o->console_socket && (w->console_fd = rt_console_connect(o->console_socket, err)) < 0)
		return -1;
	/* A foreground -t without an engine's socket: we are the engine, as run is
	 * (runtime/console_proxy.h): the process sends the master back to us. */
	if (!o->console_socket && w->config->process.terminal) {
		int sv[2];
		if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
			return px_err(err, errno, "--tty: socketpair");
		w->console_peer = sv[0];
		w->console_fd = sv[1];
	}
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, w->sync) < 0)
		return px_err(err, errno, "socketpair");
	/* execCPUAffinity.initial: where we, and so the child until it is in its
	 * cgroup, run (the child is born with our affinity) */
	if (w->config->process.has_exec_cpus_initial &&
	    sched_setaffinity(0, sizeof(cpu_set_t), &w->config->process.exec_cpus_initial) < 0)
		return px_err(err, errno, "process.execCPUAffinity.initial: sched_setaffinity");
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	/* Rootless: joining a pid namespace needs CAP_SYS_ADMIN in our own user
	 * namespace too, which an ordinary user lacks; in the container's he has it.
	 * So the hop takes the user namespace along, and its child inherits it. */
	if ((flags & CLONE_NEWPID) && (flags & CLONE_NEWUSER) && geteuid() != 0) {
		pidns_extra = CLONE_NEWUSER;
		flags &= ~(unsigned long)CLONE_NEWUSER;
	}
	a = (struct rt_exec_child_args){ .id = o->id, .config = w->config, .sync_fd = w->sync[1],
		                         .init_pidfd = w->init_pidfd, .init_pid = w->ct.st.pid,
		                         .join_pidns = (flags & CLONE_NEWPID) != 0,
		                         .pidns_extra = pidns_extra,
		                         .join_flags = flags & ~(unsigned long)CLONE_NEWPID,
		                         .init_root = !spec_has_namespace(w->config, CLONE_NEWNS),
		                         .preserve_fds = o->preserve_fds, .console_fd = w->console_fd,
		                         .user = o->user, .gids = o->additional_gids, .n_gids = o->n_additional_gids,
		                         /* the hop is born in our pid namespace: getppid() */
		                         .orphan = { .parent = getpid(), .host_proc_fd = -1 } };
	if (set_inherited_attrs(&w->config->process, &own_oom, err) < 0)
		return -1;
	w->hop_pid = ns_clone(0, cg_enter_fd(w->cg), &w->hop_pidfd, &placed, err);
	if (w->hop_pid != 0) /* the parent (the child runs with it) */
		restore_oom_score_adj(own_oom);
	if (w->hop_pid < 0) {
		w->hop_pid = 0;
		return px_err_prefix(err, "create the exec process");
	}
	if (w->hop_pid == 0)
		rt_exec_hop_main(&a);
	close(w->sync[1]);
	w->sync[1] = -1;
	if (w->console_fd >= 0) { /* the child's now: its death must not leave us a writer */
		close(w->console_fd);
		w->console_fd = -1;
	}
	if (!placed && cg_add_pid(w->cg, w->hop_pid, err) < 0)
		return -1;
	if (rt_msg_send(w->sync[0], RT_MSG_PLACED, err) < 0)
		return -1;
	/* In the container's cgroup now (the hop, and the process it clones): a
	 * delete would kill it with the rest, so the container may change under us
	 * from here (resume must be able to thaw a process born frozen by
	 * --ignore-paused). */
	rt_container_unlock(&w->ct);
	if (adopt_from_hop(w, err) < 0)
		return -1;
	/* SCMP_ACT_NOTIFY: the process sends its listener the moment its filter is
	 * loaded, before "ready"; it goes to the agent as the init's does (runc) */
	if (w->config->linux_.seccomp && w->config->linux_.seccomp->uses_notify &&
	    rt_seccomp_relay_listener(w->sync[0], w->config->linux_.seccomp, &w->ct.st, w->pid, err) < 0)
		return err->code == ECONNRESET ? died_during_setup(w, err) : -1;
	return await_exec(w, err);
}

/* The foreground: forward every signal to the process, return its status. */
static int monitor(int pidfd, int sfd, int *exit_code, struct px_error *err)
{
	for (;;) {
		struct signalfd_siginfo ssi;
		siginfo_t si;
		ssize_t n = read(sfd, &ssi, sizeof ssi);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return px_err(err, errno, "read signalfd");
		if (n != (ssize_t)sizeof ssi)
			continue;
		if (ssi.ssi_signo != SIGCHLD) {
			if (ns_pidfd_send_signal(pidfd, (int)ssi.ssi_signo, err) < 0 && err->code != ESRCH)
				px_warn("forward signal %u: %s", ssi.ssi_signo, err->msg);
			continue;
		}
		memset(&si, 0, sizeof si);
		if (waitid((idtype_t)P_PIDFD, (id_t)pidfd, &si, WEXITED | WNOHANG) == 0 && si.si_pid) {
			*exit_code = px_exit_code_of(&si);
			return 0;
		}
	}
}

static int prepare(struct exec_work *w, const struct rt_global *g, const struct rt_exec_opts *o,
                   struct px_error *err)
{
	_cleanup_free_ char *exe_target = NULL;

	if (refuse_unsupported(o, err) < 0)
		return -1;
	if (rt_container_load(g, o->id, false, &w->ct, err) < 0 || check_status(&w->ct, o, err) < 0)
		return -1;
	exe_target = px_asprintf("%s/exe", w->ct.dir);
	if (rt_exec_protect_binary(exe_target, err) < 0)
		return -1;
	/* The container's settings (seccomp, personality, the process's defaults)
	 * come from the config it was created with, kept in its state dir: the
	 * bundle's config.json may have changed or be gone (runtime.md: edits after
	 * create must not affect it). Only a container created before the config
	 * was always kept reads the bundle's. */
	if (rt_container_load_config(&w->ct, &w->config, err) < 0)
		return -1;
	if (!w->config && !w->ct.st.bundle)
		return px_err(err, 0, "the container has no config kept and no bundle recorded");
	if (!w->config && spec_load_config(w->ct.st.bundle, &w->config, err) < 0)
		return -1;
	if (rt_exec_build_process(w->config, o, err) < 0)
		return -1;
	/* a label this host has no LSM for must not be dropped silently */
	if (rt_lsm_check(&w->config->process, NULL, err) < 0)
		return -1;
	/* a detached process's pty needs an engine to hold its master (in the
	 * foreground we hold it: a proxy, as `run` has) */
	if (w->config->process.terminal && !o->console_socket && o->detach)
		return px_err(err, 0, "--tty with --detach needs --console-socket (nothing would hold the terminal)");
	if (o->console_socket && !w->config->process.terminal)
		return px_err(err, 0, "--console-socket: given, but no --tty (process.terminal is false)");
	return 0;
}

/* Foreground -t without --console-socket: the master came back (sent before
 * "ready"), a proxy copies between it and our stdio. */
static int start_console_proxy(struct exec_work *w, struct rt_console_proxy *proxy, struct px_error *err)
{
	int master, rc;

	if (w->console_peer < 0)
		return 0;
	master = rt_console_recv_fd(w->console_peer, err);
	if (master < 0)
		return px_err_prefix(err, "--tty");
	rc = rt_console_proxy_start(proxy, master, err);
	close(master);
	return rc;
}

int rt_exec(const struct rt_global *g, const struct rt_exec_opts *o, int *exit_code, struct px_error *err)
{
	struct exec_work w = { .ct = { .dir_fd = -1 }, .init_pidfd = -1, .console_fd = -1, .console_peer = -1,
		               .sync = { -1, -1 }, .pidfd = -1, .hop_pidfd = -1 };
	struct rt_console_proxy proxy = { 0 };
	sigset_t all, old;
	_cleanup_close_ int sfd = -1;
	int rc = -1;

	*exit_code = 0;
	if (prepare(&w, g, o, err) < 0) {
		work_free(&w);
		return -1;
	}
	/* Block every signal before the clone, so none is lost before the loop
	 * forwards it; the child unblocks them before execve. */
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &old);
	if (!o->detach) {
		sfd = signalfd(-1, &all, SFD_CLOEXEC);
		if (sfd < 0) {
			px_err(err, errno, "signalfd");
			goto out;
		}
	}
	if (spawn(&w, o, err) < 0 || start_console_proxy(&w, &proxy, err) < 0)
		goto out;
	if (o->pid_file && rt_write_pid_file(o->pid_file, w.pid, err) < 0)
		goto out;
	if (o->pidfd_socket && rt_pidfd_socket_send(o->pidfd_socket, w.pidfd, RT_PIDFD_KIND_EXEC, err) < 0)
		goto out;
	rt_container_release(&w.ct);
	if (o->detach) {
		w.pid = 0; /* it runs on without us */
		rc = 0;
		goto out;
	}
	rc = monitor(w.pidfd, sfd, exit_code, err);
	if (rc == 0)
		w.pid = 0; /* reaped */
out:
	work_free(&w);
	/* the process is gone: a moment for its last output, then the terminal is
	 * ours again */
	rt_console_proxy_finish(&proxy, 1000);
	sigprocmask(SIG_SETMASK, &old, NULL);
	return rc;
}
