/* runtime/pidns_procfs.c — see pidns_procfs.h. */
#include "runtime/pidns_procfs.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ns/clone.h"
#include "runtime/protocol.h"
#include "util/cleanup.h"
#include "util/fd.h"
#include "util/fs.h"

/* The procfs of the fs context fs (made in the namespace), configured from data,
 * as a detached mount. Made here, with our credentials: the process in the
 * namespace has none over the host. */
static int make_procfs(int fs, const char *data, struct px_error *err)
{
	_cleanup_free_ char *opts = data ? px_xstrdup(data) : NULL;
	char *save = NULL;
	int mnt;

	for (char *o = opts ? strtok_r(opts, ",", &save) : NULL; o; o = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(o, '=');
		int rc = eq ? (*eq = '\0', fsconfig(fs, FSCONFIG_SET_STRING, o, eq + 1, 0))
		            : fsconfig(fs, FSCONFIG_SET_FLAG, o, NULL, 0);
		if (rc < 0)
			return px_err(err, errno, "procfs option %s", o);
	}
	if (fsconfig(fs, FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0)
		return px_err(err, errno, "create a procfs");
	mnt = fsmount(fs, FSMOUNT_CLOEXEC, 0);
	if (mnt < 0)
		return px_err(err, errno, "fsmount proc");
	return mnt;
}

/* Born in the namespace, in a user namespace of its own (its capabilities are
 * over nothing but its own empty mount namespace, whoever attaches it), holding
 * only sock: fsopen takes the pid namespace of its caller. */
__attribute__((noreturn)) static void in_namespace(int sock)
{
	struct px_error err = { 0 };
	int fs = fsopen("proc", FSOPEN_CLOEXEC);

	if (fs < 0)
		px_err(&err, errno, "fsopen proc");
	if (fs < 0 || rt_msg_send_fd(sock, RT_MSG_PROCFS, fs, &err) < 0) {
		rt_msg_send_error(sock, &err);
		_exit(1);
	}
	_exit(0);
}

/* Its fs context, from a child born in the pid namespace we joined for children. */
static int procfs_context(struct px_error *err)
{
	_cleanup_close_ int mine = -1, theirs = -1, pidfd = -1;
	int sv[2], fs = -1;
	bool in_cgroup;
	pid_t pid;

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
		return px_err(err, errno, "socketpair");
	mine = sv[0];
	theirs = sv[1];
	pid = ns_clone(CLONE_NEWUSER | CLONE_NEWNS, -1, &pidfd, &in_cgroup, err);
	if (pid < 0)
		return -1;
	if (pid == 0) {
		const int keep[] = { theirs };
		px_close_fds_except(0, keep, 1);
		in_namespace(theirs);
	}
	close(theirs);
	theirs = -1;
	rt_msg_expect_fd(mine, RT_MSG_PROCFS, &fs, err);
	while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
	return fs;
}

/* Our root becomes an empty tmpfs in a private mount namespace: the host's tree
 * is detached, unreachable by any path, "..", /proc/<pid>/root or cwd. */
static int empty_root(struct px_error *err)
{
	if (unshare(CLONE_NEWNS) < 0 || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		return px_err(err, errno, "private mount namespace");
	/* /proc exists on any host that runs us; covered only in our namespace */
	if (mount("tmpfs", "/proc", "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "size=4k,mode=0500") < 0 ||
	    chdir("/proc") < 0)
		return px_err(err, errno, "mount an empty tmpfs");
	if (syscall(SYS_pivot_root, ".", ".") < 0 || umount2(".", MNT_DETACH) < 0 || chdir("/") < 0)
		return px_err(err, errno, "pivot_root into an empty tmpfs");
	return 0;
}

/* The first helper (in our pid namespace): see pidns_procfs.h. */
__attribute__((noreturn)) static void outer_helper(int sock, const char *pidns_path, const char *data)
{
	struct px_error err = { 0 };
	int nsfd = open(pidns_path, O_RDONLY | O_CLOEXEC);
	int keep[] = { sock, nsfd };
	int fs, mnt;

	if (nsfd < 0) {
		px_err(&err, errno, "open %s", pidns_path);
		goto fail;
	}
	/* stdio too: the child is seen from the namespace, and reports on sock */
	if (px_close_fds_except(0, keep, 2) < 0) {
		px_err(&err, errno, "close the runtime's file descriptors");
		goto fail;
	}
	if (empty_root(&err) < 0)
		goto fail;
	if (setns(nsfd, CLONE_NEWPID) < 0) {
		px_err(&err, errno, "join pid namespace %s", pidns_path);
		goto fail;
	}
	close(nsfd);
	fs = procfs_context(&err);
	mnt = fs < 0 ? -1 : make_procfs(fs, data, &err);
	if (mnt < 0 || rt_msg_send_fd(sock, RT_MSG_PROCFS, mnt, &err) < 0)
		goto fail;
	_exit(0);
fail:
	rt_msg_send_error(sock, &err);
	_exit(1);
}

int rt_pidns_procfs(const char *pidns_path, const char *data, struct px_error *err)
{
	_cleanup_close_ int mine = -1, theirs = -1;
	int sv[2], mnt = -1;
	pid_t pid;

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
		return px_err(err, errno, "socketpair");
	mine = sv[0];
	theirs = sv[1];
	pid = fork();
	if (pid < 0)
		return px_err(err, errno, "fork");
	if (pid == 0)
		outer_helper(theirs, pidns_path, data);
	close(theirs);
	theirs = -1;
	if (rt_msg_expect_fd(mine, RT_MSG_PROCFS, &mnt, err) < 0)
		px_err_prefix(err, "config.json: linux.namespaces: a /proc for pid namespace %s", pidns_path);
	while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
	return mnt;
}
