/* runtime/engine_env.c — LISTEN_FDS and NOTIFY_SOCKET; see engine_env.h. */
#include "runtime/engine_env.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/close_range.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>

#include "spec/config_patch.h"
#include "util/cleanup.h"
#include "util/fs.h"
#include "util/log.h"
#include "util/sig.h"

int rt_listen_fds(void)
{
	const char *fds = getenv("LISTEN_FDS"), *pid = getenv("LISTEN_PID");
	char *end;
	long n;

	/* sd_listen_fds(3): the fds are for the process LISTEN_PID names */
	if (!fds || !pid || strtol(pid, &end, 10) != (long)getpid() || *end)
		return 0;
	n = strtol(fds, &end, 10);
	if (*end || n <= 0 || n > 4096)
		return 0;
	return (int)n;
}

void rt_listen_pid_fixup(char **env)
{
	pid_t self = getpid();

	if (self == 1 || !env)
		return;
	for (char **e = env; *e; e++)
		if (!strcmp(*e, "LISTEN_PID=1")) {
			/* leaked on purpose: this process execs in a moment */
			*e = px_asprintf("LISTEN_PID=%d", (int)self);
			return;
		}
}

static const char *host_notify_socket(void)
{
	const char *s = getenv("NOTIFY_SOCKET");
	return s && (s[0] == '/' || s[0] == '@') && strlen(s) < sizeof(((struct sockaddr_un *)0)->sun_path) ? s : NULL;
}

int rt_engine_env_apply(const struct rt_container *ct, int listen_fds, char **json, size_t *len,
                        struct spec_config **config, struct px_error *err)
{
	static const char *const notify_opts[] = { "bind", "nosuid", "noexec", "nodev", "ro", NULL };
	const char *env[4];
	size_t n = 0;
	char listen[32];
	_cleanup_free_ char *notify_src = NULL;
	struct spec_patch_mount mount;
	struct spec_config_patch p = { .env = env };
	char *text = NULL;
	size_t text_len;
	struct spec_config *parsed = NULL;

	if (listen_fds > 0) {
		snprintf(listen, sizeof listen, "LISTEN_FDS=%d", listen_fds);
		env[n++] = listen;
		env[n++] = "LISTEN_PID=1";
	}
	if (host_notify_socket()) {
		if (mkdirat(ct->dir_fd, RT_NOTIFY_DIR, 0755) < 0)
			return px_err(err, errno, "NOTIFY_SOCKET: mkdir %s/%s", ct->dir, RT_NOTIFY_DIR);
		notify_src = px_asprintf("%s/%s", ct->dir, RT_NOTIFY_DIR);
		mount = (struct spec_patch_mount){ .destination = RT_NOTIFY_IN_CONTAINER, .type = "bind",
			                           .source = notify_src, .options = notify_opts };
		p.mounts = &mount;
		p.n_mounts = 1;
		env[n++] = "NOTIFY_SOCKET=" RT_NOTIFY_IN_CONTAINER "/" RT_NOTIFY_SOCK;
	}
	env[n] = NULL;
	if (!n)
		return 0;
	if (spec_config_patch(*json, *len, &p, &text, &text_len, err) < 0)
		return px_err_prefix(err, "config.json");
	if (spec_parse_config(text, text_len, &parsed, err) < 0) {
		free(text);
		return px_err_prefix(err, "config.json (with LISTEN_FDS/NOTIFY_SOCKET)");
	}
	free(*json);
	*json = text;
	*len = text_len;
	spec_config_free(*config);
	*config = parsed;
	return 0;
}

static int host_address(const char *path, struct sockaddr_un *sa, socklen_t *salen)
{
	size_t n = strlen(path);

	memset(sa, 0, sizeof *sa);
	sa->sun_family = AF_UNIX;
	memcpy(sa->sun_path, path, n);
	if (path[0] == '@') /* abstract namespace */
		sa->sun_path[0] = '\0';
	*salen = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n + (path[0] == '@' ? 0 : 1));
	return 0;
}

/* Receive one datagram. Whatever fds it carries (sd_notify's FDSTORE=1, or
 * BARRIER=1 whose sender waits for its fd to be closed) are closed here at once:
 * they are never forwarded, and closing them is the barrier's answer. A datagram
 * longer than buf is truncated (MSG_TRUNC) and returns -1: it is dropped whole,
 * no part of it is read as a message. */
static ssize_t recv_datagram(int sock, char *buf, size_t size)
{
	union {
		struct cmsghdr h;
		char space[CMSG_SPACE(sizeof(int) * 64)];
	} ctl;
	struct iovec iov = { .iov_base = buf, .iov_len = size };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl.space,
		            .msg_controllen = sizeof ctl.space };
	ssize_t n = recvmsg(sock, &m, MSG_CMSG_CLOEXEC | MSG_DONTWAIT);

	if (n < 0)
		return -1;
	for (struct cmsghdr *c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c)) {
		if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
			continue;
		for (size_t i = 0; i < (c->cmsg_len - CMSG_LEN(0)) / sizeof(int); i++) {
			int fd;
			memcpy(&fd, CMSG_DATA(c) + i * sizeof(int), sizeof fd);
			close(fd);
		}
	}
	/* fds beyond our control space were discarded (closed) by the kernel: MSG_CTRUNC */
	return m.msg_flags & MSG_TRUNC ? -1 : n;
}

/* Does the datagram hold a line that is exactly READY=1? sd_notify(3) sends
 * newline-separated assignments in one datagram. */
static bool says_ready(const char *buf, size_t n)
{
	for (size_t i = 0; i < n;) {
		const char *nl = memchr(buf + i, '\n', n - i);
		size_t len = nl ? (size_t)(nl - (buf + i)) : n - i;
		if (len == 7 && !memcmp(buf + i, "READY=1", 7))
			return true;
		i += len + 1;
	}
	return false;
}

/* The forwarder: wait for READY=1 (or the init's end), then tell the host only
 * what runc tells it: READY=1 and MAINPID=<the init's host pid>. Nothing else the
 * container sends reaches the host: not its MAINPID= (it would make the host's
 * service manager watch, and later kill, a host process of the container's
 * choosing), not STATUS=, FDSTORE= or its fds. */
static __attribute__((noreturn)) void forward(int sock, int pidfd, pid_t init_pid, const char *host)
{
	struct pollfd p[2] = { { .fd = sock, .events = POLLIN }, { .fd = pidfd, .events = POLLIN } };
	char buf[4096];

	for (;;) {
		ssize_t n;
		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			_exit(1);
		}
		if (p[1].revents)
			_exit(0); /* the init is gone: nobody will be ready */
		n = recv_datagram(sock, buf, sizeof buf);
		if (n > 0 && says_ready(buf, (size_t)n)) {
			struct sockaddr_un sa;
			socklen_t salen;
			char msg[64];
			int out = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
			int len = snprintf(msg, sizeof msg, "READY=1\nMAINPID=%d\n", (int)init_pid);

			host_address(host, &sa, &salen);
			sendto(out, msg, (size_t)len, MSG_NOSIGNAL, (struct sockaddr *)&sa, salen);
			_exit(0);
		}
	}
}

static int bind_notify_socket(const struct rt_container *ct, struct px_error *err)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	_cleanup_close_ int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	int n = snprintf(sa.sun_path, sizeof sa.sun_path, "%s/%s/%s", ct->dir, RT_NOTIFY_DIR, RT_NOTIFY_SOCK);

	if (fd < 0)
		return px_err(err, errno, "NOTIFY_SOCKET: socket");
	if (n >= (int)sizeof sa.sun_path)
		return px_err(err, ENAMETOOLONG, "NOTIFY_SOCKET: %s/%s/%s", ct->dir, RT_NOTIFY_DIR, RT_NOTIFY_SOCK);
	if (bind(fd, (struct sockaddr *)&sa, sizeof sa) < 0)
		return px_err(err, errno, "NOTIFY_SOCKET: bind %s", sa.sun_path);
	/* any user of the container may notify, as with systemd's own socket */
	if (chmod(sa.sun_path, 0777) < 0)
		return px_err(err, errno, "NOTIFY_SOCKET: chmod %s", sa.sun_path);
	return px_steal_fd(&fd);
}

int rt_notify_start(const struct rt_container *ct, pid_t init_pid, int init_pidfd, struct px_error *err)
{
	const char *host = host_notify_socket();
	_cleanup_close_ int sock = -1;
	pid_t pid;

	if (!host || faccessat(ct->dir_fd, RT_NOTIFY_DIR, F_OK, 0) < 0)
		return 0;
	sock = bind_notify_socket(ct, err);
	if (sock < 0)
		return -1;
	pid = fork();
	if (pid < 0)
		return px_err(err, errno, "NOTIFY_SOCKET: fork the forwarder");
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR | O_CLOEXEC);
		/* Detached from the engine: no stdio of its (an engine reads create's
		 * output to EOF), its own session, and nothing of ours but two fds. */
		setsid();
		prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
		px_reset_signals(true);
		if (null < 0 || dup2(null, 0) < 0 || dup2(null, 1) < 0 || dup2(null, 2) < 0 || dup2(sock, 3) < 0 ||
		    dup2(init_pidfd, 4) < 0)
			_exit(1);
		syscall(SYS_close_range, 5, ~0U, 0);
		forward(3, 4, init_pid, host);
	}
	px_debug("NOTIFY_SOCKET: forwarder %d relays READY=1 to %s", (int)pid, host);
	return 0;
}
