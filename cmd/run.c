/* cmd/run.c — `pidbox run [options] <container-id>`: create + start, and unless
 * --detach stay as the container's monitor and exit with its code. */
#include "cmd/cmd.h"

static struct rt_create_opts opts = { .bundle = "." };
static bool no_subreaper; /* runc's; pidbox's monitor needs no subreaper switch */

static const struct cmd_flag flags[] = {
	CMD_CREATE_FLAGS(opts),
	{ "detach", "d", CMD_FLAG_BOOL, &opts.detach, "detach from the container's process" },
	{ "keep", NULL, CMD_FLAG_BOOL, &opts.keep, "do not delete the container after it exits" },
	{ "no-subreaper", NULL, CMD_FLAG_BOOL, &no_subreaper, "accepted for runc compatibility, ignored" },
};

static int run(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct px_error err = { 0 };
	int npos, rc, exit_code = 0;

	if (cmd_parse_args(ctx, &cmd_run_desc, argc, argv, 1, 1, &npos, &rc) < 0)
		return rc;
	opts.id = argv[0];
	rc = cmd_check_create(ctx, &opts);
	if (rc)
		return rc;
	if (rt_run(&ctx->g, &opts, &exit_code, &err) < 0)
		return cmd_fail(ctx, opts.id, &err);
	/* the engine (or shell) sees the workload's status, 128+n for a signal */
	return exit_code;
}

const struct cmd_desc cmd_run_desc = {
	.name = "run",
	.summary = "create and run a container",
	.args = "<container-id>",
	.flags = flags,
	.n_flags = sizeof flags / sizeof flags[0],
	.run = run,
};
