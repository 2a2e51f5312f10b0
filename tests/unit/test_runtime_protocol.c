/* tests/unit/test_runtime_protocol.c — runtime/protocol.c: typed messages, and what
 * a hostile peer's error message can do to ours (found by tests/fuzz/fuzz_protocol.c). */
#include "tests/unit/unit.h"

#include <errno.h>
#include <stdint.h>
#include <sys/socket.h>
#include <unistd.h>

#include "runtime/protocol.h"

/* the wire layout of runtime/protocol.c's struct rt_msg */
struct wire {
	uint32_t type;
	int32_t code;
	char text[64];
};

static void send_raw(int fd, uint32_t type, int32_t code, const char *text)
{
	struct wire w = { .type = type, .code = code };
	strncpy(w.text, text, sizeof w.text - 1);
	CHECK(send(fd, &w, 8 + strlen(w.text), 0) > 0);
}

static void test_expect(void)
{
	int sp[2];
	struct px_error err = { 0 };

	CHECK(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sp) == 0);
	CHECK(rt_msg_send(sp[1], RT_MSG_GO, &err) == 0);
	CHECK(rt_msg_expect(sp[0], RT_MSG_GO, &err) == 0);
	CHECK(rt_msg_send(sp[1], RT_MSG_READY, &err) == 0);
	CHECK(rt_msg_expect(sp[0], RT_MSG_GO, &err) < 0);
	CHECK_STR(err.msg, "expected 'go', got 'ready': Protocol error");
	close(sp[1]);
	CHECK(rt_msg_expect(sp[0], RT_MSG_GO, &err) < 0);
	CHECK(err.code == ECONNRESET);
	close(sp[0]);
}

/* The peer's text arrives on one line, whatever it holds; its errno stays an errno. */
static void test_peer_error_sanitized(void)
{
	int sp[2];
	struct px_error err = { 0 };

	CHECK(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sp) == 0);
	send_raw(sp[1], RT_MSG_ERROR, ENOENT, "mount /a\nlevel=info msg=forged\r\x1b[2J");
	CHECK(rt_msg_expect(sp[0], RT_MSG_READY, &err) < 0);
	CHECK_STR(err.msg, "mount /a?level=info msg=forged??[2J");
	CHECK(err.code == ENOENT);
	send_raw(sp[1], RT_MSG_ERROR, -7, "x");
	CHECK(rt_msg_expect(sp[0], RT_MSG_READY, &err) < 0);
	CHECK(err.code == EPROTO);
	send_raw(sp[1], RT_MSG_ERROR, 1 << 20, "x");
	CHECK(rt_msg_expect(sp[0], RT_MSG_READY, &err) < 0);
	CHECK(err.code == EPROTO);
	close(sp[0]);
	close(sp[1]);
}

/* The child sends its error and exits while our last word to it is unread: the
 * kernel reports ECONNRESET once, before the error still queued for us. The
 * error must reach the user, not "exited during setup". */
static void test_peer_error_after_unread_word(void)
{
	int sp[2];
	struct px_error err = { 0 };

	CHECK(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sp) == 0);
	CHECK(rt_msg_send(sp[0], RT_MSG_GO, &err) == 0);
	send_raw(sp[1], RT_MSG_ERROR, EPERM, "sysctl kernel.msgmax: the host's ipc namespace");
	close(sp[1]);
	CHECK(rt_msg_expect(sp[0], RT_MSG_READY, &err) < 0);
	CHECK_STR(err.msg, "sysctl kernel.msgmax: the host's ipc namespace");
	CHECK(err.code == EPERM);
	CHECK(rt_msg_expect(sp[0], RT_MSG_READY, &err) < 0);
	CHECK(err.code == ECONNRESET);
	close(sp[0]);
}

int main(void)
{
	RUN(test_expect);
	RUN(test_peer_error_after_unread_word);
	RUN(test_peer_error_sanitized);
	return unit_done();
}
