/* runtime/console_proxy.h — pidbox's own end of a container's terminal, for a
 * foreground `run` of a config with process.terminal and no --console-socket
 * (runc does the same): the init sends the pty master back to `run`, and a small
 * proxy process copies stdin to it and its output to stdout.
 *
 * As runc's, the container's pty does no NL -> CR NL translation (ONLCR off), so
 * stdout gets the workload's bytes; a terminal on our side keeps its own output
 * processing and shows the lines as usual. (A --console-socket pty is the
 * engine's and keeps the kernel's defaults, as with runc.)
 * While the proxy runs, a terminal on stdin is in raw mode, so ^C, ^Z and the
 * like reach the container's terminal, which turns them into signals for its
 * foreground job; the container's window size follows the terminal's (now and
 * on SIGWINCH). When stdin ends (a pipe), the proxy types ^D (end of file) into
 * the container's terminal once. The proxy ends when the container's side of
 * the terminal is closed by all its processes.
 */
#ifndef PX_RUNTIME_CONSOLE_PROXY_H
#define PX_RUNTIME_CONSOLE_PROXY_H

#include <stdbool.h>
#include <sys/types.h>
#include <termios.h>

#include "util/error.h"

struct rt_console_proxy {
	pid_t pid;            /* the copying process, 0 when none */
	bool restore;         /* stdin was a terminal put in raw mode */
	struct termios saved; /* its settings before */
};

/* Fork the proxy for master (which the caller may close afterwards). */
int rt_console_proxy_start(struct rt_console_proxy *p, int master, struct px_error *err);
/* Let it copy what is left (at most timeout_ms after the container is gone),
 * stop it, and restore the terminal. */
void rt_console_proxy_finish(struct rt_console_proxy *p, int timeout_ms);

#endif
