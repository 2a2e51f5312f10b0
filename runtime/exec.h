/* runtime/exec.h — `pidbox exec`: run one more process in a running container.
 *
 * The process (runc's semantics): with --process, the process.json as given;
 * otherwise the "process" of the config.json the container was created with
 * (kept in its state dir, as crun does: the bundle's may be gone or edited;
 * runc would read the bundle's current one) with args from the command line
 * and the overrides below (env entries replace a variable of the same name or are
 * added; --cap adds to the bounding, effective and permitted sets, and to ambient
 * when the config has inheritable ones; -u and --cwd replace).
 *
 * How it enters (runtime/exec.c has the why of each step): the host binary is
 * first made unreachable (runtime/exec_protect.c); a hop, cloned straight into
 * the container's cgroup (CLONE_INTO_CGROUP on v2; moved on v1), drops every fd
 * of ours and clones the process into the container's pid namespace; the
 * process joins every other namespace at once through the init's pidfd, takes
 * its terminal (-t; in the foreground without --console-socket the master
 * comes back and exec proxies it, runtime/console_proxy.h), applies the process as the init does (rt_apply_process:
 * rlimits, scheduler, umask, every runtime fd closed, cwd, user, capabilities,
 * no_new_privs, the container's seccomp filter last) and execs. It stays
 * non-dumpable until the execve.
 *
 * rt_exec() returns 0 once the process runs (detach) or has exited (*exit_code =
 * its code, or 128+signal); -1 with err when exec itself failed (cmd/ exits 255
 * then, as runc).
 */
#ifndef PX_RUNTIME_EXEC_H
#define PX_RUNTIME_EXEC_H

#include <stdbool.h>
#include <stddef.h>

#include "runtime/runtime.h"
#include "spec/config.h"
#include "util/error.h"

struct rt_exec_opts {
	const char *id;
	const char *process_file;   /* --process: replaces everything below but tty/detach */
	char **args;                /* the command and its arguments (without --process) */
	size_t n_args;
	const char **env;           /* -e NAME=VALUE, repeated */
	size_t n_env;
	const char *user;           /* -u uid[:gid] or names: user[:group] */
	const char **additional_gids; /* -g gid or group name, repeated */
	size_t n_additional_gids;
	const char *cwd;
	const char **caps;          /* --cap CAP_X, repeated */
	size_t n_caps;
	bool no_new_privs;          /* --no-new-privs */
	const char *apparmor;       /* --apparmor: replaces process.apparmorProfile */
	const char *process_label;  /* --process-label: replaces process.selinuxLabel */
	bool tty;                   /* -t */
	const char *console_socket;
	bool detach;
	const char *pid_file;
	const char *pidfd_socket;   /* see runtime/pidfd_socket.h */
	int preserve_fds;
	const char *cgroup;         /* --cgroup: a sub-cgroup of the container's */
	bool ignore_paused;
};

int rt_exec(const struct rt_global *g, const struct rt_exec_opts *o, int *exit_code, struct px_error *err);

/* Build the process to run from the container's config and the options (above).
 * c->process is replaced; errors name the flag or the JSON path. Pure. The
 * numeric parts of -u and -g are applied here; names (-u NAME[:GROUP], -u
 * UID:GROUP, -g GROUP: the portable user-name set, not all digits) are checked
 * and left for rt_exec_resolve_names. */
int rt_exec_build_process(struct spec_config *c, const struct rt_exec_opts *o, struct px_error *err);

/* Do -u / -g carry names (then the exec process reads the container's files)? */
bool rt_exec_has_names(const char *user, const char *const *gids, size_t n_gids);
/* In the exec process, once in the container's root and before the user change
 * (crun's behaviour; runc takes numbers only): the names of -u and -g resolved
 * against the container's passwd and group texts (runtime/user_db.h; NULL: not
 * readable). -u NAME takes the entry's uid and gid, -u NAME:GROUP or UID:GROUP
 * the group's gid, -g GROUP adds it. p->additional_gids is replaced by a new
 * malloc'd array (the old one is not freed: p may be a shallow copy of a const
 * config's process). Errors name the flag and what was not found. Pure. */
int rt_exec_resolve_names(struct spec_process *p, const char *user, const char *const *gids, size_t n_gids,
                          const char *passwd, const char *group, struct px_error *err);

#endif
