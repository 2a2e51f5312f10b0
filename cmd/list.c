/* cmd/list.c — `pidbox list [--format table|json] [--quiet]`, output as runc's so
 * scripts written against `runc list` keep working. */
#include "cmd/cmd.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "spec/state.h"
#include "util/cleanup.h"

static const char *format = "table";
static bool quiet;

static const struct cmd_flag flags[] = {
	{ "format", "f", CMD_FLAG_STRING, &format, "select one of: table or json (default: \"table\")" },
	{ "quiet", "q", CMD_FLAG_BOOL, &quiet, "display only container IDs" },
};

/* runc's list names the owner; the state keeps "" for root (as runc's state). */
static const char *owner_of(const struct spec_state *s)
{
	return s->owner && *s->owner ? s->owner : "root";
}

#define N_COLS 6

/* One table row; pid is the caller's buffer for the PID cell. */
static void fill_row(const struct spec_state *s, char pid[16], const char *row[N_COLS])
{
	snprintf(pid, 16, "%d", (int)spec_state_oci_pid(s));
	row[0] = s->id, row[1] = pid, row[2] = s->status, row[3] = s->bundle;
	row[4] = s->created, row[5] = owner_of(s);
}

/* Go's text/tabwriter as runc configures it (minwidth 12, padding 3, spaces):
 * every column but the last is as wide as its widest cell plus 3, at least 12.
 * The PID column says 0 for a stopped container, as runc's and as the JSON form. */
static void print_table(const struct spec_state *states, size_t n)
{
	static const char *const head[N_COLS] = { "ID", "PID", "STATUS", "BUNDLE", "CREATED", "OWNER" };
	size_t width[N_COLS];
	const char *row[N_COLS];
	char pid[16];

	for (int c = 0; c < N_COLS; c++)
		width[c] = strlen(head[c]);
	for (size_t i = 0; i < n; i++) {
		fill_row(&states[i], pid, row);
		for (int c = 0; c < N_COLS; c++)
			if (row[c] && strlen(row[c]) > width[c])
				width[c] = strlen(row[c]);
	}
	for (int c = 0; c < N_COLS; c++)
		width[c] = width[c] + 3 < 12 ? 12 : width[c] + 3;

	for (size_t i = 0; i <= n; i++) {
		const char *const *cell = head;
		if (i) {
			fill_row(&states[i - 1], pid, row);
			cell = row;
		}
		for (int c = 0; c < N_COLS - 1; c++)
			printf("%-*s", (int)width[c], cell[c] ? cell[c] : "");
		printf("%s\n", cell[N_COLS - 1]);
	}
}

/* Drop the whitespace between JSON tokens, in place: runc prints the list as
 * one compact line, and the state printer may indent. */
static void json_compact(char *s)
{
	bool in_string = false, escaped = false;
	char *out = s;

	for (; *s; s++) {
		if (in_string) {
			if (escaped)
				escaped = false;
			else if (*s == '\\')
				escaped = true;
			else if (*s == '"')
				in_string = false;
		} else if (*s == '"') {
			in_string = true;
		} else if (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r') {
			continue;
		}
		*out++ = *s;
	}
	*out = '\0';
}

/* A JSON array of OCI states; runc prints `null` for no containers (a nil Go
 * slice), and engines parsing it expect exactly that. */
static void print_json(struct spec_state *states, size_t n)
{
	if (n == 0) {
		printf("null\n");
		return;
	}
	putchar('[');
	for (size_t i = 0; i < n; i++) {
		char *saved = states[i].owner;
		states[i].owner = (char *)owner_of(&states[i]);
		_cleanup_free_ char *json = spec_state_to_oci_json(&states[i]);
		states[i].owner = saved;
		json_compact(json);
		printf("%s%s", i ? "," : "", json);
	}
	printf("]\n");
}

static int run(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct px_error err = { 0 };
	struct spec_state *states = NULL;
	size_t n = 0;
	int npos, rc;

	if (cmd_parse_args(ctx, &cmd_list_desc, argc, argv, 0, 0, &npos, &rc) < 0)
		return rc;
	if (strcmp(format, "table") != 0 && strcmp(format, "json") != 0) {
		px_err(&err, 0, "invalid format option \"%s\" (table or json)", format);
		return cmd_fail(ctx, NULL, &err);
	}
	if (rt_list(&ctx->g, &states, &n, &err) < 0)
		return cmd_fail(ctx, NULL, &err);
	if (quiet) {
		for (size_t i = 0; i < n; i++)
			printf("%s\n", states[i].id);
	} else if (strcmp(format, "json") == 0) {
		print_json(states, n);
	} else {
		print_table(states, n);
	}
	rt_list_free(states, n);
	if (fflush(stdout) != 0) {
		px_err(&err, errno, "write list");
		return cmd_fail(ctx, NULL, &err);
	}
	return 0;
}

const struct cmd_desc cmd_list_desc = {
	.name = "list",
	.summary = "lists containers started by pidbox with the given root",
	.args = "",
	.flags = flags,
	.n_flags = sizeof flags / sizeof flags[0],
	.run = run,
};
