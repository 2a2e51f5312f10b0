/* runtime/hooks.h — OCI lifecycle hooks (config.md "POSIX-platform Hooks",
 * runtime.md "Lifecycle").
 *
 * Where each phase runs, in pidbox:
 *   prestart, createRuntime  create, in the runtime's namespaces, once the init
 *                            has its namespaces and mounts but before pivot_root
 *                            (the init waits for them: RT_MSG_HOOKS);
 *   createContainer          right after, in the container's namespaces (joined
 *                            with setns on the init's pidfd), path resolved in
 *                            the runtime's mount namespace, with the rootfs as
 *                            cwd (as runc);
 *   startContainer           start, by the container's init itself once start let it
 *                            go, before it execs the workload: in its namespaces
 *                            and cgroup, as its user, with its capabilities,
 *                            no_new_privs and seccomp (as runc), path resolved in
 *                            the container, process.env as the default env; a
 *                            failure reaches start through the exec fifo
 *                            (runtime/start_hooks.h);
 *   poststart                start, after the init was let go;
 *   poststop                 delete (and run's own teardown), after the cgroup
 *                            is gone, before the state dir is.
 * A hook gets the container's state JSON on stdin (status "creating", "created",
 * "running", "stopped" by phase; for startContainer the pid as the container
 * sees it, as runc), its own args (argv[0] included; just the path when absent)
 * and env (the runtime's own when absent, as runc), stdio and no other fd;
 * stdout and stderr are collected and quoted in the error. A hook with a timeout is killed (with everything it
 * started: it runs in a process group of its own) when it passes it.
 * Any failure but poststop's fails the operation (runtime-spec 1.3: poststart
 * too); poststop failures are warnings.
 *
 * The hooks come from the config kept in the state dir at create
 * (RT_CONFIG_FILE, runtime/state_dir.h), because runtime.md forbids later edits
 * of the bundle's config.json to affect the container.
 */
#ifndef PX_RUNTIME_HOOKS_H
#define PX_RUNTIME_HOOKS_H

#include "runtime/state_dir.h"
#include "spec/config.h"
#include "spec/state.h"
#include "util/error.h"

/* Does the config have hooks that run during create (prestart, createRuntime,
 * createContainer)? Then the init stops before pivot_root for them. */
bool rt_has_create_hooks(const struct spec_config *c);

/* Run the hooks of one phase in order; stop at the first failure (err:
 * "hooks.prestart[1]: /path: exited with status 3: <output>"). ns_pidfd >= 0:
 * run them inside the namespaces of that process (those the config lists), the
 * path looked up in the runtime's namespace (createContainer). */
int rt_run_hooks(const struct spec_config *c, enum spec_hook_phase phase, const struct spec_state *st,
                 int ns_pidfd, struct px_error *err);

/* The same in the calling process (the container's init for startContainer),
 * env the default for hooks without one. */
int rt_run_hooks_here(const struct spec_config *c, enum spec_hook_phase phase, const struct spec_state *st,
                      char *const *env, struct px_error *err);

/* poststop: every hook runs, a failure is a warning. */
void rt_run_poststop_hooks(const struct spec_config *c, const struct spec_state *st);

/* The kept config (RT_CONFIG_FILE), or *out NULL when the container has no
 * hooks (the record says so: no parse then). */
int rt_hooks_load_config(struct rt_container *ct, struct spec_config **out, struct px_error *err);

#endif
