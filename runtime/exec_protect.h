/* runtime/exec_protect.h — `exec` leaves the host binary behind (CVE-2019-5736).
 *
 * The process `exec` starts is a clone of pidbox until it execs the workload, and
 * it lives in the container's pid namespace: through /proc/<pid>/exe a container
 * process can reach our binary, and a workload that is a "#!/proc/self/exe" script
 * makes the kernel run our binary inside the container, where it can later be
 * opened for writing. The defence is the init's (runtime/init_reexec.h): run from
 * a read-only mount of the binary. Here `pidbox exec` itself, before it does
 * anything else, makes a private mount namespace, binds its binary read-only onto
 * the container's <state dir>/exe and re-executes itself from there with the same
 * arguments and environment (same pid, same fds: the engine waiting on it sees
 * nothing). Every process it then clones into the container has its executable
 * on that read-only mount, and so has anything that execs /proc/self/exe.
 *
 * Nothing is done when the binary is already on a read-only mount (a read-only
 * /usr, or the re-executed image itself): that is also what ends the recursion.
 */
#ifndef PX_RUNTIME_EXEC_PROTECT_H
#define PX_RUNTIME_EXEC_PROTECT_H

#include "util/error.h"

/* Returns 0 when running from a read-only mount, else re-executes (does not
 * return) or returns -1 with err. exe_target: an existing file to bind onto. */
int rt_exec_protect_binary(const char *exe_target, struct px_error *err);

#endif
