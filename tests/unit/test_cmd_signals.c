/* tests/unit/test_cmd_signals.c — cmd/signals.c: what `pidbox kill` accepts. */
#include <signal.h>

#include "tests/unit/unit.h"
/* cmd/ objects are not in libpidbox.a (they hold main), so the pure parser is
 * compiled into the test directly. */
#include "cmd/signals.c"

/* The parsed number, or -1 when refused. */
static int sig_of(const char *s)
{
	int sig = -1;

	return cmd_parse_signal(s, &sig) == 0 ? sig : -1;
}

static void test_names(void)
{
	CHECK(sig_of("TERM") == SIGTERM);
	CHECK(sig_of("SIGTERM") == SIGTERM);
	CHECK(sig_of("sigterm") == SIGTERM);
	CHECK(sig_of("SigTerm") == SIGTERM);
	CHECK(sig_of("KILL") == SIGKILL);
	CHECK(sig_of("usr1") == SIGUSR1);
	CHECK(sig_of("SIGWINCH") == SIGWINCH);
	CHECK(sig_of("CLD") == SIGCHLD);
	CHECK(sig_of("HUP") == SIGHUP);
}

static void test_numbers(void)
{
	CHECK(sig_of("9") == 9);
	CHECK(sig_of("15") == 15);
	CHECK(sig_of("0") == 0); /* runc sends it: checks the init exists */
	CHECK(sig_of("64") == 64);
	CHECK(sig_of("65") == -1);
	CHECK(sig_of("99999999999999999999") == -1);
	CHECK(sig_of("-1") == -1);
	CHECK(sig_of("+9") == -1);
	CHECK(sig_of(" 9") == -1);
	CHECK(sig_of("9 ") == -1);
	CHECK(sig_of("0x9") == -1);
}

static void test_realtime(void)
{
	CHECK(sig_of("RTMIN") == SIGRTMIN);
	CHECK(sig_of("RTMIN+1") == SIGRTMIN + 1);
	CHECK(sig_of("SIGRTMIN+3") == SIGRTMIN + 3);
	CHECK(sig_of("rtmin+3") == SIGRTMIN + 3);
	CHECK(sig_of("RTMAX") == SIGRTMAX);
	CHECK(sig_of("RTMAX-1") == SIGRTMAX - 1);
	CHECK(sig_of("RTMAX-0") == SIGRTMAX);
	CHECK(sig_of("RTMIN-1") == -1);
	CHECK(sig_of("RTMAX+1") == -1);
	CHECK(sig_of("RTMIN+") == -1);
	CHECK(sig_of("RTMIN+x") == -1);
	CHECK(sig_of("RTMIN+40") == -1); /* beyond RTMAX */
	CHECK(sig_of("RTMAX-40") == -1); /* below RTMIN */
}

static void test_invalid(void)
{
	CHECK(sig_of("") == -1);
	CHECK(sig_of(NULL) == -1);
	CHECK(sig_of("BOGUS") == -1);
	CHECK(sig_of("SIG") == -1);
	CHECK(sig_of("SIGSIGTERM") == -1);
	CHECK(sig_of("TERMX") == -1);
	CHECK(sig_of("1x") == -1);
}

int main(void)
{
	RUN(test_names);
	RUN(test_numbers);
	RUN(test_realtime);
	RUN(test_invalid);
	return unit_done();
}
