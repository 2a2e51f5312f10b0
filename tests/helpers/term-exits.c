/* tests/helpers/term-exits.c — a workload that exits 0 on SIGTERM.
 *
 *   term-exits
 *
 * Its handler is the first thing main() installs (a static binary: nothing runs
 * before it but the C library's start-up), so the time after execve during which
 * a SIGTERM to it as pid 1 of a pid namespace is dropped (no handler yet) is as
 * short as a program can make it. A shell's `trap` comes only after the shell
 * parsed its script: too late for a test of what the runtime guarantees, that
 * `start` returns only once the workload has exec'd. */
#include <signal.h>
#include <unistd.h>

static void on_term(int sig)
{
	(void)sig;
	_exit(0);
}

int main(void)
{
	struct sigaction sa = { .sa_handler = on_term };

	if (sigaction(SIGTERM, &sa, NULL) < 0)
		return 1;
	for (;;)
		pause();
}
