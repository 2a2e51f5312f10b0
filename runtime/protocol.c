#include "runtime/protocol.h"

#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "util/fdpass.h"

struct rt_msg {
	uint32_t type;
	int32_t code;
	char text[PX_ERROR_MSG_MAX];
};

static const char *msg_name(uint32_t type)
{
	switch (type) {
	case RT_MSG_GO: return "go";
	case RT_MSG_PLACED: return "placed";
	case RT_MSG_READY: return "ready";
	case RT_MSG_ERROR: return "error";
	case RT_MSG_HOOKS: return "hooks";
	case RT_MSG_HOOKS_DONE: return "hooks done";
	case RT_MSG_SECCOMP_FD: return "seccomp listener fd";
	case RT_MSG_INIT_PIDFD: return "init pidfd";
	case RT_MSG_EXEC_PIDFD: return "exec process pidfd";
	case RT_MSG_MAPS: return "id maps wanted";
	case RT_MSG_PROCFS: return "procfs mount fd";
	case RT_MSG_MOUNT_SOURCE: return "mount source";
	default: return "unknown";
	}
}

static int send_msg(int fd, const struct rt_msg *m)
{
	/* Only the header and the used part of text: datagram boundaries keep it whole. */
	size_t len = offsetof(struct rt_msg, text) + strnlen(m->text, sizeof m->text);
	ssize_t n;
	do
		n = send(fd, m, len, MSG_NOSIGNAL);
	while (n < 0 && errno == EINTR);
	return n < 0 ? -1 : 0;
}

int rt_msg_send(int fd, enum rt_msg_type type, struct px_error *err)
{
	struct rt_msg m = { .type = type };
	if (send_msg(fd, &m) < 0)
		return px_err(err, errno, "send '%s' to the container process", msg_name(type));
	return 0;
}

int rt_msg_send_error(int fd, const struct px_error *what)
{
	struct rt_msg m = { .type = RT_MSG_ERROR, .code = what->code };
	memcpy(m.text, what->msg, sizeof m.text);
	m.text[sizeof m.text - 1] = '\0';
	return send_msg(fd, &m);
}

/* The peer's own error: pass errno and text on (no strerror appended again: the
 * text already carries it). The peer runs where the container can reach it, and
 * its text may hold names from the rootfs: a control character would split our
 * one-line error (and forge lines in an engine's log), so each becomes '?'; a
 * code that is no errno becomes EPROTO. Found by tests/fuzz/fuzz_protocol.c. */
static int peer_error(const struct rt_msg *m, struct px_error *err)
{
	size_t n = strnlen(m->text, sizeof m->text - 1);

	err->code = m->code > 0 && m->code < 4096 ? m->code : EPROTO;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)m->text[i];
		err->msg[i] = c < 0x20 || c == 0x7f ? '?' : (char)c;
	}
	err->msg[n] = '\0';
	return -1;
}

/* Receive one message; with passed_fd, also the fd sent along with it
 * (SCM_RIGHTS), -1 when none came. */
static int recv_msg(int fd, enum rt_msg_type type, int *passed_fd, struct px_error *err)
{
	struct rt_msg m;
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} u;
	struct iovec iov = { .iov_base = &m, .iov_len = sizeof m - 1 };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
	struct cmsghdr *c;
	ssize_t n;

	memset(&m, 0, sizeof m);
	if (passed_fd) {
		*passed_fd = -1;
		msg.msg_control = u.buf;
		msg.msg_controllen = sizeof u.buf;
	}
	/* ECONNRESET is the socket's pending error, not its end: the peer closed
	 * with our last word unread, and the kernel reports that once, before the
	 * messages still queued for us. The peer's last message is usually its
	 * error (RT_MSG_ERROR, then exit): read on to get it. */
	do
		n = recvmsg(fd, &msg, MSG_CMSG_CLOEXEC);
	while (n < 0 && (errno == EINTR || errno == ECONNRESET));
	if (n < 0)
		return px_err(err, errno, "waiting for '%s'", msg_name(type));
	if (passed_fd && (c = CMSG_FIRSTHDR(&msg)) && c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS &&
	    c->cmsg_len == CMSG_LEN(sizeof(int)))
		memcpy(passed_fd, CMSG_DATA(c), sizeof(int));
	if (n == 0) /* ECONNRESET tells callers the peer is gone, not merely wrong */
		return px_err_plain(err, ECONNRESET, "the other side exited before sending '%s'", msg_name(type));
	if ((size_t)n < offsetof(struct rt_msg, text))
		return px_err(err, EPROTO, "short message while waiting for '%s'", msg_name(type));
	if (m.type == RT_MSG_ERROR && type != RT_MSG_ERROR)
		return peer_error(&m, err);
	if (m.type != (uint32_t)type)
		return px_err(err, EPROTO, "expected '%s', got '%s'", msg_name(type), msg_name(m.type));
	if (passed_fd && *passed_fd < 0)
		return px_err(err, EPROTO, "'%s' came without its file descriptor", msg_name(type));
	return 0;
}

int rt_msg_expect(int fd, enum rt_msg_type type, struct px_error *err)
{
	return recv_msg(fd, type, NULL, err);
}

int rt_msg_expect_fd(int fd, enum rt_msg_type type, int *passed_fd, struct px_error *err)
{
	if (recv_msg(fd, type, passed_fd, err) < 0) {
		if (*passed_fd >= 0)
			close(*passed_fd);
		*passed_fd = -1;
		return -1;
	}
	return 0;
}

int rt_msg_send_fd(int fd, enum rt_msg_type type, int passfd, struct px_error *err)
{
	struct rt_msg m = { .type = type };

	if (px_send_fd(fd, &m, offsetof(struct rt_msg, text), passfd) < 0)
		return px_err(err, errno, "send '%s'", msg_name(type));
	return 0;
}
