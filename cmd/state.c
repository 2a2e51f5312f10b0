/* cmd/state.c — `pidbox state <container-id>`: the OCI state JSON on stdout. */
#include "cmd/cmd.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "util/cleanup.h"

static int run(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct px_error err = { 0 };
	_cleanup_free_ char *json = NULL;
	int npos, rc;

	if (cmd_parse_args(ctx, &cmd_state_desc, argc, argv, 1, 1, &npos, &rc) < 0)
		return rc;
	if (cmd_check_id(argv[0], &err) < 0 || rt_state_json(&ctx->g, argv[0], &json, &err) < 0)
		return cmd_fail(ctx, argv[0], &err);
	/* one newline after the object, whether or not the JSON text ends in one */
	size_t len = strlen(json);
	printf("%s%s", json, len && json[len - 1] == '\n' ? "" : "\n");
	/* a closed stdout must fail the command: the engine did not get the state */
	if (fflush(stdout) != 0) {
		px_err(&err, errno, "write state");
		return cmd_fail(ctx, argv[0], &err);
	}
	return 0;
}

const struct cmd_desc cmd_state_desc = {
	.name = "state",
	.summary = "output the state of a container",
	.args = "<container-id>",
	.run = run,
};
