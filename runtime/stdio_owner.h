/* runtime/stdio_owner.h — stdio the container's user owns, as runc gives it.
 *
 * An engine hands the workload pipes it made as root (mode 0600): the process
 * holds the fds, yet once it runs as another uid it cannot reopen them by path
 * (/dev/stdout, /proc/self/fd/1 — nginx and many images log that way). runc
 * fchowns fds 0-2 to the container's uid before the user change (keeping the
 * group), /dev/null excepted. We do the same for pipes, sockets and files, but
 * leave every device: a `run` from a shell has the caller's terminal as stdio, and
 * chowning it would let every host process of that uid open the caller's terminal
 * (with process.terminal the pty is the container's own: rt_terminal_setup).
 * A stdio already owned by the uid, or one the kernel refuses to chown (an owner
 * or gid not mapped in a user namespace, a read-only mount), is left as it is.
 */
#ifndef PX_RUNTIME_STDIO_OWNER_H
#define PX_RUNTIME_STDIO_OWNER_H

#include <sys/types.h>

#include "util/error.h"

int rt_chown_stdio(uid_t uid, struct px_error *err);

#endif
