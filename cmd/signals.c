/* cmd/signals.c — signal names for `pidbox kill`, pure (no syscalls).
 *
 * Accepts what runc and kill(1) accept: a name with or without the SIG prefix in
 * any case (TERM, SIGTERM, sigterm), a decimal number, and the real-time forms
 * RTMIN, RTMIN+n, RTMAX, RTMAX-n. Number 0 is accepted as runc does: it sends
 * nothing and only checks that the container's init still exists.
 */
#include "cmd/cmd.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const struct {
	const char *name;
	int sig;
} signal_names[] = {
	{ "HUP", SIGHUP },     { "INT", SIGINT },       { "QUIT", SIGQUIT },   { "ILL", SIGILL },
	{ "TRAP", SIGTRAP },   { "ABRT", SIGABRT },     { "IOT", SIGIOT },     { "BUS", SIGBUS },
	{ "FPE", SIGFPE },     { "KILL", SIGKILL },     { "USR1", SIGUSR1 },   { "SEGV", SIGSEGV },
	{ "USR2", SIGUSR2 },   { "PIPE", SIGPIPE },     { "ALRM", SIGALRM },   { "TERM", SIGTERM },
	{ "STKFLT", SIGSTKFLT }, { "CHLD", SIGCHLD },   { "CLD", SIGCHLD },    { "CONT", SIGCONT },
	{ "STOP", SIGSTOP },   { "TSTP", SIGTSTP },     { "TTIN", SIGTTIN },   { "TTOU", SIGTTOU },
	{ "URG", SIGURG },     { "XCPU", SIGXCPU },     { "XFSZ", SIGXFSZ },   { "VTALRM", SIGVTALRM },
	{ "PROF", SIGPROF },   { "WINCH", SIGWINCH },   { "IO", SIGIO },       { "POLL", SIGPOLL },
	{ "PWR", SIGPWR },     { "SYS", SIGSYS },
};

/* The kernel's highest signal; glibc's SIGRTMAX equals it, but SIGRTMIN is a
 * run-time value (glibc keeps 32 and 33 for threads), so it is asked, not fixed. */
#define CMD_SIG_MAX 64

/* Parse a plain decimal number (no sign, no spaces, no hex) into *out. */
static int parse_decimal(const char *s, int *out)
{
	long v = 0;

	if (!*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (*s - '0');
		if (v > CMD_SIG_MAX)
			return -1;
	}
	*out = (int)v;
	return 0;
}

/* "RTMIN", "RTMIN+n", "RTMAX", "RTMAX-n" (s already without SIG). */
static int parse_realtime(const char *s, int *out)
{
	int base, sign, off = 0;

	if (strncasecmp(s, "RTMIN", 5) == 0) {
		base = SIGRTMIN;
		sign = '+';
	} else if (strncasecmp(s, "RTMAX", 5) == 0) {
		base = SIGRTMAX;
		sign = '-';
	} else {
		return -1;
	}
	s += 5;
	if (*s) {
		if (*s != sign || parse_decimal(s + 1, &off) < 0)
			return -1;
	}
	int sig = sign == '+' ? base + off : base - off;
	if (sig < SIGRTMIN || sig > SIGRTMAX)
		return -1;
	*out = sig;
	return 0;
}

int cmd_parse_signal(const char *s, int *sig)
{
	int n;

	if (!s)
		return -1;
	if (*s >= '0' && *s <= '9')
		return parse_decimal(s, sig);
	if (strncasecmp(s, "SIG", 3) == 0)
		s += 3;
	for (size_t i = 0; i < sizeof signal_names / sizeof signal_names[0]; i++) {
		if (strcasecmp(s, signal_names[i].name) == 0) {
			*sig = signal_names[i].sig;
			return 0;
		}
	}
	if (parse_realtime(s, &n) < 0)
		return -1;
	*sig = n;
	return 0;
}
