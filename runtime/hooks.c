/* runtime/hooks.c — running OCI hooks (see hooks.h). */
#include "runtime/hooks.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/close_range.h>
#include <stdint.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "util/cleanup.h"
#include "util/fs.h"
#include "util/log.h"
#include "util/proc.h"
#include "util/sig.h"

#define HOOK_OUTPUT_MAX 4096 /* what we keep of a hook's stdout+stderr */
#define HOOK_QUOTE_MAX 240   /* what an error message quotes of it */

/* One hook's invocation. */
struct hook_run {
	const struct spec_hook *hook;
	int state_fd;             /* memfd with the state JSON, the hook's stdin */
	int exe_fd;               /* O_PATH of the hook, resolved before joining namespaces; -1 */
	int ns_pidfd;             /* -1: stay in the caller's namespaces */
	unsigned long ns_flags;   /* namespaces to join through ns_pidfd */
	const char *cwd;          /* where to chdir once in them, NULL: stay */
	char *const *env;         /* the env of a hook without one */
	char output[HOOK_OUTPUT_MAX];
	size_t output_len;
};

static unsigned long container_ns_flags(const struct spec_config *c)
{
	unsigned long flags = 0;

	for (size_t i = 0; i < c->linux_.n_namespaces; i++)
		flags |= c->linux_.namespaces[i].type;
	return flags;
}

__attribute__((noreturn)) static void exec_hook(const struct hook_run *r)
{
	const struct spec_hook *h = r->hook;
	char *default_argv[] = { h->path, NULL };
	char *const *argv = h->n_args ? h->args : default_argv;
	/* No env at all: the caller's own, as runc (Go's exec with a nil Env): the
	 * runtime's, or process.env in the container's init; an empty list is an
	 * empty environment. */
	char *const *envp = h->env ? h->env : r->env;

	if (r->exe_fd >= 0) {
		/* a script is run by its interpreter through /proc/self/fd/N: the fd must
		 * survive the exec */
		fcntl(r->exe_fd, F_SETFD, 0);
		syscall(SYS_execveat, r->exe_fd, "", argv, envp, AT_EMPTY_PATH);
	} else {
		execve(h->path, argv, envp);
	}
	fprintf(stderr, "exec %s: %s\n", h->path, strerror(errno));
	_exit(127);
}

/* In the hook's process: join the container's namespaces. A new pid namespace
 * only applies to children, so fork once more and pass the status on. */
__attribute__((noreturn)) static void enter_and_exec(const struct hook_run *r)
{
	pid_t pid;
	int status;

	if (setns(r->ns_pidfd, (int)r->ns_flags) < 0) {
		fprintf(stderr, "join the container's namespaces: %s\n", strerror(errno));
		_exit(126);
	}
	/* joining the mount namespace put us at its root */
	if (r->cwd && chdir(r->cwd) < 0) {
		fprintf(stderr, "chdir %s: %s\n", r->cwd, strerror(errno));
		_exit(126);
	}
	if (!(r->ns_flags & (CLONE_NEWPID | CLONE_NEWTIME)))
		exec_hook(r);
	pid = fork();
	if (pid < 0) {
		fprintf(stderr, "fork in the container's namespaces: %s\n", strerror(errno));
		_exit(126);
	}
	if (pid == 0)
		exec_hook(r);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			_exit(126);
	_exit(px_exit_code_of_status(status));
}

__attribute__((noreturn)) static void hook_child(const struct hook_run *r, int out_fd)
{
	/* A group of its own: a timeout kills the hook and whatever it started. */
	setpgid(0, 0);
	px_reset_signals(true);
	if (dup2(r->state_fd, 0) < 0 || dup2(out_fd, 1) < 0 || dup2(out_fd, 2) < 0)
		_exit(126);
	/* The hook gets stdio (and its own fd, exec_hook), nothing else: in the
	 * container's init the --preserve-fds are still open for the workload, and
	 * the runtime's fds are no business of a hook's. ns_pidfd is needed until
	 * the exec. */
	if (syscall(SYS_close_range, 3, ~0U, CLOSE_RANGE_CLOEXEC) < 0 && errno != ENOSYS && errno != EINVAL)
		_exit(126);
	if (r->ns_pidfd >= 0)
		enter_and_exec(r);
	exec_hook(r);
}

static void keep_output(struct hook_run *r, int fd)
{
	char buf[1024];
	ssize_t n;

	while ((n = read(fd, buf, sizeof buf)) > 0) {
		size_t room = sizeof r->output - 1 - r->output_len;
		size_t take = (size_t)n < room ? (size_t)n : room;
		memcpy(r->output + r->output_len, buf, take);
		r->output_len += take;
	}
}

/* Wait for the hook (and collect its output) until it exits or its timeout
 * passes. Returns its wait status, or -1 on timeout (killed and reaped). */
static int wait_hook(struct hook_run *r, pid_t pid, int out_fd)
{
	_cleanup_close_ int pidfd = px_pidfd_open(pid);
	struct timespec start, now;
	bool out_open = true;
	int status;

	clock_gettime(CLOCK_MONOTONIC, &start);
	fcntl(out_fd, F_SETFL, O_NONBLOCK);
	for (;;) {
		struct pollfd pfd[2] = { { .fd = out_open ? out_fd : -1, .events = POLLIN },
			                 { .fd = pidfd, .events = POLLIN } };
		int wait_ms = -1, n;
		if (r->hook->timeout) {
			int64_t elapsed, left;
			clock_gettime(CLOCK_MONOTONIC, &now);
			elapsed = (int64_t)(now.tv_sec - start.tv_sec) * 1000 + (now.tv_nsec - start.tv_nsec) / 1000000;
			left = (int64_t)r->hook->timeout * 1000 - elapsed;
			/* poll's int milliseconds end at ~24.8 days; timeouts go up to a year:
			 * wait at most that long, the loop computes the rest again */
			wait_ms = left <= 0 ? 0 : left > INT_MAX ? INT_MAX : (int)left;
		}
		/* Without a pidfd (kernels before 5.3) the pipe's end is the signal. */
		n = poll(pfd, pidfd >= 0 ? 2 : 1, wait_ms);
		if (n < 0 && errno == EINTR)
			continue;
		if (n == 0) {
			kill(-pid, SIGKILL);
			while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
				;
			return -1;
		}
		if (pfd[0].revents & POLLIN)
			keep_output(r, out_fd);
		else if (pfd[0].revents) /* closed by the hook: wait on its exit alone */
			out_open = false;
		/* The hook's exit is what counts: something it left running may hold
		 * the pipe open forever. Without a pidfd the pipe's end has to do. */
		if (pidfd >= 0 ? (pfd[1].revents & POLLIN) != 0 : !out_open)
			break;
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	keep_output(r, out_fd);
	return status;
}

/* The output, on one line, cut: for the error message. */
static const char *quote_output(struct hook_run *r, char *buf, size_t size)
{
	size_t i, j = 0;

	for (i = 0; i < r->output_len && j < size - 4; i++) {
		unsigned char ch = (unsigned char)r->output[i];
		buf[j++] = ch < 0x20 || ch == 0x7f ? ' ' : (char)ch;
	}
	while (j > 0 && buf[j - 1] == ' ')
		j--;
	if (i < r->output_len) {
		memcpy(buf + j, "...", 3);
		j += 3;
	}
	buf[j] = '\0';
	return buf;
}

static int run_one(struct hook_run *r, const char *label, struct px_error *err)
{
	_cleanup_close_ int out_r = -1, out_w = -1;
	int fds[2], status;
	char quoted[HOOK_QUOTE_MAX];
	pid_t pid;

	if (pipe2(fds, O_CLOEXEC) < 0)
		return px_err(err, errno, "%s: pipe", label);
	out_r = fds[0];
	out_w = fds[1];
	pid = fork();
	if (pid < 0)
		return px_err(err, errno, "%s: fork", label);
	if (pid == 0)
		hook_child(r, out_w);
	close(px_steal_fd(&out_w));
	status = wait_hook(r, pid, out_r);
	quote_output(r, quoted, sizeof quoted);
	if (status == -1)
		return px_err_plain(err, ETIMEDOUT, "%s: %s: timed out after %d s (killed)%s%s", label, r->hook->path,
		                    r->hook->timeout, quoted[0] ? ": " : "", quoted);
	if (WIFSIGNALED(status))
		return px_err_plain(err, ECHILD, "%s: %s: killed by signal %d%s%s", label, r->hook->path,
		                    WTERMSIG(status), quoted[0] ? ": " : "", quoted);
	if (WEXITSTATUS(status) != 0)
		return px_err_plain(err, ECHILD, "%s: %s: exited with status %d%s%s", label, r->hook->path,
		                    WEXITSTATUS(status), quoted[0] ? ": " : "", quoted);
	if (r->output_len)
		px_debug("%s: %s said: %s", label, r->hook->path, quoted);
	return 0;
}

static int state_memfd(const struct spec_state *st, struct px_error *err)
{
	_cleanup_free_ char *json = spec_state_to_oci_json(st);
	_cleanup_close_ int fd = memfd_create("pidbox-hook-state", MFD_CLOEXEC);

	if (fd < 0)
		return px_err(err, errno, "hooks: memfd_create");
	if (px_write_all(fd, json, strlen(json)) < 0 || lseek(fd, 0, SEEK_SET) < 0)
		return px_err(err, errno, "hooks: write the state");
	return px_steal_fd(&fd);
}

/* Where and how the hooks of one phase run. */
struct hook_place {
	int ns_pidfd;              /* -1: in the caller's namespaces */
	bool keep_going;           /* poststop: a failure is a warning */
	char *const *env;          /* the env of a hook without one */
};

static int run_phase(const struct spec_config *c, enum spec_hook_phase phase, const struct spec_state *st,
                     const struct hook_place *where, struct px_error *err)
{
	_cleanup_close_ int state = -1;
	int rc = 0;

	if (!c->hooks.n[phase])
		return 0;
	state = state_memfd(st, err);
	if (state < 0)
		return -1;
	for (size_t i = 0; i < c->hooks.n[phase]; i++) {
		struct hook_run r = { .hook = &c->hooks.list[phase][i], .state_fd = state, .exe_fd = -1,
		                      .ns_pidfd = where->ns_pidfd, .ns_flags = container_ns_flags(c),
		                      .env = where->env };
		char label[64];
		struct px_error one = { 0 };

		snprintf(label, sizeof label, "hooks.%s[%zu]", spec_hook_phase_name(phase), i);
		/* The hooks of one phase read the same state from the start. */
		lseek(state, 0, SEEK_SET);
		/* createContainer: in the container's mount namespace before pivot_root,
		 * from the rootfs, so relative paths resolve there (as runc) */
		if (where->ns_pidfd >= 0 && phase == SPEC_HOOK_CREATE_CONTAINER)
			r.cwd = st->rootfs;
		/* with ns_pidfd the path is the runtime's: look it up before joining */
		if (where->ns_pidfd >= 0) {
			r.exe_fd = open(r.hook->path, O_PATH | O_CLOEXEC);
			if (r.exe_fd < 0)
				return px_err(err, errno, "%s: %s", label, r.hook->path);
		}
		if (run_one(&r, label, &one) < 0) {
			if (!where->keep_going) {
				*err = one;
				rc = -1;
			} else {
				px_warn("%s", one.msg);
			}
		}
		if (r.exe_fd >= 0)
			close(r.exe_fd);
		if (rc < 0)
			break;
	}
	return rc;
}

bool rt_has_create_hooks(const struct spec_config *c)
{
	return c->hooks.n[SPEC_HOOK_PRESTART] || c->hooks.n[SPEC_HOOK_CREATE_RUNTIME] ||
	       c->hooks.n[SPEC_HOOK_CREATE_CONTAINER];
}

int rt_run_hooks(const struct spec_config *c, enum spec_hook_phase phase, const struct spec_state *st,
                 int ns_pidfd, struct px_error *err)
{
	struct hook_place where = { .ns_pidfd = ns_pidfd, .env = environ };

	return run_phase(c, phase, st, &where, err);
}

int rt_run_hooks_here(const struct spec_config *c, enum spec_hook_phase phase, const struct spec_state *st,
                      char *const *env, struct px_error *err)
{
	struct hook_place where = { .ns_pidfd = -1, .env = env };

	return run_phase(c, phase, st, &where, err);
}

void rt_run_poststop_hooks(const struct spec_config *c, const struct spec_state *st)
{
	struct hook_place where = { .ns_pidfd = -1, .keep_going = true, .env = environ };
	struct px_error err = { 0 };

	if (run_phase(c, SPEC_HOOK_POSTSTOP, st, &where, &err) < 0)
		px_warn("%s", err.msg);
}

int rt_hooks_load_config(struct rt_container *ct, struct spec_config **out, struct px_error *err)
{
	*out = NULL;
	/* the record says whether there are hooks: no parse for a container without */
	if (ct->st.hooks_known && !ct->st.hooks)
		return 0;
	return rt_container_load_config(ct, out, err);
}
