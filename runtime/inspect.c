/* runtime/inspect.c — `pidbox inspect`: who is pid 1 and what that means.
 *
 * The kernel treats a pid namespace's init specially (pid_namespaces(7)): it
 * receives only the signals it has a handler for (KILL and STOP from outside
 * excepted), and every orphan of the namespace becomes its child, to be reaped
 * by it. A workload that was never written to be pid 1 (a shell, a server)
 * therefore ignores `docker stop`'s SIGTERM and accumulates zombies. This report
 * reads the facts from /proc and the cgroup and says so in plain words.
 */
#include "runtime/pid1.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cgroup/cgroup.h"
#include "spec/stats.h"
#include "runtime/state_dir.h"
#include "util/cleanup.h"
#include "util/fs.h"

const char *rt_signal_name(int sig, char buf[16])
{
	const char *abbrev = sig < SIGRTMIN ? sigabbrev_np(sig) : NULL;

	if (abbrev)
		snprintf(buf, 16, "%s", abbrev);
	else if (sig == SIGRTMIN)
		snprintf(buf, 16, "RTMIN");
	else if (sig > SIGRTMIN && sig <= SIGRTMAX)
		snprintf(buf, 16, "RTMIN+%d", sig - SIGRTMIN);
	else
		snprintf(buf, 16, "%d", sig);
	return buf;
}

const char *rt_proc_argv0(const struct ns_proc *p, char *buf, size_t len)
{
	if (!p->cmdline) {
		snprintf(buf, len, "[%s]", p->name);
		return buf;
	}
	snprintf(buf, len, "%.*s", (int)strcspn(p->cmdline, " "), p->cmdline);
	return buf;
}

static bool is_namespace_init(const struct ns_proc *p)
{
	return p->n_nspid > 1 && p->nspid[p->n_nspid - 1] == 1;
}

char *rt_pid1_drop_warning(const struct ns_proc *init, bool pidbox_init, int sig)
{
	char name[16], cmd[256];

	if (pidbox_init || !is_namespace_init(init) || sig == SIGKILL || sig == SIGSTOP || sig <= 0)
		return NULL;
	if (ns_proc_sig_blocked(init, sig) || ns_proc_sig_disp(init, sig) == NS_SIG_HANDLED)
		return NULL;
	rt_signal_name(sig, name);
	rt_proc_argv0(init, cmd, sizeof cmd);
	if (ns_proc_sig_disp(init, sig) == NS_SIG_IGNORED)
		return px_asprintf("pid 1 (%s) ignores SIG%s: the kernel drops it", cmd, name);
	return px_asprintf("pid 1 (%s) has no SIG%s handler: `kill %s` will be ignored (namespace init); "
	                   "use --init or SIGKILL", cmd, name, name);
}

static void add_warning(struct rt_pid1_report *r, char *text)
{
	if (!text)
		return;
	if (r->n_warnings < RT_MAX_WARNINGS)
		r->warnings[r->n_warnings++] = text;
	else
		free(text);
}

static void read_sigs(const struct ns_proc *p, struct rt_sigs *s)
{
	for (int sig = 1; sig <= 64; sig++) {
		s->disp[sig - 1] = ns_proc_sig_disp(p, sig);
		s->blocked[sig - 1] = ns_proc_sig_blocked(p, sig);
	}
}

/* The workload of pidbox's init: its child with the lowest pid in the namespace
 * (pid 2 with a pid namespace of its own; later orphans get higher ones). */
static const struct ns_proc *find_workload(const struct rt_pid1_report *r)
{
	const struct ns_proc *best = NULL;

	for (size_t i = 0; i < r->ps.n; i++) {
		const struct ns_proc *p = &r->ps.procs[i];
		if (p->ppid == r->init->pid && p->state != 'Z' &&
		    (!best || rt_ps_container_pid(&r->ps, p) < rt_ps_container_pid(&r->ps, best)))
			best = p;
	}
	return best;
}

/* Zombies, grouped by the parent that has not reaped them. */
static void zombie_warnings(struct rt_pid1_report *r)
{
	for (size_t i = 0; i < r->ps.n; i++) {
		const struct ns_proc *parent = &r->ps.procs[i];
		char pids[128] = "", cmd[256];
		size_t n = 0, len = 0;

		for (size_t j = 0; j < r->ps.n; j++) {
			const struct ns_proc *z = &r->ps.procs[j];
			if (z->state != 'Z' || z->ppid != parent->pid)
				continue;
			if (n < RT_MAX_ZOMBIES && len < sizeof pids)
				len += (size_t)snprintf(pids + len, sizeof pids - len, "%s%d", n ? ", " : "",
				                        (int)rt_ps_container_pid(&r->ps, z));
			n++;
		}
		if (!n)
			continue;
		r->n_zombies += n;
		rt_proc_argv0(parent, cmd, sizeof cmd);
		add_warning(r, px_asprintf("%zu zombie%s (pid %s%s) wait%s for %s parent, pid %d (%s), to reap %s%s", n,
		                           n > 1 ? "s" : "", pids, n > RT_MAX_ZOMBIES ? ", ..." : "", n > 1 ? "" : "s",
		                           n > 1 ? "their" : "its", (int)rt_ps_container_pid(&r->ps, parent), cmd,
		                           n > 1 ? "them" : "it",
		                           parent == r->init && !r->ps.pidbox_init ? "; pid 1 does not reap: use --init" : ""));
	}
}

static void pid1_warnings(struct rt_pid1_report *r)
{
	static const int checked[] = { SIGTERM, SIGINT, SIGHUP, SIGQUIT };
	const char *who = is_namespace_init(r->init) ? "pid 1" : "the init";

	for (size_t i = 0; i < sizeof checked / sizeof checked[0]; i++)
		add_warning(r, rt_pid1_drop_warning(r->init, r->ps.pidbox_init, checked[i]));
	if (!r->ps.pidbox_init && r->init->state != 'Z' && ns_proc_sig_blocked(r->init, SIGTERM)) {
		char cmd[256];
		add_warning(r, px_asprintf("%s (%s) blocks SIGTERM: it stays pending until unblocked", who,
		                           rt_proc_argv0(r->init, cmd, sizeof cmd)));
	}
	if (r->ps.pidbox_init && !r->workload)
		add_warning(r, px_asprintf("pidbox's init has no workload left: the container is exiting"));
	if (r->workload && (r->workload->state == 'T' || r->workload->state == 't'))
		add_warning(r, px_asprintf("the workload (pid %d) is stopped: `pidbox kill %s CONT` resumes it",
		                           (int)rt_ps_container_pid(&r->ps, r->workload), r->id));
	if (r->init->state == 'T' || r->init->state == 't')
		add_warning(r, px_asprintf("%s is stopped: `pidbox kill %s CONT` resumes it", who, r->id));
}

static void read_namespaces(struct rt_pid1_report *r)
{
	struct ns_proc_ns mine[NS_PROC_N_NS];
	struct px_error ignored;

	if (ns_proc_namespaces(r->init->pid, r->ns, &ignored) < 0)
		return;
	if (ns_proc_namespaces(getpid(), mine, &ignored) < 0)
		return;
	for (int i = 0; i < NS_PROC_N_NS; i++)
		r->ns_is_hosts[i] = r->ns[i].ino && r->ns[i].ino == mine[i].ino;
}

static void read_cpu(struct rt_pid1_report *r)
{
	struct cg_handle *cg = NULL;
	struct spec_stats st;
	struct px_error ignored;

	if (!r->cgroup_path || cg_open(r->cgroup_path, &cg, &ignored) < 0)
		return;
	if (cg_stats(cg, &st, &ignored) == 0) {
		r->has_cpu = st.has_throttling;
		r->nr_periods = st.nr_periods;
		r->nr_throttled = st.nr_throttled;
		r->throttled_usec = st.throttled_time / 1000;
		spec_stats_free(&st);
	}
	cg_close(cg);
}

int rt_inspect(const struct rt_global *g, const char *id, struct rt_pid1_report *r, struct px_error *err)
{
	struct rt_container ct;

	memset(r, 0, sizeof *r);
	if (rt_container_load(g, id, false, &ct, err) < 0)
		return -1;
	r->id = px_xstrdup(id);
	r->status = px_xstrdup(ct.st.status);
	r->cgroup_path = ct.st.cgroup_path ? px_xstrdup(ct.st.cgroup_path) : NULL;
	if (rt_ps_from(&ct, &r->ps, err) < 0) {
		rt_container_release(&ct);
		rt_inspect_free(r);
		return -1;
	}
	rt_container_release(&ct);
	read_cpu(r);
	r->init = r->ps.init_pid ? rt_ps_find(&r->ps, r->ps.init_pid) : NULL;
	if (!r->init)
		return 0; /* stopped: nothing more to say */
	r->init_ns_pid = rt_ps_container_pid(&r->ps, r->init);
	read_sigs(r->init, &r->init_sigs);
	if (r->ps.pidbox_init && (r->workload = find_workload(r)))
		read_sigs(r->workload, &r->workload_sigs);
	read_namespaces(r);
	pid1_warnings(r);
	zombie_warnings(r);
	return 0;
}

void rt_inspect_free(struct rt_pid1_report *r)
{
	rt_ps_free(&r->ps);
	free(r->id);
	free(r->status);
	free(r->cgroup_path);
	for (int i = 0; i < r->n_warnings; i++)
		free(r->warnings[i]);
	memset(r, 0, sizeof *r);
}
