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

#include "util/error.h"

/* --rootless auto|true|false → *rootless (rootless NULL: only check the word).
 * An error for another word. */
int rt_rootless_resolve(const char *flag, bool *rootless, struct px_error *err);

/* The state root when --root is not given (runc's rule): $XDG_RUNTIME_DIR/pidbox
 * for an ordinary user, and for root in a user namespace whose $USER is not
 * "root"; /run/pidbox otherwise. An ordinary user without XDG_RUNTIME_DIR is an
 * error that says so (/run/pidbox is not his to write). *out malloc'd. */
int rt_default_root(char **out, struct px_error *err);

/* The name /etc/passwd gives uid, else the number (malloc'd). Read by hand: the
 * static binary cannot use NSS. */
char *rt_user_name(uid_t uid);

#endif
