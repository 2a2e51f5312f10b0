/* runtime/process_setup.h — the container process's own attributes, applied by
 * the process that will exec the workload (the container's init, or exec's
 * child) through rt_apply_process(), in the order shared/DESIGN.md gives: ...
 * rlimits, scheduler, ioprio → user, groups, capabilities → no_new_privileges →
 * seccomp last. The pieces live in sched.c, lsm.c and seccomp.c; the terminal
 * (terminal.h) comes before all of them. Each refuses clearly what the kernel
 * refuses, naming the config field. */
#ifndef PX_RUNTIME_PROCESS_SETUP_H
#define PX_RUNTIME_PROCESS_SETUP_H

#include "spec/config.h"
#include "util/error.h"

/* Everything config.json says about a process, for the container's init and for
 * `exec` alike. */
struct rt_process_target {
	const struct spec_process *process;
	const struct spec_seccomp *seccomp;         /* the container's linux.seccomp, NULL: none */
	const struct spec_personality *personality; /* linux.personality, NULL: leave as is */
	const struct spec_memory_policy *memory_policy; /* linux.memoryPolicy, NULL: leave as is */
	int proc_fd; /* dir fd of a procfs where "self" is the caller, for oomScoreAdj and the LSM
	                labels; -1: the caller applied those itself (exec's parent, before its clone) */
	/* Before the cwd is entered every fd is closed (runtime/confine.h) but stdio,
	 * 3..3+preserve_fds-1 and keep: proc_fd too. */
	int preserve_fds;
	bool exec; /* an exec'd process: a missing cwd is an error, not created (runtime/confine.h) */
	const int *keep_fds;
	size_t n_keep;
	const int *notify_sock; /* where the SCMP_ACT_NOTIFY listener goes, as RT_MSG_SECCOMP_FD,
	                           the instant the filter is loaded (runtime/seccomp.h). NULL: a
	                           profile with SCMP_ACT_NOTIFY is an error */
	/* Optional: called right after the user and capabilities change, before the
	 * seccomp filter (with noNewPrivileges): for what must follow a credential
	 * change (which clears PR_SET_PDEATHSIG) yet not be subject to the profile. */
	int (*after_user)(void *arg, struct px_error *err);
	void *after_user_arg;
	/* Optional: called right after the user and capabilities change, before
	 * after_user (the pid namespace hop clones the init there, with the
	 * container's credentials: runtime/pidns_hop.h). Its arg is after_user_arg. */
	int (*after_caps)(void *arg, struct px_error *err);
	/* out: the environment to exec with, process.env with HOME added when it has
	 * none (runtime/home_env.h), read before anything can deny reading the image */
	char ***env;
};

/* Apply t to the calling process, which must already be in the container's
 * namespaces and root (pivot_root done, terminal set up), with the runtime's
 * capabilities. In this order: seccomp profile built (all its errors first),
 * oomScoreAdj, rlimits, scheduler, ioPriority, personality, umask (0022 when
 * unset, as runc), the AppArmor/SELinux label for the exec (rt_lsm_check()
 * first, in the parent), the memory policy (runtime/numa.h), every runtime fd closed and the cwd entered (still
 * privileged, as runc: runtime/confine.h), then user, groups, capabilities, the
 * executable looked up (*exe, malloc'd), noNewPrivileges, and seccomp loaded last. Without
 * noNewPrivileges the kernel lets only a CAP_SYS_ADMIN holder load a filter, so
 * then it is loaded just before the user and capabilities change (as runc does),
 * and the profile must allow setgroups, setresuid, capset and execve.
 * On error nothing is undone: the caller is a process that will exit. */
int rt_apply_process(const struct rt_process_target *t, char **exe, struct px_error *err);

int rt_apply_rlimits(const struct spec_process *p, struct px_error *err);
/* setgroups, setresgid, setresuid and the five capability sets (libcap), keeping
 * capabilities across the uid change so the configured sets are exact. */
int rt_apply_user_and_caps(const struct spec_process *p, struct px_error *err);
int rt_apply_no_new_privs(const struct spec_process *p, struct px_error *err);
/* Resolve args[0] against the container's PATH (from process.env) as execvp would,
 * so a missing binary fails `create`, not silently after `start`. */
int rt_lookup_executable(const struct spec_process *p, char **path, struct px_error *err);

#endif
