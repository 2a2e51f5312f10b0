#include "runtime/process_setup.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "runtime/confine.h"
#include "runtime/home_env.h"
#include "runtime/lsm.h"
#include "runtime/sched.h"
#include "runtime/protocol.h"
#include "runtime/numa.h"
#include "runtime/seccomp.h"
#include "runtime/stdio_owner.h"

#include "util/cleanup.h"
#include "util/fs.h"
#include "util/log.h"
#include "util/proc.h"

static const char *rlimit_name(int resource)
{
	static const char *const names[] = {
		[RLIMIT_CPU] = "RLIMIT_CPU",       [RLIMIT_FSIZE] = "RLIMIT_FSIZE",
		[RLIMIT_DATA] = "RLIMIT_DATA",     [RLIMIT_STACK] = "RLIMIT_STACK",
		[RLIMIT_CORE] = "RLIMIT_CORE",     [RLIMIT_RSS] = "RLIMIT_RSS",
		[RLIMIT_NPROC] = "RLIMIT_NPROC",   [RLIMIT_NOFILE] = "RLIMIT_NOFILE",
		[RLIMIT_MEMLOCK] = "RLIMIT_MEMLOCK", [RLIMIT_AS] = "RLIMIT_AS",
		[RLIMIT_LOCKS] = "RLIMIT_LOCKS",   [RLIMIT_SIGPENDING] = "RLIMIT_SIGPENDING",
		[RLIMIT_MSGQUEUE] = "RLIMIT_MSGQUEUE", [RLIMIT_NICE] = "RLIMIT_NICE",
		[RLIMIT_RTPRIO] = "RLIMIT_RTPRIO", [RLIMIT_RTTIME] = "RLIMIT_RTTIME",
	};
	if (resource >= 0 && (size_t)resource < sizeof names / sizeof names[0] && names[resource])
		return names[resource];
	return "RLIMIT_?";
}

int rt_apply_rlimits(const struct spec_process *p, struct px_error *err)
{
	for (size_t i = 0; i < p->n_rlimits; i++) {
		const struct spec_rlimit *r = &p->rlimits[i];
		struct rlimit cur, want = { .rlim_cur = r->soft, .rlim_max = r->hard };

		if (setrlimit(r->resource, &want) == 0)
			continue;
		if (errno == EPERM && getrlimit(r->resource, &cur) == 0 && r->hard > cur.rlim_max)
			return px_err(err, EPERM,
			              "process.rlimits[%zu]: %s: cannot raise the hard limit from %llu to %llu "
			              "(needs CAP_SYS_RESOURCE, which this runtime lacks)",
			              i, rlimit_name(r->resource), (unsigned long long)cur.rlim_max,
			              (unsigned long long)r->hard);
		return px_err(err, errno, "process.rlimits[%zu]: %s: setrlimit soft %llu hard %llu", i,
		              rlimit_name(r->resource), (unsigned long long)r->soft, (unsigned long long)r->hard);
	}
	return 0;
}

static int drop_bounding(uint64_t keep, struct px_error *err)
{
	int last = (int)cap_max_bits();

	for (int cap = 0; cap < last && cap < 64; cap++) {
		if (keep & (1ULL << cap))
			continue;
		if (cap_drop_bound((cap_value_t)cap) < 0 && errno != EINVAL)
			return px_err(err, errno, "process.capabilities.bounding: drop %s",
			              cap_to_name((cap_value_t)cap));
	}
	return 0;
}

static void set_flag_from_mask(cap_t caps, cap_flag_t flag, uint64_t mask)
{
	int last = (int)cap_max_bits();
	for (int cap = 0; cap < last && cap < 64; cap++) {
		cap_value_t v = (cap_value_t)cap;
		if (mask & (1ULL << cap))
			cap_set_flag(caps, flag, 1, &v, CAP_SET);
	}
}

static int set_caps(const struct spec_capabilities *c, struct px_error *err)
{
	cap_t caps = cap_init();
	int last = (int)cap_max_bits();
	char skipped[512] = "";

	if (!caps)
		return px_err(err, errno, "cap_init");
	set_flag_from_mask(caps, CAP_EFFECTIVE, c->effective);
	set_flag_from_mask(caps, CAP_PERMITTED, c->permitted);
	set_flag_from_mask(caps, CAP_INHERITABLE, c->inheritable);
	if (cap_set_proc(caps) < 0) {
		int e = errno;
		cap_free(caps);
		return px_err(err, e, "process.capabilities: set effective/permitted/inheritable "
		                      "(effective must be a subset of permitted)");
	}
	cap_free(caps);
	if (cap_reset_ambient() < 0 && errno != EINVAL)
		return px_err(err, errno, "process.capabilities.ambient: reset");
	for (int cap = 0; cap < last && cap < 64; cap++) {
		if (!(c->ambient & (1ULL << cap)))
			continue;
		/* The kernel only raises ambient capabilities that are also permitted
		 * and inheritable. runc's own default spec lists ambient caps without
		 * inheritable ones, and runc and crun skip them; do the same, but say
		 * so (once, below, at debug level: runc is silent and a warning would
		 * land in the container's stderr stream, which engines record as its output). */
		if (!(c->inheritable & (1ULL << cap)) || !(c->permitted & (1ULL << cap))) {
			size_t used = strlen(skipped);
			snprintf(skipped + used, sizeof skipped - used, "%s%s", used ? " " : "",
			         cap_to_name((cap_value_t)cap));
			continue;
		}
		if (cap_set_ambient((cap_value_t)cap, CAP_SET) < 0)
			return px_err(err, errno, "process.capabilities.ambient: raise %s",
			              cap_to_name((cap_value_t)cap));
	}
	if (skipped[0])
		px_debug("process.capabilities.ambient: not raised (not both permitted and inheritable): %s",
		        skipped);
	return 0;
}

/* Does our user namespace deny setgroups (/proc/self/setgroups says "deny")?
 * Where /proc/self names no process (the init of a pid namespace joined by path
 * sets its user up before it is born there, and /proc is that namespace's:
 * runtime/pidns_hop.h), the kernel's other reasons for EPERM are ruled out
 * instead: we hold CAP_SETGID here, and the gid map was written before GO. */
static bool setgroups_denied(void)
{
	char buf[16] = "";
	int fd = open("/proc/self/setgroups", O_RDONLY | O_CLOEXEC);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof buf - 1);

	if (fd < 0)
		return errno == ENOENT && px_cap_effective(CAP_SETGID);
	close(fd);
	return n > 0 && !strncmp(buf, "deny", 4);
}

int rt_apply_user_and_caps(const struct spec_process *p, struct px_error *err)
{
	gid_t *gids = NULL;

	/* Bounding first: dropping from it needs CAP_SETPCAP, which we may be about to lose.
	 * A config without process.capabilities has empty sets (all zero), as with runc
	 * and crun: never the runtime's own, which would hand the container
	 * CAP_DAC_READ_SEARCH, CAP_SYS_ADMIN and the rest. */
	if (drop_bounding(p->capabilities.bounding, err) < 0)
		return -1;
	/* Keep permitted capabilities across setuid(non-zero); the exact sets are then
	 * installed by set_caps(). */
	if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0)
		return px_err(err, errno, "prctl(PR_SET_KEEPCAPS)");
	if (p->n_additional_gids) {
		gids = px_xcalloc(p->n_additional_gids, sizeof *gids);
		for (size_t i = 0; i < p->n_additional_gids; i++)
			gids[i] = p->additional_gids[i];
	}
	if (setgroups(p->n_additional_gids, gids) < 0) {
		int e = errno;
		free(gids);
		if (e == EPERM && setgroups_denied()) {
			/* A rootless single gid mapping (ns/idmap.c): the kernel keeps the
			 * groups we came with, which it shows unmapped; runc does the same. */
			if (!p->n_additional_gids)
				goto groups_done;
			return px_err(err, 0, "process.user.additionalGids: setgroups is denied in this user "
			                      "namespace (a single gid mapping written without newgidmap): map "
			                      "a range from /etc/subgid to use them");
		}
		/* EPERM here in a user namespace means setgroups is denied there. */
		return px_err(err, e, "process.user.additionalGids: setgroups");
	}
	free(gids);
groups_done:
	if (setresgid(p->gid, p->gid, p->gid) < 0)
		return px_err(err, errno, "process.user.gid: setresgid %u (is it mapped in the user namespace?)", p->gid);
	if (setresuid(p->uid, p->uid, p->uid) < 0)
		return px_err(err, errno, "process.user.uid: setresuid %u (is it mapped in the user namespace?)", p->uid);
	if (prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0) < 0)
		return px_err(err, errno, "prctl(PR_SET_KEEPCAPS)");
	if (set_caps(&p->capabilities, err) < 0)
		return -1;
	return 0;
}

int rt_apply_no_new_privs(const struct spec_process *p, struct px_error *err)
{
	if (p->no_new_privileges && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return px_err(err, errno, "process.noNewPrivileges: prctl(PR_SET_NO_NEW_PRIVS)");
	return 0;
}

/* 0 when path is an executable regular file, else the errno execve would give.
 * Checked with our effective credentials and capabilities (AT_EACCESS), as
 * execve checks them: access(2) would use the real uid without capabilities
 * and refuse a root-only executable to a user holding CAP_DAC_OVERRIDE, which
 * the kernel (and runc) would run. */
static int executable_error(const char *path)
{
	struct stat st;
	int e = rt_resolve_in_container(path);

	if (e)
		return e;
	if (stat(path, &st) < 0)
		return errno;
	if (!S_ISREG(st.st_mode))
		return EACCES;
	return faccessat(AT_FDCWD, path, X_OK, AT_EACCESS) == 0 ? 0 : errno;
}

int rt_lookup_executable(const struct spec_process *p, char **path, struct px_error *err)
{
	const char *name = p->args[0];
	const char *search = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

	if (strchr(name, '/')) {
		int e = executable_error(name);
		char reason[128];

		if (!e) {
			*path = px_xstrdup(name);
			return 0;
		}
		/* runc's (Go's exec.LookPath) wording, which Docker reads to exit 127 for
		 * "no such file or directory" and 126 for "permission denied" */
		snprintf(reason, sizeof reason, "%s", strerror(e));
		reason[0] = (char)tolower((unsigned char)reason[0]);
		if (e == EACCES)
			return px_err_plain(err, e, "process.args[0]: exec: \"%s\": %s", name, reason);
		return px_err_plain(err, e, "process.args[0]: exec: \"%s\": stat %s: %s", name, name, reason);
	}
	for (size_t i = 0; i < p->n_env; i++)
		if (!strncmp(p->env[i], "PATH=", 5))
			search = p->env[i] + 5;
	for (const char *dir = search;;) {
		const char *colon = strchr(dir, ':');
		size_t len = colon ? (size_t)(colon - dir) : strlen(dir);
		_cleanup_free_ char *cand = px_asprintf("%.*s/%s", (int)len, len ? dir : ".", name);
		if (executable_error(cand) == 0) {
			*path = px_steal_ptr(&cand);
			return 0;
		}
		if (!colon)
			break;
		dir = colon + 1;
	}
	return px_err_plain(err, ENOENT, "process.args[0]: exec: \"%s\": executable file not found in $PATH", name);
}

static void free_filter(void **f)
{
	rt_seccomp_free(*f);
}

static int load_seccomp(const struct rt_process_target *t, void *filter, struct px_error *err)
{
	int fd;

	if (rt_seccomp_load(filter, err) < 0)
		return -1;
	if (!t->seccomp->uses_notify)
		return 0;
	if (!t->notify_sock)
		return px_err(err, ENOTSUP, "linux.seccomp: SCMP_ACT_NOTIFY: this caller cannot pass the listener on");
	fd = rt_seccomp_notify_fd(filter, err);
	/* now, before any other syscall: a notified one would wait for ever on an
	 * agent that has no listener yet */
	if (fd < 0 || rt_msg_send_fd(*t->notify_sock, RT_MSG_SECCOMP_FD, fd, err) < 0)
		return -1;
	return 0;
}

int rt_apply_process(const struct rt_process_target *t, char **exe, struct px_error *err)
{
	const struct spec_process *p = t->process;
	__attribute__((cleanup(free_filter))) void *filter = NULL;

	*exe = NULL;
	/* Read while still root and before a seccomp profile is loaded: both could
	 * deny what these need (the image's /etc/passwd, fchown). */
	*t->env = rt_env_with_home(p);
	if (rt_chown_stdio(p->uid, err) < 0)
		return -1;
	if (t->seccomp && rt_seccomp_build(t->seccomp, &filter, err) < 0)
		return -1;
	if ((t->proc_fd >= 0 && rt_apply_oom_score_adj(p, t->proc_fd, err) < 0) || rt_apply_rlimits(p, err) < 0 ||
	    rt_apply_scheduler(&p->scheduler, err) < 0 || rt_apply_io_priority(&p->io_priority, err) < 0 ||
	    rt_apply_personality(t->personality, err) < 0 || rt_apply_memory_policy(t->memory_policy, err) < 0)
		return -1;
	umask(p->has_umask ? (mode_t)p->umask : 022);
	if (t->proc_fd >= 0 && rt_apply_lsm_exec(p, t->proc_fd, err) < 0)
		return -1;
	/* Nothing of the runtime's stays open from here on, and the cwd is entered
	 * while we may still enter any directory (runc's order), before a seccomp
	 * profile could deny what this needs (runtime/confine.h). */
	if (rt_close_runtime_fds(t->preserve_fds, t->keep_fds, t->n_keep, err) < 0 ||
	    rt_enter_cwd(p->cwd, !t->exec, err) < 0)
		return -1;
	if (filter && !p->no_new_privileges && load_seccomp(t, filter, err) < 0)
		return -1;
	if (rt_apply_user_and_caps(p, err) < 0)
		return -1;
	if (t->after_caps && t->after_caps(t->after_user_arg, err) < 0)
		return -1;
	if (t->after_user && t->after_user(t->after_user_arg, err) < 0)
		return -1;
	if (rt_lookup_executable(p, exe, err) < 0 || rt_apply_no_new_privs(p, err) < 0)
		return -1;
	if (filter && p->no_new_privileges && load_seccomp(t, filter, err) < 0)
		return -1;
	return 0;
}
