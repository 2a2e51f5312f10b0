/* runtime/ps.c — a container's processes: from its cgroup, described by /proc.
 *
 * The cgroup is the container's membership list (it also holds processes that
 * left its pid namespace's tree, e.g. a double-forked daemon without a pid
 * namespace); /proc/<pid>/status says the rest. Processes exiting while we read
 * are simply left out.
 */
#include "runtime/pid1.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cgroup/cgroup.h"
#include "runtime/container_cgroup.h"
#include "runtime/state_dir.h"
#include "util/cleanup.h"
#include "util/fs.h"

static int by_pid(const void *a, const void *b)
{
	const struct ns_proc *x = a, *y = b;
	return (x->pid > y->pid) - (x->pid < y->pid);
}

static bool seen(const struct rt_ps *ps, pid_t pid)
{
	for (size_t i = 0; i < ps->n; i++)
		if (ps->procs[i].pid == pid)
			return true;
	return false;
}

static int read_procs(const struct rt_container *ct, struct rt_ps *out, struct px_error *err)
{
	struct cg_handle *cg = NULL;
	_cleanup_free_ pid_t *pids = NULL;
	size_t n = 0;

	/* the container's processes: not another container's nested below its cgroup */
	if (rt_container_cgroup(ct, &cg, err) < 0 || rt_container_pids(ct, cg, &pids, &n, err) < 0) {
		cg_close(cg);
		return -1;
	}
	cg_close(cg);
	/* A process leaves its cgroup when it exits: its zombie is found through its
	 * parent's children lists. i runs over the list as it grows (grandchildren of
	 * zombies cannot exist, so one pass reaches them all). */
	for (size_t i = 0; i < n; i++) {
		struct ns_proc p;
		if (ns_proc_read(pids[i], &p, NULL) < 0 || seen(out, pids[i]))
			continue;
		out->procs = px_xrealloc(out->procs, (out->n + 1) * sizeof *out->procs);
		out->procs[out->n++] = p;
		ns_proc_children(pids[i], &pids, &n);
	}
	/* a stopped container has none, and procs is then NULL, which qsort may not
	 * be given even for 0 elements (UBSan found it) */
	if (out->n > 1)
		qsort(out->procs, out->n, sizeof *out->procs, by_pid);
	return 0;
}

int rt_ps_from(struct rt_container *ct, struct rt_ps *out, struct px_error *err)
{
	memset(out, 0, sizeof *out);
	out->pidbox_init = ct->st.use_init;
	if (strcmp(ct->st.status, "stopped") && strcmp(ct->st.status, "creating"))
		out->init_pid = ct->st.pid;
	if (ct->st.cgroup_path && read_procs(ct, out, err) < 0) {
		rt_ps_free(out);
		return px_err_prefix(err, "processes");
	}
	if (out->init_pid) {
		/* The container's pid namespace is the init's innermost one; without a
		 * pid namespace of its own that is ours, level 0 (or one we joined). */
		const struct ns_proc *init = rt_ps_find(out, out->init_pid);
		out->level = init ? init->n_nspid - 1 : 0;
	}
	return 0;
}

int rt_ps_collect(const struct rt_global *g, const char *id, struct rt_ps *out, struct px_error *err)
{
	struct rt_container ct;
	int rc;

	memset(out, 0, sizeof *out);
	if (rt_container_load(g, id, false, &ct, err) < 0)
		return -1;
	rc = rt_ps_from(&ct, out, err);
	rt_container_release(&ct);
	return rc;
}

void rt_ps_free(struct rt_ps *ps)
{
	for (size_t i = 0; i < ps->n; i++)
		ns_proc_free(&ps->procs[i]);
	free(ps->procs);
	memset(ps, 0, sizeof *ps);
}

pid_t rt_ps_container_pid(const struct rt_ps *ps, const struct ns_proc *p)
{
	return ns_proc_pid_at(p, ps->level);
}

const struct ns_proc *rt_ps_find(const struct rt_ps *ps, pid_t pid)
{
	struct ns_proc key = { .pid = pid };
	return ps->n ? bsearch(&key, ps->procs, ps->n, sizeof *ps->procs, by_pid) : NULL;
}

/* ps(1)'s output, read whole from a pipe. */
static int capture_ps(char *const *args, int n_args, char **text, struct px_error *err)
{
	int fds[2];
	pid_t pid;
	int status;
	char **argv = px_xcalloc((size_t)n_args + 3, sizeof *argv);
	int rc;

	argv[0] = "ps";
	if (n_args == 0)
		argv[1] = "-ef";
	for (int i = 0; i < n_args; i++)
		argv[1 + i] = args[i];
	if (pipe2(fds, O_CLOEXEC) < 0) {
		free(argv);
		return px_err(err, errno, "pipe");
	}
	pid = fork();
	if (pid == 0) {
		dup2(fds[1], 1);
		dup2(fds[1], 2); /* runc shows ps's complaints in its output too */
		execvp("ps", argv);
		dprintf(2, "exec ps: %s\n", strerror(errno));
		_exit(127);
	}
	free(argv);
	close(fds[1]);
	if (pid < 0) {
		close(fds[0]);
		return px_err(err, errno, "fork");
	}
	rc = px_read_fd(fds[0], "ps output", text, NULL, err);
	close(fds[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (rc < 0)
		return -1;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return px_err_plain(err, 0, "ps failed: %s", *text);
	return 0;
}

/* Index of the "PID" word in ps's header line, or -1. */
static int pid_column(const char *header)
{
	int col = 0;
	const char *p = header;

	while (*p) {
		size_t len;
		p += strspn(p, " \t");
		len = strcspn(p, " \t\n");
		if (!len)
			break;
		if (len == 3 && !strncmp(p, "PID", 3))
			return col;
		col++;
		p += len;
	}
	return -1;
}

static pid_t field_pid(const char *line, int col)
{
	const char *p = line;
	for (int i = 0; *p; i++) {
		size_t len;
		p += strspn(p, " \t");
		len = strcspn(p, " \t\n");
		if (!len)
			break;
		if (i == col)
			return (pid_t)strtol(p, NULL, 10);
		p += len;
	}
	return -1;
}

int rt_ps_run_ps(char *const *args, int n_args, const struct rt_ps *ps, FILE *out, struct px_error *err)
{
	_cleanup_free_ char *text = NULL;
	char *line, *save = NULL;
	int col;

	if (capture_ps(args, n_args, &text, err) < 0)
		return -1;
	line = strtok_r(text, "\n", &save);
	if (!line || (col = pid_column(line)) < 0)
		return px_err_plain(err, 0, "couldn't find PID field in ps output");
	fprintf(out, "%s\n", line);
	while ((line = strtok_r(NULL, "\n", &save))) {
		pid_t pid = field_pid(line, col);
		if (pid > 0 && rt_ps_find(ps, pid))
			fprintf(out, "%s\n", line);
	}
	return 0;
}
