/* runtime/terminal.c — the container's pty and the console socket (terminal.h). */
#include "runtime/terminal.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <termios.h>
#include <unistd.h>

#include "util/cleanup.h"
#include "util/fdpass.h"
#include "util/log.h"

#ifndef TIOCGPTPEER
#define TIOCGPTPEER _IO('T', 0x41)
#endif

#define CONSOLE_PAYLOAD "/dev/ptmx"

int rt_console_connect(const char *path, struct px_error *err)
{
	return px_unix_connect(path, "--console-socket", err);
}

static int send_fd(int sock, int fd, struct px_error *err)
{
	static const char payload[] = CONSOLE_PAYLOAD;

	if (px_send_fd(sock, payload, sizeof payload - 1, fd) < 0)
		return px_err(err, errno, "--console-socket: send the pty master");
	return 0;
}

int rt_console_recv_fd(int sock, struct px_error *err)
{
	char payload[256];
	struct iovec iov = { .iov_base = payload, .iov_len = sizeof payload };
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} u;
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf, .msg_controllen = sizeof u.buf };
	struct cmsghdr *c;
	ssize_t n;
	int fd;

	do
		n = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return px_err(err, errno, "console socket: receive");
	c = CMSG_FIRSTHDR(&msg);
	if (n == 0 || !c || c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS ||
	    c->cmsg_len != CMSG_LEN(sizeof(int)))
		return px_err_plain(err, EBADMSG, "console socket: no file descriptor received");
	memcpy(&fd, CMSG_DATA(c), sizeof fd);
	return fd;
}

/* The container controls its /dev: /dev/ptmx may be a symlink to a host path
 * (through a /proc magic link), /dev/pts a plain directory holding anything.
 * We open as the runtime's root, so nothing is followed: /dev/pts must be a
 * devpts mount reached without a symlink, and its ptmx node (no mount on top)
 * the pty multiplexer, c 5:2. */
static int open_ptmx(struct px_error *err)
{
	struct open_how dir_how = { .flags = O_PATH | O_DIRECTORY | O_CLOEXEC,
		                    .resolve = RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS };
	struct open_how how = { .flags = O_RDWR | O_NOCTTY | O_CLOEXEC,
		                .resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_XDEV };
	_cleanup_close_ int pts = -1, fd = -1;
	struct statfs sfs;
	struct stat st;

	pts = (int)syscall(SYS_openat2, AT_FDCWD, "/dev/pts", &dir_how, sizeof dir_how);
	if (pts < 0)
		return px_err(err, errno, "process.terminal: open /dev/pts in the container (no symlink allowed)");
	if (fstatfs(pts, &sfs) < 0 || sfs.f_type != DEVPTS_SUPER_MAGIC)
		return px_err_plain(err, EPERM, "process.terminal: /dev/pts in the container is not a devpts mount");
	fd = (int)syscall(SYS_openat2, pts, "ptmx", &how, sizeof how);
	if (fd < 0)
		return px_err(err, errno, "process.terminal: open /dev/pts/ptmx in the container");
	if (fstat(fd, &st) < 0 || !S_ISCHR(st.st_mode) || major(st.st_rdev) != 5 || minor(st.st_rdev) != 2)
		return px_err_plain(err, EPERM, "process.terminal: /dev/pts/ptmx in the container is not the pty "
		                                "multiplexer (c 5:2)");
	return px_steal_fd(&fd);
}

/* A pty pair from the container's devpts. TIOCGPTPEER (Linux 4.13) opens the
 * slave from the master without a path, so nothing can swap /dev/pts/N under us. */
static int open_pty(int *master, int *slave, struct px_error *err)
{
	int unlock = 0;

	*master = open_ptmx(err);
	if (*master < 0)
		return -1;
	if (ioctl(*master, TIOCSPTLCK, &unlock) < 0)
		return px_err(err, errno, "process.terminal: unlock the pty");
	*slave = ioctl(*master, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (*slave < 0) {
		char name[64];
		if (ioctl(*master, TIOCGPTN, &unlock) < 0)
			return px_err(err, errno, "process.terminal: pty number");
		snprintf(name, sizeof name, "/dev/pts/%d", unlock);
		*slave = open(name, O_RDWR | O_NOCTTY | O_CLOEXEC | O_NOFOLLOW);
		if (*slave < 0)
			return px_err(err, errno, "process.terminal: open %s", name);
	}
	return 0;
}

static int become_controlled_by(int slave, struct px_error *err)
{
	if (setsid() < 0)
		return px_err(err, errno, "process.terminal: setsid");
	if (ioctl(slave, TIOCSCTTY, 0) < 0)
		return px_err(err, errno, "process.terminal: make the pty the controlling terminal");
	for (int fd = 0; fd < 3; fd++)
		if (dup2(slave, fd) < 0)
			return px_err(err, errno, "process.terminal: dup the pty onto fd %d", fd);
	return 0;
}

/* /dev/console becomes the pty (runc's mountConsole): a bind of the slave on a
 * file there. The container owns /dev, so nothing is followed: /dev reached
 * without a symlink, /dev/console opened without following one and refused if it
 * is anything but a file or a device node to cover (a directory would take the
 * bind on a path of the attacker's choosing). A missing one is created as an
 * empty 0600 file; a /dev mounted read-only without it is left without. The
 * mount is made from fds alone (open_tree + move_mount): no path is looked up
 * twice. */
static int bind_console(int slave, struct px_error *err)
{
	struct open_how dir_how = { .flags = O_PATH | O_DIRECTORY | O_CLOEXEC,
		                    .resolve = RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS };
	_cleanup_close_ int dev = -1, target = -1, tree = -1;
	struct stat st;

	dev = (int)syscall(SYS_openat2, AT_FDCWD, "/dev", &dir_how, sizeof dir_how);
	if (dev < 0)
		return px_err(err, errno, "process.terminal: open /dev in the container (no symlink allowed)");
	target = openat(dev, "console", O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (target < 0 && errno == EROFS) {
		px_debug("process.terminal: /dev is read-only and has no console: none bound");
		return 0;
	}
	if (target < 0 && errno != EEXIST)
		return px_err(err, errno, "process.terminal: create /dev/console");
	if (target >= 0)
		close(target);
	target = openat(dev, "console", O_PATH | O_NOFOLLOW | O_CLOEXEC);
	if (target < 0 || fstat(target, &st) < 0)
		return px_err(err, errno, "process.terminal: open /dev/console");
	if (!S_ISREG(st.st_mode) && !S_ISCHR(st.st_mode))
		return px_err_plain(err, EPERM, "process.terminal: /dev/console in the container is not a file or a "
		                                "device (a symlink or a directory is refused)");
	tree = open_tree(slave, "", OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_EMPTY_PATH);
	if (tree < 0)
		return px_err(err, errno, "process.terminal: bind the pty on /dev/console (open_tree)");
	if (move_mount(tree, "", target, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) < 0)
		return px_err(err, errno, "process.terminal: bind the pty on /dev/console");
	return 0;
}

int rt_terminal_open(int console_fd, const struct spec_process *p, bool console, struct px_error *err)
{
	_cleanup_close_ int sock = console_fd, master = -1, slave = -1;

	if (open_pty(&master, &slave, err) < 0)
		return -1;
	/* the workload's own terminal, as runc leaves it (terminal.h); an unmapped
	 * uid (EINVAL) or a devpts that refuses keeps root's */
	if (fchown(slave, p->uid, (gid_t)-1) < 0 && errno != EINVAL && errno != EPERM)
		return px_err(err, errno, "process.terminal: chown the pty to uid %u", (unsigned)p->uid);
	if (console && bind_console(slave, err) < 0)
		return -1;
	if (p->console_height || p->console_width) {
		struct winsize ws = { .ws_row = (unsigned short)p->console_height,
		                      .ws_col = (unsigned short)p->console_width };
		if (ioctl(slave, TIOCSWINSZ, &ws) < 0)
			return px_err(err, errno, "process.consoleSize: set the window size");
	}
	if (send_fd(sock, master, err) < 0)
		return -1;
	return px_steal_fd(&slave);
}

int rt_terminal_attach(int slave, struct px_error *err)
{
	int rc = become_controlled_by(slave, err);

	/* stdin..stderr were closed and the slave took one of their numbers: it is
	 * now one of the workload's stdio fds and must stay, without close-on-exec. */
	if (slave < 3)
		fcntl(slave, F_SETFD, 0);
	else
		close(slave);
	return rc;
}

int rt_terminal_setup(int console_fd, const struct spec_process *p, bool console, struct px_error *err)
{
	int slave = rt_terminal_open(console_fd, p, console, err);

	return slave < 0 ? -1 : rt_terminal_attach(slave, err);
}
