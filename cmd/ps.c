/* cmd/ps.c — `pidbox ps [--format table|json] [--tree] <container-id> [ps options]`.
 *
 * Without --tree it is runc's ps: the table is the host's `ps` (default -ef)
 * filtered to the container's processes, json the array of their host pids (what
 * containerd's shim reads). --tree shows the processes as a tree with their host
 * pid, their pid inside the container, state and command, zombies marked.
 * As in runc, everything after the id goes to ps(1), so flags come first, and
 * ps options are ignored with --format json.
 */
#include "cmd/cmd.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/pid1.h"
#include "spec/json_gen.h"
#include "util/cleanup.h"
#include "util/fs.h"

static const char *format = "table";
static bool tree;

static const struct cmd_flag flags[] = {
	{ "format", "f", CMD_FLAG_STRING, &format, "select one of: table or json (default: \"table\")" },
	{ "tree", "t", CMD_FLAG_BOOL, &tree,
	  "show the processes as a tree: host pid, pid in the container, state, command" },
};


static size_t parent_index(const struct rt_ps *ps, size_t i)
{
	const struct ns_proc *p = &ps->procs[i];
	const struct ns_proc *pp = p->ppid > 0 ? rt_ps_find(ps, p->ppid) : NULL;
	/* the init is the root even when its parent (the monitor) is in the cgroup */
	if (!pp || p->pid == ps->init_pid)
		return SIZE_MAX;
	return (size_t)(pp - ps->procs);
}

static const char *command_of(const struct ns_proc *p, char *buf, size_t len)
{
	if (p->cmdline)
		return p->cmdline;
	snprintf(buf, len, "[%s]", p->name); /* a zombie has no arguments left */
	return buf;
}

static void print_node(const struct rt_ps *ps, const size_t *parent, size_t i, int depth)
{
	const struct ns_proc *p = &ps->procs[i];
	char pid[16], buf[80];

	snprintf(pid, sizeof pid, "%d", (int)rt_ps_container_pid(ps, p));
	printf("%-10d %-8s %-6c %*s%s%s%s\n", (int)p->pid, pid, p->state, depth * 3, "", depth ? "\\_ " : "",
	       command_of(p, buf, sizeof buf), p->state == 'Z' ? " <defunct>" : "");
	for (size_t c = 0; c < ps->n; c++)
		if (parent[c] == i)
			print_node(ps, parent, c, depth + 1);
}

static void gen_node(yajl_gen g, const struct rt_ps *ps, const size_t *parent, size_t i)
{
	const struct ns_proc *p = &ps->procs[i];
	char buf[80], state[2] = { p->state, 0 };

	yajl_gen_map_open(g);
	spec_gen_kint(g, "pid", p->pid);
	spec_gen_kint(g, "containerPid", rt_ps_container_pid(ps, p));
	spec_gen_karray(g, "nspid");
	for (int l = 0; l < p->n_nspid; l++)
		yajl_gen_integer(g, p->nspid[l]);
	yajl_gen_array_close(g);
	spec_gen_kint(g, "ppid", p->ppid);
	spec_gen_kstr(g, "state", state);
	spec_gen_kbool(g, "zombie", p->state == 'Z');
	spec_gen_kint(g, "uid", p->uid);
	spec_gen_kstr(g, "command", command_of(p, buf, sizeof buf));
	spec_gen_karray(g, "children");
	for (size_t c = 0; c < ps->n; c++)
		if (parent[c] == i)
			gen_node(g, ps, parent, c);
	yajl_gen_array_close(g);
	yajl_gen_map_close(g);
}

static void print_tree(const struct rt_ps *ps, bool json)
{
	_cleanup_free_ size_t *parent = px_xcalloc(ps->n ? ps->n : 1, sizeof *parent);
	yajl_gen g = NULL;

	for (size_t i = 0; i < ps->n; i++)
		parent[i] = parent_index(ps, i);
	if (json) {
		g = spec_gen_new("  ");
		yajl_gen_array_open(g);
	} else {
		printf("%-10s %-8s %-6s %s\n", "HOST PID", "PID", "STATE", "COMMAND");
	}
	for (size_t i = 0; i < ps->n; i++) {
		if (parent[i] != SIZE_MAX)
			continue;
		if (json)
			gen_node(g, ps, parent, i);
		else
			print_node(ps, parent, i, 0);
	}
	if (json) {
		_cleanup_free_ char *text = NULL;
		yajl_gen_array_close(g);
		text = spec_gen_finish(g);
		fputs(text, stdout);
	}
}

/* runc encodes a Go []int: "null" when there is none. */
static void print_pids_json(const struct rt_ps *ps)
{
	if (!ps->n) {
		printf("null\n");
		return;
	}
	putchar('[');
	for (size_t i = 0; i < ps->n; i++)
		printf("%s%d", i ? "," : "", (int)ps->procs[i].pid);
	printf("]\n");
}

static int run(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct px_error err = { 0 };
	struct rt_ps ps;
	bool json;
	int npos = 0, rc = 0;

	ctx->command = cmd_ps_desc.name;
	switch (cmd_parse_flags(flags, sizeof flags / sizeof flags[0], true, argc, argv, &npos, &err)) {
	case CMD_PARSE_HELP:
		cmd_print_help(&cmd_ps_desc);
		return 0;
	case CMD_PARSE_ERROR:
		return cmd_usage_error(ctx, "%s", err.msg);
	case CMD_PARSE_OK:
		break;
	}
	if (npos < 1)
		return cmd_usage_error(ctx, "\"ps\" requires a minimum of 1 argument");
	if (cmd_check_id(argv[0], &err) < 0)
		return cmd_fail(ctx, argv[0], &err);
	json = strcmp(format, "json") == 0;
	if (!json && strcmp(format, "table") != 0) {
		px_err(&err, 0, "invalid format option \"%s\" (table or json)", format);
		return cmd_fail(ctx, argv[0], &err);
	}
	if (rt_ps_collect(&ctx->g, argv[0], &ps, &err) < 0)
		return cmd_fail(ctx, argv[0], &err);
	if (tree)
		print_tree(&ps, json);
	else if (json)
		print_pids_json(&ps);
	else if (rt_ps_run_ps(argv + 1, npos - 1, &ps, stdout, &err) < 0)
		rc = cmd_fail(ctx, argv[0], &err);
	rt_ps_free(&ps);
	if (rc == 0 && fflush(stdout) != 0) {
		px_err(&err, errno, "write");
		rc = cmd_fail(ctx, argv[0], &err);
	}
	return rc;
}

const struct cmd_desc cmd_ps_desc = {
	.name = "ps",
	.summary = "ps displays the processes running inside a container",
	.args = "<container-id> [ps options]",
	.flags = flags,
	.n_flags = sizeof flags / sizeof flags[0],
	.run = run,
};
