/* runtime/pidns_hop.c — the init born into a joined pid namespace from the
 * re-executed binary, never from the host's (see pidns_hop.h). */
#include "runtime/pidns_hop.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ns/clone.h"
#include "ns/nsjoin.h"
#include "runtime/init_reexec.h"
#include "runtime/protocol.h"
#include "util/cleanup.h"

int rt_pidns_hop(const struct rt_child_args *a, struct px_error *err)
{
	const struct spec_namespace *ns = spec_find_namespace(a->config, CLONE_NEWPID);
	_cleanup_close_ int nsfd = -1, pidfd = -1;
	bool in_cgroup;
	pid_t pid;

	/* execve made us dumpable again; the init inherits this flag with our mm */
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	nsfd = open(ns->path, O_RDONLY | O_CLOEXEC);
	if (nsfd < 0 || setns(nsfd, CLONE_NEWPID) < 0)
		return px_err(err, errno, "config.json: linux.namespaces: join pid namespace %s", ns->path);
	pid = ns_clone(a->hop_clone_flags | CLONE_PARENT, -1, &pidfd, &in_cgroup, err);
	if (pid < 0)
		return px_err_prefix(err, "create the container process in pid namespace %s", ns->path);
	if (pid > 0) {
		/* The init has our sync socket: from now on it speaks for itself. */
		if (rt_msg_send_fd(a->sync_fd, RT_MSG_INIT_PIDFD, pidfd, err) < 0)
			return -1;
		_exit(0);
	}
	if (rt_msg_expect(a->sync_fd, RT_MSG_GO, err) < 0)
		return -1;
	return rt_become_userns_root(a, err);
}

int rt_pidns_hop_adopt(int sync_fd, const struct spec_config *c, pid_t *pid, int *pidfd,
                       struct px_error *err)
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
	if (ns_write_id_maps(init, c, err) < 0)
		return px_err_prefix(err, "config.json");
	return rt_msg_send(sync_fd, RT_MSG_GO, err);
}
