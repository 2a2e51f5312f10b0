/* runtime/seccomp.c — linux.seccomp → a libseccomp filter, loaded into the
 * calling process (see seccomp.h). */
#include "runtime/seccomp.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>

#include "runtime/protocol.h"
#include "spec/seccomp_state.h"
#include "util/cleanup.h"
#include "util/fdpass.h"
#include "util/fs.h"
#include "util/log.h"

static void release_ctx(scmp_filter_ctx *ctx)
{
	if (*ctx)
		seccomp_release(*ctx);
}

static bool repeated_index(const struct spec_seccomp_rule *r)
{
	for (size_t i = 0; i < r->n_args; i++)
		for (size_t j = 0; j < i; j++)
			if (r->args[i].index == r->args[j].index)
				return true;
	return false;
}

static struct scmp_arg_cmp to_cmp(const struct spec_seccomp_arg *a)
{
	return (struct scmp_arg_cmp){
		.arg = a->index, .op = (enum scmp_compare)a->op, .datum_a = a->value, .datum_b = a->value_two
	};
}

/* One syscall of one rule. Comparisons on distinct arguments are ANDed in one
 * libseccomp rule. libseccomp refuses two comparisons on the same argument in
 * one rule, so then (as runc and crun read such a profile) each comparison
 * becomes a rule of its own: the action applies when any of them matches. */
static int add_syscall(scmp_filter_ctx ctx, const struct spec_seccomp_rule *r, int nr)
{
	struct scmp_arg_cmp cmp[6];
	int rc;

	if (!r->n_args)
		return seccomp_rule_add_array(ctx, r->action, nr, 0, NULL);
	if (repeated_index(r)) {
		for (size_t i = 0; i < r->n_args; i++) {
			cmp[0] = to_cmp(&r->args[i]);
			if ((rc = seccomp_rule_add_array(ctx, r->action, nr, 1, cmp)) < 0)
				return rc;
		}
		return 0;
	}
	for (size_t i = 0; i < r->n_args; i++)
		cmp[i] = to_cmp(&r->args[i]); /* distinct indexes 0..5: at most six */
	return seccomp_rule_add_array(ctx, r->action, nr, (unsigned int)r->n_args, cmp);
}

static int add_rules(scmp_filter_ctx ctx, const struct spec_seccomp *s, struct px_error *err)
{
	for (size_t i = 0; i < s->n_rules; i++) {
		const struct spec_seccomp_rule *r = &s->rules[i];
		/* libseccomp refuses a rule whose action is the default one; it changes nothing. */
		if (r->action == s->default_action)
			continue;
		for (size_t j = 0; j < r->n_names; j++) {
			int nr = seccomp_syscall_resolve_name(r->names[j]), rc;
			/* Profiles list the syscalls of many kernels and architectures (Docker's
			 * does); one this libseccomp does not know cannot be called here either. */
			if (nr == __NR_SCMP_ERROR) {
				px_debug("linux.seccomp.syscalls[%zu]: %s: unknown to libseccomp, skipped", i, r->names[j]);
				continue;
			}
			if ((rc = add_syscall(ctx, r, nr)) < 0)
				return px_err(err, -rc, "linux.seccomp.syscalls[%zu]: %s: add the rule", i, r->names[j]);
		}
	}
	return 0;
}

static int set_attrs(scmp_filter_ctx ctx, const struct spec_seccomp *s, struct px_error *err)
{
	int rc;

	/* libseccomp sets no_new_privs on load unless told not to: that is
	 * process.noNewPrivileges's decision, not the filter's. */
	if ((rc = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0)) < 0)
		return px_err(err, -rc, "linux.seccomp: clear the no_new_privs attribute");
	if ((s->flags & SPEC_SECCOMP_FLAG_TSYNC) && (rc = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_TSYNC, 1)) < 0)
		return px_err(err, -rc, "linux.seccomp.flags: SECCOMP_FILTER_FLAG_TSYNC");
	if ((s->flags & SPEC_SECCOMP_FLAG_LOG) && (rc = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_LOG, 1)) < 0)
		return px_err(err, -rc, "linux.seccomp.flags: SECCOMP_FILTER_FLAG_LOG");
	if ((s->flags & SPEC_SECCOMP_FLAG_SPEC_ALLOW) && (rc = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_SSB, 1)) < 0)
		return px_err(err, -rc, "linux.seccomp.flags: SECCOMP_FILTER_FLAG_SPEC_ALLOW");
	if (s->flags & SPEC_SECCOMP_FLAG_WAIT_KILLABLE_RECV)
		return px_err(err, ENOTSUP, "linux.seccomp.flags: SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV needs "
		                            "libseccomp 2.6 (this pidbox is built with %u.%u)",
		              seccomp_version()->major, seccomp_version()->minor);
	return 0;
}

/* What rt_seccomp_build hands out: libseccomp's filter, and when the ENOSYS stub
 * applies the program pidbox loads itself (libseccomp's, behind the stub). */
struct rt_filter {
	scmp_filter_ctx ctx;
	struct sock_filter *prog; /* NULL: libseccomp loads ctx as it is */
	unsigned short len;
	unsigned int flags;       /* SECCOMP_FILTER_FLAG_* for seccomp(2) */
	int listener;             /* SCMP_ACT_NOTIFY's fd once loaded by us, else -1 */
};

/* The ENOSYS stub (runc's, in libcontainer/seccomp/patchbpf).
 *
 * A profile lists the syscalls its author knew. A syscall newer than all of
 * them (clone3, openat2, faccessat2... when they came) gets the default action,
 * typically EPERM, and C libraries take EPERM as "forbidden" where they would
 * take ENOSYS as "not here, use the old one" and fall back. So, as runc does,
 * a syscall whose number is above every number the profile names (per
 * architecture) returns ENOSYS; those in between keep the default action.
 * libseccomp cannot say "every number above N", so its program is exported
 * (seccomp_export_bpf) and loaded behind a short prefix of our own that checks
 * the architecture and the number. Not when the default action already lets
 * a new syscall through or says ENOSYS (ALLOW, LOG, TRACE, ERRNO(ENOSYS)).
 * x32 syscalls (x86_64's audit arch with bit 30) go straight to libseccomp's
 * program, which knows their table. */
#define X32_SYSCALL_BIT 0x40000000u
#define MAX_STUB_ARCHS 8

static bool wants_stub(uint32_t def)
{
	uint32_t act = def & SECCOMP_RET_ACTION_FULL;

	if (act == SCMP_ACT_ALLOW || act == SCMP_ACT_LOG || act == SCMP_ACT_TRACE(0))
		return false;
	return !(act == SCMP_ACT_ERRNO(0) && (def & SECCOMP_RET_DATA) == ENOSYS);
}

/* The highest syscall number the profile names for arch, -1: none. */
static int profile_max(const struct spec_seccomp *s, uint32_t arch)
{
	int max = -1;

	for (size_t i = 0; i < s->n_rules; i++)
		for (size_t j = 0; j < s->rules[i].n_names; j++) {
			int nr = seccomp_syscall_resolve_name_arch(arch, s->rules[i].names[j]);
			if (arch == SCMP_ARCH_X32 && nr >= 0)
				nr &= ~(int)X32_SYSCALL_BIT;
			if (nr > max)
				max = nr;
		}
	return max;
}

/* The architectures of the filter (the native one and the profile's), with the
 * highest number each knows; x32 shares x86_64's audit arch and is left out. */
static size_t stub_archs(const struct spec_seccomp *s, uint32_t *arch, int *max)
{
	size_t n = 0;
	uint32_t all[MAX_STUB_ARCHS + 1];
	size_t na = 0;

	all[na++] = seccomp_arch_native();
	for (size_t i = 0; i < s->n_architectures && na < MAX_STUB_ARCHS + 1; i++)
		all[na++] = s->architectures[i];
	for (size_t i = 0; i < na && n < MAX_STUB_ARCHS; i++) {
		bool dup = false;
		for (size_t j = 0; j < n; j++)
			dup |= arch[j] == all[i];
		if (dup || all[i] == SCMP_ARCH_X32 || (max[n] = profile_max(s, all[i])) < 0)
			continue;
		arch[n++] = all[i];
	}
	return n;
}

/* prefix: per arch "ld arch; jeq A; ld nr; [x86_64: jset x32 -> orig]; jgt max -> enosys",
 * then "ja orig", "ret ERRNO(ENOSYS)"; libseccomp's program follows (it loads the
 * arch again itself). */
static size_t build_stub(const uint32_t *arch, const int *max, size_t n, struct sock_filter *out)
{
	size_t k = 0, enosys;
	size_t size = 2; /* ja orig; ret enosys */

	for (size_t i = 0; i < n; i++)
		size += arch[i] == SCMP_ARCH_X86_64 ? 5 : 4;
	enosys = size - 1;
	for (size_t i = 0; i < n; i++) {
		bool x86 = arch[i] == SCMP_ARCH_X86_64;
		size_t next = k + (x86 ? 5 : 4); /* the next arch's check */
		out[k] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch));
		k++;
		out[k] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, arch[i], 0, (uint8_t)(next - k - 1));
		k++;
		out[k] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr));
		k++;
		if (x86) {
			out[k] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, X32_SYSCALL_BIT,
			                                      (uint8_t)(size - k - 1), 0);
			k++;
		}
		/* above the profile's newest: ENOSYS; else on to the next check, whose
		 * arch test fails, down to libseccomp's program */
		out[k] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JGT | BPF_K, (uint32_t)max[i],
		                                      (uint8_t)(enosys - k - 1), (uint8_t)(next - k - 1));
		k++;
	}
	out[k] = (struct sock_filter)BPF_STMT(BPF_JMP | BPF_JA | BPF_K, 1);
	k++;
	out[k] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOSYS);
	return k + 1;
}

/* libseccomp's program, as it would load it. */
static int export_bpf(scmp_filter_ctx ctx, struct sock_filter **prog, size_t *len, struct px_error *err)
{
	_cleanup_close_ int fd = memfd_create("pidbox-seccomp", MFD_CLOEXEC);
	struct stat st;
	int rc;

	if (fd < 0)
		return px_err(err, errno, "linux.seccomp: memfd for the filter");
	if ((rc = seccomp_export_bpf(ctx, fd)) < 0)
		return px_err(err, -rc, "linux.seccomp: export the filter");
	if (fstat(fd, &st) < 0 || st.st_size % sizeof **prog || st.st_size == 0)
		return px_err(err, EIO, "linux.seccomp: the exported filter is not a program");
	*len = (size_t)st.st_size / sizeof **prog;
	*prog = px_xcalloc(*len + 1, sizeof **prog);
	if (pread(fd, *prog, (size_t)st.st_size, 0) != st.st_size)
		return px_err(err, errno ? errno : EIO, "linux.seccomp: read the exported filter");
	return 0;
}

static int add_stub(struct rt_filter *f, const struct spec_seccomp *s, struct px_error *err)
{
	uint32_t arch[MAX_STUB_ARCHS];
	int max[MAX_STUB_ARCHS + 1];
	struct sock_filter stub[MAX_STUB_ARCHS * 5 + 2];
	_cleanup_free_ struct sock_filter *orig = NULL;
	size_t n = stub_archs(s, arch, max), ns, no = 0;

	if (!n)
		return 0;
	if (export_bpf(f->ctx, &orig, &no, err) < 0)
		return -1;
	ns = build_stub(arch, max, n, stub);
	if (ns + no > BPF_MAXINSNS)
		return px_err(err, E2BIG, "linux.seccomp: the filter has %zu instructions, the kernel takes %d",
		              ns + no, BPF_MAXINSNS);
	f->prog = px_xcalloc(ns + no, sizeof *f->prog);
	memcpy(f->prog, stub, ns * sizeof *stub);
	memcpy(f->prog + ns, orig, no * sizeof *orig);
	f->len = (unsigned short)(ns + no);
	f->flags = (s->flags & SPEC_SECCOMP_FLAG_TSYNC ? SECCOMP_FILTER_FLAG_TSYNC : 0) |
	           (s->flags & SPEC_SECCOMP_FLAG_LOG ? SECCOMP_FILTER_FLAG_LOG : 0) |
	           (s->flags & SPEC_SECCOMP_FLAG_SPEC_ALLOW ? SECCOMP_FILTER_FLAG_SPEC_ALLOW : 0) |
	           (s->uses_notify ? SECCOMP_FILTER_FLAG_NEW_LISTENER : 0);
	/* the kernel takes TSYNC with NEW_LISTENER only when told how to fail */
	if ((f->flags & SECCOMP_FILTER_FLAG_TSYNC) && (f->flags & SECCOMP_FILTER_FLAG_NEW_LISTENER))
		f->flags |= SECCOMP_FILTER_FLAG_TSYNC_ESRCH;
	return 0;
}

int rt_seccomp_build(const struct spec_seccomp *s, void **out, struct px_error *err)
{
	__attribute__((cleanup(release_ctx))) scmp_filter_ctx ctx = NULL;
	struct rt_filter *f;
	int rc;

	*out = NULL;
	ctx = seccomp_init(s->default_action);
	if (!ctx)
		return px_err(err, EINVAL, "linux.seccomp.defaultAction: not accepted by libseccomp %u.%u "
		                           "(API level %u of this kernel)",
		              seccomp_version()->major, seccomp_version()->minor, seccomp_api_get());
	for (size_t i = 0; i < s->n_architectures; i++) {
		rc = seccomp_arch_add(ctx, s->architectures[i]);
		if (rc < 0 && rc != -EEXIST)
			return px_err(err, -rc, "linux.seccomp.architectures[%zu]: add", i);
	}
	if (set_attrs(ctx, s, err) < 0 || add_rules(ctx, s, err) < 0)
		return -1;
	f = px_xcalloc(1, sizeof *f);
	f->ctx = ctx;
	f->listener = -1;
	ctx = NULL;
	*out = f;
	return wants_stub(s->default_action) ? add_stub(f, s, err) : 0;
}

int rt_seccomp_load(void *filter, struct px_error *err)
{
	struct rt_filter *f = filter;
	struct sock_fprog prog = { .len = f->len, .filter = f->prog };
	int rc;

	if (f->prog) {
		rc = (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, f->flags, &prog);
		if (rc >= 0 && (f->flags & SECCOMP_FILTER_FLAG_NEW_LISTENER))
			f->listener = rc;
		rc = rc < 0 ? -errno : 0;
	} else {
		rc = seccomp_load(f->ctx);
	}
	if (rc == 0)
		return 0;
	if (rc == -EACCES)
		return px_err(err, EACCES, "linux.seccomp: load the filter (needs process.noNewPrivileges, or "
		                           "CAP_SYS_ADMIN at the time of loading)");
	return px_err(err, -rc, "linux.seccomp: load the filter");
}

int rt_seccomp_notify_fd(void *filter, struct px_error *err)
{
	const struct rt_filter *f = filter;
	int fd = f->prog ? (f->listener >= 0 ? f->listener : -EBADF) : seccomp_notify_fd(f->ctx);

	if (fd < 0)
		return px_err(err, -fd, "linux.seccomp: the SCMP_ACT_NOTIFY listener");
	return fd;
}

static int send_listener(const struct spec_seccomp *s, int notify_fd, const struct spec_state *st, pid_t pid,
                         struct px_error *err)
{
	_cleanup_free_ char *json = spec_seccomp_process_state_json(st, pid, s->listener_metadata);
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	_cleanup_close_ int sock = -1;

	if (strlen(s->listener_path) >= sizeof addr.sun_path)
		return px_err(err, 0, "linux.seccomp.listenerPath: %s: too long for a unix socket", s->listener_path);
	strcpy(addr.sun_path, s->listener_path);
	sock = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (sock < 0)
		return px_err(err, errno, "linux.seccomp.listenerPath: socket");
	if (connect(sock, (struct sockaddr *)&addr, sizeof addr) < 0)
		return px_err(err, errno, "linux.seccomp.listenerPath: connect to %s", s->listener_path);
	if (px_send_fd(sock, json, strlen(json), notify_fd) < 0)
		return px_err(err, errno, "linux.seccomp.listenerPath: send the listener to %s", s->listener_path);
	return 0;
}

int rt_seccomp_relay_listener(int sync_fd, const struct spec_seccomp *s, const struct spec_state *st, pid_t pid,
                              struct px_error *err)
{
	int fd = -1, rc;

	if (rt_msg_expect_fd(sync_fd, RT_MSG_SECCOMP_FD, &fd, err) < 0)
		return -1;
	rc = send_listener(s, fd, st, pid, err);
	close(fd);
	return rc < 0 ? px_err_prefix(err, "config.json") : 0;
}

void rt_seccomp_free(void *filter)
{
	struct rt_filter *f = filter;

	if (!f)
		return;
	seccomp_release(f->ctx);
	free(f->prog);
	if (f->listener >= 0)
		close(f->listener);
	free(f);
}
