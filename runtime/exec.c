/* runtime/exec.c — `pidbox exec`, the parent side; see runtime/exec.h.
 *
 * Why the steps are in this order:
 *  - the binary is protected first (runtime/exec_protect.h): after that, every
 *    process we clone has its executable on a read-only mount;
 *  - a pid namespace can only be entered at birth (setns(CLONE_NEWPID) changes the
 *    namespace of the caller's future children), so we join it here, for our
 *    children only, and clone the process into it. clone3 with CLONE_INTO_CGROUP
 *    also makes it born in the container's cgroup (v2): it never runs, not even
 *    for an instant, outside the container's limits. On v1 we move it ourselves
 *    while it joins the namespaces; it waits for "placed" before it applies
 *    anything of the process or runs anything of the container's;
 *  - the child joins the rest through the init's pidfd in one setns() call;
 *  - we are made non-dumpable before cloning, so the child is non-dumpable from
 *    its first instruction in the container's pid namespace until its execve:
 *    no container process can ptrace it or open its /proc files meanwhile.
 * The init's pidfd was checked against the recorded start time: if the init died
 * and its pid was reused, setns on the pidfd fails (ESRCH) instead of joining a
 * stranger's namespaces. The container's lock (shared) is held until the child
 * is in the cgroup, so no delete can slip in before a cgroup kill would reach it.
 */
#include "runtime/exec.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cgroup/cgroup.h"
#include "ns/clone.h"
#include "ns/join_pidfd.h"
#include "runtime/exec_child.h"
#include "runtime/exec_protect.h"
#include "runtime/lsm.h"
#include "runtime/protocol.h"
#include "runtime/pidfd_socket.h"
#include "runtime/terminal.h"
#include "runtime/state_dir.h"
#include "util/cleanup.h"
#include "util/fs.h"
#include "util/log.h"

struct exec_work {
	struct rt_container ct;
	struct spec_config *config;
	struct cg_handle *cg;
	int init_pidfd;
	int console_fd; /* connected --console-socket, -1: none */
	int proc_fd;
	int sync[2];
	pid_t pid; /* the process we started, and a pidfd for it */
	int pidfd;
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
	if (w->proc_fd >= 0)
		close(w->proc_fd);
	if (w->pid > 0) { /* still ours on an error path: it must not run on */
		if (w->pidfd >= 0)
			ns_pidfd_send_signal(w->pidfd, SIGKILL, NULL);
		while (waitpid(w->pid, NULL, 0) < 0 && errno == EINTR)
			;
	}
	if (w->pidfd >= 0)
		close(w->pidfd);
}

/* What cannot be honoured is refused before anything happens. */
static int refuse_unsupported(const struct rt_exec_opts *o, struct px_error *err)
{
	/* A --preserve-fds fd that is not open would be filled by one of our own fds,
	 * which the process would then inherit. */
	for (int fd = 3; fd < 3 + o->preserve_fds; fd++)
		if (fcntl(fd, F_GETFD) < 0)
			return px_err(err, errno, "--preserve-fds %d: fd %d is not open", o->preserve_fds, fd);
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
	return 0;
}

/* The child closed the socket before "ready": say how it ended. */
static int died_during_setup(struct exec_work *w, struct px_error *err)
{
	siginfo_t si;

	memset(&si, 0, sizeof si);
	if (waitid((idtype_t)P_PIDFD, (id_t)w->pidfd, &si, WEXITED) == 0) {
		w->pid = 0;
		if (si.si_code == CLD_EXITED)
			return px_err_plain(err, ECHILD, "exec process exited with status %d during setup", si.si_status);
		return px_err_plain(err, ECHILD, "exec process was killed by signal %d during setup", si.si_status);
	}
	return px_err_plain(err, ECHILD, "exec process exited during setup");
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

static int spawn(struct exec_work *w, const struct rt_exec_opts *o, struct px_error *err)
{
	struct rt_exec_child_args a;
	unsigned long flags;
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
	w->proc_fd = open("/proc", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (w->proc_fd < 0)
		return px_err(err, errno, "open /proc");
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, w->sync) < 0)
		return px_err(err, errno, "socketpair");
	if ((flags & CLONE_NEWPID) && ns_join_pidfd(w->init_pidfd, w->ct.st.pid, CLONE_NEWPID, err) < 0)
		return -1;
	/* execCPUAffinity.initial: where we, and so the child until it is in its
	 * cgroup, run (the child is born with our affinity) */
	if (w->config->process.has_exec_cpus_initial &&
	    sched_setaffinity(0, sizeof(cpu_set_t), &w->config->process.exec_cpus_initial) < 0)
		return px_err(err, errno, "process.execCPUAffinity.initial: sched_setaffinity");
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	a = (struct rt_exec_child_args){ .id = o->id, .config = w->config, .sync_fd = w->sync[1],
		                         .init_pidfd = w->init_pidfd, .init_pid = w->ct.st.pid,
		                         .join_flags = flags & ~(unsigned long)CLONE_NEWPID,
		                         .preserve_fds = o->preserve_fds, .console_fd = w->console_fd,
		                         .proc_fd = w->proc_fd };
	w->pid = ns_clone(0, cg_enter_fd(w->cg), &w->pidfd, &placed, err);
	if (w->pid < 0) {
		w->pid = 0;
		return px_err_prefix(err, "create the exec process");
	}
	if (w->pid == 0)
		rt_exec_child_main(&a);
	close(w->sync[1]);
	w->sync[1] = -1;
	if (!placed && cg_add_pid(w->cg, w->pid, err) < 0)
		return -1;
	if (rt_msg_send(w->sync[0], RT_MSG_PLACED, err) < 0)
		return -1;
	/* In the container's cgroup now: a delete would kill it with the rest, so
	 * the container may change under us from here (resume must be able to
	 * thaw a process born frozen by --ignore-paused). */
	rt_container_unlock(&w->ct);
	return await_exec(w, err);
}

static int write_pid_file(const char *path, pid_t pid, struct px_error *err)
{
	char buf[32];
	int n = snprintf(buf, sizeof buf, "%d", (int)pid);
	/* atomic: an engine polling for the file never reads it half-written */
	if (px_write_file_atomic_at(AT_FDCWD, path, buf, (size_t)n, 0644, err) < 0)
		return px_err_prefix(err, "--pid-file");
	return 0;
}

static int exit_code_of(const siginfo_t *si)
{
	return si->si_code == CLD_EXITED ? si->si_status : 128 + si->si_status;
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
			*exit_code = exit_code_of(&si);
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
	if (!w->ct.st.bundle)
		return px_err(err, 0, "the container has no bundle recorded");
	/* As runc: the process comes from the bundle's config.json, as it is now. */
	if (spec_load_config(w->ct.st.bundle, &w->config, err) < 0 || rt_exec_build_process(w->config, o, err) < 0)
		return -1;
	/* a label this host has no LSM for must not be dropped silently */
	if (rt_lsm_check(&w->config->process, NULL, err) < 0)
		return -1;
	/* a pty needs an engine to hold its master: pidbox does not proxy one itself */
	if (w->config->process.terminal && !o->console_socket)
		return px_err(err, 0, "--tty (process.terminal) needs --console-socket");
	if (o->console_socket && !w->config->process.terminal)
		return px_err(err, 0, "--console-socket: given, but no --tty (process.terminal is false)");
	return 0;
}

int rt_exec(const struct rt_global *g, const struct rt_exec_opts *o, int *exit_code, struct px_error *err)
{
	struct exec_work w = { .ct = { .dir_fd = -1 }, .init_pidfd = -1, .console_fd = -1, .proc_fd = -1,
		               .sync = { -1, -1 }, .pidfd = -1 };
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
	if (spawn(&w, o, err) < 0)
		goto out;
	if (o->pid_file && write_pid_file(o->pid_file, w.pid, err) < 0)
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
	sigprocmask(SIG_SETMASK, &old, NULL);
	return rc;
}
