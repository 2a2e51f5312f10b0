/* runtime/pidns_procfs.h — a procfs of a pid namespace joined by path, made by a
 * process that holds nothing of the host's.
 *
 * A procfs shows the pid namespace of the process that creates it, so the
 * container's /proc must be made by a process born in the joined namespace. Any
 * process born there is visible, from birth, to the processes already inside,
 * which with CAP_SYS_PTRACE open its /proc/<pid>/fd/N, root and cwd: it must be
 * born holding no host fd, with a root and cwd that lead nowhere, and no
 * capability over anything of the host (whoever attaches it with ptrace runs
 * code with them). So:
 *  - a first helper, still in the runtime's pid namespace (invisible), closes
 *    every fd (stdio too) but a socket, makes a private mount namespace whose
 *    root is an empty tmpfs (pivot_root; the host's tree detached, so ".." leads
 *    nowhere either), and joins the pid namespace for its children;
 *  - its child, born in the namespace with a user and mount namespace of its own
 *    (its capabilities reach nothing else), that socket and the empty root only,
 *    calls fsopen("proc"), which takes its caller's pid namespace, and sends the
 *    fs context back;
 *  - the first helper, with the host's credentials, creates the procfs from that
 *    context (FSCONFIG_CMD_CREATE checks its creator's capabilities over the
 *    namespace's owner) and sends the detached mount (fsmount) to the hop.
 * The hop (runtime/pidns_hop.h) then moves clones of it onto the container's
 * /proc (ns_use_procfs_mount) and reaches the exec fifo through it.
 * Costs two forks, only for a pid namespace joined by path.
 */
#ifndef PX_RUNTIME_PIDNS_PROCFS_H
#define PX_RUNTIME_PIDNS_PROCFS_H

#include "util/error.h"

/* A detached procfs mount (O_CLOEXEC fd) of the pid namespace at pidns_path, with
 * the comma-separated procfs options in data (NULL: none). Needs host creds. */
int rt_pidns_procfs(const char *pidns_path, const char *data, struct px_error *err);

#endif
