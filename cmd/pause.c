/* cmd/pause.c — `pidbox pause <container-id>`: pause suspends all processes inside the container (cgroup freezer). */
#include "cmd/cmd.h"

static int run(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct px_error err = { 0 };
	int npos, rc;

	if (cmd_parse_args(ctx, &cmd_pause_desc, argc, argv, 1, 1, &npos, &rc) < 0)
		return rc;
	if (cmd_check_id(argv[0], &err) < 0 || rt_pause(&ctx->g, argv[0], &err) < 0)
		return cmd_fail(ctx, argv[0], &err);
	return 0;
}

const struct cmd_desc cmd_pause_desc = {
	.name = "pause",
	.summary = "pause suspends all processes inside the container",
	.args = "<container-id>",
	.run = run,
};
