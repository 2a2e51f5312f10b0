/* runtime/pidns_hop.c — the init born into a joined pid namespace fully set up
 * (see pidns_hop.h). */
#include "runtime/pidns_hop.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ns/clone.h"
#include "ns/nsjoin.h"
#include "ns/rootfs.h"
#include "runtime/init_reexec.h"
#include "runtime/pidns_procfs.h"
#include "runtime/protocol.h"
#include "runtime/terminal.h"
#include "util/cleanup.h"

/* The procfs options of the config's first proc mount (NULL: none). */
static int proc_mount_data(const struct spec_config *c, char **data, struct px_error *err)
{
	*data = NULL;
	for (size_t i = 0; i < c->n_mounts; i++) {
		const struct spec_mount *m = &c->mounts[i];
		struct ns_mount_flags f;
		if (!m->type || strcmp(m->type, "proc"))
			continue;
		if (ns_parse_mount_options(m->options, m->n_options, &f, err) < 0)
			return px_err_prefix(err, "mounts[%zu] (%s)", i, m->destination ? m->destination : "");
		*data = f.data;
		f.data = NULL;
		ns_mount_flags_free(&f);
		return 0;
	}
	return 0;
}

static int make_namespaces(struct rt_child_args *a, const char *pidns, struct px_error *err)
{
	_cleanup_close_ int nsfd = open(pidns, O_RDONLY | O_CLOEXEC);
	bool ordinary = geteuid() != 0; /* as the runtime: our ids are its ids until the unshare */
	int rc;

	/* with the host's credentials, before a new user namespace takes them */
	if (nsfd < 0 || setns(nsfd, CLONE_NEWPID) < 0)
		return px_err(err, errno, "config.json: linux.namespaces: join pid namespace %s", pidns);
	if (a->hop_clone_flags && unshare((int)a->hop_clone_flags) < 0)
		return px_err(err, errno, "linux.namespaces: unshare");
	if (!a->new_userns)
		return 0;
	/* An ordinary user's runtime writes our maps as their owner: the
	 * /proc/<pid>/uid_map of a non-dumpable process is root's, which he is not
	 * (seen: "open /proc/N/uid_map: Permission denied"). So dumpable for the
	 * write alone. Who can reach us meanwhile (ptrace, /proc/<pid>/fd): a
	 * process that can name our pid, so not one in the joined pid namespace (we
	 * are not in it; only our children will be) nor in any container's own, and
	 * that passes ptrace's check: our uid (still the user's: nothing is mapped
	 * yet) or CAP_SYS_PTRACE over the user namespace just made, which only its
	 * owner has from outside. That is the user running pidbox, or what runs as
	 * him in the host's pid namespace: it owns the runtime and all we hold anyway. */
	if (ordinary)
		prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
	rc = rt_msg_send(a->sync_fd, RT_MSG_MAPS, err) < 0 || rt_msg_expect(a->sync_fd, RT_MSG_GO, err) < 0;
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	return rc ? -1 : rt_become_userns_root(a, err);
}

int rt_pidns_hop_enter(struct rt_child_args *a, struct px_error *err)
{
	const struct spec_namespace *ns = spec_find_namespace(a->config, CLONE_NEWPID);
	_cleanup_free_ char *data = NULL;

	if (proc_mount_data(a->config, &data, err) < 0)
		return -1;
	/* always: the exec fifo is reached through it when /proc is not a procfs */
	a->hop_procfs_fd = rt_pidns_procfs(ns->path, data, err);
	if (a->hop_procfs_fd < 0)
		return -1;
	ns_use_procfs_mount(a->hop_procfs_fd);
	return make_namespaces(a, ns->path, err);
}

/* Clone the init with CLONE_PARENT; the child sends its pidfd and exits, the
 * init returns 0. */
static int clone_init(struct rt_child_args *a, struct px_error *err)
{
	_cleanup_close_ int pidfd = -1;
	int handed_over[2];
	bool in_cgroup;
	pid_t pid;
	char c;

	/* The init shares our sync socket: whatever it sends (its READY) must not
	 * overtake our INIT_PIDFD, or the runtime reads them in the wrong order. So it
	 * waits for the end of this pipe, which closes when we exit, after sending. */
	if (pipe2(handed_over, O_CLOEXEC) < 0)
		return px_err(err, errno, "pipe");
	pid = ns_clone(CLONE_PARENT, -1, &pidfd, &in_cgroup, err);
	if (pid < 0)
		return px_err_prefix(err, "create the container process in its pid namespace");
	if (pid > 0) {
		/* The init has our sync socket: from now on it speaks for itself. */
		if (rt_msg_send_fd(a->sync_fd, RT_MSG_INIT_PIDFD, pidfd, err) < 0)
			return -1;
		_exit(0);
	}
	close(handed_over[1]);
	while (read(handed_over[0], &c, 1) < 0 && errno == EINTR)
		;
	close(handed_over[0]);
	return 0;
}

bool rt_pidns_new_in_joined_userns(const struct spec_config *c)
{
	const struct spec_namespace *user = spec_find_namespace(c, CLONE_NEWUSER);
	const struct spec_namespace *pid = spec_find_namespace(c, CLONE_NEWPID);

	return user && user->path && pid && !pid->path;
}

int rt_pidns_new_clone_init(struct rt_child_args *a, struct px_error *err)
{
	if (clone_init(a, err) < 0)
		return -1;
	/* the runtime is our parent now: its death must take us too (the child's
	 * PDEATHSIG is not inherited), and the socket's EOF says it if it died before */
	prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
	/* A session of our own (with a terminal, rt_terminal_setup makes it). */
	if (a->console_fd < 0 && setsid() < 0)
		return px_err(err, errno, "setsid");
	/* our own stat (the child's was not ours), through the host's /proc */
	if (a->self_stat_fd >= 0) {
		close(a->self_stat_fd);
		a->self_stat_fd = openat(a->host_proc_fd, "self/stat", O_RDONLY | O_CLOEXEC);
		if (a->self_stat_fd < 0)
			return px_err(err, errno, "open /proc/self/stat");
	}
	return 0;
}

int rt_pidns_hop_clone_init(void *arg, struct px_error *err)
{
	struct rt_child_args *a = arg;

	if (clone_init(a, err) < 0)
		return -1;
	/* A session of our own: the child's would lose its terminal when it exits. */
	if (a->hop_tty_fd >= 0) {
		int rc = rt_terminal_attach(a->hop_tty_fd, err);
		a->hop_tty_fd = -1;
		if (rc < 0)
			return -1;
	} else if (setsid() < 0) {
		return px_err(err, errno, "setsid");
	}
	/* our own stat, in the container's procfs (the child's was not ours) */
	if (a->init_mode) {
		a->self_stat_fd = openat(a->fifo_proc_fd, "self/stat", O_RDONLY | O_CLOEXEC);
		if (a->self_stat_fd < 0)
			return px_err(err, errno, "open /proc/self/stat");
	}
	return 0;
}

int rt_pidns_hop_maps(int sync_fd, const struct spec_config *c, pid_t pid, struct px_error *err)
{
	if (rt_msg_expect(sync_fd, RT_MSG_MAPS, err) < 0)
		return -1;
	if (ns_write_id_maps(pid, c, err) < 0)
		return px_err_prefix(err, "config.json");
	return rt_msg_send(sync_fd, RT_MSG_GO, err);
}

int rt_pidns_hop_adopt(int sync_fd, pid_t *pid, int *pidfd, struct px_error *err)
{
	int init_pidfd = -1;
	pid_t init;

	if (rt_msg_expect_fd(sync_fd, RT_MSG_INIT_PIDFD, &init_pidfd, err) < 0)
		return -1;
	while (waitpid(*pid, NULL, 0) < 0 && errno == EINTR)
		;
	close(*pidfd);
	*pidfd = init_pidfd;
	*pid = 0; /* nothing to kill but the init, if it has a pid */
	init = ns_pidfd_pid(init_pidfd, err);
	if (init < 0)
		return -1;
	*pid = init;
	return 0;
}
