/* tests/helpers/no-clone3.c — run a command on a "kernel without clone3".
 *
 *   no-clone3 COMMAND [ARG...]
 *
 * Installs a seccomp filter (libseccomp) that makes clone3() fail with ENOSYS —
 * what a pre-5.3 kernel answers, and what Docker's default seccomp profile answers
 * too — then execs COMMAND. The integration suite runs pidbox under it to prove the
 * clone() fallback of ns/clone.c works end to end. Everything else is allowed. */
#include <errno.h>
#include <seccomp.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	scmp_filter_ctx ctx;
	int rc;

	if (argc < 2) {
		fprintf(stderr, "usage: no-clone3 COMMAND [ARG...]\n");
		return 2;
	}
	ctx = seccomp_init(SCMP_ACT_ALLOW);
	if (!ctx) {
		fprintf(stderr, "no-clone3: seccomp_init failed\n");
		return 2;
	}
	rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), seccomp_syscall_resolve_name("clone3"), 0);
	if (rc == 0)
		rc = seccomp_load(ctx);
	seccomp_release(ctx);
	if (rc < 0) {
		fprintf(stderr, "no-clone3: install filter: %s\n", strerror(-rc));
		return 2;
	}
	execvp(argv[1], argv + 1);
	fprintf(stderr, "no-clone3: exec %s: %s\n", argv[1], strerror(errno));
	return 127;
}
