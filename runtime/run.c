/* runtime/run.c — `pidbox run`: create + start, then (in the foreground) be the
 * container's monitor: forward signals, collect the exit status, clean up.
 *
 * Every signal is blocked before the init is cloned and read from a signalfd, so
 * none is lost between clone and the loop, and none hits us with its default
 * action (a SIGINT at the terminal must reach the container, not kill pidbox).
 * Not before config.json is read (rt_launch blocks them then): until anything
 * exists to clean up, TERM and INT must still end a read that hangs.
 * The child clears the mask before execve (runtime/child.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ns/clone.h"
#include "runtime/console_proxy.h"
#include "runtime/launch.h"
#include "runtime/terminal.h"
#include "util/cleanup.h"
#include "util/log.h"
#include "util/sig.h"

/* Reap the init through its pidfd (exact status, no pid confusion), and, as a
 * subreaper, any orphan that was reparented to us (a workload without its own
 * pid namespace that double-forks). Returns 1 once the init has exited. */
static int reap(struct rt_launch *l, int *exit_code)
{
	siginfo_t si;
	int status;
	pid_t pid;
	int done = 0;

	memset(&si, 0, sizeof si);
	if (waitid((idtype_t)P_PIDFD, (id_t)l->pidfd, &si, WEXITED | WNOHANG) == 0 && si.si_pid != 0) {
		*exit_code = px_exit_code_of(&si);
		done = 1;
	}
	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		if (pid == l->pid && !done) { /* raced: reaped by pid before the pidfd wait */
			*exit_code = px_exit_code_of_status(status);
			done = 1;
		}
	}
	return done;
}

static int monitor(struct rt_launch *l, int sfd, int *exit_code, struct px_error *err)
{
	for (;;) {
		struct signalfd_siginfo ssi;
		ssize_t n = read(sfd, &ssi, sizeof ssi);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return px_err(err, errno, "read signalfd");
		}
		if (n != (ssize_t)sizeof ssi)
			return px_err_plain(err, EIO, "read signalfd: %zd bytes", n);
		if (ssi.ssi_signo == SIGCHLD) {
			if (reap(l, exit_code))
				return 0;
			continue;
		}
		px_debug("forwarding signal %u to the container", ssi.ssi_signo);
		if (ns_pidfd_send_signal(l->pidfd, (int)ssi.ssi_signo, err) < 0 && err->code != ESRCH)
			px_warn("forward signal %u: %s", ssi.ssi_signo, err->msg);
	}
}

/* process.terminal without --console-socket: the init sent the pty master back
 * on l->console_peer; a proxy copies between it and our stdio. */
static int start_console_proxy(struct rt_launch *l, struct rt_console_proxy *proxy, struct px_error *err)
{
	int master, rc;

	if (l->console_peer < 0)
		return 0;
	master = rt_console_recv_fd(l->console_peer, err);
	if (master < 0)
		return px_err_prefix(err, "process.terminal");
	rc = rt_console_proxy_start(proxy, master, err);
	close(master);
	return rc;
}

/* The monitor never reads stdin; the container has its own copy. Holding ours
 * would keep a pipe's writer from seeing EPIPE when the workload closes it. */
static void drop_stdin(int sfd)
{
	int fd;

	if (sfd == STDIN_FILENO) /* started with stdin closed: fd 0 is our signalfd */
		return;
	fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	dup2(fd, STDIN_FILENO);
	close(fd);
}

/* run = launch + release the init; in the foreground also monitor it and, unless
 * --keep, tear it down after it exits. Any failure once launched tears down. */
int rt_run(const struct rt_global *g, const struct rt_create_opts *o, int *exit_code,
           struct px_error *err)
{
	struct rt_launch l;
	sigset_t all, old;
	_cleanup_close_ int sfd = -1;
	int rc;
	struct rt_console_proxy proxy = { 0 };

	struct rt_create_opts lo = *o;

	*exit_code = 0;
	lo.monitor = !o->detach;
	o = &lo;
	sigprocmask(SIG_SETMASK, NULL, &old);
	if (!o->detach) {
		/* the signals are blocked by rt_launch once it has read the inputs
		 * (lo.monitor); until then the signalfd just waits */
		sigfillset(&all);
		sfd = signalfd(-1, &all, SFD_CLOEXEC);
		if (sfd < 0)
			return px_err(err, errno, "signalfd");
		/* Orphans of a workload that shares our pid namespace come to us, not to
		 * the host's init: we reap them and still report the init's own status. */
		prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
	}
	rc = rt_launch(g, o, &l, err);
	if (rc == 0) {
		rc = start_console_proxy(&l, &proxy, err);
		if (rc == 0)
			rc = rt_start_container(&l.ct, l.pidfd, err);
		if (rc == 0 && !o->detach) {
			/* with a terminal proxy, stdin is what the proxy reads and the
			 * terminal whose settings it restores: keep it */
			if (l.console_peer < 0)
				drop_stdin(sfd);
			rc = monitor(&l, sfd, exit_code, err);
		}
		if (rc == 0 && !o->detach && !o->keep) {
			/* The init is gone; remove whatever is left (processes of a workload
			 * without a pid namespace, the cgroup, the state dir). */
			rc = rt_teardown(g, &l.ct, -1, err);
		} else if (rc < 0) {
			struct px_error ignored;
			rt_teardown(g, &l.ct, l.pidfd, &ignored);
		}
		/* the container is gone: a moment for its last output, then the
		 * terminal is ours again */
		rt_console_proxy_finish(&proxy, 1000);
		rt_launch_release(&l);
	}
	if (!o->detach)
		sigprocmask(SIG_SETMASK, &old, NULL);
	return rc;
}
