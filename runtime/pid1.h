/* runtime/pid1.h — looking into a container's processes: `ps` and `inspect`.
 *
 * rt_ps_collect() lists every process of a container (from its cgroup) with what
 * /proc says about each (ns/procinfo.h), and the level of the container's pid
 * namespace so each process's pid inside the container is known. rt_ps_run_ps()
 * is runc's `ps` table: the host's ps(1) filtered to the container's pids.
 * rt_inspect() builds the pid-1 report of `pidbox inspect` (runtime/inspect.c).
 */
#ifndef PX_RUNTIME_PID1_H
#define PX_RUNTIME_PID1_H

#include <stdbool.h>
#include <stdio.h>

#include "ns/procinfo.h"
#include "runtime/runtime.h"

struct rt_ps {
	struct ns_proc *procs; /* sorted by host pid */
	size_t n;
	int level;             /* NSpid level of the container's pid namespace (0: the host's) */
	pid_t init_pid;        /* host pid of the container's init, 0 when stopped */
	bool pidbox_init;      /* the init is pidbox's own (--init) */
};

/* A stopped container gives an empty list, not an error. */
int rt_ps_collect(const struct rt_global *g, const char *id, struct rt_ps *out, struct px_error *err);
void rt_ps_free(struct rt_ps *ps);
struct rt_container;
int rt_ps_from(struct rt_container *ct, struct rt_ps *out, struct px_error *err);
/* The process's pid inside the container's pid namespace. */
pid_t rt_ps_container_pid(const struct rt_ps *ps, const struct ns_proc *p);
/* The entry for host pid, or NULL. */
const struct ns_proc *rt_ps_find(const struct rt_ps *ps, pid_t pid);

/* Run `ps ARGS...` (default -ef) and print to out its header and the lines whose
 * PID column is one of pids, as runc does. */
int rt_ps_run_ps(char *const *args, int n_args, const struct rt_ps *ps, FILE *out, struct px_error *err);

/* ---- inspect ---------------------------------------------------------------- */

#define RT_MAX_WARNINGS 16
#define RT_MAX_ZOMBIES 5 /* listed one by one; beyond, counted */

/* One process's signal dispositions, signals 1..64 (index sig - 1). */
struct rt_sigs {
	enum ns_sig_disp disp[64];
	bool blocked[64];
};

struct rt_pid1_report {
	struct rt_ps ps;
	char *id, *status, *cgroup_path;
	const struct ns_proc *init;     /* NULL when stopped */
	const struct ns_proc *workload; /* with pidbox's init: the process it started */
	pid_t init_ns_pid;              /* the init's pid in its namespace (1 with its own) */
	struct rt_sigs init_sigs, workload_sigs;
	struct ns_proc_ns ns[NS_PROC_N_NS];
	bool ns_is_hosts[NS_PROC_N_NS]; /* the same namespace as pidbox's own */
	size_t n_zombies;
	bool has_cpu;                   /* cpu.stat throttling figures were readable */
	unsigned long long nr_periods, nr_throttled, throttled_usec;
	char *warnings[RT_MAX_WARNINGS];
	int n_warnings;
};

int rt_inspect(const struct rt_global *g, const char *id, struct rt_pid1_report *out, struct px_error *err);
void rt_inspect_free(struct rt_pid1_report *r);

/* "TERM", "RTMIN+3"... into buf. */
const char *rt_signal_name(int sig, char buf[16]);
/* argv[0] of a process (its name in brackets when it has no cmdline), into buf. */
const char *rt_proc_argv0(const struct ns_proc *p, char *buf, size_t len);

/* Would the kernel drop sig sent to this init? (pid 1 of its namespace, not
 * pidbox's init, default or ignored disposition, not blocked; KILL and STOP
 * always get through.) Then a warning text (malloc'd), else NULL. */
char *rt_pid1_drop_warning(const struct ns_proc *init, bool pidbox_init, int sig);

#endif
