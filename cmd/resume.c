/* cmd/resume.c — `pidbox resume <container-id>`: resumes all processes that have been previously paused (cgroup freezer). */
#include "cmd/cmd.h"

static int run(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct px_error err = { 0 };
	int npos, rc;

	if (cmd_parse_args(ctx, &cmd_resume_desc, argc, argv, 1, 1, &npos, &rc) < 0)
		return rc;
	if (cmd_check_id(argv[0], &err) < 0 || rt_resume(&ctx->g, argv[0], &err) < 0)
		return cmd_fail(ctx, argv[0], &err);
	return 0;
}

const struct cmd_desc cmd_resume_desc = {
	.name = "resume",
	.summary = "resumes all processes that have been previously paused",
	.args = "<container-id>",
	.run = run,
};
