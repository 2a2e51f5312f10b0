/* runtime/rootless.h — pidbox run by an ordinary user, as runc's and crun's
 * rootless mode: where its state lives and whether cgroups are optional.
 *
 * "Rootless" (--rootless auto, the default) is a caller without the host's root:
 * an euid other than 0, or root of a user namespace (rootless podman runs the
 * runtime in its own). It decides two things: the default state root
 * (rt_default_root) and that a cgroup the caller may not create is done without
 * (cgroup/cgroup.h cg_create_rootless), unless the config asks it for resources.
 */
#ifndef PX_RUNTIME_ROOTLESS_H
#define PX_RUNTIME_ROOTLESS_H

#include <stdbool.h>
#include <sys/types.h>

#include "spec/config.h"
#include "util/error.h"

/* --rootless auto|true|false → *rootless (rootless NULL: only check the word).
 * An error for another word. */
int rt_rootless_resolve(const char *flag, bool *rootless, struct px_error *err);

/* The state root when --root is not given (runc's rule): $XDG_RUNTIME_DIR/pidbox
 * for an ordinary user, and for root in a user namespace whose $USER is not
 * "root"; /run/pidbox otherwise. An ordinary user without XDG_RUNTIME_DIR is an
 * error that says so (/run/pidbox is not his to write). *out malloc'd. */
int rt_default_root(char **out, struct px_error *err);

/* Before anything is made: namespaces joined by path that a caller without
 * CAP_SYS_ADMIN in its own user namespace (an ordinary user; root of an engine's
 * user namespace has it) cannot join, refused naming linux.namespaces:
 *  - a pid namespace with a new user namespace: the kernel lets setns(CLONE_NEWPID)
 *    only a holder of CAP_SYS_ADMIN in both the caller's user namespace and the
 *    pid namespace's owner (pidns_install); with the host's credentials an
 *    ordinary user has neither, and after the unshare the new user namespace
 *    owns no existing pid namespace (runc fails the same, in its setns);
 *  - a user namespace (a pod's): pidbox's own limit, the child makes the private
 *    mount namespace of its re-exec (runtime/init_reexec.h) before it joins, and
 *    an ordinary user may not make one outside a user namespace. */
int rt_rootless_check_joins(const struct spec_config *c, struct px_error *err);

/* The name /etc/passwd gives uid, else the number (malloc'd). Read by hand: the
 * static binary cannot use NSS. */
char *rt_user_name(uid_t uid);

#endif
