/* cmd/cmd.h — pidbox's command line, shaped like runc's (urfave/cli).
 *
 * main.c parses the global flags, picks a command from its table and calls its
 * cmd_<name>() with the arguments after the command name. A command parses its
 * own flags with cmd_parse_flags(), calls one runtime/ entry point, prints, and
 * returns the process exit code. Errors are printed once, here, never below.
 */
#ifndef PX_CMD_CMD_H
#define PX_CMD_CMD_H

#include <stdbool.h>
#include <stddef.h>

#include "runtime/runtime.h"
#include "util/error.h"

#define PIDBOX_VERSION "0.1.0"

/* Exit codes as runc's: usage and runtime errors 1, an unknown command 3. */
#define CMD_EXIT_FAILURE 1
#define CMD_EXIT_NO_COMMAND 3

/* Longest container id accepted; the id names a directory under --root. */
#define CMD_ID_MAX 1024

struct cmd_ctx {
	struct rt_global g;
	const char *command;  /* "create", ... for messages */
	const char *rootless; /* --rootless auto|true|false, resolved into g.rootless */
};

/* ---- flags.c ---------------------------------------------------------------- */

enum cmd_flag_type { CMD_FLAG_BOOL, CMD_FLAG_STRING, CMD_FLAG_INT, CMD_FLAG_STRINGS };

/* The destination of a CMD_FLAG_STRINGS flag: every use appends (-e A -e B). */
struct cmd_strings {
	const char **v;
	size_t n;
};

/* One flag. Like urfave/cli, every name works with one or two dashes (-bundle,
 * --bundle, -b, --b), values come as "--f v" or "--f=v", bools take an optional
 * "=true|false". */
struct cmd_flag {
	const char *name;  /* long name, without dashes */
	const char *alias; /* short name or NULL */
	enum cmd_flag_type type;
	void *dest;        /* bool *, const char **, int *, struct cmd_strings * */
	const char *usage; /* one line for --help */
};

/* A command's description for --help and error messages. */
struct cmd_desc {
	const char *name;
	const char *summary; /* one line, for `pidbox --help` */
	const char *args;    /* "<container-id>" etc. */
	const struct cmd_flag *flags;
	size_t n_flags;
	int (*run)(struct cmd_ctx *ctx, int argc, char **argv);
};

/* Result of cmd_parse_flags(). */
enum cmd_parse { CMD_PARSE_OK, CMD_PARSE_HELP, CMD_PARSE_ERROR };

/* Parse argv[0..argc) against flags. Positional arguments are moved, in order, to
 * the front of argv and counted in *npos; flags may come before or after them
 * (urfave/cli reorders), "--" ends the flags. When stop_at_positional, parsing
 * stops at the first positional (global flags end at the command name) and *npos
 * counts everything from there. --help/-h gives CMD_PARSE_HELP. On error err says
 * which flag and why (Go's flag package texts). */
enum cmd_parse cmd_parse_flags(const struct cmd_flag *flags, size_t n_flags, bool stop_at_positional,
                               int argc, char **argv, int *npos, struct px_error *err);

/* Parse flags and check the positional count (min..max, max < 0: any) for cmd.
 * Prints help or the usage error itself. Returns -1 when the caller should return
 * *exit_code (0 after --help, 1 after an error), else 0. */
int cmd_parse_args(struct cmd_ctx *ctx, const struct cmd_desc *cmd, int argc, char **argv,
                   int min_args, int max_args, int *npos, int *exit_code);

/* Print a command's --help to stdout. */
void cmd_print_help(const struct cmd_desc *cmd);

/* Container ids name directories under --root: non-empty, [A-Za-z0-9_+.-] only,
 * not "." or "..", at most CMD_ID_MAX bytes. */
int cmd_check_id(const char *id, struct px_error *err);

/* Print "pidbox: <command> <id>: <msg>" on stderr, log it when --log is a file,
 * and return CMD_EXIT_FAILURE. id may be NULL; so may ctx->command, before a
 * command is chosen ("pidbox: <msg>"). */
int cmd_fail(const struct cmd_ctx *ctx, const char *id, const struct px_error *err);

/* Like cmd_fail() for a usage mistake, with a hint towards --help. */
int cmd_usage_error(const struct cmd_ctx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* ---- signals.c -------------------------------------------------------------- */

/* "TERM", "SIGTERM", "sigterm", "15", "RTMIN+3", "RTMAX-1" → signal number
 * (0..64). Returns 0, or -1 for an unknown name or a number out of range. */
int cmd_parse_signal(const char *s, int *sig);

/* ---- create.c: shared by create and run ----------------------------------- */

/* The flags create and run share, filling a struct rt_create_opts. */
#define CMD_CREATE_FLAGS(o)                                                                   \
	{ "bundle", "b", CMD_FLAG_STRING, &(o).bundle,                                        \
	  "path to the root of the bundle directory, defaults to the current directory" },     \
	{ "console-socket", NULL, CMD_FLAG_STRING, &(o).console_socket,                       \
	  "path to an AF_UNIX socket which will receive the master end of the console's pty" }, \
	{ "pid-file", NULL, CMD_FLAG_STRING, &(o).pid_file,                                   \
	  "specify the file to write the process id to" },                                     \
	{ "pidfd-socket", NULL, CMD_FLAG_STRING, &(o).pidfd_socket,                           \
	  "path to an AF_UNIX socket which will receive the pidfd of the container's process" }, \
	{ "no-pivot", NULL, CMD_FLAG_BOOL, &(o).no_pivot,                                     \
	  "do not use pivot root to jail process inside rootfs (for a rootfs on a ramdisk)" }, \
	{ "no-new-keyring", NULL, CMD_FLAG_BOOL, &(o).no_new_keyring,                         \
	  "do not create a new session keyring; the container inherits the caller's" },        \
	{ "preserve-fds", NULL, CMD_FLAG_INT, &(o).preserve_fds,                              \
	  "pass N additional file descriptors to the container (stdio + N in total)" },        \
	{ "init", NULL, CMD_FLAG_BOOL, &(o).init,                                             \
	  "run pidbox's own init as pid 1: it reaps orphans and forwards signals to the process" }, \
	{ "init-group", NULL, CMD_FLAG_BOOL, &(o).init_group,                                 \
	  "like --init, forwarding signals to the process's whole process group" }

/* Check the id and the options create and run share; prints the error. Returns
 * 0 or an exit code. */
int cmd_check_create(const struct cmd_ctx *ctx, const struct rt_create_opts *o);

/* ---- the commands ---------------------------------------------------------- */

extern const struct cmd_desc cmd_create_desc, cmd_start_desc, cmd_run_desc, cmd_state_desc,
	cmd_kill_desc, cmd_delete_desc, cmd_list_desc, cmd_spec_desc;
extern const struct cmd_desc cmd_ps_desc, cmd_inspect_desc, cmd_pid1_desc;
extern const struct cmd_desc cmd_pause_desc, cmd_resume_desc, cmd_update_desc, cmd_events_desc;
extern const struct cmd_desc cmd_exec_desc, cmd_features_desc;

#endif
