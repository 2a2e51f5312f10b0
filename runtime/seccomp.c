/* runtime/seccomp.c — linux.seccomp → a libseccomp filter, loaded into the
 * calling process (see seccomp.h). */
#include "runtime/seccomp.h"

#include <errno.h>
#include <seccomp.h>
#include <stdbool.h>
#include <string.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "runtime/protocol.h"
#include "spec/seccomp_state.h"
#include "util/cleanup.h"
#include "util/fdpass.h"
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

int rt_seccomp_build(const struct spec_seccomp *s, void **out, struct px_error *err)
{
	__attribute__((cleanup(release_ctx))) scmp_filter_ctx ctx = NULL;
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
	*out = ctx;
	ctx = NULL;
	return 0;
}

int rt_seccomp_load(void *filter, struct px_error *err)
{
	int rc = seccomp_load(filter);

	if (rc == 0)
		return 0;
	if (rc == -EACCES)
		return px_err(err, EACCES, "linux.seccomp: load the filter (needs process.noNewPrivileges, or "
		                           "CAP_SYS_ADMIN at the time of loading)");
	return px_err(err, -rc, "linux.seccomp: load the filter");
}

int rt_seccomp_notify_fd(void *filter, struct px_error *err)
{
	int fd = seccomp_notify_fd(filter);

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
	if (filter)
		seccomp_release(filter);
}
