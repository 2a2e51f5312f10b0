/* runtime/terminal.h — process.terminal: a pty for the container's process, its
 * master handed to the engine over --console-socket.
 *
 * The engine (containerd, conmon, a test) listens on a unix socket; the runtime
 * connects to it from the host (rt_console_connect, before the container's init
 * exists, so a wrong path fails create at once) and gives the connected fd to
 * the process that will run the workload. That process, inside the container
 * once /dev is the container's, calls rt_terminal_setup(): it opens a pty from
 * the container's /dev/ptmx, sends the master over the socket with SCM_RIGHTS
 * (payload "/dev/ptmx", as runc), makes the slave its controlling terminal in a
 * new session and its stdin, stdout and stderr. Only the engine keeps the master.
 * The slave is owned by process.user.uid (its group stays devpts's tty group),
 * as runc's fixStdioPermissions leaves it: a non-root workload can reopen its
 * terminal (/proc/self/fd/0) and read its ptsname. For the container's init the
 * slave is also bound on /dev/console (config-linux.md lists /dev/console among
 * the default devices; runc and crun bind the pty there); exec's pty is not.
 * Used by the container's init and, with the same contract, by exec.
 */
#ifndef PX_RUNTIME_TERMINAL_H
#define PX_RUNTIME_TERMINAL_H

#include <stdbool.h>

#include "spec/config.h"
#include "util/error.h"

/* Connect to the engine's socket; returns the fd (close-on-exec) or -1. */
int rt_console_connect(const char *path, struct px_error *err);
/* In the process that will exec the workload (see above). Closes console_fd.
 * p gives consoleSize (0x0: left to the engine) and the owner; console: bind the
 * slave on /dev/console (the init, in a new mount namespace of the container's,
 * after pivot_root; never in the runtime's or a joined one, where the bind
 * would outlive the container). */
int rt_terminal_setup(int console_fd, const struct spec_process *p, bool console, struct px_error *err);
/* The same in two steps, for a process that opens the pty (privileged) and
 * a child of it that makes it its own (runtime/pidns_hop.h): open returns the
 * slave (O_CLOEXEC) once the master went to console_fd, which it closes; attach
 * makes the slave the caller's controlling terminal and stdio, and closes it. */
int rt_terminal_open(int console_fd, const struct spec_process *p, bool console, struct px_error *err);
int rt_terminal_attach(int slave, struct px_error *err);

/* Receive one fd sent with SCM_RIGHTS on sock (the engine's side of the
 * protocol; for pidbox's own foreground `run` and the tests). */
int rt_console_recv_fd(int sock, struct px_error *err);

#endif
