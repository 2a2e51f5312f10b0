/* tests/helpers/no-pidfd-setns.c — run a command on a "kernel without setns on a
 * pidfd" (before Linux 5.8).
 *
 *   no-pidfd-setns COMMAND [ARG...]
 *
 * Installs a seccomp filter (libseccomp) under which setns() fails with EINVAL
 * — what an older kernel answers for a pidfd — whenever its flags name both the
 * mount and the network namespace: only a join of several namespaces at once
 * (setns on a pidfd) does that; a namespace file is joined with one flag. The
 * integration suite runs `pidbox exec` under it to prove the per-namespace
 * fallback of ns/join_pidfd.c. Everything else is allowed. */
#include <errno.h>
#include <sched.h>
#include <seccomp.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	const scmp_datum_t both = CLONE_NEWNS | CLONE_NEWNET;
	scmp_filter_ctx ctx;
	int rc;

	if (argc < 2) {
		fprintf(stderr, "usage: no-pidfd-setns COMMAND [ARG...]\n");
		return 2;
	}
	ctx = seccomp_init(SCMP_ACT_ALLOW);
	if (!ctx) {
		fprintf(stderr, "no-pidfd-setns: seccomp_init failed\n");
		return 2;
	}
	rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EINVAL), seccomp_syscall_resolve_name("setns"), 1,
	                      SCMP_A1(SCMP_CMP_MASKED_EQ, both, both));
	if (rc == 0)
		rc = seccomp_load(ctx);
	seccomp_release(ctx);
	if (rc < 0) {
		fprintf(stderr, "no-pidfd-setns: install filter: %s\n", strerror(-rc));
		return 2;
	}
	execvp(argv[1], argv + 1);
	fprintf(stderr, "no-pidfd-setns: exec %s: %s\n", argv[1], strerror(errno));
	return 127;
}
