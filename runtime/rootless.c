/* runtime/rootless.c — see rootless.h. */
#include "runtime/rootless.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ns/nsjoin.h"
#include "runtime/runtime.h"
#include "util/cleanup.h"
#include "util/fs.h"
#include "util/proc.h"

int rt_rootless_resolve(const char *flag, bool *rootless, struct px_error *err)
{
	bool yes;

	if (!strcmp(flag, "true"))
		yes = true;
	else if (!strcmp(flag, "false"))
		yes = false;
	else if (!strcmp(flag, "auto"))
		/* root of a user namespace cannot create cgroups on the host's
		 * hierarchies either, unless they were delegated to it */
		yes = rootless && (geteuid() != 0 || ns_in_user_namespace());
	else
		return px_err(err, 0, "invalid --rootless value: %s (auto, true or false)", flag);
	if (rootless)
		*rootless = yes;
	return 0;
}

int rt_rootless_check_joins(const struct spec_config *c, struct px_error *err)
{
	const struct spec_namespace *user = spec_find_namespace(c, CLONE_NEWUSER);
	const struct spec_namespace *pid = spec_find_namespace(c, CLONE_NEWPID);

	if (!user || px_cap_effective(CAP_SYS_ADMIN))
		return 0;
	if (user->path)
		return px_err_plain(err, EPERM,
		                    "config.json: linux.namespaces: user: joining %s is not supported for an ordinary "
		                    "user yet (it needs CAP_SYS_ADMIN in the runtime's user namespace)", user->path);
	if (pid && pid->path)
		return px_err_plain(err, EPERM,
		                    "config.json: linux.namespaces: pid: joining %s with a new user namespace needs "
		                    "CAP_SYS_ADMIN in the runtime's user namespace (the kernel's rule for setns), "
		                    "which an ordinary user lacks", pid->path);
	return 0;
}

char *rt_user_name(uid_t uid)
{
	_cleanup_free_ char *text = NULL;
	struct px_error ignored;
	size_t len;

	if (px_read_regular_at(AT_FDCWD, "/etc/passwd", 0, PX_INPUT_MAX, &text, &len, &ignored) == 0) {
		for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
			char *name = line, *c1 = strchr(line, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
			char *end;
			if (!c2)
				continue;
			*c1 = '\0';
			if (strtoul(c2 + 1, &end, 10) == uid && *end == ':' && end != c2 + 1)
				return px_xstrdup(name);
		}
	}
	return px_asprintf("%u", (unsigned)uid);
}

int rt_default_root(char **out, struct px_error *err)
{
	const char *xdg = getenv("XDG_RUNTIME_DIR");
	const char *user = getenv("USER");
	bool use_xdg;

	if (geteuid() != 0) {
		if (!xdg || !*xdg)
			return px_err(err, 0, "XDG_RUNTIME_DIR is not set: an ordinary user's containers keep their "
			                      "state there (or give --root DIR)");
		use_xdg = true;
	} else {
		/* Root of an engine's user namespace (rootless podman) keeps the state of
		 * the user it really is; $USER=root says it is the host's root after all. */
		use_xdg = xdg && *xdg && ns_in_user_namespace() && !(user && !strcmp(user, "root"));
	}
	if (use_xdg && xdg[0] != '/')
		return px_err(err, 0, "XDG_RUNTIME_DIR (%s) is not an absolute path", xdg);
	*out = use_xdg ? px_asprintf("%s/pidbox", xdg) : px_xstrdup(PX_DEFAULT_ROOT);
	return 0;
}
