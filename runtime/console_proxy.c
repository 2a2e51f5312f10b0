/* runtime/console_proxy.c — see console_proxy.h. */
#include "runtime/console_proxy.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/fs.h"
#include "util/proc.h"

static void copy_window_size(int master)
{
	struct winsize ws;

	if (ioctl(STDIN_FILENO, TIOCGWINSZ, &ws) == 0)
		ioctl(master, TIOCSWINSZ, &ws);
}

/* Returns false once the source is done (end of file or error). */
static bool copy_once(int from, int to)
{
	char buf[4096];
	ssize_t n = read(from, buf, sizeof buf);

	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return true;
	if (n <= 0)
		return false;
	return px_write_all(to, buf, (size_t)n) == 0;
}

__attribute__((noreturn)) static void proxy_main(int master)
{
	sigset_t winch;
	int sfd;
	bool in_open = true;

	/* `run` blocked every signal before forking us: read SIGWINCH from a
	 * signalfd, leave the rest blocked (the monitor forwards them). */
	sigemptyset(&winch);
	sigaddset(&winch, SIGWINCH);
	sfd = signalfd(-1, &winch, SFD_CLOEXEC);
	copy_window_size(master);
	for (;;) {
		struct pollfd pfd[3] = { { .fd = master, .events = POLLIN },
			                 { .fd = in_open ? STDIN_FILENO : -1, .events = POLLIN },
			                 { .fd = sfd, .events = POLLIN } };
		if (poll(pfd, 3, -1) < 0) {
			if (errno == EINTR)
				continue;
			_exit(1);
		}
		/* EIO (POLLHUP|POLLERR) once every process of the container closed its
		 * side: the session is over. */
		if ((pfd[0].revents & POLLIN) && !copy_once(master, STDOUT_FILENO))
			_exit(0);
		if (!(pfd[0].revents & POLLIN) && (pfd[0].revents & (POLLHUP | POLLERR)))
			_exit(0);
		if (pfd[1].revents && !copy_once(STDIN_FILENO, master)) {
			in_open = false;
			if (px_write_all(master, "\004", 1) < 0)
				_exit(0);
		}
		if (pfd[2].revents & POLLIN) {
			struct signalfd_siginfo si;
			if (read(sfd, &si, sizeof si) > 0)
				copy_window_size(master);
		}
	}
}

/* runc's rule for the terminal it proxies: the container's pty does no NL ->
 * CR NL translation, so its output reaches stdout byte for byte (a log file
 * gets "\n"); a terminal on our side translates as it does for any program,
 * since its output processing is kept below. */
static int clear_onlcr(int master, struct px_error *err)
{
	struct termios t;

	if (tcgetattr(master, &t) < 0)
		return px_err(err, errno, "process.terminal: read the pty's settings");
	t.c_oflag &= ~(tcflag_t)ONLCR;
	if (tcsetattr(master, TCSANOW, &t) < 0)
		return px_err(err, errno, "process.terminal: clear ONLCR");
	return 0;
}

int rt_console_proxy_start(struct rt_console_proxy *p, int master, struct px_error *err)
{
	memset(p, 0, sizeof *p);
	if (clear_onlcr(master, err) < 0)
		return -1;
	if (isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &p->saved) == 0) {
		struct termios raw = p->saved;
		cfmakeraw(&raw);
		/* raw input, but output processed as before (OPOST, ONLCR): the
		 * container's "\n" still starts a new line at column 0 */
		raw.c_oflag = p->saved.c_oflag;
		if (tcsetattr(STDIN_FILENO, TCSANOW, &raw) == 0)
			p->restore = true;
	}
	p->pid = fork();
	if (p->pid < 0) {
		p->pid = 0;
		rt_console_proxy_finish(p, 0);
		return px_err(err, errno, "process.terminal: fork the terminal proxy");
	}
	if (p->pid == 0)
		proxy_main(master);
	return 0;
}

void rt_console_proxy_finish(struct rt_console_proxy *p, int timeout_ms)
{
	if (p->pid > 0) {
		int pidfd = px_pidfd_open(p->pid);
		struct pollfd pfd = { .fd = pidfd, .events = POLLIN };
		/* It may already have been reaped by run's own reaper (a subreaper
		 * collects every child): then pidfd_open fails and it is gone. */
		if (pidfd >= 0) {
			if (poll(&pfd, 1, timeout_ms) <= 0)
				kill(p->pid, SIGKILL);
			close(pidfd);
			waitpid(p->pid, NULL, 0);
		}
		p->pid = 0;
	}
	if (p->restore) {
		tcsetattr(STDIN_FILENO, TCSANOW, &p->saved);
		p->restore = false;
	}
}
