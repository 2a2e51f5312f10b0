/* cmd/events.c — `pidbox events [--stats] [--interval 5s] <container-id>`: the
 * container's resource usage as JSON lines, like runc's. */
#include "cmd/cmd.h"

#include <stdlib.h>
#include <string.h>

static bool stats;
static const char *interval = "5s";

static const struct cmd_flag flags[] = {
	{ "stats", NULL, CMD_FLAG_BOOL, &stats, "display the container's stats then exit" },
	{ "interval", NULL, CMD_FLAG_STRING, &interval, "set the stats collection interval (default: 5s)" },
};

/* A Go duration as runc takes it ("5s", "500ms", "1m30s"), in milliseconds. */
static int parse_duration(const char *s, long *ms)
{
	static const struct { const char *unit; double ms; } units[] = {
		{ "ns", 1e-6 }, { "us", 1e-3 }, { "µs", 1e-3 }, { "ms", 1 }, { "s", 1000 }, { "m", 60000 }, { "h", 3600000 },
	};
	double total = 0;

	if (!*s)
		return -1;
	while (*s) {
		char *end;
		double v = strtod(s, &end);
		size_t best = 0, blen = 0;
		if (end == s || v < 0)
			return -1;
		for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
			size_t n = strlen(units[i].unit);
			if (!strncmp(end, units[i].unit, n) && n > blen) {
				best = i;
				blen = n;
			}
		}
		if (!blen)
			return -1;
		total += v * units[best].ms;
		s = end + blen;
	}
	*ms = (long)total;
	return *ms > 0 ? 0 : -1;
}

static int run(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct px_error err = { 0 };
	int npos, rc;
	long ms;

	if (cmd_parse_args(ctx, &cmd_events_desc, argc, argv, 1, 1, &npos, &rc) < 0)
		return rc;
	if (parse_duration(interval, &ms) < 0)
		return cmd_usage_error(ctx, "invalid value \"%s\" for flag -interval: duration must be positive, "
		                            "like 5s or 500ms", interval);
	if (cmd_check_id(argv[0], &err) < 0 || rt_events(&ctx->g, argv[0], stats, ms, &err) < 0)
		return cmd_fail(ctx, argv[0], &err);
	return 0;
}

const struct cmd_desc cmd_events_desc = {
	.name = "events",
	.summary = "display container events such as OOM notifications, CPU, memory, and IO usage statistics",
	.args = "<container-id>",
	.flags = flags,
	.n_flags = sizeof flags / sizeof flags[0],
	.run = run,
};
