/* cmd/main.c — global flags, the command table, --help and --version.
 *
 * pidbox is exec'd once per container operation, so start-up does only what the
 * command needs: no setlocale(), no configuration file, no environment scan.
 */
#include "cmd/cmd.h"
#include "runtime/init_reexec.h"
#include "runtime/rootless.h"

#include <stdio.h>
#include <string.h>

#include "spec/config.h"
#include "util/cleanup.h"
#include "util/fd.h"
#include "util/log.h"

static const struct cmd_desc *const commands[] = {
	&cmd_create_desc, &cmd_delete_desc, &cmd_kill_desc, &cmd_list_desc,
	&cmd_run_desc,    &cmd_spec_desc,   &cmd_start_desc, &cmd_state_desc,
	&cmd_ps_desc,     &cmd_inspect_desc, &cmd_pid1_desc,
	&cmd_pause_desc,  &cmd_resume_desc, &cmd_update_desc, &cmd_events_desc,
	&cmd_exec_desc,   &cmd_features_desc,
};
#define N_COMMANDS (sizeof commands / sizeof commands[0])

struct global_opts {
	const char *log;
	const char *log_format;
	const char *criu; /* accepted and ignored, as crun does: no checkpoint yet */
	bool version;
};

static const struct cmd_desc *find_command(const char *name)
{
	for (size_t i = 0; i < N_COMMANDS; i++)
		if (strcmp(commands[i]->name, name) == 0)
			return commands[i];
	return NULL;
}

static void print_version(void)
{
	printf("pidbox version %s\n", PIDBOX_VERSION);
#ifdef PIDBOX_COMMIT
	printf("commit: %s\n", PIDBOX_COMMIT);
#endif
	printf("spec: %s\n", SPEC_OCI_VERSION);
}

static void print_help(void)
{
	printf("NAME:\n   pidbox - Open Container Initiative runtime\n\n"
	       "USAGE:\n   pidbox [global options] command [command options] [arguments...]\n\n"
	       "VERSION:\n   %s\n\nCOMMANDS:\n", PIDBOX_VERSION);
	for (size_t i = 0; i < N_COMMANDS; i++)
		printf("   %-8s  %s\n", commands[i]->name, commands[i]->summary);
	printf("   %-8s  %s\n", "help, h", "show the commands or help for one command");
	printf("\nGLOBAL OPTIONS:\n"
	       "   --debug             enable debug logging\n"
	       "   --log value         set the log file to write pidbox logs to (default: stderr)\n"
	       "   --log-format value  set the log format ('text' (default), or 'json')\n"
	       "   --root value        root directory for storage of container state (this should be "
	       "located in tmpfs) (default: \"" PX_DEFAULT_ROOT "\", for an ordinary user "
	       "\"$XDG_RUNTIME_DIR/pidbox\")\n"
	       "   --criu value        accepted for compatibility with runc, ignored\n"
	       "   --systemd-cgroup    enable systemd cgroup support, expects cgroupsPath to be of "
	       "form \"slice:prefix:name\"\n"
	       "   --rootless value    do without a cgroup the user may not create, unless the config "
	       "asks it for resources ('true', 'false', or 'auto': not the host's root) "
	       "(default: \"auto\")\n"
	       "   --help, -h          show help\n"
	       "   --version, -v       print the version\n");
}

/* `pidbox help [command]`, as urfave/cli's built-in help command. */
static int cmd_help(struct cmd_ctx *ctx, int argc, char **argv)
{
	const struct cmd_desc *cmd;

	if (argc < 1) {
		print_help();
		return 0;
	}
	cmd = find_command(argv[0]);
	if (!cmd) {
		ctx->command = NULL;
		cmd_usage_error(ctx, "no help topic for '%s'", argv[0]);
		return CMD_EXIT_NO_COMMAND;
	}
	cmd_print_help(cmd);
	return 0;
}

/* Turn the global options into the log and ctx. Returns 0 or an exit code. */
static int apply_globals(struct cmd_ctx *ctx, const struct global_opts *o)
{
	enum px_log_format format = PX_LOG_TEXT;
	struct px_error err = { 0 };

	if (o->log_format && strcmp(o->log_format, "json") == 0)
		format = PX_LOG_JSON;
	else if (o->log_format && strcmp(o->log_format, "text") != 0)
		return cmd_usage_error(ctx, "invalid log-format: %s", o->log_format);
	/* runc's --log /dev/stderr default: an engine may spell it out */
	if (px_log_init(o->log && strcmp(o->log, "/dev/stderr") != 0 ? o->log : NULL, format,
	                ctx->g.debug) < 0) {
		fprintf(stderr, "pidbox: open log file %s: %m\n", o->log);
		return CMD_EXIT_FAILURE;
	}
	if (rt_rootless_resolve(ctx->rootless, NULL, &err) < 0)
		return cmd_usage_error(ctx, "%s", err.msg);
	if (ctx->g.root && !*ctx->g.root)
		return cmd_usage_error(ctx, "--root must not be empty");
	return 0;
}

/* Without --root: $XDG_RUNTIME_DIR/pidbox or /run/pidbox (runtime/rootless.h),
 * decided only for the commands that keep or read state, so that `spec` and
 * `features` work for a user without XDG_RUNTIME_DIR. */
static int default_root(struct cmd_ctx *ctx, const struct cmd_desc *cmd, char **root)
{
	struct px_error err = { 0 };

	if (ctx->g.root || cmd == &cmd_spec_desc || cmd == &cmd_features_desc)
		return 0;
	if (rt_default_root(root, &err) < 0)
		return cmd_fail(ctx, NULL, &err);
	ctx->g.root = *root;
	return 0;
}

int main(int argc, char **argv)
{
	struct cmd_ctx ctx = { .rootless = "auto" };
	_cleanup_free_ char *root = NULL;
	struct global_opts o = { 0 };
	const struct cmd_flag globals[] = {
		{ "root", NULL, CMD_FLAG_STRING, &ctx.g.root, NULL },
		{ "log", NULL, CMD_FLAG_STRING, &o.log, NULL },
		{ "log-format", NULL, CMD_FLAG_STRING, &o.log_format, NULL },
		{ "debug", NULL, CMD_FLAG_BOOL, &ctx.g.debug, NULL },
		{ "systemd-cgroup", NULL, CMD_FLAG_BOOL, &ctx.g.systemd_cgroup, NULL },
		{ "rootless", NULL, CMD_FLAG_STRING, &ctx.rootless, NULL },
		{ "criu", NULL, CMD_FLAG_STRING, &o.criu, NULL },
		{ "version", "v", CMD_FLAG_BOOL, &o.version, NULL },
	};
	struct px_error err = { 0 };
	int npos = 0, rc;

	/* A container's init re-executed from a read-only mount of this binary. */
	if (rt_init_reexec_requested(argc, argv))
		rt_init_reexec_main();
	/* Before anything of ours is opened: which fds the caller passed (util/fd.h). */
	px_fds_snapshot();
	argc--, argv++; /* argv[0] is our own name */
	switch (cmd_parse_flags(globals, sizeof globals / sizeof globals[0], true, argc, argv, &npos,
	                        &err)) {
	case CMD_PARSE_HELP:
		print_help();
		return 0;
	case CMD_PARSE_ERROR:
		return cmd_usage_error(&ctx, "%s", err.msg);
	case CMD_PARSE_OK:
		break;
	}
	if (o.version) {
		print_version();
		return 0;
	}
	rc = apply_globals(&ctx, &o);
	if (rc)
		return rc;
	if (npos == 0) { /* urfave/cli shows the help when no command is given */
		print_help();
		return 0;
	}
	if (strcmp(argv[0], "help") == 0 || strcmp(argv[0], "h") == 0)
		return cmd_help(&ctx, npos - 1, argv + 1);

	const struct cmd_desc *cmd = find_command(argv[0]);
	if (!cmd) {
		cmd_usage_error(&ctx, "unknown command \"%s\"", argv[0]);
		return CMD_EXIT_NO_COMMAND;
	}
	ctx.command = cmd->name;
	rc = default_root(&ctx, cmd, &root);
	if (rc)
		return rc;
	/* only what creates a cgroup needs it (runtime/rootless.h) */
	if (cmd == &cmd_create_desc || cmd == &cmd_run_desc)
		rt_rootless_resolve(ctx.rootless, &ctx.g.rootless, &err);
	return cmd->run(&ctx, npos - 1, argv + 1);
}
