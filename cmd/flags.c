/* cmd/flags.c — the flag parser every command shares, the id check, and the one
 * place errors are printed.
 *
 * Engines build runc command lines in several spellings (--bundle x, --bundle=x,
 * -bundle x, -b x, flags after the container id); urfave/cli with Go's flag
 * package accepts all of them, so this parser does too, and reports mistakes
 * with the same texts ("flag provided but not defined: -x").
 */
#include "cmd/cmd.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/fs.h"
#include "util/log.h"

static const struct cmd_flag *find_flag(const struct cmd_flag *flags, size_t n, const char *name,
                                        size_t len)
{
	for (size_t i = 0; i < n; i++) {
		const char *alias = flags[i].alias;
		if ((strlen(flags[i].name) == len && strncmp(flags[i].name, name, len) == 0) ||
		    (alias && strlen(alias) == len && strncmp(alias, name, len) == 0))
			return &flags[i];
	}
	return NULL;
}

/* Go's strconv.ParseBool, which decides what "--detach=x" may say. */
static int parse_bool(const char *s, bool *out)
{
	static const char *const yes[] = { "1", "t", "T", "true", "TRUE", "True" };
	static const char *const no[] = { "0", "f", "F", "false", "FALSE", "False" };

	for (size_t i = 0; i < 6; i++) {
		if (strcmp(s, yes[i]) == 0) {
			*out = true;
			return 0;
		}
		if (strcmp(s, no[i]) == 0) {
			*out = false;
			return 0;
		}
	}
	return -1;
}

/* Store value into f's destination; name is the flag as the user spelt it. */
static int set_flag(const struct cmd_flag *f, const char *name, size_t len, const char *value,
                    struct px_error *err)
{
	char *end;
	long v;

	switch (f->type) {
	case CMD_FLAG_BOOL:
		if (parse_bool(value, f->dest) < 0)
			return px_err(err, 0, "invalid boolean value \"%s\" for -%.*s: parse error",
			              value, (int)len, name);
		return 0;
	case CMD_FLAG_STRING:
		*(const char **)f->dest = value;
		return 0;
	case CMD_FLAG_INT:
		errno = 0;
		v = strtol(value, &end, 10);
		/* the only int flag is a count (--preserve-fds): negative makes no sense */
		if (!*value || *end || errno || v < 0 || v > 1 << 20)
			return px_err(err, 0, "invalid value \"%s\" for flag -%.*s: parse error", value,
			              (int)len, name);
		*(int *)f->dest = (int)v;
		return 0;
	case CMD_FLAG_STRINGS: {
		struct cmd_strings *l = f->dest;
		l->v = px_xrealloc(l->v, (l->n + 1) * sizeof *l->v);
		l->v[l->n++] = value;
		return 0;
	}
	}
	return px_err(err, 0, "internal: bad flag type");
}

/* Parse the flag at argv[*i] (which starts with '-'), consuming its value from
 * argv[*i + 1] when it needs one. Returns 1 for --help, 0, or -1. */
static int parse_one(const struct cmd_flag *flags, size_t n_flags, int argc, char **argv, int *i,
                     struct px_error *err)
{
	const char *name = argv[*i] + 1;
	const char *value;
	const struct cmd_flag *f;

	if (*name == '-')
		name++;
	if (*name == '-' || *name == '=' || !*name)
		return px_err(err, 0, "bad flag syntax: %s", argv[*i]);
	const char *eq = strchr(name, '=');
	size_t len = eq ? (size_t)(eq - name) : strlen(name);

	if ((len == 4 && strncmp(name, "help", 4) == 0) || (len == 1 && *name == 'h'))
		return 1;
	f = find_flag(flags, n_flags, name, len);
	if (!f)
		return px_err(err, 0, "flag provided but not defined: -%.*s", (int)len, name);
	if (eq)
		value = eq + 1;
	else if (f->type == CMD_FLAG_BOOL)
		value = "true";
	else if (*i + 1 < argc)
		value = argv[++*i];
	else
		return px_err(err, 0, "flag needs an argument: -%.*s", (int)len, name);
	return set_flag(f, name, len, value, err);
}

enum cmd_parse cmd_parse_flags(const struct cmd_flag *flags, size_t n_flags, bool stop_at_positional,
                               int argc, char **argv, int *npos, struct px_error *err)
{
	int out = 0; /* positionals are compacted into argv[0..out) as we go */

	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];

		if (a[0] != '-' || a[1] == '\0') { /* "-" alone is an argument, as in Go */
			if (stop_at_positional) {
				memmove(argv, argv + i, (size_t)(argc - i) * sizeof *argv);
				*npos = argc - i;
				return CMD_PARSE_OK;
			}
			argv[out++] = argv[i];
			continue;
		}
		if (strcmp(a, "--") == 0) {
			while (++i < argc)
				argv[out++] = argv[i];
			break;
		}
		int r = parse_one(flags, n_flags, argc, argv, &i, err);
		if (r < 0)
			return CMD_PARSE_ERROR;
		if (r > 0)
			return CMD_PARSE_HELP;
	}
	*npos = out;
	return CMD_PARSE_OK;
}

/* The argument-count texts are runc's checkArgs(). */
static int check_count(const struct cmd_ctx *ctx, int npos, int min_args, int max_args)
{
	if (min_args == max_args && npos != min_args)
		return cmd_usage_error(ctx, "requires exactly %d argument(s)", min_args);
	if (npos < min_args)
		return cmd_usage_error(ctx, "requires a minimum of %d argument(s)", min_args);
	if (max_args >= 0 && npos > max_args)
		return cmd_usage_error(ctx, "requires a maximum of %d argument(s)", max_args);
	return 0;
}

int cmd_parse_args(struct cmd_ctx *ctx, const struct cmd_desc *cmd, int argc, char **argv,
                   int min_args, int max_args, int *npos, int *exit_code)
{
	struct px_error err = { 0 };

	ctx->command = cmd->name;
	switch (cmd_parse_flags(cmd->flags, cmd->n_flags, false, argc, argv, npos, &err)) {
	case CMD_PARSE_HELP:
		cmd_print_help(cmd);
		*exit_code = 0;
		return -1;
	case CMD_PARSE_ERROR:
		*exit_code = cmd_usage_error(ctx, "%s", err.msg);
		return -1;
	case CMD_PARSE_OK:
		break;
	}
	if (check_count(ctx, *npos, min_args, max_args) != 0) {
		*exit_code = CMD_EXIT_FAILURE;
		return -1;
	}
	return 0;
}

void cmd_print_help(const struct cmd_desc *cmd)
{
	char spell[96];
	int width = 0;

	printf("NAME:\n   pidbox %s - %s\n\nUSAGE:\n   pidbox %s%s %s\n", cmd->name, cmd->summary,
	       cmd->name, cmd->n_flags ? " [command options]" : "", cmd->args);
	if (!cmd->n_flags)
		return;
	/* first pass: the widest "--name value, -a value", to align the usage column */
	for (int pass = 0; pass < 2; pass++) {
		if (pass)
			printf("\nOPTIONS:\n");
		for (size_t i = 0; i < cmd->n_flags; i++) {
			const struct cmd_flag *f = &cmd->flags[i];
			const char *v = f->type == CMD_FLAG_BOOL ? "" : " value";
			int n = f->alias ? snprintf(spell, sizeof spell, "--%s%s, -%s%s", f->name, v,
			                            f->alias, v)
			                 : snprintf(spell, sizeof spell, "--%s%s", f->name, v);
			if (!pass && n > width)
				width = n;
			if (pass)
				printf("   %-*s  %s\n", width, spell, f->usage);
		}
	}
	printf("   %-*s  %s\n", width, "--help, -h", "show help");
}

int cmd_check_id(const char *id, struct px_error *err)
{
	size_t len = strlen(id);

	if (len == 0)
		return px_err(err, 0, "container id cannot be empty");
	if (len > CMD_ID_MAX)
		return px_err(err, 0, "invalid container ID format: longer than %d bytes", CMD_ID_MAX);
	/* "." and ".." would name the root itself or its parent */
	if (strcmp(id, ".") == 0 || strcmp(id, "..") == 0)
		return px_err(err, 0, "invalid container ID format: \"%s\"", id);
	for (const char *p = id; *p; p++) {
		char c = *p;
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '_' || c == '+' || c == '-' || c == '.'))
			return px_err(err, 0,
			              "invalid container ID format: only [A-Za-z0-9_+.-] allowed");
	}
	return 0;
}

int cmd_fail(const struct cmd_ctx *ctx, const char *id, const struct px_error *err)
{
	/* "pidbox: <command> <id>: <msg>"; an absent id leaves no stray space and an
	 * absent command (a global flag's mistake) leaves "pidbox: <msg>" */
	const char *cmd = ctx->command ? ctx->command : "";
	const char *sep = id && *id ? " " : "";
	const char *colon = ctx->command ? ": " : "";

	if (!id)
		id = "";
	fprintf(stderr, "pidbox: %s%s%s%s%s\n", cmd, sep, id, colon, err->msg);
	/* engines read the --log file, not our stderr, to explain a failure */
	if (px_log_to_file())
		px_log(PX_LOG_ERROR, "%s%s%s%s%s", cmd, sep, id, colon, err->msg);
	return CMD_EXIT_FAILURE;
}

int cmd_usage_error(const struct cmd_ctx *ctx, const char *fmt, ...)
{
	struct px_error err = { 0 };
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err.msg, sizeof err.msg, fmt, ap);
	va_end(ap);
	cmd_fail(ctx, NULL, &err);
	fprintf(stderr, "Run 'pidbox%s%s --help' for usage.\n", ctx->command ? " " : "",
	        ctx->command ? ctx->command : "");
	return CMD_EXIT_FAILURE;
}
