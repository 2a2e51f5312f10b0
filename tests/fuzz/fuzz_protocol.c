/* tests/fuzz/fuzz_protocol.c — the parent/child protocol (runtime/protocol.c): any
 * datagram the other side may send, received while expecting each message type.
 * The first input byte picks the expected type, the rest is the datagram. */
#include "tests/fuzz/fuzz.h"

#include <sys/socket.h>
#include <unistd.h>

#include "runtime/protocol.h"

static int pair[2] = { -1, -1 };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct px_error err = { 0 };
	int fd = -1;
	enum rt_msg_type want;

	if (size < 1 || size > 4096)
		return 0;
	if (pair[0] < 0 && socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, pair) < 0)
		abort();
	want = (enum rt_msg_type)(data[0] % (RT_MSG_SECCOMP_FD + 1));
	if (send(pair[1], data + 1, size - 1, 0) < 0)
		abort();
	if (data[0] & 0x80) {
		if (rt_msg_expect_fd(pair[0], want, &fd, &err) < 0) {
			FUZZ_ASSERT(fd == -1);
			FUZZ_ONE_LINE(err.msg);
		} else if (fd >= 0) {
			close(fd);
		}
	} else if (rt_msg_expect(pair[0], want, &err) < 0) {
		FUZZ_ONE_LINE(err.msg);
	}
	return 0;
}
