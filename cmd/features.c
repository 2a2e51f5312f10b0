/* cmd/features.c — `pidbox features`: what this pidbox implements, as the
 * runtime-spec's features document (JSON on stdout). */
#include "cmd/cmd.h"

#include <stdio.h>
#include <stdlib.h>

#include "runtime/features.h"
#include "spec/annotations.h"

static int run(struct cmd_ctx *ctx, int argc, char **argv)
{
	const char *annotations[] = { "org.opencontainers.pidbox.version", PIDBOX_VERSION,
		                      /* config.json annotations pidbox reads, with their values */
		                      SPEC_ANNOTATION_INIT, "true|group|false",
		                      /* how a config's capability names are read: names
		                       * this pidbox does not know are ignored (runc 1.2+) */
		                      "org.opencontainers.pidbox.capabilities.unknown", "ignored",
#ifdef PIDBOX_COMMIT
		                      "org.opencontainers.pidbox.commit", PIDBOX_COMMIT,
#endif
		                      NULL };
	char *json;
	int npos, rc;

	if (cmd_parse_args(ctx, &cmd_features_desc, argc, argv, 0, 0, &npos, &rc) < 0)
		return rc;
	json = rt_features_json(annotations);
	fputs(json, stdout);
	free(json);
	return 0;
}

const struct cmd_desc cmd_features_desc = {
	.name = "features",
	.summary = "show the enabled features",
	.args = "",
	.run = run,
};
