/* cmd/inspect.c — `pidbox inspect [--format table|json] <container-id>` (alias
 * `pid1`): the pid-1 report of runtime/inspect.c — who is pid 1, its signal
 * dispositions, zombies, namespaces, cgroup and cpu throttling, and warnings in
 * plain words. */
#include "cmd/cmd.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "runtime/pid1.h"
#include "spec/json_gen.h"
#include "util/cleanup.h"

static const char *format = "table";

static const struct cmd_flag flags[] = {
	{ "format", "f", CMD_FLAG_STRING, &format, "select one of: table or json (default: \"table\")" },
};

/* "TERM INT" for the signals of one kind (0 handled, 1 ignored, 2 blocked), or "-". */
/* Every signal a process can block: not KILL and STOP, and glibc's sigfillset()
 * leaves out the two realtime signals its threads use internally (32, 33). */
static bool all_signals(const bool in[65])
{
	for (int sig = 1; sig <= 64; sig++)
		if (!in[sig] && sig != SIGKILL && sig != SIGSTOP && sig != 32 && sig != 33)
			return false;
	return true;
}

static void print_sig_set(const struct rt_sigs *s, int kind)
{
	char name[16];
	int n = 0;
	bool in[65] = { false };

	for (int sig = 1; sig <= 64; sig++) {
		in[sig] = kind == 0 ? s->disp[sig - 1] == NS_SIG_HANDLED
		        : kind == 1 ? s->disp[sig - 1] == NS_SIG_IGNORED
		                    : s->blocked[sig - 1];
		n += in[sig];
	}
	if (n >= 60 && all_signals(in)) { /* what pidbox's init shows */
		printf("all");
		return;
	}
	for (int sig = 1, first = 1; sig <= 64; sig++) {
		if (!in[sig])
			continue;
		printf("%s%s", first ? "" : " ", rt_signal_name(sig, name));
		first = 0;
	}
	if (!n)
		printf("-");
}

static void print_sigs(const char *label, const struct rt_sigs *s)
{
	static const char *const kinds[] = { "handled", "ignored", "blocked" };

	for (int k = 0; k < 3; k++) {
		printf("%-12s %-9s", k == 0 ? label : "", kinds[k]);
		print_sig_set(s, k);
		printf("\n");
	}
}

static void print_proc_line(const char *label, const struct rt_pid1_report *r, const struct ns_proc *p)
{
	printf("%-12s pid %d in the container, host pid %d, state %c: %s\n", label,
	       (int)rt_ps_container_pid(&r->ps, p), (int)p->pid, p->state, p->cmdline ? p->cmdline : p->name);
}

static void print_table(const struct rt_pid1_report *r)
{
	printf("%-12s %s (%s)\n", "container", r->id, r->status);
	if (!r->init) {
		printf("%-12s none: the container is not running\n", "pid 1");
		return;
	}
	print_proc_line(r->init_ns_pid == 1 ? "pid 1" : "init", r, r->init);
	if (r->ps.pidbox_init) {
		printf("%-12s pidbox's (--init): reaps every orphan, forwards signals to the workload\n", "init");
		if (r->workload)
			print_proc_line("workload", r, r->workload);
	} else if (r->init_ns_pid == 1) {
		printf("%-12s the workload itself: it must handle signals and reap orphans on its own\n", "init");
	} else {
		printf("%-12s the workload, not pid 1 (no pid namespace of its own)\n", "init");
	}
	printf("%-12s", "namespaces");
	for (int i = 0; i < NS_PROC_N_NS; i++)
		if (r->ns[i].ino)
			printf(" %s:%llu%s", r->ns[i].type, (unsigned long long)r->ns[i].ino, r->ns_is_hosts[i] ? "(host)" : "");
	printf("\n%-12s %s\n", "cgroup", r->cgroup_path ? r->cgroup_path : "-");
	if (r->has_cpu)
		printf("%-12s throttled in %llu of %llu periods, %llu.%03llu ms in all\n", "cpu", r->nr_throttled,
		       r->nr_periods, r->throttled_usec / 1000, r->throttled_usec % 1000);
	else
		printf("%-12s no throttling figures (no cpu controller for this cgroup)\n", "cpu");
	printf("%-12s %zu (%zu zombie%s)\n", "processes", r->ps.n, r->n_zombies, r->n_zombies == 1 ? "" : "s");
	print_sigs(r->init_ns_pid == 1 ? "pid 1 sigs" : "init sigs", &r->init_sigs);
	if (r->workload)
		print_sigs("workload", &r->workload_sigs);
	if (r->n_warnings) {
		printf("\nwarnings:\n");
		for (int i = 0; i < r->n_warnings; i++)
			printf("  - %s\n", r->warnings[i]);
	}
}

static void gen_sigs(yajl_gen g, const char *key, const struct rt_sigs *s)
{
	static const char *const sets[] = { "handled", "ignored", "blocked" };
	char name[16];

	spec_gen_kmap(g, key);
	for (int k = 0; k < 3; k++) {
		spec_gen_karray(g, sets[k]);
		for (int sig = 1; sig <= 64; sig++) {
			bool in = k == 0 ? s->disp[sig - 1] == NS_SIG_HANDLED
			        : k == 1 ? s->disp[sig - 1] == NS_SIG_IGNORED
			                 : s->blocked[sig - 1];
			if (in)
				spec_gen_str(g, rt_signal_name(sig, name));
		}
		yajl_gen_array_close(g);
	}
	yajl_gen_map_close(g);
}

static void gen_proc(yajl_gen g, const char *key, const struct rt_pid1_report *r, const struct ns_proc *p,
                     const struct rt_sigs *s)
{
	char state[2] = { p->state, 0 };

	spec_gen_kmap(g, key);
	spec_gen_kint(g, "pid", p->pid);
	spec_gen_kint(g, "containerPid", rt_ps_container_pid(&r->ps, p));
	spec_gen_kstr(g, "state", state);
	spec_gen_kstr(g, "command", p->cmdline ? p->cmdline : p->name);
	gen_sigs(g, "signals", s);
	yajl_gen_map_close(g);
}

static void print_json(const struct rt_pid1_report *r)
{
	yajl_gen g = spec_gen_new("  ");
	_cleanup_free_ char *text = NULL;

	yajl_gen_map_open(g);
	spec_gen_kstr(g, "id", r->id);
	spec_gen_kstr(g, "status", r->status);
	spec_gen_kstr(g, "init", !r->init ? "none" : r->ps.pidbox_init ? "pidbox" : "workload");
	if (r->init) {
		gen_proc(g, "pid1", r, r->init, &r->init_sigs);
		if (r->workload)
			gen_proc(g, "workload", r, r->workload, &r->workload_sigs);
		spec_gen_kmap(g, "namespaces");
		for (int i = 0; i < NS_PROC_N_NS; i++)
			if (r->ns[i].ino)
				spec_gen_kuint(g, r->ns[i].type, r->ns[i].ino);
		yajl_gen_map_close(g);
		spec_gen_karray(g, "hostNamespaces");
		for (int i = 0; i < NS_PROC_N_NS; i++)
			if (r->ns_is_hosts[i])
				spec_gen_str(g, r->ns[i].type);
		yajl_gen_array_close(g);
	}
	spec_gen_kmap(g, "cgroup");
	spec_gen_kstr(g, "path", r->cgroup_path);
	if (r->has_cpu) {
		spec_gen_kmap(g, "cpu");
		spec_gen_kuint(g, "nrPeriods", r->nr_periods);
		spec_gen_kuint(g, "nrThrottled", r->nr_throttled);
		spec_gen_kuint(g, "throttledUsec", r->throttled_usec);
		yajl_gen_map_close(g);
	}
	yajl_gen_map_close(g);
	spec_gen_kuint(g, "processes", r->ps.n);
	spec_gen_kuint(g, "zombies", r->n_zombies);
	spec_gen_karray(g, "warnings");
	for (int i = 0; i < r->n_warnings; i++)
		spec_gen_str(g, r->warnings[i]);
	yajl_gen_array_close(g);
	yajl_gen_map_close(g);
	text = spec_gen_finish(g);
	fputs(text, stdout);
}

static int run(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct px_error err = { 0 };
	struct rt_pid1_report r;
	int npos, rc;

	if (cmd_parse_args(ctx, &cmd_inspect_desc, argc, argv, 1, 1, &npos, &rc) < 0)
		return rc;
	if (cmd_check_id(argv[0], &err) < 0)
		return cmd_fail(ctx, argv[0], &err);
	if (strcmp(format, "table") != 0 && strcmp(format, "json") != 0) {
		px_err(&err, 0, "invalid format option \"%s\" (table or json)", format);
		return cmd_fail(ctx, argv[0], &err);
	}
	if (rt_inspect(&ctx->g, argv[0], &r, &err) < 0)
		return cmd_fail(ctx, argv[0], &err);
	if (strcmp(format, "json") == 0)
		print_json(&r);
	else
		print_table(&r);
	rt_inspect_free(&r);
	if (fflush(stdout) != 0) {
		px_err(&err, errno, "write");
		return cmd_fail(ctx, argv[0], &err);
	}
	return 0;
}

const struct cmd_desc cmd_inspect_desc = {
	.name = "inspect",
	.summary = "explain the container's pid 1: signals it ignores, zombies, namespaces, cgroup",
	.args = "<container-id>",
	.flags = flags,
	.n_flags = sizeof flags / sizeof flags[0],
	.run = run,
};

/* `pidbox pid1 ID`: the same report under the name of what it is about. */
const struct cmd_desc cmd_pid1_desc = {
	.name = "pid1",
	.summary = "alias of inspect",
	.args = "<container-id>",
	.flags = flags,
	.n_flags = sizeof flags / sizeof flags[0],
	.run = run,
};
