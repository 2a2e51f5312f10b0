/* util/fd.h — which fds a pidbox process holds, and closing all the others.
 *
 * A process that will run the container's code must hold nothing of the host's:
 * any fd left open is reachable from the container as /proc/self/fd/N (a cwd, an
 * args[0], a symlink in the image, /proc/1/fd/N for a process allowed to ptrace),
 * and "/proc/self/fd/N/.." walks out of the container from a directory fd
 * (CVE-2024-21626). close-on-exec is not enough: the fds are still open while the
 * cwd and the executable are looked up. So fds are really closed, all at once.
 *
 * The caller's fds are told apart from ours by a snapshot taken first thing in
 * main(), before pidbox opens anything: fds 3..3+n-1 that were open then are the
 * ones a --preserve-fds or LISTEN_FDS count may name.
 */
#ifndef PX_UTIL_FD_H
#define PX_UTIL_FD_H

#include <stddef.h>

/* Count the fds open from 3 upwards without a gap. Call once, first in main(). */
void px_fds_snapshot(void);
/* That count: fds 3 .. 3+n-1 were the caller's when pidbox started. */
int px_fds_inherited(void);

/* Close every fd >= first except those in keep (any order; entries < first or
 * negative are ignored). Really closed, not marked close-on-exec: with
 * close_range(2), one system call per kept fd plus one. Returns 0, or -1 with errno. */
int px_close_fds_except(int first, const int *keep, size_t n_keep);

#endif
