/* cmd/kill.c — `pidbox kill [--all] <container-id> [signal]`. */
#include "cmd/cmd.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

#include "util/log.h"

static bool all;

static const struct cmd_flag flags[] = {
	{ "all", "a", CMD_FLAG_BOOL, &all,
	  "send the specified signal to all processes inside the container" },
};

static int run(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct px_error err = { 0 };
	int npos, rc, sig = SIGTERM;
	char *warning = NULL;

	if (cmd_parse_args(ctx, &cmd_kill_desc, argc, argv, 1, 2, &npos, &rc) < 0)
		return rc;
	if (cmd_check_id(argv[0], &err) < 0)
		return cmd_fail(ctx, argv[0], &err);
	if (npos == 2 && cmd_parse_signal(argv[1], &sig) < 0) {
		px_err(&err, 0, "unknown signal \"%s\"", argv[1]);
		return cmd_fail(ctx, argv[0], &err);
	}
	if (rt_kill(&ctx->g, argv[0], sig, all, &warning, &err) < 0)
		return cmd_fail(ctx, argv[0], &err);
	/* sent all the same, and success as for runc: only said, once, like an error
	 * line (and logged for engines that read the --log file) */
	if (warning) {
		fprintf(stderr, "pidbox: kill %s: warning: %s\n", argv[0], warning);
		if (px_log_to_file())
			px_warn("kill %s: %s", argv[0], warning);
	}
	free(warning);
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
