/* cmd/create.c — `pidbox create [options] <container-id>`. */
#include "cmd/cmd.h"

#include <stdio.h>

static struct rt_create_opts opts = { .bundle = "." };
static bool no_subreaper; /* runc's, deprecated there: accepted so old engines work */

static const struct cmd_flag flags[] = {
	CMD_CREATE_FLAGS(opts),
	{ "no-subreaper", NULL, CMD_FLAG_BOOL, &no_subreaper, "accepted for runc compatibility, ignored" },
};

int cmd_check_create(const struct cmd_ctx *ctx, const struct rt_create_opts *o)
{
	struct px_error err = { 0 };

	if (cmd_check_id(o->id, &err) < 0)
		return cmd_fail(ctx, o->id, &err);
	if (!*o->bundle) {
		px_err(&err, 0, "--bundle must not be empty");
		return cmd_fail(ctx, o->id, &err);
	}
	return 0;
}

static int run(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct px_error err = { 0 };
	int npos, rc;

	if (cmd_parse_args(ctx, &cmd_create_desc, argc, argv, 1, 1, &npos, &rc) < 0)
		return rc;
	opts.id = argv[0];
	rc = cmd_check_create(ctx, &opts);
	if (rc)
		return rc;
	if (rt_create(&ctx->g, &opts, &err) < 0)
		return cmd_fail(ctx, opts.id, &err);
	return 0;
}

const struct cmd_desc cmd_create_desc = {
	.name = "create",
	.summary = "create a container",
	.args = "<container-id>",
	.flags = flags,
	.n_flags = sizeof flags / sizeof flags[0],
	.run = run,
};
