/* cmd/delete.c — `pidbox delete [--force] <container-id>`. */
#include "cmd/cmd.h"

static bool force;

static const struct cmd_flag flags[] = {
	{ "force", "f", CMD_FLAG_BOOL, &force,
	  "forcibly delete the container if it is still running (uses SIGKILL)" },
};

static int run(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct px_error err = { 0 };
	int npos, rc;

	if (cmd_parse_args(ctx, &cmd_delete_desc, argc, argv, 1, 1, &npos, &rc) < 0)
		return rc;
	if (cmd_check_id(argv[0], &err) < 0 || rt_delete(&ctx->g, argv[0], force, &err) < 0)
		return cmd_fail(ctx, argv[0], &err);
	return 0;
}

const struct cmd_desc cmd_delete_desc = {
	.name = "delete",
	.summary = "delete any resources held by the container",
	.args = "<container-id>",
	.flags = flags,
	.n_flags = sizeof flags / sizeof flags[0],
	.run = run,
};
