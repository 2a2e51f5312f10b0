/* runtime/init_reexec.h — the container's init leaves the host binary behind.
 *
 * The init starts life as a clone of `pidbox create`, so its executable is the
 * host's pidbox binary on a writable mount. If the workload then execs
 * /proc/self/exe (or a script with "#!/proc/self/exe"), the host binary runs inside
 * the container, and any container process that can reach it through
 * /proc/<pid>/exe can open it for writing once it stops running: CVE-2019-5736.
 *
 * Defence: right after "go", before any privilege changes, the init bind-mounts its
 * own binary read-only in its private mount namespace and re-executes itself from
 * that mount. From then on every path to the binary from inside the container
 * leads through a read-only mount (EROFS), whatever the workload execs. Unlike
 * runc's and crun's memfd copy of the whole binary on every command, it costs one
 * bind mount and one execve, in the init only.
 *
 * The state the init needs (its args and the config text the parent parsed, so
 * both parse the same bytes) crosses the execve in a sealed memfd.
 */
#ifndef PX_RUNTIME_INIT_REEXEC_H
#define PX_RUNTIME_INIT_REEXEC_H

#include <stdbool.h>

#include "runtime/child.h"
#include "util/error.h"

/* Re-exec the init; returns only on failure. Uses a->exe_target (an existing empty
 * file in the state dir to mount the binary onto) and a->config_json (the text the
 * parent parsed into a->config). */
int rt_init_reexec(const struct rt_child_args *a, struct px_error *err);

/* Bind the running pidbox binary onto target (an existing file) read-only, nosuid,
 * nodev, checking the mount is the file we run from. Call it in a private mount
 * namespace: `exec` protects itself the same way (runtime/exec_protect.c). */
int rt_bind_binary_read_only(const char *target, struct px_error *err);

/* In a new user namespace: become its root (id maps written), which must come
 * before the execve (capabilities(7): only the namespace's root keeps them) and
 * after every host path was opened. No-op without a new user namespace. */
int rt_become_userns_root(const struct rt_child_args *a, struct px_error *err);

/* Called first thing in main(): true when this process is a re-executed init. */
bool rt_init_reexec_requested(int argc, char **argv);
/* Rebuild the init's args and continue its setup (rt_child_resume); never returns. */
__attribute__((noreturn)) void rt_init_reexec_main(void);

#endif
