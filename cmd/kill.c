/* cmd/kill.c — `pidbox kill [--all] <container-id> [signal]`. */
#include "cmd/cmd.h"

#include <signal.h>

static bool all;

static const struct cmd_flag flags[] = {
	{ "all", "a", CMD_FLAG_BOOL, &all,
	  "send the specified signal to all processes inside the container" },
};

static int run(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct px_error err = { 0 };
	int npos, rc, sig = SIGTERM;

	if (cmd_parse_args(ctx, &cmd_kill_desc, argc, argv, 1, 2, &npos, &rc) < 0)
		return rc;
	if (cmd_check_id(argv[0], &err) < 0)
		return cmd_fail(ctx, argv[0], &err);
	if (npos == 2 && cmd_parse_signal(argv[1], &sig) < 0) {
		px_err(&err, 0, "unknown signal \"%s\"", argv[1]);
		return cmd_fail(ctx, argv[0], &err);
	}
	if (rt_kill(&ctx->g, argv[0], sig, all, &err) < 0)
		return cmd_fail(ctx, argv[0], &err);
	return 0;
}

const struct cmd_desc cmd_kill_desc = {
	.name = "kill",
	.summary = "send a signal (default: SIGTERM) to the container's init process",
	.args = "<container-id> [signal]",
	.flags = flags,
	.n_flags = sizeof flags / sizeof flags[0],
	.run = run,
};
