/* ns/init.c — the built-in pid 1: a reaper and signal forwarder (see init.h).
 *
 * The kernel's rules it is built on (pid_namespaces(7), signal(7)):
 *  - pid 1 of a namespace receives only the signals it has a handler for (from
 *    inside, and from outside except SIGKILL/SIGSTOP); a blocked signal is
 *    queued, not dropped — so every signal is blocked and read from a signalfd;
 *  - every orphan of the namespace is reparented to pid 1, which must wait() for
 *    it or it stays a zombie — so each SIGCHLD drains waitpid(-1, WNOHANG);
 *  - when pid 1 exits, the kernel SIGKILLs everything else in the namespace —
 *    so the init exits as soon as the workload has, with its status;
 *  - a signal raised by a fault (SIGSEGV in the init itself) is forced through
 *    the mask, so blocking everything cannot hide a crash of the init.
 * After the fork the init allocates nothing and keeps no fd but the signalfd:
 * the workload's stdio pipes see EOF/EPIPE exactly when the workload closes them.
 */
#include "ns/init.h"
#include "util/sig.h"

#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

int ns_init_exit_code(int status)
{
	return px_exit_code_of_status(status);
}

/* Every signal, glibc's internal 32 and 33 included: sigfillset() and
 * sigprocmask() leave those out, but the init is single-threaded and never
 * cancels a thread, so it can block and forward them like any other. */
static void fill_all(sigset_t *all)
{
	memset(all, 0xff, sizeof *all);
}

int ns_init_prepare(struct px_error *err)
{
	sigset_t all;
	int fd;

	fill_all(&all);
	if (syscall(SYS_rt_sigprocmask, SIG_BLOCK, &all, NULL, (size_t)(NSIG / 8)) < 0)
		return px_err(err, errno, "init: block signals");
	fd = signalfd(-1, &all, SFD_CLOEXEC);
	if (fd < 0)
		return px_err(err, errno, "init: signalfd");
	return fd;
}

/* Close every fd but keep (which is 0 when pidbox was started with stdin
 * closed). close_range(2) is Linux 5.9; older kernels get a loop. */
static void close_all_but(int keep)
{
	if ((keep == 0 || syscall(SYS_close_range, 0U, (unsigned)keep - 1, 0U) == 0) &&
	    syscall(SYS_close_range, (unsigned)keep + 1, ~0U, 0U) == 0)
		return;
	for (int fd = 0; fd < 4096; fd++)
		if (fd != keep)
			close(fd);
}

/* Is our process group the foreground group of the terminal on stdin? Read from
 * our stat file in the host's /proc: inside our pid namespace both read as 0
 * when the group leader is outside, which would make any background `run` steal
 * the terminal. */
static int owns_terminal(int self_stat_fd)
{
	char buf[512], *p;
	int pgrp, tpgid;
	ssize_t n;

	if (!isatty(STDIN_FILENO) || self_stat_fd < 0)
		return 0;
	n = pread(self_stat_fd, buf, sizeof buf - 1, 0);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	p = strrchr(buf, ')');
	/* fields after comm: state ppid pgrp session tty_nr tpgid */
	if (!p || sscanf(p + 1, " %*c %*d %d %*d %*d %d", &pgrp, &tpgid) != 2)
		return 0;
	return pgrp > 0 && pgrp == tpgid;
}

/* The workload's side of the fork, before the caller resets signals and execs. */
static void become_workload(int sfd, enum ns_init_mode mode, int foreground)
{
	close(sfd);
	/* Its own process group: with --init-group so that a forwarded signal reaches
	 * a shell's children too; on a terminal the init owns, so that the terminal's
	 * own signals (^C, ^Z) go to the workload alone, once, not also through the
	 * init; and always because the init leads a session whose parent is outside
	 * it: sharing the init's group, the workload would be in an orphaned group,
	 * where the kernel drops TSTP, TTIN and TTOU. The terminal is then handed
	 * over (every signal is still blocked: no SIGTTOU for asking), as a shell
	 * does for a job. */
	setpgid(0, 0);
	if (foreground)
		tcsetpgrp(STDIN_FILENO, getpid());
}

/* Reap every child that has exited; returns 1 (and *code) once the workload has. */
static int reap(pid_t workload, int *code)
{
	int status, done = 0;
	pid_t pid;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		if (pid == workload) {
			*code = ns_init_exit_code(status);
			done = 1;
		}
	}
	return done;
}

static void forward(pid_t workload, enum ns_init_mode mode, int sig)
{
	/* A group signal fails with ESRCH once the leader moved to another group and
	 * the group emptied; the workload itself still gets it. */
	if (mode == NS_INIT_GROUP && kill(-workload, sig) == 0)
		return;
	kill(workload, sig);
}

/* The next signal: from the signalfd, or, should reading it ever fail, from
 * sigwaitinfo() on the same blocked set — the init must never leave its loop. */
static int next_signal(int *sfd, const sigset_t *all, int *si_code)
{
	struct signalfd_siginfo si;
	siginfo_t info;
	ssize_t n;

	for (;;) {
		if (*sfd >= 0) {
			n = read(*sfd, &si, sizeof si);
			if (n == (ssize_t)sizeof si) {
				*si_code = si.ssi_code;
				return (int)si.ssi_signo;
			}
			if (n < 0 && errno == EINTR)
				continue;
			*sfd = -1;
		}
		int sig = sigwaitinfo(all, &info);
		if (sig > 0) {
			*si_code = info.si_code;
			return sig;
		}
	}
}

__attribute__((noreturn)) static void init_loop(int sfd, pid_t workload, enum ns_init_mode mode)
{
	sigset_t all;
	int code = 0;

	fill_all(&all);
	for (;;) {
		int si_code;
		int sig = next_signal(&sfd, &all, &si_code);
		if (sig == SIGCHLD) {
			if (reap(workload, &code))
				_exit(code); /* the kernel now kills the rest of the namespace */
			/* the kernel's SIGCHLD is ours; one sent with kill(2) (si_code
			 * SI_USER, SI_QUEUE...: <= 0) is for the workload like any other */
			if (si_code > 0)
				continue;
		}
		/* Job control (TSTP, TTIN, TTOU, CONT) is forwarded like the rest: the
		 * workload stops and resumes; the init itself never stops, orphans keep
		 * being reaped while the workload is stopped. */
		forward(workload, mode, sig);
	}
}

int ns_init_spawn(int sfd, enum ns_init_mode mode, int self_stat_fd, struct px_error *err)
{
	int foreground = owns_terminal(self_stat_fd);
	pid_t pid;

	/* The init keeps its heap for the container's whole life: give back the free
	 * part now (bench/pid1-memory measures what is left). */
	malloc_trim(0);
	pid = fork();
	if (pid < 0)
		return px_err(err, errno, "init: fork the workload");
	if (pid == 0) {
		become_workload(sfd, mode, foreground);
		return 0;
	}
	setpgid(pid, pid); /* also here: a signal may come before the child's own call */
	prctl(PR_SET_NAME, "pidbox-init", 0, 0, 0);
	/* Not pid 1 (no pid namespace of its own, or a joined one): orphans would go
	 * to some outer reaper; claim them, as pid 1 would. */
	if (getpid() != 1)
		prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
	close_all_but(sfd);
	init_loop(sfd, pid, mode);
}
