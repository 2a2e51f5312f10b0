/* cmd/exec.c — `pidbox exec [options] <container-id> <command> [args...]` or
 * `pidbox exec [options] -p process.json <container-id>`.
 *
 * Flags come before the container id: everything after it is the command (runc
 * parses exec that way, so `exec c1 ls -l` passes -l to ls). Exit code: the
 * process's own (128+signal if killed), or 255 when exec itself fails, as runc.
 */
#include "cmd/cmd.h"

#include "runtime/exec.h"

#define EXEC_FAILED 255

static struct rt_exec_opts opts;
static struct cmd_strings env, gids, caps;

static const struct cmd_flag flags[] = {
	{ "console-socket", NULL, CMD_FLAG_STRING, &opts.console_socket,
	  "path to an AF_UNIX socket which will receive a file descriptor referencing the master end of the "
	  "console's pseudoterminal" },
	{ "cwd", NULL, CMD_FLAG_STRING, &opts.cwd, "current working directory in the container" },
	{ "env", "e", CMD_FLAG_STRINGS, &env, "set environment variables (NAME=VALUE, repeatable)" },
	{ "tty", "t", CMD_FLAG_BOOL, &opts.tty, "allocate a pseudo-TTY" },
	{ "user", "u", CMD_FLAG_STRING, &opts.user, "UID (format: <uid>[:<gid>]); names are looked up in the container's /etc/passwd and /etc/group" },
	{ "additional-gids", "g", CMD_FLAG_STRINGS, &gids, "additional gids or group names (repeatable)" },
	{ "process", "p", CMD_FLAG_STRING, &opts.process_file, "path to the process.json" },
	{ "detach", "d", CMD_FLAG_BOOL, &opts.detach, "detach from the container's process" },
	{ "pid-file", NULL, CMD_FLAG_STRING, &opts.pid_file, "specify the file to write the process id to" },
	{ "pidfd-socket", NULL, CMD_FLAG_STRING, &opts.pidfd_socket,
	  "path to an AF_UNIX socket which will receive the pidfd of the process" },
	{ "process-label", NULL, CMD_FLAG_STRING, &opts.process_label,
	  "set the asm process label for the process commonly used with selinux" },
	{ "apparmor", NULL, CMD_FLAG_STRING, &opts.apparmor, "set the apparmor profile for the process" },
	{ "no-new-privs", NULL, CMD_FLAG_BOOL, &opts.no_new_privs, "set the no new privileges value for the process" },
	{ "cap", "c", CMD_FLAG_STRINGS, &caps, "add a capability to the bounding set for the process (repeatable)" },
	{ "preserve-fds", NULL, CMD_FLAG_INT, &opts.preserve_fds,
	  "pass N additional file descriptors to the container (stdio + N in total)" },
	{ "cgroup", NULL, CMD_FLAG_STRING, &opts.cgroup,
	  "run the process in an (existing) sub-cgroup of the container's cgroup" },
	{ "ignore-paused", NULL, CMD_FLAG_BOOL, &opts.ignore_paused, "allow exec in a paused container" },
};

static int run(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct px_error err = { 0 };
	int npos = 0, exit_code;

	ctx->command = cmd_exec_desc.name;
	switch (cmd_parse_flags(flags, sizeof flags / sizeof flags[0], true, argc, argv, &npos, &err)) {
	case CMD_PARSE_HELP:
		cmd_print_help(&cmd_exec_desc);
		return 0;
	case CMD_PARSE_ERROR:
		return cmd_usage_error(ctx, "%s", err.msg);
	case CMD_PARSE_OK:
		break;
	}
	if (npos < (opts.process_file ? 1 : 2))
		return cmd_usage_error(ctx, "requires a minimum of %d argument(s)", opts.process_file ? 1 : 2);
	opts.id = argv[0];
	if (cmd_check_id(opts.id, &err) < 0)
		return cmd_fail(ctx, opts.id, &err);
	opts.args = argv + 1;
	opts.n_args = (size_t)npos - 1;
	opts.env = env.v;
	opts.n_env = env.n;
	opts.additional_gids = gids.v;
	opts.n_additional_gids = gids.n;
	opts.caps = caps.v;
	opts.n_caps = caps.n;
	if (rt_exec(&ctx->g, &opts, &exit_code, &err) < 0) {
		cmd_fail(ctx, opts.id, &err);
		return EXEC_FAILED;
	}
	return exit_code;
}

const struct cmd_desc cmd_exec_desc = {
	.name = "exec",
	.summary = "execute new process inside the container",
	.args = "<container-id> <command> [command options]  || -p process.json <container-id>",
	.flags = flags,
	.n_flags = sizeof flags / sizeof flags[0],
	.run = run,
};
