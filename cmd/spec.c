/* cmd/spec.c — `pidbox spec [--bundle dir] [--rootless]`: write a default
 * config.json to start a bundle from. */
#include "cmd/cmd.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "cgroup/cgroup.h"
#include "spec/config.h"
#include "util/cleanup.h"
#include "util/fs.h"

static const char *bundle = ".";
static bool rootless;

static const struct cmd_flag flags[] = {
	{ "bundle", "b", CMD_FLAG_STRING, &bundle, "path to the root of the bundle directory" },
	{ "rootless", NULL, CMD_FLAG_BOOL, &rootless, "generate a configuration for a rootless container" },
};

static int write_spec(struct px_error *err)
{
	_cleanup_close_ int dir = open(bundle, O_PATH | O_DIRECTORY | O_CLOEXEC);
	_cleanup_close_ int fd = -1;
	_cleanup_free_ char *json = NULL;
	enum cg_mode mode;

	if (cg_detect(&mode, err) < 0)
		return -1;
	if (dir < 0)
		return px_err(err, errno, "bundle %s", bundle);
	/* O_EXCL refuses an existing file (as runc) without a check-then-write race;
	 * 0666 lets the umask decide, as runc's WriteFile does */
	fd = openat(dir, "config.json", O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0666);
	if (fd < 0 && errno == EEXIST)
		return px_err(err, 0, "File config.json exists. Remove it first");
	if (fd < 0)
		return px_err(err, errno, "create %s/config.json", bundle);
	json = spec_default_config_json(rootless, mode == CG_UNIFIED);
	if (px_write_all(fd, json, strlen(json)) < 0) {
		/* a cut-short file would make the next `spec` say "exists" and `create`
		 * fail on broken JSON; the file is ours (O_EXCL), so take it back */
		px_err(err, errno, "write %s/config.json", bundle);
		unlinkat(dir, "config.json", 0);
		return -1;
	}
	return 0;
}

static int run(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct px_error err = { 0 };
	int npos, rc;

	if (cmd_parse_args(ctx, &cmd_spec_desc, argc, argv, 0, 0, &npos, &rc) < 0)
		return rc;
	if (write_spec(&err) < 0)
		return cmd_fail(ctx, NULL, &err);
	return 0;
}

const struct cmd_desc cmd_spec_desc = {
	.name = "spec",
	.summary = "create a new specification file",
	.args = "",
	.flags = flags,
	.n_flags = sizeof flags / sizeof flags[0],
	.run = run,
};
